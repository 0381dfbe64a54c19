/**
 * Payment statuses as MixPay's payments_result reports them. For payments created on or after MixPay's
 * 2026-08-13 release there are seven; only `success` and `failed` are final, and any other status can still
 * become either. A status this list does not know is not success: never fulfil on it.
 *
 * - `confirming`: transactions seen, confirmations not reached (amount may be below, equal or above).
 * - `paid_less`: the confirmed amount is below `payableAmount`; the payer may pay the rest before the deadline.
 * - `pending`: fully paid and confirmed, MixPay still processing. Never merchant payment success.
 * - `auditing`: risk, compliance or manual review.
 */
export const PAYMENT_STATUSES = [
  "unpaid",
  "confirming",
  "paid_less",
  "pending",
  "auditing",
  "success",
  "failed",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The statuses MixPay never changes again. */
export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ["success", "failed"];

/** The five statuses of payments created before MixPay's 2026-08-13 release. */
export const LEGACY_PAYMENT_STATUSES: readonly PaymentStatus[] = ["unpaid", "pending", "auditing", "success", "failed"];

/** Refund of an overpaid surplus to the payer (`expired` since the 2026-08-13 release). */
export const SURPLUS_STATUSES = ["no", "pending", "sending", "success", "expired"] as const;
export type SurplusStatus = (typeof SURPLUS_STATUSES)[number];

export const SETTLE_STATUSES = ["pending", "success"] as const;
export type SettleStatus = (typeof SETTLE_STATUSES)[number];

/**
 * `success` and `fail` are always sent; the others only when listed in `callbackEvent`. Since the 2026-08-13
 * release `pending` is sent for both `confirming` and `pending` results, and `paid_less` for `paid_less`.
 */
export const CALLBACK_EVENTS = ["success", "fail", "settle", "pending", "paid_less"] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];
export const OPT_IN_CALLBACK_EVENTS = ["settle", "pending", "paid_less"] as const;
export type OptInCallbackEvent = (typeof OPT_IN_CALLBACK_EVENTS)[number];

export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return typeof value === "string" && (PAYMENT_STATUSES as readonly string[]).includes(value);
}

export function isFinalPaymentStatus(value: unknown): boolean {
  return typeof value === "string" && (FINAL_PAYMENT_STATUSES as readonly string[]).includes(value);
}

/**
 * The eight outcomes a verified MixPay result is mapped onto (core's verifyPaymentResult): what the plugin records
 * and every screen shows. One list for the verifier and the tills.
 */
export const VERIFIED_STATUSES = [
  "unpaid",
  "processing",
  "paid",
  "underpaid",
  "failed",
  "expired",
  "cancelled",
  "review",
] as const;
export type VerifiedStatus = (typeof VERIFIED_STATUSES)[number];
