/**
 * The one map from a MixPay payment status (as the plugin's verification reports it) to what a person sees:
 * label, badge colour, whether it can still change, and what to do about it. Every component takes its
 * wording and colour from here.
 */

import { VERIFIED_STATUSES, type VerifiedStatus } from "@mixpay-pos/protocol";
import {
  formatAmount,
  isPositiveDecimal,
  type ShareAmounts,
  type UnderpaymentLike,
  underpaymentAmounts,
} from "./money";

/** The verified statuses a till shows (protocol's one list, the verifier's outcomes). */
export const MIXPAY_STATUSES = VERIFIED_STATUSES;
export type MixpayStatus = VerifiedStatus;

/** The colours @medusajs/ui's StatusBadge knows. */
export type StatusColor = "green" | "red" | "blue" | "orange" | "grey" | "purple";

/**
 * waiting: nothing to do yet; success: done; problem: someone has to act (underpaid, review, refund due);
 * ended: over, and no money arrived for it.
 */
export type StatusTone = "waiting" | "success" | "problem" | "ended";

export interface StatusDisplay {
  status: MixpayStatus | "unknown";
  label: string;
  color: StatusColor;
  tone: StatusTone;
  /** Whether this status normally ends the payment (the server's `final` flag wins where it is known). */
  final: boolean;
  /** One sentence for the merchant or cashier: what this means and what to do. */
  guidance: string;
}

const DISPLAY: Record<MixpayStatus, Omit<StatusDisplay, "status">> = {
  unpaid: {
    label: "Waiting for payment",
    color: "blue",
    tone: "waiting",
    final: false,
    guidance: "The customer has not paid yet. Ask them to scan the QR code with their wallet before the deadline.",
  },
  processing: {
    label: "Confirming",
    color: "blue",
    tone: "waiting",
    final: false,
    guidance:
      "MixPay has seen the payment and is waiting for its confirmations. Keep this screen open: the sale completes by itself, even if the countdown ends first.",
  },
  paid: {
    label: "Paid",
    color: "green",
    tone: "success",
    final: true,
    guidance: "The payment is verified and settled to the merchant. Hand over the goods.",
  },
  underpaid: {
    label: "Underpaid",
    color: "orange",
    tone: "problem",
    final: false,
    guidance:
      "The customer paid less than asked. Ask them to pay the rest with the same QR code before the deadline; the sale completes by itself once it is covered.",
  },
  failed: {
    label: "Failed",
    color: "red",
    tone: "ended",
    final: true,
    guidance:
      "MixPay ended this payment without completing the sale, and no money arrived for it. Start a new sale if the customer still wants to pay.",
  },
  expired: {
    label: "Expired",
    color: "grey",
    tone: "ended",
    final: true,
    guidance:
      "MixPay's payment deadline passed and no money arrived for it. Start a new sale if the customer still wants to pay.",
  },
  cancelled: {
    label: "Cancelled",
    color: "grey",
    tone: "ended",
    final: true,
    guidance:
      "The payment was cancelled and no money arrived for it. Start a new sale if the customer still wants to pay.",
  },
  review: {
    label: "Needs review",
    color: "purple",
    tone: "problem",
    final: false,
    guidance:
      "MixPay is reviewing this payment, or reports one that does not match what was asked. It is never accepted automatically: do not hand over the goods until it shows Paid.",
  },
};

/** A payment that ended with money in it: shown instead of its status (the status stays in `data-status`). */
export const REFUND_DUE_DISPLAY: Omit<StatusDisplay, "status"> = {
  label: "Refund due",
  color: "red",
  tone: "problem",
  final: true,
  guidance:
    "Money arrived but this sale will not complete: do not hand over the goods. MixPay holds the money and returns it on request: give the customer the trace id and ask them to contact MixPay support.",
};

export function isMixpayStatus(value: unknown): value is MixpayStatus {
  return typeof value === "string" && (MIXPAY_STATUSES as readonly string[]).includes(value);
}

/** Label, colour, tone and guidance for a status; anything unknown is shown as such, in grey, never as paid. */
export function statusDisplay(status: string | null | undefined): StatusDisplay {
  if (isMixpayStatus(status)) return { status, ...DISPLAY[status] };
  return {
    status: "unknown",
    label: status ? `Unknown (${status})` : "Unknown",
    color: "grey",
    tone: "waiting",
    final: false,
    guidance: "This status is not known to this version of the admin. Re-check the payment.",
  };
}

/** Attention flags the plugin sets on a payment, in words. */
const ATTENTION: Record<string, string> = {
  refund_due: "Refund due: money arrived but the sale will not complete; the customer must get it back.",
  late_payment: "Paid after it expired: check the order before handing over goods.",
  underpaid: "Underpaid: the customer still owes the difference.",
  review: "Needs review: MixPay's answer does not match what was asked.",
  paid_after_cancel:
    'Paid after the sale was cancelled or replaced: no order was created. Choose "Make the order" if the customer gets the goods after all, or refund the customer.',
};

