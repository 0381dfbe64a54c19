import { z } from "zod";
import { positiveAmountSchema } from "./decimal.js";
import { orderIdSchema, payeeIdSchema, quoteAssetIdSchema, uuidSchema } from "./ids.js";
import {
  EXPIRY_MAX_SECONDS_AHEAD,
  EXPIRY_MIN_SECONDS_AHEAD,
  REMARK_MAX_LENGTH,
  SETTLEMENT_MEMO_MAX_LENGTH,
} from "./limits.js";
import { OPT_IN_CALLBACK_EVENTS } from "./statuses.js";

/**
 * Request schemas: what may be sent to MixPay. The client validates before sending (a clear error naming
 * the field instead of a round trip), the simulator validates what it receives with the same rules.
 */

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname.length > 0;
  } catch {
    return false;
  }
}

const httpUrlSchema = z.string().trim().refine(isHttpUrl, { message: "must be an absolute http(s) URL" });

export const remarkSchema = z
  .string()
  .max(REMARK_MAX_LENGTH, { message: `must be at most ${REMARK_MAX_LENGTH} characters` });

export const settlementMemoSchema = z
  .string()
  .max(SETTLEMENT_MEMO_MAX_LENGTH, { message: `must be at most ${SETTLEMENT_MEMO_MAX_LENGTH} characters` });

/** "settle|pending" or ["settle","pending"] → "settle|pending"; only the opt-in events are allowed. */
export const callbackEventSchema = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const events = (Array.isArray(v) ? v : v.split("|")).map((e) => e.trim()).filter(Boolean);
  const allowed: readonly string[] = OPT_IN_CALLBACK_EVENTS;
  const unknown = events.filter((e) => !allowed.includes(e));
  if (unknown.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `unknown event ${unknown.map((e) => JSON.stringify(e)).join(", ")}; allowed: ${allowed.join(", ")} (success and fail are always sent)`,
    });
    return z.NEVER;
  }
  return [...new Set(events)].join("|");
});

/** Booleans as MixPay accepts them: true/false, 1/0, "1"/"0" (the string "true" is refused by its backend). */
export const mixpayBooleanSchema = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.literal("0"), z.literal("1")])
  .transform((v) => v === true || v === 1 || v === "1");

/** Checks MixPay's expiredTimestamp window: an absolute unix time in seconds, > now+10 s and < now+48 h. */
export function expiryProblem(expiredTimestamp: number, nowMs: number = Date.now()): string | null {
  if (!Number.isInteger(expiredTimestamp)) return "must be a whole number of unix seconds";
  const nowS = Math.floor(nowMs / 1000);
  if (expiredTimestamp <= nowS + EXPIRY_MIN_SECONDS_AHEAD) {
    return `must be an absolute unix time more than ${EXPIRY_MIN_SECONDS_AHEAD} s in the future (got ${expiredTimestamp}, now ${nowS})`;
  }
  if (expiredTimestamp >= nowS + EXPIRY_MAX_SECONDS_AHEAD) {
    return `must be less than 48 hours (2880 minutes) ahead (got ${expiredTimestamp}, now ${nowS})`;
  }
  return null;
}

