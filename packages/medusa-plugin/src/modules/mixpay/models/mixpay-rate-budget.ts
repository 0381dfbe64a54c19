import { model } from "@medusajs/framework/utils";

/**
 * MixPay's 60-requests-a-minute budget, shared by every server process through PostgreSQL
 * (see lib/postgres-rate-limit-store.ts, which reads and writes it with raw SQL). One row per budget key.
 * Medusa finds it in models/ for the table's migrations; it is not given to MedusaService, so the module
 * service has no generated CRUD for it.
 */
export const MixpayRateBudget = model.define("mixpay_rate_budget", {
  id: model.text().primaryKey(),
  /** { log: number[] (request times, ms), blockedUntil: number (ms) } */
  state: model.json(),
});
