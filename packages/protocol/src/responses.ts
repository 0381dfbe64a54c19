import { z } from "zod";
import { responseAmountSchema } from "./decimal.js";
import { PAYMENT_STATUSES, type PaymentStatus } from "./statuses.js";

/**
 * Response schemas: every MixPay answer passes one of these before any code looks at it.
 * Objects are "loose": unknown fields MixPay adds later are kept, never a reason to fail.
 */

/** `{code, success, message, data, timestampMs}` around every answer . */
export const envelopeSchema = z.looseObject({
  code: z.number(),
  success: z.boolean(),
  message: z.string().catch(""),
  data: z.unknown(),
  timestampMs: z.number().optional(),
});
export type Envelope<T = unknown> = { code: number; success: boolean; message: string; data: T; timestampMs: number };

/** Error envelopes carry `data: []` or, for validation errors, `{field: [messages]}` . */
export const errorDataSchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).catch([]);

/**
 * An integer MixPay may send as a number, a numeric string, null or "" (its PHP backend does all of these):
 * the number, or undefined when there is none. Refusing such an answer would leave a paid sale stuck.
 */
const intSchema = z
  .union([z.number(), z.string(), z.null()])
  .transform((v) => {
    if (v === null || (typeof v === "string" && v.trim() === "")) return undefined;
    const n = typeof v === "number" ? v : Number(v);
    return Number.isFinite(n) ? n : undefined;
  })
  .optional();

/** An object MixPay may send as null or as PHP's empty array `[]` when it has nothing: undefined then. */
function emptyAsUndefined<T extends z.ZodType>(schema: T) {
  return z
    .union([schema, z.null(), z.array(z.unknown()).max(0)])
    .transform((v) => (v === null || Array.isArray(v) ? undefined : (v as z.output<T>)))
    .optional();
}

/**
 * A deadline as MixPay may send it (its type is not documented): unix seconds, unix milliseconds, a numeric
 * string or an ISO date; read as unix milliseconds, undefined when empty or unreadable.
 */
export const deadlineSchema = z
  .union([z.number(), z.string(), z.null()])
  .transform((v): number | undefined => {
    if (v === null) return undefined;
    if (typeof v === "string") {
      const t = v.trim();
      if (t === "") return undefined;
      if (!/^\d+(\.\d+)?$/.test(t)) {
        const parsed = Date.parse(t);
        return Number.isFinite(parsed) ? parsed : undefined;
      }
      return deadlineFromNumber(Number(t));
    }
    return deadlineFromNumber(v);
  })
  .optional();

function deadlineFromNumber(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  // Seconds until the year 5138; anything larger is already milliseconds.
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}
const optionalString = z
  .union([z.string(), z.null()])
  .transform((v) => v ?? "")
  .optional();

/**
 * POST /one_time_payment `data`: the code, and since MixPay's 2026-08-13 release `info` about the order it
 * belongs to (its fields are not documented; `orderId` is seen in the wild). A repeat create of an open trace
 * answers the same code.
 */
export const oneTimePaymentDataSchema = z.looseObject({
  code: z.string().min(1),
  info: emptyAsUndefined(
    z.looseObject({
      orderId: optionalString,
      traceId: optionalString,
      expiredAt: deadlineSchema,
    }),
  ),
});
export type OneTimePaymentData = z.output<typeof oneTimePaymentDataSchema>;

/** A status MixPay may add later stays a string; `verify` holds anything unknown: never paid. */
export const paymentStatusSchema = z.union([z.enum(PAYMENT_STATUSES), z.string()]);
export type ReportedPaymentStatus = PaymentStatus | (string & {});

export const transactionSchema = z.looseObject({
  paymentAmount: responseAmountSchema,
  paymentAssetId: z.string(),
  paymentAssetSymbol: optionalString,
  paymentAssetVersion: optionalString,
  requiredConfirms: intSchema,
  confirmations: intSchema,
  txid: optionalString,
  blockExplorerUrl: optionalString,
  broadcastAt: optionalString,
  confirmSeconds: intSchema,
});

