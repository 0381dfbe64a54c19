import { decimalCompare, decimalSub, ERROR_CODE_INFO, ERROR_CODES, FAILURE_CODES } from "@mixpay-pos/protocol";
import { type ControlAction, ControlError } from "./actions.js";
import {
  type AssetOption,
  type CheckoutModel,
  renderAmountForm,
  renderCheckout,
  renderError,
} from "./checkout-page.js";
import type { SimContext } from "./context.js";
import { htmlResponse, redirect } from "./envelope.js";
import { dropEmpty, readParams, searchParamsToObject } from "./request-body.js";
import { FINAL_STATUSES, type PaymentRecord } from "./state.js";
import { validatePayLink } from "./validation.js";

/**
 * The checkout pages MixPay serves on mixpay.me: GET /pay?… (pay link: creates the payment on first open,
 * keyed by traceId or payeeId+orderId) and GET /code/{code} (one-time payment). The payer's buttons POST to
 * /pay-action/{traceId}, which applies the same control actions as the control API and redirects back (303).
 */

const NOT_FOUND_MESSAGE =
  ERROR_CODE_INFO[ERROR_CODES.NOT_FOUND]?.message ?? "The payment link you visited does not exist.";
/** What the payer's buttons post; "pay-unconfirmed" pays in full with a transaction still waiting for confirmations. */
const PAGE_ACTIONS = ["pay", "pay-unconfirmed", "underpay", "fail", "confirm"] as const;
type PageAction = (typeof PAGE_ACTIONS)[number];

export async function handleCheckout(request: Request, path: string, ctx: SimContext): Promise<Response | null> {
  const method = request.method.toUpperCase();
  const url = new URL(request.url);
  if (path === "/pay" && method === "GET") return payLinkPage(url, ctx);
  const code = /^\/code\/([^/]+)$/.exec(path);
  if (code && method === "GET") {
    const p = ctx.store.get(decodeURIComponent(code[1] ?? ""));
    if (!p) return htmlResponse(renderError("Payment not found", NOT_FOUND_MESSAGE), 404);
    return htmlResponse(renderCheckout(model(p, ctx, `/code/${p.code}`)));
  }
  const action = /^\/pay-action\/([^/]+)$/.exec(path);
  if (action && method === "POST") return payAction(request, decodeURIComponent(action[1] ?? ""), ctx);
  return null;
}

function payLinkPage(url: URL, ctx: SimContext): Response {
  const params = dropEmpty(searchParamsToObject(url.searchParams));
  // Re-opening a link whose payment exists (after pressing Pay, or near/after its expiry) shows that payment:
  // the link's terms were checked when it was first opened, and its expiry has become the payment's own.
  const opened = openedPayLinkPayment(params, ctx);
  if (opened) return htmlResponse(renderCheckout(model(opened, ctx, url.pathname + url.search)));
  const v = validatePayLink(params, {
    catalog: ctx.catalog,
    payees: ctx.payees,
    behaviour: ctx.behaviour(),
    nowMs: ctx.clock.now(),
  });
  if (v.ok === "needs-amount") {
    const payee = ctx.payees.get(String(params["payeeId"]));
    if (!payee) return htmlResponse(renderError("Payee not found", "payeeId: User does not exist."), 400);
    const quote = ctx.catalog.quoteAsset(String(params["quoteAssetId"] ?? "usd"));
    return htmlResponse(renderAmountForm(payee.name, quote?.symbol ?? "USD", url.searchParams));
  }
  if (!v.ok) {
    const { code, data } = v.error;
    const fields = Array.isArray(data) ? {} : data;
    const message = ERROR_CODE_INFO[code]?.message ?? "Invalid pay link.";
    return htmlResponse(renderError("This pay link is not valid", `${message} (code ${code})`, fields), 400);
  }
  const terms = v.terms;
  const existing =
    (params["traceId"] !== undefined ? ctx.store.get(terms.traceId) : undefined) ??
    (terms.orderId !== undefined ? ctx.store.findByOrder(terms.payeeId, terms.orderId) : undefined);
  if (existing && existing.source === "one_time_payment") {
    // "once an orderId has been used for a one-time payment, it cannot be paid by using paylink"
    return htmlResponse(
      renderError(
        "This order can't be paid with a pay link",
        "It was created as a one-time payment; open its /code link instead.",
        { orderId: ["already used for a one-time payment"] },
      ),
      400,
    );
  }
  const payment = existing ?? ctx.createPayment(terms);
  return htmlResponse(renderCheckout(model(payment, ctx, url.pathname + url.search)));
}

function openedPayLinkPayment(params: Record<string, unknown>, ctx: SimContext): PaymentRecord | undefined {
  const traceId = typeof params["traceId"] === "string" ? params["traceId"].toLowerCase() : undefined;
  const payeeId = typeof params["payeeId"] === "string" ? params["payeeId"].toLowerCase() : undefined;
  const orderId = typeof params["orderId"] === "string" ? params["orderId"] : undefined;
  const found =
    (traceId ? ctx.store.get(traceId) : undefined) ??
    (payeeId && orderId ? ctx.store.findByOrder(payeeId, orderId) : undefined);
  return found && found.source !== "one_time_payment" && found.payeeId.toLowerCase() === payeeId ? found : undefined;
}

/** The line next to the status: what is happening and what the payer can do. */
function detailOf(p: PaymentRecord, ctx: SimContext): string {
  const { store } = ctx;
  switch (p.status) {
    case "unpaid":
      return "waiting for payment";
    case "confirming":
      return "payment seen, waiting for confirmations";
    case "paid_less":
      return "partly paid: pay the rest before the deadline";
    case "pending":
      if (p.lifecycle === "current") return "paid and confirmed; MixPay is finishing the payment";
      return store.isUnderpaid(p) ? "partly paid: pay the rest" : "waiting for confirmations";
    case "auditing":
      return "under review";
    case "failed":
      return failedDetail(p, store.paidOf(p));
    default:
      return "";
  }
}

