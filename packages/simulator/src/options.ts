import { EXPIRY_MAX_SECONDS_AHEAD, RATE_LIMIT_PER_MINUTE } from "@mixpay-pos/protocol";
import { z } from "zod";
import type { FiatQuoteAsset, PayeeEntry, SimAsset } from "./assets.js";

/**
 * What the reference leaves unknown ([U]/[I]) becomes a Behaviour: one documented default, the other answers a
 * switch away. Every field is listed with its default and reason in README.md.
 */
export const LIFECYCLES = ["current", "legacy"] as const;
/**
 * Which of MixPay's payment lifecycles new payments follow: "current" is MixPay's 2026-08-13 release (seven
 * statuses, deadlines, 9 callback attempts, the new API codes), "legacy" the one before it (five statuses, an
 * underpayment is `pending`, 10 callback attempts, code 404 for an unknown trace).
 */
export type Lifecycle = (typeof LIFECYCLES)[number];

export const ENVIRONMENTS = ["production", "non-production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface Behaviour {
  /** The lifecycle a payment follows, fixed when it is created (MixPay's release applies to payments created after it). */
  lifecycle: Lifecycle;
  /** payments_result for a traceId/orderId that was never created: an error envelope (10062, or 404 in the legacy lifecycle), or a blank "unpaid" result. */
  unknownTrace: "error" | "unpaid";
  /** A second one_time_payment for the same payee+orderId (or traceId): return the existing code when the terms match, or always answer 1017. */
  duplicateOrderId: "return-existing" | "error";
  /** HTTP status of error envelopes: mirror the code (400/404/429/500/503) or always 200. */
  errorHttpStatus: "mirror" | "always-200";
  /** payments_result `date` while nothing was paid: "" , null or 0. */
  dateWhileUnpaid: "empty" | "null" | "zero";
  /** Whether payments_result carries the merchant's `orderId` (not in the documented field list). */
  orderIdInResult: boolean;
  /** Accept http:// callbackUrl values, which MixPay itself refuses (10061): only for local test receivers. */
  allowHttpCallbacksUnlikeMixpay: boolean;
  /** "non-production" adds `callbackEvent` (the event name) to the callback body; production bodies never carry it. */
  environment: Environment;
  /** Multiplies MixPay's callback retry delays (0/15/15/30/180/1800… s). 1 = real time. */
  callbackTimeScale: number;
  /** While a payment is confirming, one more confirmation per this many simulated ms since its transaction was broadcast. */
  confirmationIntervalMs: number;
  /** MixPay's hidden confirmation deadline: a fully paid payment still confirming this long after expiredAt fails with 40000. */
  confirmationDeadlineSeconds: number;
  /** The payment deadline (expiredAt) of a payment created without expiredTimestamp, in seconds after its creation. */
  defaultDeadlineSeconds: number;
  /**
   * MixPay's own limit on the payment window, in seconds after creation (e.g. 3600 for proxy methods such as BTC
   * Lightning): a merchant's expiredTimestamp can shorten the deadline, never extend it past this.
   */
  maxPaymentWindowSeconds: number;
  /** Requests per sliding minute per client on /v1; false disables the limit (and its headers). */
  rateLimitPerMinute: number | false;
  /** Settle right after success (settleStatus "success", settle* filled, `settle` event). false: settle by control action. */
  autoSettle: boolean;
}

export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = Object.freeze({
  lifecycle: "current",
  unknownTrace: "error",
  duplicateOrderId: "return-existing",
  errorHttpStatus: "mirror",
  dateWhileUnpaid: "empty",
  orderIdInResult: false,
  allowHttpCallbacksUnlikeMixpay: false,
  environment: "production",
  callbackTimeScale: 0.01,
  confirmationIntervalMs: 5000,
  confirmationDeadlineSeconds: 1800,
  defaultDeadlineSeconds: EXPIRY_MAX_SECONDS_AHEAD,
  maxPaymentWindowSeconds: EXPIRY_MAX_SECONDS_AHEAD,
  rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
  autoSettle: true,
});

export const CALLBACK_FAULTS = ["normal", "drop", "duplicate", "delay", "reorder"] as const;
export type CallbackFault = (typeof CALLBACK_FAULTS)[number];

/** Things going wrong on purpose. All off by default. */
export interface Faults {
  /** The /v1 API is unreachable: the node server destroys the socket, msw answers a network error. */
  down: boolean;
  /** Every /v1 call answers 1429. */
  rateLimited: boolean;
  /** Extra wait before every /v1 answer, in real milliseconds. */
  latencyMs: number;
  /** Every /v1 call answers this envelope error code (e.g. -1 server error, 10008 maintenance); null = off. */
  errorCode: number | null;
  /** Callback delivery: normal, drop (never sent), duplicate (each event delivered twice), delay, reorder. */
  callbacks: CallbackFault;
  /** Real milliseconds to wait before the first attempt when callbacks = "delay". */
  callbackDelayMs: number;
}

