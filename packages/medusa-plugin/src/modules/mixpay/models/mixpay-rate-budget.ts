import { model } from "@medusajs/framework/utils";

/**
 * MixPay's 60-requests-a-minute budget, shared by every server process through PostgreSQL
 * (see lib/postgres-rate-limit-store.ts). One row per budget key.
 */
export const MixpayRateBudget = model.define("mixpay_rate_budget", {
  id: model.text().primaryKey(),
  /** { log: number[] (request times, ms), blocked_until: number (ms) } */
  state: model.json(),
});
