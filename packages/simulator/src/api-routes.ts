import { createHash } from "node:crypto";
import {
  assetListQuerySchema,
  decimalCompare,
  ERROR_CODES,
  mixinIdSchema,
  paymentsEstimatedQuerySchema,
  paymentsInfoQuerySchema,
  paymentsResultQuerySchema,
  quoteAssetListQuerySchema,
  uuidSchema,
} from "@mixpay-pos/protocol";
import { z } from "zod";
import type { QuoteAssetInfo, SimAsset } from "./assets.js";
import type { SimContext } from "./context.js";
import { type ApiError, apiError, errorResponse, okResponse, parameterError } from "./envelope.js";
import { orderNotFoundCode } from "./lifecycle.js";
import { convertAmount, payableAmount, settlementAmount, unitPrice } from "./pricing.js";
import { issuesToFieldErrors, type Params, readParams } from "./request-body.js";
import {
  blankUnpaidResult,
  buildPaymentInfo,
  buildPaymentResult,
  expiredAtOf,
  type OneTimePaymentInfo,
  parseWith,
} from "./result.js";
import type { PaymentRecord } from "./state.js";
import { sameTerms, validateOneTimePayment } from "./validation.js";

/** The /v1 API: same paths, parameters, envelope and error codes as api.mixpay.me/v1. */

type Outcome = { data: unknown } | { error: ApiError };

/** Payment assets can be used for payments worth this many USD (maxPaymentAmount "0" outside). */
const PAYMENT_USD_RANGE = { min: "0.1", max: "1000" } as const;

const NOT_FOUND_PATH: ApiError = apiError(ERROR_CODES.NOT_FOUND, [], "The address you visited does not exist.");

export async function handleApi(request: Request, path: string, ctx: SimContext): Promise<Response> {
  const outcome = await route(request, path, ctx);
  const now = ctx.clock.now();
  return "error" in outcome ? errorResponse(outcome.error, ctx.behaviour(), now) : okResponse(outcome.data, now);
}

async function route(request: Request, path: string, ctx: SimContext): Promise<Outcome> {
  const method = request.method.toUpperCase();
  const read = await readParams(request);
  if (!read.ok) return { error: parameterError(read.errors) };
  const params = read.params;
  if (method === "POST" && path === "/v1/one_time_payment") return oneTimePayment(params, ctx);
  if (method === "POST" && path === "/v1/multisig") return multisig(params, ctx);
  if (method === "GET") {
    switch (path) {
      case "/v1/payments_result":
        return paymentsResult(params, ctx);
      case "/v1/payments_info":
        return paymentsInfo(params, ctx);
      case "/v1/payments_estimated":
        return paymentsEstimated(params, ctx);
      case "/v1/setting/payment_assets":
        return paymentAssets(params, ctx);
      case "/v1/setting/settlement_assets":
        return settlementAssets(params, ctx);
      case "/v1/setting/quote_assets":
        return quoteAssets(params, ctx);
    }
    const mixin = /^\/v1\/user\/mixin_uuid\/([^/]+)$/.exec(path);
    if (mixin) return mixinUuid(decodeURIComponent(mixin[1] ?? ""), ctx);
  }
  return { error: NOT_FOUND_PATH };
}

