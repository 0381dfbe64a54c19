import { defineConfig, loadEnv } from "@medusajs/framework/utils";

// Test-only app config: the plugin's module and provider loaded from source, as a host app would load them
// from the built package (see the README for a host's medusa-config).
loadEnv(process.env.NODE_ENV || "test", process.cwd());

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET || "test-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "test-cookie-secret",
    },
  },
  modules: [
    {
      resolve: "./src/modules/mixpay",
      options: {
        statusMaxAgeMs: 2000,
        callbackGraceMs: 10_000,
        interactiveTimeoutMs: 5000,
        reconcileRecheckMs: 0,
        // Short, so the test of a slow callback acknowledging in time does not wait MixPay's full 15 s.
        callbackReplyMs: 4000,
        // The test server is plain http on localhost; its simulator is told to accept that (MixPay would not).
        allowHttpCallbackHosts: ["localhost", "127.0.0.1"],
        // Each test file's simulator listens on 127.0.0.1 at a port of its own.
        allowApiHosts: ["127.0.0.1"],
      },
    },
    // Locks in PostgreSQL, as a shop with more than one process has them (the in-memory default hides races that
    // only a shared provider shows).
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
        webhook_delay: 50,
        providers: [{ resolve: "./src/providers/mixpay", id: "mixpay" }],
      },
    },
  ],
});
