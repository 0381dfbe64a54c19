import type { CheckPolicy } from "../../src/lib/check-rule";
import type { MixpayPaymentDTO, MixpaySettingDTO } from "../../src/modules/mixpay/types";

/** The check rule's numbers of a shop without callbacks (lib/check-rule.ts), for tests of its users. */
export const TEST_POLICY: CheckPolicy = {
  windowMs: 3_000,
  maxWindowMs: 6_000,
  minGapMs: 1_000,
  jobIntervalMs: 30_000,
  jobMaxIntervalMs: 300_000,
  afterDeadlineMs: 5_000,
};

/** MixPay's result fields of the test sale (12.5 USD) paid in full in USDT: what a verified "paid" answer holds. */
export const PAID_FIELDS = {
  status: "success",
  paymentAmount: "12.5",
  paymentSymbol: "USDT",
  paymentAssetId: "4d8c508b-91c5-375b-92b0-ee702ed2dac5",
  settleAmount: "12.47",
  settleSymbol: "USDT",
  txid: "0xabc",
} as const;

export const PAYEE_ID = "6f2a7c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
export const USDT_ASSET_ID = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";

/** The merchant's settings as the table holds them, with `over` on top. */
export function settingsRecord(over: Partial<MixpaySettingDTO> = {}): MixpaySettingDTO {
  const at = new Date("2026-11-30T11:00:00Z");
  return {
    id: "mxset_test",
    enabled: true,
    payee_id: PAYEE_ID,
    settlement_asset_id: USDT_ASSET_ID,
    quote_asset_id: null,
    expiry_minutes: 15,
    strict_mode: false,
    public_base_url: null,
    api_base_url: null,
    checkout_base_url: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    ...over,
  };
}

/** A payment record as the table holds it just after it was created, with `over` on top. */
export function paymentRecord(over: Partial<MixpayPaymentDTO> = {}): MixpayPaymentDTO {
  const at = new Date("2026-11-30T12:00:00Z");
  return {
    id: "mxpay_test",
    trace_id: "0b8f3a52-7f8e-5c1d-9a4b-2c3d4e5f6a7b",
    mixpay_order_id: "payses_test01",
    payment_session_id: "payses_test01",
    cart_id: null,
    draft_order_id: null,
    order_id: null,
    payee_id: PAYEE_ID,
    quote_asset_id: "usd",
    quote_amount: "12.5",
    settlement_asset_id: USDT_ASSET_ID,
    currency_code: "usd",
    amount: "12.5",
    code: "code123",
    pay_url: "https://mixpay.me/code/code123",
    expires_at: new Date(at.getTime() + 15 * 60_000),
    status: "unpaid",
    reported_status: null,
    final: false,
    reason: null,
    paid_amount: null,
    paid_asset_id: null,
    paid_symbol: null,
    settle_amount: null,
    settle_symbol: null,
    surplus_amount: null,
    shortfall_amount: null,
    shortfall_symbol: null,
    txid: null,
    payable_amount: null,
    confirmations: null,
    raw_confirmations: null,
    failure_code: null,
    refund_due: false,
    next_step: null,
    attention: null,
    status_history: {
      entries: [{ status: "unpaid", reported: null, reason: "Payment created.", at: at.toISOString() }],
    },
    manual_refunds: null,
    last_checked_at: null,
    check_claimed_at: null,
    callback_asked_at: null,
    changed_at: null,
    unchanged_checks: 0,
    next_check_at: null,
    abandoned_at: null,
    completed_at: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    ...over,
  };
}
