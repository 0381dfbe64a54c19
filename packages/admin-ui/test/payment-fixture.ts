import type { MixpayPayment } from "../src/lib/schemas";

/** A payment as the plugin's admin view answers it, for the widget and payments list tests. */

export const TRACE = "0b1f3c4e-8a2d-5b6c-9d7e-1f2a3b4c5d6e";

/** A paid 25 USD payment with its order, with `over` applied. */
export function payment(over: Partial<MixpayPayment> = {}): MixpayPayment {
  return {
    trace_id: TRACE,
    status: "paid",
    final: true,
    reason: "Paid in full.",
    pay_url: "http://127.0.0.1:4010/code/abc",
    expires_at: "2026-11-25T10:15:00.000Z",
    quote_amount: "25",
    quote_asset_id: "usd",
    currency_code: "usd",
    amount: "25",
    paid_amount: "25.01",
    paid_symbol: "USDT",
    paid_asset_id: null,
    settle_amount: "24.9",
    settle_symbol: "USDT",
    settlement_asset_id: null,
    surplus_amount: "0.01",
    shortfall_amount: null,
    shortfall_symbol: null,
    next_step: "Hand over the goods.",
    payable_amount: "25.01",
    sale_share: null,
    confirmations: null,
    refund_due: false,
    failure_code: null,
    txid: "0xfeed",
    attention: null,
    completed: true,
    order_id: "order_1",
    cart_id: "cart_1",
    draft_order_id: null,
    payee_id: null,
    reported_status: "success",
    last_checked_at: null,
    created_at: null,
    abandoned_at: null,
    completed_at: null,
    status_history: [
      { status: "unpaid", reported: null, reason: "Payment created.", at: "2026-11-25T10:00:00.000Z" },
      { status: "paid", reported: "success", reason: "Paid in full.", at: "2026-11-25T10:01:00.000Z" },
    ],
    manual_refunds: [],
    ...over,
  };
}
