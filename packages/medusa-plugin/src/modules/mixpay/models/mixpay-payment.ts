import { model } from "@medusajs/framework/utils";

/**
 * One MixPay payment as this shop asked for it and as MixPay last reported it: what reconciliation, the
 * admin widget and the POS screens read. Amounts are decimal strings, never floats.
 */
export const MixpayPayment = model
  .define("mixpay_payment", {
    id: model.id({ prefix: "mxpay" }).primaryKey(),
    /** MixPay's traceId (uuid v5 of the payment session, so a retried initiate reuses it). */
    trace_id: model.text().unique(),
    /** MixPay's orderId: the Medusa payment session id. */
    mixpay_order_id: model.text(),
    payment_session_id: model.text().index(),
    /** The cart the session belongs to (recorded when the sale is handed to Medusa). */
    cart_id: model.text().nullable(),
    /** The draft order the sale charges (a terminal sale for a draft); it becomes the order, with the same id. */
    draft_order_id: model.text().nullable(),
    /** Set once the sale became an order. */
    order_id: model.text().nullable(),
    /** What was asked: the verification compares MixPay's answer with these, never with the callback. */
    payee_id: model.text(),
    quote_asset_id: model.text(),
    quote_amount: model.text(),
    settlement_asset_id: model.text(),
    currency_code: model.text(),
    /** The Medusa amount the session was created for, as a decimal string. */
    amount: model.text(),
    code: model.text(),
    pay_url: model.text(),
    /** MixPay's fixed payment deadline (`expiredAt`) once a check reported it; until then the one this shop asked for. */
    expires_at: model.dateTime().nullable(),
    /** The verified status (core verify): unpaid, processing, paid, underpaid, failed, expired, cancelled, review. */
    status: model.text().default("unpaid"),
    /** MixPay's own status word at the last check. */
    reported_status: model.text().nullable(),
    final: model.boolean().default(false),
    reason: model.text().nullable(),
    paid_amount: model.text().nullable(),
    paid_asset_id: model.text().nullable(),
    paid_symbol: model.text().nullable(),
    settle_amount: model.text().nullable(),
    settle_symbol: model.text().nullable(),
    surplus_amount: model.text().nullable(),
    shortfall_amount: model.text().nullable(),
    shortfall_symbol: model.text().nullable(),
    txid: model.text().nullable(),
    /** What the whole payment costs in the payment asset (MixPay's payableAmount, in paid_symbol). */
    payable_amount: model.text().nullable(),
    /** Confirmations counted while MixPay is confirming. */
    confirmations: model.number().nullable(),
    /** MixPay's failureCode of a failed payment. */
    failure_code: model.text().nullable(),
    /** Money arrived (paid_amount paid_symbol) but the sale will not complete: it is owed back to the customer. */
    refund_due: model.boolean().default(false),
    /** What the merchant does next, in one sentence (core verify). */
    next_step: model.text().nullable(),
    /** Something the merchant should look at: refund_due, late_payment, underpaid, review, paid_after_cancel. */
    attention: model.text().nullable(),
    /** { entries: [{ status, reported, reason, at }] } — one entry per change. */
    status_history: model.json().nullable(),
    /**
     * { entries: [{ amount, reference, note, refund_id, recorded_at }] } — refunds made by hand (MixPay has no
     * refund API).
     */
    manual_refunds: model.json().nullable(),
    last_checked_at: model.dateTime().nullable(),
    /** The last time any caller claimed a check with MixPay (lib/check-rule.ts): shared by every server process. */
    check_claimed_at: model.dateTime().nullable(),
    /** The last time a callback claimed a check: the first callback since a change is checked at once. */
    callback_asked_at: model.dateTime().nullable(),
    /** The last time a check changed the verified status (or refund_due). */
    changed_at: model.dateTime().nullable(),
    /** Checks in a row that found nothing new: the shared window and the job back off with it. */
    unchanged_checks: model.number().default(0),
    /** When the reconciliation job looks at this payment next. */
    next_check_at: model.dateTime().nullable(),
    /** The session was canceled or deleted in Medusa; a later payment is still recorded and flagged. */
    abandoned_at: model.dateTime().nullable(),
    /** When the paid sale was handed to Medusa (payment captured, cart completed). */
    completed_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["status"] }, { on: ["next_check_at"], where: "final = false" }]);
