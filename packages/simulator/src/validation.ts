import { randomUUID } from "node:crypto";
import {
  callbackEventSchema,
  decimalCompare,
  ERROR_CODES,
  EXPIRY_MAX_SECONDS_AHEAD,
  EXPIRY_MIN_SECONDS_AHEAD,
  expiryProblem,
  OPT_IN_CALLBACK_EVENTS,
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
 * The create-payment rules shared by POST /v1/one_time_payment and the /pay link, in the order they are checked:
 * the schema (protocol) → 1017 with every bad field named; then, for the current lifecycle, an unknown
 * callbackEvent 10131, an http:// callbackUrl 10061, an expiredTimestamp too soon 10063 or too late 10064 (the
 * legacy lifecycle answers these four with 1017 on the field); then payee 10001, quote asset 10003,
 * settlement/payment asset 10002, quoteAmount range 10004/10005.
 */

export interface ValidationContext {
  catalog: AssetCatalog;
  payees: PayeeDirectory;
  behaviour: Behaviour;
  nowMs: number;
}

export type TermsResult = { ok: true; terms: PaymentTerms } | { ok: false; error: ApiError };

type ExpiryProblem = { kind: "invalid" | "too-soon" | "too-late"; message: string };

/**
 * protocol's schemas check expiredTimestamp against the real clock; the simulator checks it against simulated
 * time instead, so it is taken out of the input and checked here.
 */
function takeExpiry(params: Params, nowMs: number): { rest: Params; value?: number; problem?: ExpiryProblem } {
  const { expiredTimestamp: raw, ...rest } = params;
  if (raw === undefined) return { rest };
  const n =
    typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n)) return { rest, problem: { kind: "invalid", message: "must be a unix timestamp in seconds" } };
  const problem = expiryProblem(n, nowMs);
  if (!problem) return { rest, value: n };
  const nowS = Math.floor(nowMs / 1000);
  const kind = !Number.isInteger(n)
    ? "invalid"
    : n <= nowS + EXPIRY_MIN_SECONDS_AHEAD
      ? "too-soon"
      : n >= nowS + EXPIRY_MAX_SECONDS_AHEAD
        ? "too-late"
        : "invalid";
  return { rest, problem: { kind, message: problem } };
}

/** The current lifecycle reads callbackEvent apart, so an unknown event answers 10131 rather than 1017. */
function takeCallbackEvent(params: Params): { rest: Params; events: OptInCallbackEvent[]; problem?: string } {
  const { callbackEvent: raw, ...rest } = params;
  if (raw === undefined) return { rest, events: [] };
  const parsed = callbackEventSchema.safeParse(raw);
  if (!parsed.success) return { rest, events: [], problem: parsed.error.issues[0]?.message ?? "invalid" };
  return { rest, events: eventsOf(parsed.data) };
}

function eventsOf(joined: string | undefined): OptInCallbackEvent[] {
  const allowed: readonly string[] = OPT_IN_CALLBACK_EVENTS;
  return (joined ? joined.split("|") : []).filter((e): e is OptInCallbackEvent => allowed.includes(e));
}

function isHttpCallback(url: string | undefined, behaviour: Behaviour): boolean {
  return url !== undefined && !behaviour.allowHttpCallbacksUnlikeMixpay && !/^https:\/\//i.test(url);
}

const HTTP_CALLBACK_MESSAGE =
  "callbackUrl must be an https URL (MixPay refuses http; behaviour.allowHttpCallbacksUnlikeMixpay is off)";

/** expiredTimestamp problems answered with 1017: an unreadable value always, any problem in the legacy lifecycle. */
function expiryFieldErrors(problem: ExpiryProblem | undefined, current: boolean): FieldErrors {
  if (!problem || (current && problem.kind !== "invalid")) return {};
  return { expiredTimestamp: [`expiredTimestamp ${problem.message}`] };
}