export const DEFAULT_FAULTS: Readonly<Faults> = Object.freeze({
  down: false,
  rateLimited: false,
  latencyMs: 0,
  errorCode: null,
  callbacks: "normal",
  callbackDelayMs: 1000,
});

export interface SimulatorOptions {
  /** Where /pay and /code live; the server and msw adapters set it unless given here. */
  checkoutBaseUrl?: string;
  behaviour?: Partial<Behaviour>;
  faults?: Partial<Faults>;
  /** Shorthand for behaviour.rateLimitPerMinute. */
  rateLimitPerMinute?: number | false;
  /** The payee directory (default: a demo merchant, users, a bot and a multisig group). */
  payees?: PayeeEntry[];
  /** Payment assets, in the order the checkout lists them; the first is the default payment asset. */
  paymentAssets?: SimAsset[];
  /** Settlement assets (default: most payment assets plus pUSD and mAED). */
  settlementAssets?: SimAsset[];
  /** Fiat quote assets (default usd, eur, aed): which fiats MixPay supports is unknown, so it is data. */
  fiats?: FiatQuoteAsset[];
  /** Asset ids of the crypto quote assets (default BTC, ETH, USDT, USDC, XIN). */
  cryptoQuoteAssetIds?: string[];
  /** The real clock the simulated clock runs on (default Date.now). */
  now?: () => number;
  /**
   * fetch used for callbacks (default: globalThis.fetch at call time, so msw interception applies). Not used when
   * `callbackSourceAddress` is set.
   */
  fetch?: typeof fetch;
  /** Per-attempt timeout of a callback POST, real ms (default CALLBACK_TIMEOUT_MS, MixPay's 20 s). */
  callbackTimeoutMs?: number;
  /**
   * How often (real ms) payments past their deadline are failed (40000, 40024) and their `fail` callback sent, even
   * when nobody asks (MixPay ends payments on its own). Default 1000; 0 turns the sweep off (deadlines are then
   * applied on the next request or advanceClock).
   */
  expirySweepMs?: number;
  /** When set, callbacks carry `x-forwarded-for: <value>` (e.g. MixPay's documented 52.198.117.57) for allowlist tests. */
  callbackForwardedFor?: string;
  /**
   * The local address callbacks are sent from, e.g. "127.0.0.2" (all of 127/8 is loopback on Linux), so a receiver
   * with a source allowlist can tell the simulator's callbacks from other local callers. Set, callbacks go through
   * node:http/https bound to it instead of `fetch` (the two options exclude each other). Default: the OS chooses.
   */
  callbackSourceAddress?: string;
}

/** Body of POST /_control/behaviour. */
export const behaviourPatchSchema = z.strictObject({
  lifecycle: z.enum(LIFECYCLES).optional(),
  unknownTrace: z.enum(["error", "unpaid"]).optional(),
  duplicateOrderId: z.enum(["return-existing", "error"]).optional(),
  errorHttpStatus: z.enum(["mirror", "always-200"]).optional(),
  dateWhileUnpaid: z.enum(["empty", "null", "zero"]).optional(),
  orderIdInResult: z.boolean().optional(),
  allowHttpCallbacksUnlikeMixpay: z.boolean().optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  callbackTimeScale: z.number().min(0).max(100).optional(),
  confirmationIntervalMs: z.number().int().min(1).max(86_400_000).optional(),
  confirmationDeadlineSeconds: z.number().int().min(0).max(31_536_000).optional(),
  defaultDeadlineSeconds: z.number().int().min(1).max(31_536_000).optional(),
  maxPaymentWindowSeconds: z.number().int().min(1).max(31_536_000).optional(),
  rateLimitPerMinute: z.union([z.number().int().min(1), z.literal(false)]).optional(),
  autoSettle: z.boolean().optional(),
});

/** Body of POST /_control/faults. */
export const faultsPatchSchema = z.strictObject({
  down: z.boolean().optional(),
  rateLimited: z.boolean().optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  errorCode: z.number().int().nullable().optional(),
  callbacks: z.enum(CALLBACK_FAULTS).optional(),
  callbackDelayMs: z.number().int().min(0).max(3_600_000).optional(),
});

/** Drops keys whose value is undefined so a partial patch never overwrites a setting with undefined. */
export function definedOnly<T extends object>(patch: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] !== undefined) out[key] = patch[key];
  }
  return out;
}
