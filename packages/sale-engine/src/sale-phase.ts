import { isSaleSettled as isSettledByServer } from "@mixpay-pos/protocol";
import { countdown } from "./countdown";
import { isMixpayStatus, isPaymentEnded, type PaymentLike } from "./status";

/**
 * Where a terminal sale stands, from the server's answer and the clock: what the cashier's screen shows.
 * - waiting: show the QR code and the countdown;
 * - completing: paid and verified, the order is being created (keep polling);
 * - paid: receipt;
 * - attention: underpaid or needs review before the deadline — the sale is still open (the QR code stays: an
 *   underpaying customer pays the rest with it), the cashier must act;
 * - expiring: MixPay's deadline has passed but MixPay has not given its final answer (a payment it has seen may
 *   still be confirmed): no QR code, "Checking confirmations" / "Deadline passed", keep polling — never "Expired";
 * - ended: failed, expired, cancelled, or refund due — no QR code, no countdown; say whether money arrived;
 * - cancelled: the cashier cancelled it (`cancelled: true`) — no QR code, no countdown at once; the till keeps
 *   watching it until MixPay's deadline, and a payment that still arrives is an alert (`latePaymentAlert`).
 */
export type SalePhase = "waiting" | "completing" | "paid" | "attention" | "ended" | "expiring" | "cancelled";

export interface SaleLike extends PaymentLike {
  completed?: boolean | null;
  expires_at?: string | null;
  /** Cancelled at the till (MixPay cannot void its QR code: a payment may still arrive, never made an order). */
  cancelled?: boolean | null;
}

export function salePhase(sale: SaleLike, now: number): SalePhase {
  const status = isMixpayStatus(sale.status) ? sale.status : "unpaid";
  if (sale.cancelled && !sale.completed) return "cancelled";
  if (status === "paid") return sale.completed ? "paid" : "completing";
  if (isPaymentEnded({ ...sale, status })) return "ended";
  if (status === "review") return "attention";
  const c = countdown(sale.expires_at, now);
  if (c?.expired) return "expiring";
  return status === "underpaid" ? "attention" : "waiting";
}

/**
 * Whether watching can stop: the protocol's rule, the one the server ends its streams by (paid with its order;
 * failed, expired or cancelled; any other status the server calls final), and never for a status this version does
 * not know (keep watching, as the status table says). A sale cancelled at the till is settled for its sale screen:
 * the till watches it on in the background (`watchCancelledSales`, `isCancelledWatchDone`).
 */
export function isSaleSettled(sale: SaleLike): boolean {
  if (sale.cancelled && !sale.completed) return true;
  return isMixpayStatus(sale.status) && isSettledByServer(sale);
}
