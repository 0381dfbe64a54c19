import { z } from "@medusajs/framework/zod";
import { SALE_STREAM_MAX_LIFETIME_MS } from "@mixpay-pos/core";

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
  /**
   * MixPay's budget (60 a minute for everything from one IP), or false to disable the limiter. `reservedForCheckout`
   * slots of it are kept for creating payments (a customer is waiting); `reservedForCallbacks` more are kept for news
   * (the first callback since a payment changed, the admin's recheck); routine checks (screens, the job, repeated
   * callbacks) share the rest.
   */
  rateLimit: z
    .union([
      z.literal(false),
      z
        .object({
          perMinute: z.number().int().positive().max(60).default(60),
          reservedForCheckout: z.number().int().min(0).max(59).default(15),
          reservedForCallbacks: z.number().int().min(0).max(59).default(10),
        })
        .refine((r) => r.reservedForCheckout + r.reservedForCallbacks < r.perMinute, {
          message:
            "reservedForCheckout + reservedForCallbacks must leave routine checks at least one slot of perMinute",
        }),
    ])
    .default({ perMinute: 60, reservedForCheckout: 15, reservedForCallbacks: 10 }),
  /**
   * Reconciliation: re-check one open payment at most once per this many ms, so a shop with many open payments
   * and a frequent job still leaves MixPay's budget to checkouts and callbacks.
   */
  reconcileRecheckMs: z.number().int().min(0).default(30_000),
  /**
   * Reconciliation backs off on a payment that does not change: `reconcileRecheckMs` doubling per unchanged check up
   * to this, but never later than just after the payment's deadline.
   */
  reconcileMaxIntervalMs: z.number().int().positive().default(300_000),
  /**
   * Without callbacks (no public base URL MixPay would call), one trace is asked about at most once per this many ms,
   * whoever asks (screens, the storefront's complete, the job), doubling once while nothing changes.
   */
  statusMaxAgeMs: z.number().int().positive().default(3_000),
  /**
   * While callbacks are configured (a callback base URL is set), one trace is asked about at most once per this many
   * ms, whoever asks (forged callbacks, screens, the storefront's complete, the job), doubling while nothing changes
   * up to four times this. The first callback since the payment last changed is always checked at once.
   */
  callbackGraceMs: z.number().int().positive().default(15_000),
  /** How long creating a payment may wait for a slot of MixPay's budget before the till is told to try again. */
  checkoutQueueMs: z.number().int().positive().default(8_000),
  /** How long a background check (callback, screen, job) may wait for a slot before the record answers instead. */
  backgroundQueueMs: z.number().int().positive().default(10_000),
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
  /**
   * Hosts (`host` for any port, or `host:port`) that the merchant's settings may use as `api_base_url` or
   * `checkout_base_url` besides MixPay's own (a simulator). Every other host, and any loopback, private or
   * link-local address, is refused.
   */
  allowApiHosts: z.array(z.string().trim().toLowerCase().min(1)).default([]),
  /**
   * MixPay's published callback source IPs (e.g. ["52.198.117.57"]). Empty (the default): callbacks from anywhere
   * are taken, since each is only a hint that is checked with MixPay. Set: callbacks from other addresses are
   * refused with 403 and cost nothing.
   */
  callbackSourceIps: z.array(z.string().trim().min(1)).default([]),
  /**
   * How many reverse proxies in front of Medusa append to `x-forwarded-for`. 0 (the default): the header is ignored
   * and the connection's address is the caller's. 1: the last entry is (the proxy added it), and so on.
   */
  trustedProxyHops: z.number().int().min(0).max(10).default(0),
  /**
   * Sale streams (server-sent events) one client address may hold open at once on this server process, per route
   * (admin terminal, store). Over it: 429 with Retry-After, and the screen polls instead.
   */
  streamsPerClient: z.number().int().positive().max(10_000).default(20),
  /** Sale streams this server process holds open at once, all clients together. Over it: 429. */
  streamsPerProcess: z.number().int().positive().max(100_000).default(1_000),
  /** A sale stream is ended after this long whatever the sale's state (the screen reconnects or polls). */
  streamMaxLifetimeMs: z.number().int().positive().default(SALE_STREAM_MAX_LIFETIME_MS),
});

export type MixpayModuleOptions = z.output<typeof mixpayModuleOptionsSchema>;
