import { countdown, parseInstant } from "./countdown";
import { formatAmount, isPositiveDecimal } from "./money";
import type { StatusDisplay } from "./status";

/**
 * A sale the cashier cancelled. MixPay documents no cancellation endpoint, so its QR code stays payable at MixPay
 * until MixPay's deadline: the till takes the QR code and the countdown down at once, but keeps watching the trace
 * until the deadline plus a margin. A payment that still arrives is recorded by the server (`cancelled: true`,
 * never made into an order on its own) and the till raises an alert saying what arrived and what to do.
 */

/** How long past MixPay's deadline a cancelled sale is still watched (MixPay may confirm a payment it has seen). */
export const CANCEL_WATCH_MARGIN_MS = 15 * 60_000;
/** Without a known deadline, a cancelled sale is watched this long after Cancel. */
export const CANCEL_WATCH_FALLBACK_MS = 2 * 3600_000;

/** What these decisions read of a sale (the store's payment view and the admin terminal's sale alike). */
export interface CancelledSaleLike {
  trace_id?: string | null;
  status: string;
  cancelled?: boolean | null;
  completed?: boolean | null;
  expires_at?: string | null;
  amount?: string | null;
  currency_code?: string | null;
  paid_amount?: string | null;
  paid_symbol?: string | null;
}

/** "3f2a9c1e…7b21": enough of a trace id to find it in the admin, short enough for a receipt or an alert. */
export function shortTraceId(traceId: string | null | undefined): string {
  if (!traceId) return "—";
  return traceId.length > 14 ? `${traceId.slice(0, 8)}…${traceId.slice(-4)}` : traceId;
}

/** Whether a cancelled sale has money arriving or arrived: MixPay is confirming it, or it is paid or underpaid. */
export function hasPaymentAfterCancel(sale: CancelledSaleLike): boolean {
  if (!sale.cancelled || sale.completed) return false;
  if (sale.status === "paid" || sale.status === "underpaid" || sale.status === "processing") return true;
  return isPositiveDecimal(sale.paid_amount);
}

/** Until when a cancelled sale is watched: MixPay's deadline plus the margin (or a fallback after Cancel). */
export function cancelledWatchUntil(expiresAt: string | null | undefined, cancelledAt: number): number {
  const deadline = parseInstant(expiresAt);
  return deadline === null ? cancelledAt + CANCEL_WATCH_FALLBACK_MS : deadline + CANCEL_WATCH_MARGIN_MS;
}

/**
 * Whether watching a cancelled sale can stop: the order was made after all, its outcome is final (paid, failed,
 * expired: nothing more can arrive), or the watch window is over. Confirming or underpaid keep it watched.
 */
export function isCancelledWatchDone(sale: CancelledSaleLike, now: number, until: number): boolean {
  if (sale.completed) return true;
  if (sale.status === "paid" || sale.status === "failed" || sale.status === "expired") return true;
  return now > until;
}

/** What the till says when Cancel is refused because the customer had already paid (HTTP 409). */
export const CANCEL_REFUSED_PAID_TEXT =
  "The customer had already paid, so this sale cannot be cancelled: it completes as paid. Refund them if they do not want it.";

/** A payment that arrived after Cancel, in words: the till shows it as an alert (role=alert) until dismissed. */
export interface LatePaymentAlert {
  /** "Payment after Cancel" / "A payment is being confirmed after Cancel". */
  title: string;
  /** What arrived, for which sale, and that no order was made. */
  arrived: string;
  /** What the merchant does: the admin's MixPay payments, "Make the order" or refund. */
  action: string;
}

const LATE_ACTION =
  'Do not hand over the goods from this till. In the admin, open MixPay payments → "Needs attention": choose "Make the order" if the customer gets the goods after all, or refund the customer.';

/** The alert for a cancelled sale that money arrived on; null when nothing arrived (or the order was made). */
export function latePaymentAlert(sale: CancelledSaleLike): LatePaymentAlert | null {
  if (!hasPaymentAfterCancel(sale)) return null;
  const forSale = `the cancelled sale of ${formatAmount(sale.amount, sale.currency_code)} (trace ${shortTraceId(sale.trace_id)})`;
  const money = isPositiveDecimal(sale.paid_amount) ? formatAmount(sale.paid_amount, sale.paid_symbol) : null;
  if (sale.status === "processing") {
    return {
      title: "A payment is being confirmed after Cancel",
      arrived: `The customer paid ${forSale}${money ? ` (${money})` : ""}; MixPay is confirming it. No order was made.`,
      action: LATE_ACTION,
    };
  }
  const what =
    sale.status === "underpaid"
      ? `Part of the amount arrived${money ? ` (${money})` : ""}`
      : `${money ?? "The full amount"} arrived`;
  return {
    title: "Payment after Cancel",
    arrived: `${what} for ${forSale}. No order was made.`,
    action: LATE_ACTION,
  };
}

/** The cancelled sale's badge and guidance (its QR code is down; the till keeps watching it). */
export function cancelledDisplay(sale: CancelledSaleLike, now: number): Omit<StatusDisplay, "status"> {
  if (hasPaymentAfterCancel(sale)) {
    return {
      label: "Paid after Cancel",
      color: "orange",
      tone: "problem",
      final: false,
      guidance: LATE_ACTION,
    };
  }
  const c = countdown(sale.expires_at, now);
  const until = c && !c.expired ? ` for another ${c.label}` : "";
  return {
    label: "Cancelled",
    color: "grey",
    tone: "ended",
    final: true,
    guidance: `Sale cancelled. MixPay cannot void its QR code, which stays payable at MixPay${until}: this till keeps watching it and raises an alert if the customer pays anyway.`,
  };
}