export function attentionText(flag: string | null | undefined): string | null {
  if (!flag) return null;
  return ATTENTION[flag] ?? `Flagged: ${flag}`;
}

// ---- a payment as the server answers it ----------------------------------------------------------------------

/** What the wording below reads of a payment (store view, terminal sale or admin view; old servers omit fields). */
export interface PaymentLike {
  status: string;
  final?: boolean | null;
  next_step?: string | null;
  refund_due?: boolean | null;
  paid_amount?: string | null;
  paid_symbol?: string | null;
  confirmations?: number | null;
}

const ENDED_STATUSES: readonly string[] = ["failed", "expired", "cancelled"];

/**
 * Whether money arrived on a payment that will not complete. The server's `refund_due` decides; an older server
 * that does not send it is read from the payment: ended (failed, expired, cancelled) with an amount received.
 */
export function isRefundDue(p: PaymentLike): boolean {
  if (typeof p.refund_due === "boolean") return p.refund_due;
  return ENDED_STATUSES.includes(p.status) && isPositiveDecimal(p.paid_amount);
}

/** Whether the payment is over without a sale: failed, expired, cancelled, or refund due. */
export function isPaymentEnded(p: PaymentLike): boolean {
  return ENDED_STATUSES.includes(p.status) || isRefundDue(p);
}

export interface PaymentDisplay extends StatusDisplay {
  refundDue: boolean;
}

/**
 * A payment's label, colour, tone and guidance: the status's, except that refund due overrides the label
 * ("Refund due", a problem), and the server's `next_step` is the guidance whenever it sent one.
 */
export function paymentDisplay(p: PaymentLike): PaymentDisplay {
  const base = statusDisplay(p.status);
  const refundDue = isRefundDue(p);
  const d = refundDue ? { ...base, ...REFUND_DUE_DISPLAY } : base;
  const nextStep = p.next_step?.trim();
  return { ...d, guidance: nextStep || d.guidance, refundDue };
}

/**
 * Whether money arrived, for an ended payment: "Received 10 USDT; it is owed back to the customer." or
 * "No money arrived for this payment."
 */
export function moneyArrivedText(p: PaymentLike): string {
  if (isRefundDue(p)) {
    return isPositiveDecimal(p.paid_amount)
      ? `Received ${formatAmount(p.paid_amount, p.paid_symbol)}; it is owed back to the customer.`
      : "Money arrived for this payment; it is owed back to the customer.";
  }
  return "No money arrived for this payment.";
}

/** "Refund due: 10 USDT arrived, but this sale will not complete (MixPay code 40024)." */
export function refundDueText(p: PaymentLike & { failure_code?: string | null }): string {
  const arrived = isPositiveDecimal(p.paid_amount)
    ? `${formatAmount(p.paid_amount, p.paid_symbol)} arrived`
    : "Money arrived";
  const code = p.failure_code ? ` (MixPay code ${p.failure_code})` : "";
  return `Refund due: ${arrived}, but this sale will not complete${code}.`;
}

/** "Confirming… 2 confirmations" while MixPay counts them; null when not confirming or not known. */
export function confirmationsText(p: PaymentLike): string | null {
  if (p.status !== "processing" || typeof p.confirmations !== "number") return null;
  const n = p.confirmations;
  return `Confirming… ${n} confirmation${n === 1 ? "" : "s"}`;
}

/**
 * What a screen says once MixPay's deadline has passed but the payment is not final yet. A countdown reaching
 * zero does not mean the payment failed: MixPay may still confirm a full payment after it, and only its own
 * final answer (paid, failed, expired, cancelled) ends the sale.
 */
export function afterDeadlineText(status: string): string {
  if (status === "processing") {
    return "MixPay's deadline has passed, but it can still confirm a payment it has seen: checking confirmations. Keep this screen open and do not take another payment.";
  }
  if (status === "underpaid") {
    return "MixPay's deadline has passed with part of the amount paid; the rest can no longer be paid with this QR code. Waiting for MixPay's final answer: if the sale fails, the money that arrived is owed back to the customer.";
  }
  return "MixPay's deadline has passed. Waiting for MixPay's final answer before this sale is closed; do not take another payment for it yet.";
}

/** "Paid 10.00 USD of 12.50 USD, 2.50 USD still due" (parts the server did not send are left out). */
export function shareText(a: ShareAmounts): string {
  return `Paid ${a.paid}${a.total ? ` of ${a.total}` : ""}${a.due ? `, ${a.due} still due` : ""}`;
}

/** An underpayment in words, in the sale's currency and in the crypto asset; null for a side the server omits. */
export function underpaidLines(p: UnderpaymentLike): { sale: string | null; crypto: string | null } {
  const { sale, crypto } = underpaymentAmounts(p);
  return { sale: sale ? shareText(sale) : null, crypto: crypto ? shareText(crypto) : null };
}
