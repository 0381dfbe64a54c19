import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

// The production topology (scripts/sandbox.mjs --topology production): several server processes and a worker on
// one database, sharing Redis for the event bus, the workflow engine, the caches, the locks and admin sessions.
// The default single-process sandbox sets neither variable and runs exactly as before.
const production = process.env.SANDBOX_TOPOLOGY === "production";
const redisUrl = production ? process.env.REDIS_URL : undefined;
if (production && !redisUrl) throw new Error("SANDBOX_TOPOLOGY=production needs REDIS_URL");
const workerMode = workerModeOf(process.env.MEDUSA_WORKER_MODE);

// The sandbox's start script (scripts/sandbox.mjs) sets DATABASE_URL (embedded PostgreSQL unless you gave one)
// and the ports. The plugin is registered exactly as its README tells a host app to.
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // "server" answers HTTP and runs no jobs or subscribers; "worker" runs them and serves only /health;
    // "shared" (Medusa's default) does both.
    ...(workerMode ? { workerMode } : {}),
    // Admin sessions in Redis, so a login on one server is valid on the others behind the balancer.
    ...(redisUrl ? { redisUrl } : {}),
    http: {
      // Medusa matches each origin exactly or as a /regex/ ("*" matches nothing). The sandbox lets a storefront on
      // any port of this machine call its store API (the example storefront, a Next.js starter on :8000); a real
      // shop lists its storefront's https origin in STORE_CORS.
      storeCors: process.env.STORE_CORS || "/^http:\\/\\/(localhost|127\\.0\\.0\\.1)(:[0-9]+)?$/",
      adminCors: process.env.ADMIN_CORS || "*",
      authCors: process.env.AUTH_CORS || "*",
      jwtSecret: process.env.JWT_SECRET || "sandbox-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "sandbox-cookie-secret",
    },
    // `npm start` runs Medusa in production mode, where the admin's session cookie is Secure, and a browser drops a
    // Secure cookie on plain http: the admin login would fail without a word. The sandbox serves plain http on
    // localhost (scripts/sandbox.mjs sets SANDBOX_PLAIN_HTTP=1), so it alone sends the cookie without Secure (still
    // SameSite=Lax, Medusa's CSRF guard). A real deployment is served over https and keeps Medusa's default.
    ...(process.env.SANDBOX_PLAIN_HTTP === "1" ? { cookieOptions: { secure: false, sameSite: "lax" as const } } : {}),
  },
  admin: {
    disable: process.env.SANDBOX_ADMIN === "off" || workerMode === "worker",
  },
  // The simulator as the default MixPay API and checkout (scripts/sandbox.mjs sets these): settings saved without
  // an API base, like the setup wizard's, then talk to the simulator, as a real shop's talk to MixPay.
  plugins: [
    {
      resolve: "@mixpay-pos/medusa-plugin",
      options: {
        ...(process.env.MIXPAY_API_BASE_URL ? { apiBaseUrl: process.env.MIXPAY_API_BASE_URL } : {}),
        ...(process.env.MIXPAY_CHECKOUT_BASE_URL ? { checkoutBaseUrl: process.env.MIXPAY_CHECKOUT_BASE_URL } : {}),
        // The sandbox serves plain http on localhost and its simulator is started to accept http callbacks.
        // MixPay itself calls back over HTTPS only: a real shop leaves this out and uses an https public URL.
        allowHttpCallbackHosts: ["localhost", "127.0.0.1"],
        // The simulator is the sandbox's MixPay: its host may be saved as the API and checkout base in Settings → MixPay.
        allowApiHosts: hostsOf(process.env.MIXPAY_API_BASE_URL, process.env.MIXPAY_CHECKOUT_BASE_URL),
        // MIXPAY_CALLBACK_SOURCE_IPS=ip[,ip]: take callbacks only from these addresses (MixPay's is 52.198.117.57).
        ...(process.env.MIXPAY_CALLBACK_SOURCE_IPS
          ? { callbackSourceIps: process.env.MIXPAY_CALLBACK_SOURCE_IPS.split(",").map((ip) => ip.trim()) }
          : {}),
        // MIXPAY_TRUSTED_PROXY_HOPS=N: N proxies in front append to x-forwarded-for (the production topology's
        // balancer is one), so the allowlist is checked against the address the outermost proxy saw.
        ...(process.env.MIXPAY_TRUSTED_PROXY_HOPS
          ? { trustedProxyHops: Number(process.env.MIXPAY_TRUSTED_PROXY_HOPS) }
          : {}),
      },
    },
  ],
  modules: [
    ...(redisUrl
      ? redisModules(redisUrl)
      : [
          // Locks in PostgreSQL instead of in memory, so several Medusa processes on one database (the fault suite
          // runs two) share cart locks. The production topology uses Redis (`@medusajs/medusa/locking-redis`).
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }],
            },
          },
        ]),
    {
      resolve: "@medusajs/medusa/payment",
      dependencies: ["mixpay"],
      options: {
        providers: [{ resolve: "@mixpay-pos/medusa-plugin/providers/mixpay", id: "mixpay" }],
      },
    },
  ],
});

/** The host:port of each URL that is set (the sandbox's simulator). */
function hostsOf(...urls: (string | undefined)[]): string[] {
  return urls.filter((u): u is string => Boolean(u)).map((u) => new URL(u).host.toLowerCase());
}

function workerModeOf(value: string | undefined): "shared" | "worker" | "server" | undefined {
  if (!value) return undefined;
  if (value === "shared" || value === "worker" || value === "server") return value;
  throw new Error(`MEDUSA_WORKER_MODE must be shared, worker or server, got ${value}`);
}

/**
 * Medusa's infrastructure modules on Redis, as Medusa's own deployment guide sets them: events and workflows go
 * through Redis queues (so a server's events reach the worker's subscribers, and scheduled jobs run once, on the
 * worker), caches and locks are shared by every process.
 */
function redisModules(url: string) {
  return [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: url } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: url } } },
    // The Cache module (still what Medusa 2.21 loads by default) and its successor, the Caching module (used by
    // Medusa's core only behind the MEDUSA_FF_CACHING feature flag), both on Redis.
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl: url } },
    {
      resolve: "@medusajs/medusa/caching",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/caching-redis",
            id: "caching-redis",
            is_default: true,
            options: { redisUrl: url },
          },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/locking-redis",
            id: "locking-redis",
            is_default: true,
            options: { redisUrl: url },
          },
        ],
      },
    },
  ];
}