function oneTimePayment(params: Params, ctx: SimContext): Outcome {
  const behaviour = ctx.behaviour();
  const v = validateOneTimePayment(params, {
    catalog: ctx.catalog,
    payees: ctx.payees,
    behaviour,
    nowMs: ctx.clock.now(),
  });
  if (!v.ok) return { error: v.error };
  const terms = v.terms;
  const traceGiven = params["traceId"] !== undefined;
  const byTrace = traceGiven ? ctx.store.get(terms.traceId) : undefined;
  const byOrder = terms.orderId !== undefined ? ctx.store.findByOrder(terms.payeeId, terms.orderId) : undefined;
  const existing = byTrace ?? byOrder;
  if (!existing) return { data: createdPaymentData(ctx.createPayment(terms)) };
  const field = byTrace ? "traceId" : "orderId";
  if (byTrace && byOrder && byTrace !== byOrder) {
    return { error: parameterError({ orderId: ["orderId belongs to another payment of this payee"] }) };
  }
  if (behaviour.duplicateOrderId === "error") {
    return { error: parameterError({ [field]: [`The ${field} has already been taken.`] }) };
  }
  const differs = sameTerms(existing, terms, traceGiven);
  if (differs) {
    return {
      error: parameterError({
        [field]: [`The ${field} has already been used for a payment with a different ${differs}.`],
      }),
    };
  }
  // A repeat create is idempotent while the trace is open; a finished trace cannot get another payment.
  if (existing.lifecycle === "current" && existing.status === "success") {
    return { error: apiError(ERROR_CODES.TRACE_COMPLETED) };
  }
  if (existing.lifecycle === "current" && existing.status === "failed") {
    return { error: apiError(ERROR_CODES.TRACE_ENDED) };
  }
  return { data: createdPaymentData(existing) };
}

/**
 * one_time_payment `data`: `{code}`, and for the current lifecycle `info` about the order the code belongs to
 * (expiredAt in unix seconds).
 */
function createdPaymentData(p: PaymentRecord): { code: string; info?: OneTimePaymentInfo } {
  if (p.lifecycle === "legacy") return { code: p.code };
  return {
    code: p.code,
    info: {
      orderId: p.orderId ?? "",
      traceId: p.traceId,
      payeeId: p.payeeId,
      quoteAmount: p.quoteAmount,
      quoteAssetId: p.quoteAssetId,
      settlementAssetId: p.settlementAssetId ?? "",
      status: p.status,
      expiredAt: expiredAtOf(p) ?? null,
    },
  };
}

function paymentsResult(params: Params, ctx: SimContext): Outcome {
  const [byTraceSchema, byOrderSchema] = paymentsResultQuerySchema.options;
  let payment: PaymentRecord | undefined;
  let ids: { traceId?: string; orderId?: string; payeeId?: string };
  if (params["traceId"] !== undefined) {
    const q = byTraceSchema.safeParse(params);
    if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
    ids = { traceId: q.data.traceId };
    payment = ctx.store.get(q.data.traceId);
  } else if (params["orderId"] !== undefined) {
    const q = byOrderSchema.safeParse(params);
    if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
    ids = { orderId: q.data.orderId, payeeId: q.data.payeeId };
    payment = ctx.store.findByOrder(q.data.payeeId, q.data.orderId);
  } else {
    return { error: parameterError({ traceId: ["traceId, or orderId with payeeId, is required"] }) };
  }
  const behaviour = ctx.behaviour();
  if (!payment) {
    if (behaviour.unknownTrace === "unpaid") return { data: blankUnpaidResult(ids, behaviour) };
    return { error: apiError(orderNotFoundCode(behaviour.lifecycle)) };
  }
  const withParts = parseWith(typeof params["with"] === "string" ? params["with"] : undefined);
  return { data: buildPaymentResult(payment, ctx.resultContext(), withParts) };
}

function paymentsInfo(params: Params, ctx: SimContext): Outcome {
  const q = paymentsInfoQuerySchema.safeParse(params);
  if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
  const payment = ctx.store.get(q.data.traceId);
  if (!payment) return { error: apiError(orderNotFoundCode(ctx.behaviour().lifecycle)) };
  return { data: buildPaymentInfo(payment, ctx.store, ctx.clock.now()) };
}

function rangeError(quoteAmount: string, quote: QuoteAssetInfo): ApiError | null {
  if (decimalCompare(quoteAmount, quote.minQuoteAmount) < 0) return apiError(ERROR_CODES.PRICE_TOO_LOW);
  if (decimalCompare(quoteAmount, quote.maxQuoteAmount) > 0) return apiError(ERROR_CODES.PRICE_TOO_HIGH);
  return null;
}