/** GET /payments_result `data`: every documented field, and `expiredAt` since the 2026-08-13 release. */
export const paymentResultDataSchema = z.looseObject({
  status: paymentStatusSchema,
  quoteAmount: responseAmountSchema,
  quoteSymbol: optionalString,
  quoteAssetId: z.string(),
  quoteAssetVersion: optionalString,
  paymentAmount: responseAmountSchema.optional(),
  paymentSymbol: optionalString,
  paymentAssetId: optionalString,
  paymentAssetVersion: optionalString,
  payee: optionalString,
  payeeId: z.string(),
  payeeMixinNumber: optionalString,
  payeeAvatarUrl: optionalString,
  txid: optionalString,
  blockExplorerUrl: optionalString,
  /** unix seconds; seen as "" or null while unpaid */
  date: z.union([z.number(), z.string(), z.null()]).optional(),
  surplusAmount: responseAmountSchema.optional(),
  surplusStatus: optionalString,
  /** Confirmations of the payment seen so far; -1 or missing when there are none to count. */
  confirmations: intSchema,
  payableAmount: responseAmountSchema.optional(),
  payableSymbol: optionalString,
  payableAssetId: optionalString,
  payableAssetVersion: optionalString,
  failureCode: z
    .union([z.string(), z.number(), z.null()])
    .transform((v) => (v === null ? "" : String(v)))
    .optional(),
  failureReason: optionalString,
  returnTo: optionalString,
  traceId: z.string(),
  orderId: optionalString,
  /** The order's fixed payment deadline (unix ms once parsed). Refreshes do not extend it. */
  expiredAt: deadlineSchema,
  settleStatus: optionalString,
  settleAmount: responseAmountSchema.optional(),
  settleSymbol: optionalString,
  settleAsset: optionalString,
  settleAssetVersion: optionalString,
  transactions: z
    .union([z.array(transactionSchema), z.null()])
    .transform((v) => v ?? undefined)
    .optional(),
  payment: emptyAsUndefined(
    z.looseObject({
      isMultiPay: z.boolean().catch(false),
      isFullyPaid: z.boolean().catch(false),
      totalTransactionsAmount: responseAmountSchema.catch("0"),
    }),
  ),
});
export type PaymentResult = z.output<typeof paymentResultDataSchema>;

/** GET /payments_info `data`. */
export const paymentInfoDataSchema = z.looseObject({
  isChain: z.boolean().optional(),
  expire: intSchema,
  seconds: intSchema,
  payeeId: z.string(),
  traceId: z.string(),
  clientId: optionalString,
  orderId: optionalString,
  paymentAssetId: optionalString,
  settlementAssetId: optionalString,
  quoteAssetId: z.string(),
  paymentAmount: responseAmountSchema.optional(),
  quoteAmount: responseAmountSchema,
  estimatedSettlementAmount: responseAmountSchema.optional(),
  memo: optionalString,
  recipient: optionalString,
  settlementAssetSymbol: optionalString,
  paymentAssetSymbol: optionalString,
  quoteAssetSymbol: optionalString,
  destination: optionalString,
  tag: optionalString,
});
export type PaymentInfo = z.output<typeof paymentInfoDataSchema>;

/** GET /payments_estimated `data`. */
export const paymentEstimateDataSchema = z.looseObject({
  price: responseAmountSchema,
  estimatedSettlementAmount: responseAmountSchema,
  settlementAssetId: z.string(),
  settlementAssetSymbol: optionalString,
  paymentAssetId: z.string(),
  paymentAssetSymbol: optionalString,
  paymentAmount: responseAmountSchema,
  quoteAssetSymbol: optionalString,
  quoteAssetId: z.string(),
  quoteAmount: responseAmountSchema,
});
export type PaymentEstimate = z.output<typeof paymentEstimateDataSchema>;

const chainAssetSchema = z
  .looseObject({ id: z.string().optional(), name: optionalString, symbol: optionalString, iconUrl: optionalString })
  .or(z.array(z.unknown()).transform(() => ({})))
  .optional();

/** GET /setting/payment_assets item. */
export const paymentAssetSchema = z.looseObject({
  name: optionalString,
  symbol: z.string(),
  iconUrl: optionalString,
  assetId: z.string(),
  network: optionalString,
  onChainSupported: z.boolean().optional(),
  minPaymentAmount: responseAmountSchema.optional(),
  maxPaymentAmount: responseAmountSchema.optional(),
  chainAsset: chainAssetSchema,
});
export type PaymentAsset = z.output<typeof paymentAssetSchema>;

/** GET /setting/settlement_assets item. */
export const settlementAssetSchema = z.looseObject({
  name: optionalString,
  symbol: z.string(),
  iconUrl: optionalString,
  assetId: z.string(),
  network: optionalString,
  isAsset: z.union([z.boolean(), z.number()]).transform(Boolean).optional(),
  isAvailable: z.boolean().optional(),
  chainAsset: chainAssetSchema,
});
export type SettlementAsset = z.output<typeof settlementAssetSchema>;

/** GET /setting/quote_assets item. `isAsset` 0 = fiat, 1 = crypto. */
export const quoteAssetSchema = z.looseObject({
  symbol: z.string(),
  iconUrl: optionalString,
  assetId: z.string(),
  minQuoteAmount: responseAmountSchema.optional(),
  maxQuoteAmount: responseAmountSchema.optional(),
  decimalDigit: intSchema,
  isAsset: z.union([z.boolean(), z.number()]).transform(Boolean).optional(),
  chainAsset: chainAssetSchema,
});
export type QuoteAsset = z.output<typeof quoteAssetSchema>;

export const paymentAssetListSchema = z.array(paymentAssetSchema);
export const settlementAssetListSchema = z.array(settlementAssetSchema);
export const quoteAssetListSchema = z.array(quoteAssetSchema);

/** GET /user/mixin_uuid/{mixinId} `data`. */
export const mixinUuidDataSchema = z.looseObject({ payeeId: z.string() });
export type MixinUuidData = z.output<typeof mixinUuidDataSchema>;

/** POST /multisig `data`. */
export const multisigDataSchema = z.looseObject({ multisigId: z.string() });
export type MultisigData = z.output<typeof multisigDataSchema>;