/** The legacy lifecycle names an http:// callbackUrl among the 1017 field errors. */
function legacyCallbackErrors(httpCallback: boolean, current: boolean): FieldErrors {
  return httpCallback && !current ? { callbackUrl: [HTTP_CALLBACK_MESSAGE] } : {};
}

/** The current lifecycle's own codes once the schema passed, in the order they are checked; null when none applies. */
function currentLifecycleError(
  current: boolean,
  eventProblem: string | undefined,
  httpCallback: boolean,
  expiry: ExpiryProblem | undefined,
): ApiError | null {
  if (!current) return null;
  if (eventProblem !== undefined) return apiError(ERROR_CODES.CALLBACK_EVENT_INVALID);
  if (httpCallback) return apiError(ERROR_CODES.CALLBACK_URL_NOT_HTTPS);
  if (expiry?.kind === "too-soon") return apiError(ERROR_CODES.EXPIRY_TOO_SOON);
  if (expiry?.kind === "too-late") return apiError(ERROR_CODES.EXPIRY_TOO_LATE);
  return null;
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
  const current = ctx.behaviour.lifecycle === "current";
  const expiry = takeExpiry(params, ctx.nowMs);
  const event = current ? takeCallbackEvent(expiry.rest) : { rest: expiry.rest, events: [] };
  const parsed = oneTimePaymentRequestSchema.safeParse(event.rest);
  let errors = expiryFieldErrors(expiry.problem, current);
  if (!parsed.success) errors = mergeFieldErrors(issuesToFieldErrors(parsed.error.issues, event.rest), errors);
  const httpCallback = parsed.success && isHttpCallback(parsed.data.callbackUrl, ctx.behaviour);
  errors = mergeFieldErrors(errors, legacyCallbackErrors(httpCallback, current));
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, error: parameterError(errors) };
  const lifecycleError = currentLifecycleError(current, event.problem, httpCallback, expiry.problem);
  if (lifecycleError) return { ok: false, error: lifecycleError };
  const d = parsed.data;
  const terms: PaymentTerms = {
    source: "one_time_payment",
    traceId: d.traceId ?? randomUUID(),
    payeeId: d.payeeId,
    quoteAssetId: d.quoteAssetId,
    quoteAmount: d.quoteAmount,
    settlementAssetId: d.settlementAssetId,
    strictMode: d.strictMode ?? false,
    callbackEvents: current ? event.events : eventsOf(d.callbackEvent),
    ...optionalTerms(d, expiry.value),
  };
  const problem = businessProblem(terms, ctx);
  return problem ? { ok: false, error: problem } : { ok: true, terms };
}

export type PayLinkResult = TermsResult | { ok: "needs-amount" };

/**
 * GET /pay parameters → terms. `amount` overrides `quoteAmount`; quoteAssetId defaults to "usd"; no amount at
 * all → the page asks the payer to type one. A pay link takes no callbackEvent (only success and fail are sent).
 */
export function validatePayLink(params: Params, ctx: ValidationContext): PayLinkResult {
  const current = ctx.behaviour.lifecycle === "current";
  const expiry = takeExpiry(params, ctx.nowMs);
  const parsed = payLinkParamsSchema.safeParse(expiry.rest);
  let errors = expiryFieldErrors(expiry.problem, current);
  if (!parsed.success) errors = mergeFieldErrors(issuesToFieldErrors(parsed.error.issues, expiry.rest), errors);
  const httpCallback = parsed.success && isHttpCallback(parsed.data.callbackUrl, ctx.behaviour);
  errors = mergeFieldErrors(errors, legacyCallbackErrors(httpCallback, current));
  if (parsed.success && parsed.data.orderId === undefined && parsed.data.traceId === undefined) {
    errors = mergeFieldErrors(errors, { orderId: ["orderId or traceId is required"] });
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, error: parameterError(errors) };
  const lifecycleError = currentLifecycleError(current, undefined, httpCallback, expiry.problem);
  if (lifecycleError) return { ok: false, error: lifecycleError };
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
    ...optionalTerms(d, expiry.value),
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
