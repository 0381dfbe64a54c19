import { cancelledDisplay, type LatePaymentAlert, latePaymentAlert } from "./cancelled-sale";
import { countdown, deadlineLabel } from "./countdown";
import { formatAmount } from "./money";
import { type SaleLike, type SalePhase, salePhase } from "./sale-phase";
import {
  afterDeadlineText,
  confirmationsText,
  moneyArrivedText,
  type PaymentDisplay,
  paymentDisplay,
  underpaidLines,
} from "./status";

/** What both tills read of a sale to draw it (the admin terminal's answer and the store's payment view alike). */
export interface SaleViewInput extends SaleLike {
  amount?: string | null;
  currency_code?: string | null;
  quote_amount?: string | null;
  quote_asset_id?: string | null;
  sale_share?: { paid: string; due: string } | null;
  payable_amount?: string | null;
  shortfall_amount?: string | null;
  shortfall_symbol?: string | null;
  reason?: string | null;
  failure_code?: string | null;
}

/**
 * A sale as a till's screen shows it, decided once for every view: which phase, whether the QR code and the
 * countdown are up, and every sentence on screen. A view only draws this.
 */
export interface SaleView {
  phase: SalePhase;
  display: PaymentDisplay;
  /** "6.30 USD": the sale's amount in its currency (the quote when the server sent no sale amount). */
  amountText: string;
  /**
   * The QR code is for paying: shown while nothing (or too little) has been paid before the deadline. Never once
   * MixPay is confirming a payment it has seen (no paying twice), past the deadline, under review, or ended.
   */
  showQr: boolean;
  /** The countdown runs while the sale is open; an ended or paid sale has none. */
  showCountdown: boolean;
  /** "12:34", or at zero what the status means ("Checking confirmations", "Deadline passed"); null without one. */
  countdownText: string | null;
  /** MixPay's deadline for paying has passed (the sale may still complete: only MixPay's final answer ends it). */
  deadlinePassed: boolean;
  /** "Confirming… 2 confirmations" while MixPay counts them. */
  confirmations: string | null;
  /** An open underpayment: "Paid X of Y, Z still due" in the sale's currency and in the crypto asset. */
  underpaid: { sale: string | null; crypto: string | null } | null;
  /** An ended sale: whether money arrived, and MixPay's reason. */
  ended: { moneyArrived: string; reason: string | null } | null;
  /** What the cashier does next. */
  guidance: string;
  /** A cancelled sale that money arrived on: what arrived, that no order was made, what to do (role=alert). */
  latePayment: LatePaymentAlert | null;
  /** An ended sale can be tried again: a fresh payment (new trace) for the same sale. */
  canRetry: boolean;
}

export function saleView(sale: SaleViewInput, now: number): SaleView {
  const phase = salePhase(sale, now);
  const display =
    phase === "cancelled"
      ? { status: "cancelled" as const, ...cancelledDisplay(sale, now), refundDue: false }
      : paymentDisplay(sale);
  const open = phase === "waiting" || phase === "attention" || phase === "expiring";
  const clock = open ? countdown(sale.expires_at, now) : null;
  const lines = sale.status === "underpaid" && phase !== "ended" ? underpaidLines(sale) : null;
  return {
    phase,
    display,
    amountText: formatAmount(sale.amount ?? sale.quote_amount, sale.currency_code ?? sale.quote_asset_id),
    showQr:
      (phase === "waiting" && sale.status !== "processing") || (phase === "attention" && sale.status === "underpaid"),
    showCountdown: clock !== null,
    countdownText: clock ? deadlineLabel(clock, sale.status) : null,
    deadlinePassed: countdown(sale.expires_at, now)?.expired ?? false,
    confirmations: phase === "cancelled" ? null : confirmationsText(sale),
    underpaid: lines && (lines.sale || lines.crypto) ? lines : null,
    ended:
      phase === "ended"
        ? {
            moneyArrived: moneyArrivedText(sale),
            reason: sale.reason
              ? `${sale.reason}${sale.failure_code ? ` (MixPay code ${sale.failure_code})` : ""}`
              : null,
          }
        : null,
    guidance: phase === "expiring" ? afterDeadlineText(sale.status) : display.guidance,
    latePayment: phase === "cancelled" ? latePaymentAlert(sale) : null,
    canRetry: phase === "ended",
  };
}
