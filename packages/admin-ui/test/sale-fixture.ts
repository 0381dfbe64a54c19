import type { TerminalSale } from "../src/lib/schemas";

/** A terminal sale as the plugin answers it, for the component tests. */

export const TRACE = "0b1f3c4e-8a2d-5b6c-9d7e-1f2a3b4c5d6e";
export const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

/** An unpaid 12.50 USD sale without its QR code, with `over` applied. */
export function terminalSale(over: Partial<TerminalSale> = {}): TerminalSale {
  return {
    trace_id: TRACE,
    status: "unpaid",
    final: false,
    reason: null,
    pay_url: "http://127.0.0.1:4010/code/abc",
    qr_svg: null,
    expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
    amount: "12.5",
    currency_code: "usd",
    quote_amount: "12.5",
    quote_asset_id: "usd",
    paid_amount: null,
    paid_symbol: null,
    shortfall_amount: null,
    shortfall_symbol: null,
    next_step: null,
    payable_amount: null,
    sale_share: null,
    confirmations: null,
    refund_due: false,
    failure_code: null,
    txid: null,
    completed: false,
    cancelled: false,
    surplus_amount: null,
    cart_id: "cart_1",
    draft_order_id: null,
    order_id: null,
    order_display_id: null,
    last_checked_at: null,
    ...over,
  };
}
