import { RATE_LIMIT_PER_MINUTE } from "@mixpay-pos/protocol";
import { z } from "zod";
import type { FiatQuoteAsset, PayeeEntry, SimAsset } from "./assets.js";

/**
 * What the reference leaves unknown ([U]/[I]) becomes a Behaviour: one documented default, the other answers a
 * switch away. Every field is listed with its default and reason in README.md.
 */
export interface Behaviour {
  /** payments_result for a traceId/orderId that was never created: error envelope code 404, or a blank "unpaid" result. */
  unknownTrace: "error" | "unpaid";
  /** A second one_time_payment for the same payee+orderId (or traceId): return the existing code when the terms match, or always answer 1017. */
  duplicateOrderId: "return-existing" | "error";
  /** HTTP status of error envelopes: mirror the code (400/404/429/500/503) or always 200. */
  errorHttpStatus: "mirror" | "always-200";
  /** payments_result `date` while nothing was paid: "" , null or 0. */
  dateWhileUnpaid: "empty" | "null" | "zero";
  /** Whether payments_result carries the merchant's `orderId` (not in the documented field list). */
  orderIdInResult: boolean;
  /** Accept http:// callbackUrl values (MixPay documents https only). */
  allowHttpCallbacks: boolean;
  /** Multiplies MixPay's callback retry delays (0/15/15/30/180/1800… s). 1 = real time. */
  callbackTimeScale: number;
  /** Requests per sliding minute per client on /v1; false disables the limit (and its headers). */
  rateLimitPerMinute: number | false;
  /** Settle right after success (settleStatus "success", settle* filled, `settle` event). false: settle by control action. */
  autoSettle: boolean;
}

export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = Object.freeze({
  unknownTrace: "error",
  duplicateOrderId: "return-existing",
  errorHttpStatus: "mirror",
  dateWhileUnpaid: "empty",
  orderIdInResult: false,
  allowHttpCallbacks: true,
  callbackTimeScale: 0.01,
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
  /** fetch used for callbacks (default: globalThis.fetch at call time, so msw interception applies). */
  fetch?: typeof fetch;
  /** Per-attempt timeout of a callback POST, real ms (default 10000). */
  callbackTimeoutMs?: number;
  /**
   * How often (real ms) payments past their expiredTimestamp are failed with code 40000 and their `fail` callback
   * sent, even when nobody asks (MixPay expires payments on its own). Default 1000; 0 turns the sweep off (expiry
   * is then applied on the next request or advanceClock).
   */
  expirySweepMs?: number;
  /** When set, callbacks carry `x-forwarded-for: <value>` (e.g. MixPay's documented 52.198.117.57) for allowlist tests. */
  callbackForwardedFor?: string;
}

/** Body of POST /_control/behaviour. */
export const behaviourPatchSchema = z.strictObject({
  unknownTrace: z.enum(["error", "unpaid"]).optional(),
  duplicateOrderId: z.enum(["return-existing", "error"]).optional(),
  errorHttpStatus: z.enum(["mirror", "always-200"]).optional(),
  dateWhileUnpaid: z.enum(["empty", "null", "zero"]).optional(),
  orderIdInResult: z.boolean().optional(),
  allowHttpCallbacks: z.boolean().optional(),
  callbackTimeScale: z.number().min(0).max(100).optional(),
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