function failedDetail(p: PaymentRecord, paid: string): string {
  const received = decimalCompare(paid, "0") > 0;
  switch (p.failureCode) {
    case FAILURE_CODES.DEADLINE_PASSED:
      return received ? "not confirmed before the confirmation deadline" : "the payment deadline passed";
    case FAILURE_CODES.INSUFFICIENT_AMOUNT:
      return p.lifecycle === "current" ? "the deadline passed before the full amount arrived" : "wrong amount paid";
    case FAILURE_CODES.CANCELLED:
      return "the payment was cancelled";
    case FAILURE_CODES.REVIEW_REJECTED:
      return "rejected in review";
    default:
      return "the payment failed";
  }
}

function iframeMessageOf(p: PaymentRecord): Record<string, string> | null {
  if (p.lifecycle === "current") return { status: p.status, traceId: p.traceId, clientId: p.clientId };
  return ["pending", "success", "failed"].includes(p.status) ? { status: p.status } : null;
}

function model(p: PaymentRecord, ctx: SimContext, back: string): CheckoutModel {
  const { store, catalog } = ctx;
  const quote = store.quoteOf(p);
  const used = p.transactions[0]?.assetId;
  const selected = store.payAssetOf(p).assetId.toLowerCase();
  const paid = store.paidOf(p);
  const payAsset = store.payAssetOf(p);
  const assets: AssetOption[] = catalog
    .paymentAssets()
    .filter((a) => used === undefined || a.assetId.toLowerCase() === used)
    .map((a) => ({
      assetId: a.assetId,
      label: a.version ? `${a.symbol} (${a.version})` : `${a.symbol} (${a.network})`,
      amount: used === undefined ? store.payableOf(p, a) : decimalSub(store.payableOf(p, a), paid),
      symbol: a.symbol,
      selected: a.assetId.toLowerCase() === selected,
    }));
  const underpaid = store.isUnderpaid(p);
  const fullyPaid = store.isFullyPaid(p);
  const canConfirm =
    p.status === "auditing" ||
    (p.lifecycle === "current"
      ? p.status === "pending" || (p.status === "confirming" && fullyPaid)
      : p.status === "pending" && fullyPaid);
  const m: CheckoutModel = {
    traceId: p.traceId,
    payeeName: ctx.payees.get(p.payeeId)?.name ?? p.payeeId,
    quoteAmount: p.quoteAmount,
    quoteSymbol: quote.symbol,
    status: p.status,
    detail: detailOf(p, ctx),
    paidAmount: paid,
    paidSymbol: payAsset.symbol,
    surplusAmount: store.surplusOf(p),
    assets,
    canPay: store.canPay(p),
    canPayUnconfirmed: p.lifecycle === "current",
    payLabel: underpaid ? "Pay the rest" : "Pay",
    canConfirm,
    canFail: !FINAL_STATUSES.includes(p.status),
    iframeMessage: iframeMessageOf(p),
    back,
  };
  if (p.orderId) m.orderId = p.orderId;
  if (p.remark) m.remark = p.remark;
  if (p.failureReason) m.failureReason = `${p.failureCode} ${p.failureReason}`;
  if (underpaid) {
    m.payable = store.payableOf(p);
    m.remaining = store.remainingOf(p);
  }
  const confirmations = store.reportedConfirmations(p);
  const last = p.transactions[p.transactions.length - 1];
  if (p.status === "confirming" && last) {
    m.confirmations = { seen: confirmations, required: last.requiredConfirms };
  }
  if (p.status === "failed" && decimalCompare(paid, "0") > 0) m.refundDue = paid;
  const showDeadline = p.lifecycle === "current" ? !FINAL_STATUSES.includes(p.status) : true;
  if (p.deadlineMs !== undefined && showDeadline) m.expiresAt = new Date(p.deadlineMs).toISOString();
  if (p.returnTo) m.returnTo = p.returnTo;
  if (p.failedReturnTo) m.failedReturnTo = p.failedReturnTo;
  return m;
}

function controlActionOf(name: PageAction): ControlAction {
  return name === "pay-unconfirmed" ? { action: "pay", hold: true } : { action: name };
}

/** Only go back to our own pages (no open redirect). */
function safeBack(back: unknown, traceId: string): string {
  if (typeof back === "string" && (back.startsWith("/pay?") || back.startsWith("/code/"))) return back;
  return `/code/${traceId}`;
}

async function payAction(request: Request, traceId: string, ctx: SimContext): Promise<Response> {
  const read = await readParams(request);
  const params = read.ok ? read.params : {};
  const back = safeBack(params["back"], traceId);
  const name = params["action"];
  const actionName = PAGE_ACTIONS.find((a) => a === name);
  if (!actionName) {
    return htmlResponse(
      renderError("Unknown action", `action must be one of ${PAGE_ACTIONS.join(", ")}`, {}, back),
      400,
    );
  }
  const p = ctx.store.get(traceId);
  if (!p) return htmlResponse(renderError("Payment not found", NOT_FOUND_MESSAGE), 404);
  const action = controlActionOf(actionName);
  const assetId = params["assetId"];
  if (
    (action.action === "pay" || action.action === "underpay") &&
    typeof assetId === "string" &&
    p.transactions.length === 0
  ) {
    action.assetId = assetId;
  }
  try {
    ctx.act(traceId, action);
  } catch (error) {
    if (error instanceof ControlError) {
      return htmlResponse(renderError("That didn't work", error.message, {}, back), error.status);
    }
    throw error;
  }
  return redirect(back, 303);
}