function paymentsEstimated(params: Params, ctx: SimContext): Outcome {
  const q = paymentsEstimatedQuerySchema.safeParse(params);
  if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
  const d = q.data;
  const quote = ctx.catalog.quoteAsset(d.quoteAssetId);
  if (!quote) return { error: apiError(ERROR_CODES.QUOTE_ASSET_UNSUPPORTED) };
  const pay = ctx.catalog.paymentAsset(d.paymentAssetId);
  const settle = ctx.catalog.settlementAsset(d.settlementAssetId);
  if (!pay || !settle) return { error: apiError(ERROR_CODES.CURRENCY_UNSUPPORTED) };
  // "The quoteAmount parameter is invalid when paymentAmount is not null": estimate from the payer's side.
  const quoteAmount =
    d.paymentAmount !== undefined
      ? convertAmount(d.paymentAmount, pay.usdPrice, quote.usdPrice, "down")
      : d.quoteAmount;
  const range = rangeError(quoteAmount, quote);
  if (range) return { error: range };
  const paymentAmount = d.paymentAmount ?? payableAmount(quoteAmount, quote, pay);
  return {
    data: {
      price: unitPrice(paymentAmount, quoteAmount),
      estimatedSettlementAmount: settlementAmount(quoteAmount, quote, settle),
      settlementAssetId: settle.assetId,
      settlementAssetSymbol: settle.symbol,
      paymentAssetId: pay.assetId,
      paymentAssetSymbol: pay.symbol,
      paymentAmount,
      quoteAssetSymbol: quote.symbol,
      quoteAssetId: quote.assetId,
      quoteAmount,
    },
  };
}

type ListQuery = { payeeId?: string | undefined; quoteAssetId?: string | undefined; quoteAmount?: string | undefined };

/** Shared checks of the asset list filters: unknown payee 10001, unknown quote asset 10003. */
function listFilters(params: Params, ctx: SimContext): { error: ApiError } | { quote?: QuoteAssetInfo; q: ListQuery } {
  const q = assetListQuerySchema.safeParse(params);
  if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
  if (q.data.payeeId !== undefined && !ctx.payees.get(q.data.payeeId)) {
    return { error: apiError(ERROR_CODES.USER_NOT_FOUND) };
  }
  if (q.data.quoteAssetId === undefined) return { q: q.data };
  const quote = ctx.catalog.quoteAsset(q.data.quoteAssetId);
  if (!quote) return { error: apiError(ERROR_CODES.QUOTE_ASSET_UNSUPPORTED) };
  return { quote, q: q.data };
}

function chainAssetOf(a: SimAsset) {
  return { id: a.chainAsset.id, name: a.chainAsset.name, symbol: a.chainAsset.symbol, iconUrl: a.chainAsset.iconUrl };
}

function paymentAssets(params: Params, ctx: SimContext): Outcome {
  const f = listFilters(params, ctx);
  if ("error" in f) return f;
  const { quote, q } = f;
  return {
    data: ctx.catalog.paymentAssets().map((a) => {
      const min = convertAmount(PAYMENT_USD_RANGE.min, "1", a.usdPrice, "up");
      let max = convertAmount(PAYMENT_USD_RANGE.max, "1", a.usdPrice, "down");
      if (quote && q.quoteAmount !== undefined) {
        const payable = payableAmount(q.quoteAmount, quote, a);
        const inRange = decimalCompare(payable, min) >= 0 && decimalCompare(payable, max) <= 0;
        if (!inRange) max = "0"; // "maxPaymentAmount == 0 means the asset can't be used for this payment"
      }
      return {
        name: a.name,
        symbol: a.symbol,
        iconUrl: a.iconUrl,
        assetId: a.assetId,
        network: a.network,
        onChainSupported: true,
        minPaymentAmount: min,
        maxPaymentAmount: max,
        chainAsset: chainAssetOf(a),
      };
    }),
  };
}

