import { formatAmount, isPositiveDecimal } from "./money";
import type { SalePhase } from "./sale-phase";
import { type SaleView, type SaleViewInput, saleView } from "./sale-view";
import type { StatusTone } from "./status";

/**
 * What an online checkout shows the customer who is paying: the same decisions as a till's `saleView` (phase, QR
 * code, countdown, amounts, from the same server answer), told to the customer instead of the cashier, with the one
 * thing the page may do next. A storefront component only draws this.
 */

export interface CheckoutViewInput extends SaleViewInput {
  trace_id?: string | null;
}

export interface CheckoutView {
  phase: SalePhase;
  tone: StatusTone;
  /** "6.30 USD": the order's amount in its currency. */
  amountText: string;
  showQr: boolean;
  showCountdown: boolean;
  /** "Time left 14:59", or past the deadline what the status means ("Checking confirmations", "Deadline passed"). */
  countdownText: string | null;
  /** One short line: "Scan to pay", "Paid", "The payment expired". */
  title: string;
  /** What it means for the customer and what to do. */
  message: string;
  /** "Paid 3.00 USD of 6.30 USD, 3.30 USD still due", and the same in the crypto asset. */
  underpaid: { sale: string | null; crypto: string | null } | null;
  /** Money arrived but no order will be made from it: what arrived ("3 USDT"), for the refund sentence. */
  arrived: string | null;
  /** The customer's reference for the shop or MixPay support (the trace id), where they may need it. */
  reference: string | null;
  /** Nothing has arrived and the deadline has not passed: the customer may cancel (to pay another way). */
  canCancel: boolean;
  /** Ended or cancelled: a fresh payment (new QR code) for the same cart. */
  canRetry: boolean;
  /** MixPay's payment is verified: the storefront places the order now (the server may have made it already). */
  placeOrder: boolean;
}

interface Words {
  title: string;
  message: string;
}

const SCAN: Words = {
  title: "Scan to pay",
  message:
    "Scan the QR code with your crypto wallet, or open the payment link on this device. This page updates by itself once your payment arrives.",
};
const CONFIRMING: Words = {
  title: "Payment seen, confirming",
  message:
    "MixPay has seen your payment and is waiting for the network to confirm it. Keep this page open: your order is placed by itself. Do not pay again.",
};
const UNDERPAID: Words = {
  title: "Part of the amount is still due",
  message:
    "Pay the rest with the same QR code before the time runs out. Your order is placed once the whole amount has arrived.",
};
const REVIEW: Words = {
  title: "Your payment is being checked",
  message:
    "MixPay is checking this payment. Keep this page open and do not pay again; no order is placed until it is confirmed.",
};
const PAST_DEADLINE: Record<"processing" | "other", Words> = {
  processing: {
    title: "Confirming your payment",
    message:
      "The time to pay has passed, but MixPay can still confirm the payment it has seen. Keep this page open and do not pay again.",
  },
  other: {
    title: "Time is up",
    message:
      "The time to pay has passed. Checking with MixPay whether a payment arrived: do not pay with this QR code any more.",
  },
};
const COMPLETING: Words = { title: "Paid", message: "Your payment is confirmed. Placing your order…" };
const PAID: Words = { title: "Paid", message: "Your payment is confirmed and your order is placed." };
const ENDED: Record<"expired" | "failed" | "cancelled", Words> = {
  expired: {
    title: "The payment expired",
    message: "The time to pay ran out and nothing was charged. Start a new payment to pay for this order.",
  },
  failed: {
    title: "The payment did not go through",
    message: "MixPay ended this payment and nothing was charged. Start a new payment to pay for this order.",
  },
  cancelled: {
    title: "The payment was cancelled",
    message: "Nothing was charged. Start a new payment to pay for this order.",
  },
};
const CANCELLED: Words = {
  title: "Payment cancelled",
  message:
    "No order was placed. If you sent money with that QR code anyway, it is not lost: contact the shop with the reference below.",
};

function refundWords(arrived: string | null): Words {
  return {
    title: "This payment cannot complete your order",
    message: `${arrived ? `${arrived} arrived` : "Money arrived"}, but not in time to complete this order, so no order was placed. MixPay holds the money and returns it on request: contact MixPay support with the reference below. You can start a new payment for this order.`,
  };
}

function latePaymentWords(arrived: string | null): Words {
  return {
    title: "A payment arrived after you cancelled",
    message: `${arrived ? `${arrived} arrived` : "Money arrived"} after this payment was cancelled, so no order was placed yet. The shop will place your order or refund you: contact them with the reference below.`,
  };
}

function wordsFor(sale: CheckoutViewInput, v: SaleView): Words {
  const arrived = arrivedText(sale);
  switch (v.phase) {
    case "completing":
      return COMPLETING;
    case "paid":
      return PAID;
    case "cancelled":
      return v.latePayment ? latePaymentWords(arrived) : CANCELLED;
    case "ended":
      if (v.display.refundDue) return refundWords(arrived);
      return sale.status === "failed" || sale.status === "cancelled" ? ENDED[sale.status] : ENDED.expired;
    case "expiring":
      return sale.status === "processing" ? PAST_DEADLINE.processing : PAST_DEADLINE.other;
    case "attention":
      return sale.status === "review" ? REVIEW : UNDERPAID;
    default:
      return sale.status === "processing" ? CONFIRMING : SCAN;
  }
}

function arrivedText(sale: CheckoutViewInput): string | null {
  return isPositiveDecimal(sale.paid_amount) ? formatAmount(sale.paid_amount, sale.paid_symbol) : null;
}

export function checkoutView(sale: CheckoutViewInput, now: number): CheckoutView {
  const v = saleView(sale, now);
  const words = wordsFor(sale, v);
  const tone: StatusTone =
    v.phase === "paid" || v.phase === "completing"
      ? "success"
      : v.phase === "cancelled"
        ? v.latePayment
          ? "problem"
          : "ended"
        : v.display.tone;
  const needsReference =
    v.display.refundDue || v.phase === "cancelled" || (v.phase === "attention" && sale.status === "review");
  return {
    phase: v.phase,
    tone,
    amountText: v.amountText,
    showQr: v.showQr,
    showCountdown: v.showCountdown,
    countdownText: v.countdownText && !v.deadlinePassed ? `Time left ${v.countdownText}` : v.countdownText,
    title: words.title,
    message: words.message,
    underpaid: v.underpaid,
    arrived: v.display.refundDue || v.latePayment ? arrivedText(sale) : null,
    reference: needsReference ? (sale.trace_id ?? null) : null,
    canCancel: v.phase === "waiting" && sale.status === "unpaid" && !isPositiveDecimal(sale.paid_amount),
    canRetry: v.phase === "ended" || (v.phase === "cancelled" && !v.latePayment),
    placeOrder: v.phase === "completing" || v.phase === "paid",
  };
}
