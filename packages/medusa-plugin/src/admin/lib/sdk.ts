import Medusa from "@medusajs/js-sdk";

/** The admin's own JS SDK instance (session auth, the dashboard's backend URL), as Medusa's docs set it up. */
export const sdk = new Medusa({
  baseUrl: __BACKEND_URL__ || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
});
