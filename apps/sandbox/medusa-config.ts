import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

// The sandbox's start script (scripts/sandbox.mjs) sets DATABASE_URL (embedded PostgreSQL unless you gave one)
// and the ports. The plugin is registered exactly as its README tells a host app to.
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "*",
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
    disable: process.env.SANDBOX_ADMIN === "off",
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
      },
    },
  ],
  modules: [
    // Locks in PostgreSQL instead of in memory, so several Medusa processes on one database (the fault suite runs
    // two) share cart locks. Redis (`@medusajs/medusa/locking-redis`) does the same in production.
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }],
      },
    },
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
