import { z } from "@medusajs/framework/zod";

/**
 * Options of the plugin (`plugins: [{ resolve: "@mixpay-pos/medusa-plugin", options }]` in medusa-config),
 * which Medusa hands to the mixpay module. All optional: the merchant's settings live in the database.
 */
export const mixpayModuleOptionsSchema = z.object({
  /** Default MixPay API base when the settings leave it empty (e.g. the simulator in a sandbox). */
  apiBaseUrl: z.url().optional(),
  /** Default checkout pages base when the settings leave it empty. */
  checkoutBaseUrl: z.url().optional(),
  /** Timeout of one MixPay HTTP attempt, ms. */
  requestTimeoutMs: z.number().int().positive().default(10_000),
  /** Overall deadline of a call a customer waits for (create payment, asset lists), rate-limit waits included. */
  interactiveTimeoutMs: z.number().int().positive().default(20_000),
  /** Overall deadline of a status check (callback, job, screens). */
  backgroundTimeoutMs: z.number().int().positive().default(30_000),
  /** MixPay's budget (60 a minute for everything from one IP), or false to disable the limiter. */
  rateLimit: z.union([z.literal(false), z.object({ perMinute: z.number().int().positive().max(60) })]).optional(),
  /**
   * Reconciliation: re-check one open payment at most once per this many ms, so a shop with many open payments
   * and a frequent job still leaves MixPay's budget to checkouts and callbacks.
   */
  reconcileRecheckMs: z.number().int().min(0).default(30_000),
  /** POS screens: ask MixPay about one trace at most once per this many ms. */
  statusMaxAgeMs: z.number().int().positive().default(3_000),
  /**
   * While callbacks are configured (a callback base URL is set), POS screens leave a payment to MixPay's
   * callback and ask MixPay themselves only after this many ms without news of it (a lost callback).
   */
  callbackGraceMs: z.number().int().positive().default(20_000),
  /**
   * MixPay calls back over HTTPS only and refuses an http callback URL. Hosts listed here may still use http
   * (a sandbox whose MixPay simulator is told to allow it); every other public base URL must be https.
   */
  allowHttpCallbackHosts: z.array(z.string().trim().toLowerCase().min(1)).default([]),
  /**
   * MixPay gives up on a callback reply after 20 s. When completing the sale takes longer than this, the callback
   * is acknowledged and the work goes on; the next callback or the reconciliation job finishes it if it cannot.
   */
  callbackReplyMs: z.number().int().positive().max(19_000).default(15_000),
});

export type MixpayModuleOptions = z.output<typeof mixpayModuleOptionsSchema>;
