import { decimalSub, ERROR_CODE_INFO, ERROR_CODES } from "@mixpay-pos/protocol";
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
import type { PaymentRecord } from "./state.js";
import { validatePayLink } from "./validation.js";

/**
 * The checkout pages MixPay serves on mixpay.me: GET /pay?… (pay link: creates the payment on first open,
 * keyed by traceId or payeeId+orderId) and GET /code/{code} (one-time payment). The payer's buttons POST to
 * /pay-action/{traceId}, which applies the same control actions as the control API and redirects back (303).
 */

const NOT_FOUND_MESSAGE =
  ERROR_CODE_INFO[ERROR_CODES.NOT_FOUND]?.message ?? "The payment link you visited does not exist.";
const PAGE_ACTIONS = ["pay", "underpay", "fail", "confirm"] as const;

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
    // "once an orderId has been used for a one-time payment, it cannot be paid by using paylink" (reference §3.1)
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
  const awaiting = (p.status === "pending" && !underpaid) || p.status === "auditing";
  const detail =
    p.status === "pending"
      ? underpaid
        ? "partly paid: pay the rest"
        : "waiting for confirmations"
      : p.status === "auditing"
        ? "under review"
        : p.status === "unpaid"
          ? "waiting for payment"
          : "";
  const m: CheckoutModel = {
    traceId: p.traceId,
    payeeName: ctx.payees.get(p.payeeId)?.name ?? p.payeeId,
    quoteAmount: p.quoteAmount,
    quoteSymbol: quote.symbol,
    status: p.status,
    detail,
    paidAmount: paid,
    paidSymbol: payAsset.symbol,
    surplusAmount: store.surplusOf(p),
    assets,
    canPay: p.status === "unpaid" || underpaid,
    canConfirm: awaiting,
    canFail: p.status !== "success" && p.status !== "failed",
    back,
  };
  if (p.orderId) m.orderId = p.orderId;
  if (p.remark) m.remark = p.remark;
  if (p.failureReason) m.failureReason = `${p.failureCode} ${p.failureReason}`;
  if (underpaid) m.remaining = decimalSub(store.payableOf(p), paid);
  if (p.expiredTimestamp !== undefined) m.expiresAt = new Date(p.expiredTimestamp * 1000).toISOString();
  if (p.returnTo) m.returnTo = p.returnTo;
  if (p.failedReturnTo) m.failedReturnTo = p.failedReturnTo;
  return m;
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
  const action: ControlAction = { action: actionName };
  const assetId = params["assetId"];
  if (
    (actionName === "pay" || actionName === "underpay") &&
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
