import { randomUUID } from "node:crypto";
import {
  decimalCompare,
  ERROR_CODES,
  expiryProblem,
  type OptInCallbackEvent,
  oneTimePaymentRequestSchema,
  payLinkParamsSchema,
} from "@mixpay-pos/protocol";
import type { AssetCatalog, PayeeDirectory } from "./assets.js";
import { type ApiError, apiError, type FieldErrors, parameterError } from "./envelope.js";
import type { Behaviour } from "./options.js";
import { issuesToFieldErrors, mergeFieldErrors, type Params } from "./request-body.js";
import type { PaymentTerms } from "./state.js";

/**
 * The create-payment rules of reference §4 / §11.2, shared by POST /v1/one_time_payment and the /pay link:
 * schema (protocol) → 1017 with field messages; then payee 10001, quote asset 10003, settlement/payment asset
 * 10002, quoteAmount range 10004/10005.
 */

export interface ValidationContext {
  catalog: AssetCatalog;
  payees: PayeeDirectory;
  behaviour: Behaviour;
  nowMs: number;
}

export type TermsResult = { ok: true; terms: PaymentTerms } | { ok: false; error: ApiError };

/**
 * protocol's schemas check expiredTimestamp against the real clock; the simulator checks it against simulated
 * time instead, so it is taken out of the input and checked here with protocol's expiryProblem.
 */
function takeExpiry(params: Params, nowMs: number): { rest: Params; value?: number; errors: FieldErrors } {
  const { expiredTimestamp: raw, ...rest } = params;
  if (raw === undefined) return { rest, errors: {} };
  const n =
    typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  const problem = Number.isNaN(n) ? "must be a unix timestamp in seconds" : expiryProblem(n, nowMs);
  if (problem) return { rest, errors: { expiredTimestamp: [`expiredTimestamp ${problem}`] } };
  return { rest, value: n, errors: {} };
}

function callbackProblem(url: string | undefined, behaviour: Behaviour): FieldErrors {
  if (url === undefined || behaviour.allowHttpCallbacks || /^https:\/\//i.test(url)) return {};
  return { callbackUrl: ["callbackUrl must be an https URL (behaviour.allowHttpCallbacks is off)"] };
}

/** Business rules after the schema: payee, assets, amount range. */
function businessProblem(terms: PaymentTerms, ctx: ValidationContext): ApiError | null {
  if (!ctx.payees.get(terms.payeeId)) return apiError(ERROR_CODES.USER_NOT_FOUND);
  const quote = ctx.catalog.quoteAsset(terms.quoteAssetId);
  if (!quote) return apiError(ERROR_CODES.QUOTE_ASSET_UNSUPPORTED);
  if (terms.settlementAssetId !== undefined && !ctx.catalog.settlementAsset(terms.settlementAssetId)) {
    return apiError(ERROR_CODES.CURRENCY_UNSUPPORTED);
  }
  if (terms.paymentAssetId !== undefined && !ctx.catalog.paymentAsset(terms.paymentAssetId)) {
    return apiError(ERROR_CODES.CURRENCY_UNSUPPORTED);
  }
  if (decimalCompare(terms.quoteAmount, quote.minQuoteAmount) < 0) return apiError(ERROR_CODES.PRICE_TOO_LOW);
  if (decimalCompare(terms.quoteAmount, quote.maxQuoteAmount) > 0) return apiError(ERROR_CODES.PRICE_TOO_HIGH);
  return null;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}

/** The optional terms both ways of creating a payment share, present only when given. */
function optionalTerms(
  d: {
    orderId?: string | undefined;
    paymentAssetId?: string | undefined;
    remark?: string | undefined;
    settlementMemo?: string | undefined;
    returnTo?: string | undefined;
    failedReturnTo?: string | undefined;
    callbackUrl?: string | undefined;
  },
  expiredTimestamp: number | undefined,
): Partial<PaymentTerms> {
  return {
    ...optional("orderId", d.orderId),
    ...optional("paymentAssetId", d.paymentAssetId),
    ...optional("remark", d.remark),
    ...optional("settlementMemo", d.settlementMemo),
    ...optional("returnTo", d.returnTo),
    ...optional("failedReturnTo", d.failedReturnTo),
    ...optional("callbackUrl", d.callbackUrl),
    ...optional("expiredTimestamp", expiredTimestamp),
  };
}

/** POST /v1/one_time_payment parameters → terms (code = traceId ?? a new UUID). */
export function validateOneTimePayment(params: Params, ctx: ValidationContext): TermsResult {
  const { rest, value: expiredTimestamp, errors: expiryErrors } = takeExpiry(params, ctx.nowMs);
  const parsed = oneTimePaymentRequestSchema.safeParse(rest);
  let errors = expiryErrors;
  if (!parsed.success) errors = mergeFieldErrors(issuesToFieldErrors(parsed.error.issues, rest), errors);
  if (parsed.success) errors = mergeFieldErrors(errors, callbackProblem(parsed.data.callbackUrl, ctx.behaviour));
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, error: parameterError(errors) };
  const d = parsed.data;
  const callbackEvents = (d.callbackEvent ? d.callbackEvent.split("|") : []) as OptInCallbackEvent[];
  const terms: PaymentTerms = {
    source: "one_time_payment",
    traceId: d.traceId ?? randomUUID(),
    payeeId: d.payeeId,
    quoteAssetId: d.quoteAssetId,
    quoteAmount: d.quoteAmount,
    settlementAssetId: d.settlementAssetId,
    strictMode: d.strictMode ?? false,
    callbackEvents,
    ...optionalTerms(d, expiredTimestamp),
  };
  const problem = businessProblem(terms, ctx);
  return problem ? { ok: false, error: problem } : { ok: true, terms };
}