const expiredTimestampSchema = z.coerce.number().superRefine((value, ctx) => {
  const problem = expiryProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const oneOfOrderOrTrace = (v: { orderId?: string | undefined; traceId?: string | undefined }) =>
  v.orderId !== undefined || v.traceId !== undefined;

/** POST /one_time_payment. */
export const oneTimePaymentRequestSchema = z
  .object({
    payeeId: payeeIdSchema,
    quoteAmount: positiveAmountSchema,
    quoteAssetId: quoteAssetIdSchema,
    settlementAssetId: uuidSchema,
    orderId: orderIdSchema.optional(),
    traceId: uuidSchema.optional(),
    strictMode: mixpayBooleanSchema.optional(),
    paymentAssetId: uuidSchema.optional(),
    remark: remarkSchema.optional(),
    settlementMemo: settlementMemoSchema.optional(),
    returnTo: httpUrlSchema.optional(),
    failedReturnTo: httpUrlSchema.optional(),
    callbackUrl: httpUrlSchema.optional(),
    callbackEvent: callbackEventSchema.optional(),
    expiredTimestamp: expiredTimestampSchema.optional(),
  })
  .refine(oneOfOrderOrTrace, { message: "orderId or traceId is required", path: ["orderId"] });
export type OneTimePaymentRequestInput = z.input<typeof oneTimePaymentRequestSchema>;
export type OneTimePaymentRequest = z.output<typeof oneTimePaymentRequestSchema>;

/** Query of the pay link, GET https://mixpay.me/pay. */
export const payLinkParamsSchema = z.object({
  payeeId: payeeIdSchema,
  settlementAssetId: uuidSchema.optional(),
  quoteAssetId: quoteAssetIdSchema.optional(),
  quoteAmount: positiveAmountSchema.optional(),
  orderId: orderIdSchema.optional(),
  traceId: uuidSchema.optional(),
  remark: remarkSchema.optional(),
  strictMode: mixpayBooleanSchema.optional(),
  settlementMemo: settlementMemoSchema.optional(),
  returnTo: httpUrlSchema.optional(),
  failedReturnTo: httpUrlSchema.optional(),
  callbackUrl: httpUrlSchema.optional(),
  expiredTimestamp: expiredTimestampSchema.optional(),
  amount: positiveAmountSchema.optional(),
  paymentAssetId: uuidSchema.optional(),
});
export type PayLinkParamsInput = z.input<typeof payLinkParamsSchema>;
export type PayLinkParams = z.output<typeof payLinkParamsSchema>;

/** GET /payments_result: by traceId, or by orderId + payeeId. */
export const paymentsResultQuerySchema = z.union([
  z.object({ traceId: uuidSchema, with: z.string().optional() }),
  z.object({ orderId: orderIdSchema, payeeId: payeeIdSchema, with: z.string().optional() }),
]);
export type PaymentsResultQuery = z.input<typeof paymentsResultQuerySchema>;

/** GET /payments_info. */
export const paymentsInfoQuerySchema = z.object({ traceId: uuidSchema, clientId: uuidSchema.optional() });
export type PaymentsInfoQuery = z.input<typeof paymentsInfoQuerySchema>;

/** GET /payments_estimated. */
export const paymentsEstimatedQuerySchema = z.object({
  paymentAssetId: uuidSchema,
  settlementAssetId: uuidSchema,
  quoteAssetId: quoteAssetIdSchema,
  quoteAmount: positiveAmountSchema,
  paymentAmount: positiveAmountSchema.optional(),
});
export type PaymentsEstimatedQuery = z.input<typeof paymentsEstimatedQuerySchema>;

/** Optional filters of GET /setting/{payment,settlement}_assets. */
export const assetListQuerySchema = z
  .object({
    payeeId: payeeIdSchema.optional(),
    quoteAssetId: quoteAssetIdSchema.optional(),
    quoteAmount: positiveAmountSchema.optional(),
  })
  .refine((v) => (v.quoteAssetId === undefined) === (v.quoteAmount === undefined), {
    message: "quoteAssetId and quoteAmount must be sent together",
    path: ["quoteAmount"],
  });
export type AssetListQuery = z.input<typeof assetListQuerySchema>;

/** GET /setting/quote_assets. */
export const quoteAssetListQuerySchema = z.object({ payeeId: payeeIdSchema.optional() });
export type QuoteAssetListQuery = z.input<typeof quoteAssetListQuerySchema>;

/** POST /multisig input: 3–256 Mixin user UUIDs and a threshold ≤ their number. */
export const multisigRequestSchema = z
  .object({
    receivers: z
      .array(uuidSchema)
      .min(3, { message: "must list at least 3 Mixin user UUIDs" })
      .max(256, { message: "must list at most 256 Mixin user UUIDs" }),
    threshold: z.number().int({ message: "must be a whole number" }).min(1, { message: "must be at least 1" }),
  })
  .refine((v) => v.threshold <= v.receivers.length, {
    message: "must not exceed the number of receivers",
    path: ["threshold"],
  });
export type MultisigRequestInput = z.input<typeof multisigRequestSchema>;
