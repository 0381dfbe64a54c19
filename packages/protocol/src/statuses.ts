/** Payment statuses as MixPay's payments_result reports them (reference §3.3, §6.1). */
export const PAYMENT_STATUSES = ["unpaid", "pending", "failed", "auditing", "success"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Refund of an overpaid surplus to the payer. */
export const SURPLUS_STATUSES = ["no", "pending", "sending", "success"] as const;
export type SurplusStatus = (typeof SURPLUS_STATUSES)[number];

export const SETTLE_STATUSES = ["pending", "success"] as const;
export type SettleStatus = (typeof SETTLE_STATUSES)[number];

/** `success` and `fail` are always sent; the others only when listed in `callbackEvent`. */
export const CALLBACK_EVENTS = ["success", "fail", "settle", "pending", "paid_less"] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];
export const OPT_IN_CALLBACK_EVENTS = ["settle", "pending", "paid_less"] as const;
export type OptInCallbackEvent = (typeof OPT_IN_CALLBACK_EVENTS)[number];

export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return typeof value === "string" && (PAYMENT_STATUSES as readonly string[]).includes(value);
}