export type PayLinkResult = TermsResult | { ok: "needs-amount" };

/**
 * GET /pay parameters → terms. `amount` overrides `quoteAmount`; quoteAssetId defaults to "usd"; no amount at
 * all → the page asks the payer to type one.
 */
export function validatePayLink(params: Params, ctx: ValidationContext): PayLinkResult {
  const { rest, value: expiredTimestamp, errors: expiryErrors } = takeExpiry(params, ctx.nowMs);
  const parsed = payLinkParamsSchema.safeParse(rest);
  let errors = expiryErrors;
  if (!parsed.success) errors = mergeFieldErrors(issuesToFieldErrors(parsed.error.issues, rest), errors);
  if (parsed.success) {
    errors = mergeFieldErrors(errors, callbackProblem(parsed.data.callbackUrl, ctx.behaviour));
    if (parsed.data.orderId === undefined && parsed.data.traceId === undefined) {
      errors = mergeFieldErrors(errors, { orderId: ["orderId or traceId is required"] });
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, error: parameterError(errors) };
  const d = parsed.data;
  const quoteAmount = d.amount ?? d.quoteAmount;
  if (quoteAmount === undefined) return { ok: "needs-amount" };
  const terms: PaymentTerms = {
    source: "pay_link",
    traceId: d.traceId ?? randomUUID(),
    payeeId: d.payeeId,
    quoteAssetId: d.quoteAssetId ?? "usd",
    quoteAmount,
    strictMode: d.strictMode ?? false,
    callbackEvents: [],
    ...optional("settlementAssetId", d.settlementAssetId),
    ...optionalTerms(d, expiredTimestamp),
  };
  const problem = businessProblem(terms, ctx);
  return problem ? { ok: false, error: problem } : { ok: true, terms };
}

/** Same payee, quote, amount and settlement asset (and the same orderId/traceId where both name one). */
export function sameTerms(existing: PaymentTerms, next: PaymentTerms, traceGiven: boolean): string | null {
  if (existing.payeeId !== next.payeeId) return "payeeId";
  if (existing.quoteAssetId !== next.quoteAssetId) return "quoteAssetId";
  if (decimalCompare(existing.quoteAmount, next.quoteAmount) !== 0) return "quoteAmount";
  if (existing.settlementAssetId !== next.settlementAssetId) return "settlementAssetId";
  if (next.orderId !== undefined && existing.orderId !== next.orderId) return "orderId";
  if (traceGiven && existing.traceId !== next.traceId) return "traceId";
  return null;
}