function settlementAssets(params: Params, ctx: SimContext): Outcome {
  const f = listFilters(params, ctx);
  if ("error" in f) return f;
  const { quote, q } = f;
  const crypto = ctx.catalog.settlementAssets().map((a) => {
    const item: Record<string, unknown> = {
      name: a.name,
      symbol: a.symbol,
      iconUrl: a.iconUrl,
      assetId: a.assetId,
      network: a.network,
      isAsset: true,
      chainAsset: chainAssetOf(a),
    };
    if (quote && q.quoteAmount !== undefined) item["isAvailable"] = rangeError(q.quoteAmount, quote) === null;
    return item;
  });
  // Fiat settlement appears only in the list of a payee MixPay approved for it.
  const fiat = (q.payeeId === undefined ? undefined : ctx.payees.get(q.payeeId))?.fiatSettlement ?? [];
  return {
    data: [
      ...crypto,
      ...fiat.map((f) => ({
        name: f.name,
        symbol: f.symbol,
        iconUrl: "",
        assetId: f.assetId,
        isAsset: false,
        chainAsset: {},
      })),
    ],
  };
}

function quoteAssets(params: Params, ctx: SimContext): Outcome {
  const q = quoteAssetListQuerySchema.safeParse(params);
  if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
  if (q.data.payeeId !== undefined && !ctx.payees.get(q.data.payeeId)) {
    return { error: apiError(ERROR_CODES.USER_NOT_FOUND) };
  }
  return {
    data: ctx.catalog.quoteAssets().map((a) => ({
      symbol: a.symbol,
      iconUrl: a.iconUrl,
      assetId: a.assetId,
      minQuoteAmount: a.minQuoteAmount,
      maxQuoteAmount: a.maxQuoteAmount,
      decimalDigit: a.decimalDigit,
      isAsset: a.isAsset ? 1 : 0,
      chainAsset: a.chainAsset
        ? { id: a.chainAsset.id, symbol: a.chainAsset.symbol, name: a.chainAsset.name, iconUrl: a.chainAsset.iconUrl }
        : {},
    })),
  };
}

function mixinUuid(mixinId: string, ctx: SimContext): Outcome {
  const parsed = mixinIdSchema.safeParse(mixinId);
  if (!parsed.success) return { error: parameterError({ mixinId: [`mixinId ${parsed.error.issues[0]?.message}`] }) };
  const payee = ctx.payees.byMixinId(parsed.data);
  if (!payee) return { error: apiError(ERROR_CODES.USER_NOT_FOUND) };
  return { data: { payeeId: payee.payeeId } };
}

const multisigSchema = z.object({
  receivers: z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z
      .array(uuidSchema)
      .min(3, { message: "needs 3 to 256 receivers" })
      .max(256, { message: "needs 3 to 256 receivers" }),
  ),
  threshold: z.coerce.number().int().min(1),
});

/** A multisig group id derived from its members and threshold, the same group always giving the same id. */
function multisigId(receivers: string[], threshold: number): string {
  const hex = createHash("sha256")
    .update(`${[...receivers].sort().join(",")}|${threshold}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function multisig(params: Params, ctx: SimContext): Outcome {
  const q = multisigSchema.safeParse(params);
  if (!q.success) return { error: parameterError(issuesToFieldErrors(q.error.issues, params)) };
  const receivers = [...new Set(q.data.receivers)];
  if (q.data.threshold > receivers.length) return { error: apiError(ERROR_CODES.MULTISIG_THRESHOLD) };
  const id = multisigId(receivers, q.data.threshold);
  if (!ctx.payees.get(id)) {
    ctx.payees.add({
      payeeId: id,
      name: `Multisig group (${q.data.threshold}/${receivers.length})`,
      kind: "multisig",
    });
  }
  return { data: { multisigId: id } };
}
