/**
 * The one map from a MixPay payment status (as the plugin's verification reports it) to what a person sees:
 * label, badge colour, whether it can still change, and what to do about it. Every component takes its
 * wording and colour from here.
 */

export const MIXPAY_STATUSES = ["unpaid", "processing", "paid", "underpaid", "failed", "expired", "review"] as const;
export type MixpayStatus = (typeof MIXPAY_STATUSES)[number];

/** The colours @medusajs/ui's StatusBadge knows. */
export type StatusColor = "green" | "red" | "blue" | "orange" | "grey" | "purple";

/** waiting: nothing to do yet; success: done; problem: someone has to act; ended: over, nothing was paid. */
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
    guidance: "The customer has not paid yet. Ask them to scan the QR code with their wallet.",
  },
  processing: {
    label: "Confirming",
    color: "blue",
    tone: "waiting",
    final: false,
    guidance: "MixPay has seen the payment and is waiting for confirmations. Keep this screen open.",
  },
  paid: {
    label: "Paid",
    color: "green",
    tone: "success",
    final: true,
    guidance: "The payment is verified and settled to the merchant.",
  },
  underpaid: {
    label: "Underpaid",
    color: "orange",
    tone: "problem",
    final: false,
    guidance:
      "The customer paid less than asked. Ask them to pay the rest with the same QR code before it expires; the sale completes by itself once it is covered.",
  },
  failed: {
    label: "Failed",
    color: "red",
    tone: "ended",
    final: true,
    guidance:
      "MixPay refused the payment (wrong asset or amount). Nothing was charged to this sale: start a new sale and ask the customer to pay again.",
  },
  expired: {
    label: "Expired",
    color: "grey",
    tone: "ended",
    final: true,
    guidance:
      "The payment window closed before the customer paid. Start a new sale; if the customer says they paid, re-check it in the order's MixPay panel.",
  },
  review: {
    label: "Needs review",
    color: "purple",
    tone: "problem",
    final: false,
    guidance:
      "MixPay reports a payment that does not match what was asked (payee, asset or amount). It is never accepted automatically: check it in MixPay's dashboard before handing over goods.",
  },
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
  late_payment: "Paid after it expired: check the order before handing over goods.",
  underpaid: "Underpaid: the customer still owes the difference.",
  review: "Needs review: MixPay's answer does not match what was asked.",
  paid_after_cancel:
    "Paid after the sale was canceled or replaced: no order was created; refund the customer by hand or settle it with them.",
};

export function attentionText(flag: string | null | undefined): string | null {
  if (!flag) return null;
  return ATTENTION[flag] ?? `Flagged: ${flag}`;
}
