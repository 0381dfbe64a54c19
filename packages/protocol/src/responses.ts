import { z } from "zod";
import { responseAmountSchema } from "./decimal.js";
import { PAYMENT_STATUSES, type PaymentStatus } from "./statuses.js";

/**
 * Response schemas: every MixPay answer passes one of these before any code looks at it.
 * Objects are "loose": unknown fields MixPay adds later are kept, never a reason to fail.
 */

/** `{code, success, message, data, timestampMs}` around every answer (reference §2.2). */
export const envelopeSchema = z.looseObject({
  code: z.number(),
  success: z.boolean(),
  message: z.string().catch(""),
  data: z.unknown(),
  timestampMs: z.number().optional(),
});
export type Envelope<T = unknown> = { code: number; success: boolean; message: string; data: T; timestampMs: number };

/** Error envelopes carry `data: []` or, for validation errors, `{field: [messages]}` (reference §7.3). */
export const errorDataSchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).catch([]);

const intSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
const optionalString = z
  .union([z.string(), z.null()])
  .transform((v) => v ?? "")
  .optional();

export const oneTimePaymentDataSchema = z.looseObject({ code: z.string().min(1) });
export type OneTimePaymentData = z.output<typeof oneTimePaymentDataSchema>;

/** A status MixPay may add later stays a string; `verify` treats anything unknown as "processing". */
export const paymentStatusSchema = z.union([z.enum(PAYMENT_STATUSES), z.string()]);
export type ReportedPaymentStatus = PaymentStatus | (string & {});

export const transactionSchema = z.looseObject({
  paymentAmount: responseAmountSchema,
  paymentAssetId: z.string(),
  paymentAssetSymbol: optionalString,
  paymentAssetVersion: optionalString,
  requiredConfirms: intSchema.optional(),
  confirmations: intSchema.optional(),
  txid: optionalString,
  blockExplorerUrl: optionalString,
  broadcastAt: optionalString,
  confirmSeconds: intSchema.optional(),
});

/** GET /payments_result `data` (reference §3.3, every documented field). */
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
  confirmations: intSchema.optional(),
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
  settleStatus: optionalString,
  settleAmount: responseAmountSchema.optional(),
  settleSymbol: optionalString,
  settleAsset: optionalString,
  settleAssetVersion: optionalString,
  transactions: z.array(transactionSchema).optional(),
  payment: z
    .looseObject({
      isMultiPay: z.boolean(),
      isFullyPaid: z.boolean(),
      totalTransactionsAmount: responseAmountSchema,
    })
    .optional(),
});
export type PaymentResult = z.output<typeof paymentResultDataSchema>;

/** GET /payments_info `data` (reference §3.4). */
export const paymentInfoDataSchema = z.looseObject({
  isChain: z.boolean().optional(),
  expire: intSchema.optional(),
  seconds: intSchema.optional(),
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

/** GET /payments_estimated `data` (reference §3.5). */
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

/** GET /setting/payment_assets item (reference §3.8). */
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

/** GET /setting/settlement_assets item (reference §3.9). */
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

/** GET /setting/quote_assets item (reference §3.10). `isAsset` 0 = fiat, 1 = crypto. */
export const quoteAssetSchema = z.looseObject({
  symbol: z.string(),
  iconUrl: optionalString,
  assetId: z.string(),
  minQuoteAmount: responseAmountSchema.optional(),
  maxQuoteAmount: responseAmountSchema.optional(),
  decimalDigit: intSchema.optional(),
  isAsset: z.union([z.boolean(), z.number()]).transform(Boolean).optional(),
  chainAsset: chainAssetSchema,
});
export type QuoteAsset = z.output<typeof quoteAssetSchema>;

export const paymentAssetListSchema = z.array(paymentAssetSchema);
export const settlementAssetListSchema = z.array(settlementAssetSchema);
export const quoteAssetListSchema = z.array(quoteAssetSchema);

/** GET /user/mixin_uuid/{mixinId} `data` (reference §3.13). */
export const mixinUuidDataSchema = z.looseObject({ payeeId: z.string() });
export type MixinUuidData = z.output<typeof mixinUuidDataSchema>;

/** POST /multisig `data` (reference §3.12). */
export const multisigDataSchema = z.looseObject({ multisigId: z.string() });
export type MultisigData = z.output<typeof multisigDataSchema>;
