import type { CallbackEvent, PaymentStatus, SurplusStatus } from "@mixpay-pos/protocol";
import type { Lifecycle } from "./options.js";
import { buildPaymentResult, type PaymentResultData, type ResultContext } from "./result.js";
import type { PaymentRecord, PaymentSource } from "./state.js";

/** A payment as the control API shows it: terms, state, the live payments_result, history and callbacks. */
export interface SimulatedPaymentView {
  traceId: string;
  /** The one-time payment code (always equal to traceId). */
  code: string;
  orderId: string | null;
  payeeId: string;
  source: PaymentSource;
  /** The lifecycle this payment follows (fixed when it was created). */
  lifecycle: Lifecycle;
  status: PaymentStatus;
  failureCode: string;
  failureReason: string;
  quoteAmount: string;
  quoteAssetId: string;
  settlementAssetId: string | null;
  paymentAssetId: string;
  payableAmount: string;
  paidAmount: string;
  surplusAmount: string;
  surplusStatus: SurplusStatus;
  settled: boolean;
  callbackUrl: string | null;
  callbackEvents: string[];
  expiredTimestamp: number | null;
  /** The payment deadline, unix ms: expiredTimestamp, else creation + defaultDeadlineSeconds; null for a legacy payment without expiredTimestamp. */
  deadlineMs: number | null;
  createdAt: string;
  checkoutUrl: string;
  /** What GET /v1/payments_result?traceId=…&with=payment,transactions answers right now. */
  result: PaymentResultData;
  history: { status: PaymentStatus; at: string; atMs: number; reason: string }[];
  deliveries: {
    event: CallbackEvent;
    attempt: number;
    at: string;
    atMs: number;
    httpStatus: number | null;
    ok: boolean;
    error?: string;
    reply?: string;
    duplicate?: boolean;
    dropped?: boolean;
  }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function paymentView(p: PaymentRecord, ctx: ResultContext, checkoutBaseUrl: string): SimulatedPaymentView {
  const result = buildPaymentResult(p, ctx, new Set(["payment", "transactions"]));
  return {
    traceId: p.traceId,
    code: p.code,
    orderId: p.orderId ?? null,
    payeeId: p.payeeId,
    source: p.source,
    lifecycle: p.lifecycle,
    status: p.status,
    failureCode: p.failureCode,
    failureReason: p.failureReason,
    quoteAmount: p.quoteAmount,
    quoteAssetId: p.quoteAssetId,
    settlementAssetId: p.settlementAssetId ?? null,
    paymentAssetId: result.payableAssetId,
    payableAmount: result.payableAmount,
    paidAmount: ctx.store.paidOf(p),
    surplusAmount: result.surplusAmount,
    surplusStatus: p.surplusStatus,
    settled: p.settled,
    callbackUrl: p.callbackUrl ?? null,
    callbackEvents: ["success", "fail", ...p.callbackEvents],
    expiredTimestamp: p.expiredTimestamp ?? null,
    deadlineMs: p.deadlineMs ?? null,
    createdAt: iso(p.createdAtMs),
    checkoutUrl: `${checkoutBaseUrl.replace(/\/+$/, "")}/code/${p.code}`,
    result,
    history: p.history.map((h) => ({ status: h.status, at: iso(h.atMs), atMs: h.atMs, reason: h.reason })),
    deliveries: p.deliveries.map((d) => ({ ...d, at: iso(d.atMs) })),
  };
}
