import { PaymentSessionStatus } from "@medusajs/framework/utils";
import type { VerifiedStatus } from "@mixpay-pos/core";

/**
 * The one mapping from a verified MixPay outcome (core `verifyPaymentResult`) to Medusa's payment session
 * status. MixPay settles at once, so "paid" is "captured": Medusa creates the payment and its capture.
 * Nothing that is not verified paid ever becomes captured.
 */
export const SESSION_STATUS: Readonly<Record<VerifiedStatus, PaymentSessionStatus>> = Object.freeze({
  unpaid: PaymentSessionStatus.PENDING,
  processing: PaymentSessionStatus.PENDING,
  review: PaymentSessionStatus.PENDING,
  underpaid: PaymentSessionStatus.REQUIRES_MORE,
  paid: PaymentSessionStatus.CAPTURED,
  failed: PaymentSessionStatus.ERROR,
  expired: PaymentSessionStatus.CANCELED,
  cancelled: PaymentSessionStatus.CANCELED,
});

export function toSessionStatus(status: string): PaymentSessionStatus {
  return (SESSION_STATUS as Record<string, PaymentSessionStatus>)[status] ?? PaymentSessionStatus.PENDING;
}
