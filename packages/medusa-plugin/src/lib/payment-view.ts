import { type MixpayPaymentDTO, manualRefundsOf, statusHistoryOf } from "../modules/mixpay/service";
import { saleShare } from "./money";

/** What the public status route says when MixPay could not be asked (its own words stay in the server's log). */
export const PUBLIC_CHECK_ERROR = "MixPay could not be asked just now; this is the last known status.";

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * What a POS screen or a customer's screen may see of a payment, from the public status route: anyone who has
 * seen the QR code knows the trace id, so nothing here points at the order or the customer (no order id, cart id,
 * session id, history or refunds). integration-tests/http/hostile-traffic.spec.ts asserts this exact set of fields.
 */
export function storePaymentView(p: MixpayPaymentDTO) {
  return {
    trace_id: p.trace_id,
    status: p.status,
    final: p.final,
    reason: p.reason,
    next_step: p.next_step,
    pay_url: p.pay_url,
    expires_at: iso(p.expires_at),
    quote_amount: p.quote_amount,
    quote_asset_id: p.quote_asset_id,
    currency_code: p.currency_code,
    /** The sale's amount in currency_code. */
    amount: p.amount,
    /** What arrived in the crypto asset (paid_symbol), and what the whole payment costs in it. */
    paid_amount: p.paid_amount,
    paid_symbol: p.paid_symbol,
    payable_amount: p.payable_amount,
    shortfall_amount: p.shortfall_amount,
    shortfall_symbol: p.shortfall_symbol,
    /** An underpayment in the sale's currency: paid X of `amount`, `due` still due. */
    sale_share: p.status === "underpaid" ? saleShare(p.amount, p.currency_code, p.paid_amount, p.payable_amount) : null,
    confirmations: p.confirmations ?? null,
    refund_due: Boolean(p.refund_due),
    failure_code: p.failure_code,
    completed: Boolean(p.completed_at),
    /** Cancelled here (MixPay has no cancel: a payment may still arrive, and is flagged, never made an order). */
    cancelled: Boolean(p.abandoned_at),
    last_checked_at: iso(p.last_checked_at),
  };
}

/**
 * The body of the public status route and of its stream: the store view, and `mixpay_error` in fixed words when
 * MixPay could not be asked just now (what MixPay or the network said stays in the server's log).
 */
export function storeStatusBody(p: MixpayPaymentDTO, error?: string) {
  return { payment: storePaymentView(p), ...(error ? { mixpay_error: PUBLIC_CHECK_ERROR } : {}) };
}

/** Everything the admin shows about a payment. */
export function adminPaymentView(p: MixpayPaymentDTO) {
  return {
    ...storePaymentView(p),
    id: p.id,
    order_id: p.order_id,
    mixpay_order_id: p.mixpay_order_id,
    payment_session_id: p.payment_session_id,
    cart_id: p.cart_id,
    payee_id: p.payee_id,
    settlement_asset_id: p.settlement_asset_id,
    reported_status: p.reported_status,
    paid_asset_id: p.paid_asset_id,
    settle_amount: p.settle_amount,
    settle_symbol: p.settle_symbol,
    surplus_amount: p.surplus_amount,
    txid: p.txid,
    attention: p.attention,
    status_history: statusHistoryOf(p),
    manual_refunds: manualRefundsOf(p),
    abandoned_at: iso(p.abandoned_at),
    completed_at: iso(p.completed_at),
    created_at: iso(p.created_at),
  };
}
