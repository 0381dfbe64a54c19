import {
  type DecimalValue,
  FAILURE_CODES,
  FAILURE_REASONS,
  normalizeUuid,
  type PaymentResult,
  parseDecimal,
  toDecimalString,
  type VerifiedStatus,
} from "@mixpay-pos/protocol";

/**
 * The one place that decides what a MixPay payments_result means for a sale.
 *
 * MixPay's lifecycle since its 2026-08-13 release has seven statuses (`unpaid`, `confirming`, `paid_less`,
 * `pending`, `auditing`, `success`, `failed`); only `success` and `failed` are final. A sale needs: has the
 * customer paid exactly what was asked, to this merchant? And when not, did money arrive that must go back?
 * This module maps every result onto eight outcomes, refuses `paid` unless the payee, quote asset and quote
 * amount (and the trace id, when given) match what was asked for, and says in one plain sentence what the
 * merchant does next. The callback body and the pay link can be forged or edited, so nothing else may mark a
 * payment paid.
 */

/** The outcomes (protocol's VERIFIED_STATUSES), re-exported for the modules here that name them. */
export type { VerifiedStatus };

/** What was asked of the payer, as recorded when the payment was created. */
export interface ExpectedPayment {
  payeeId: string;
  quoteAssetId: string;
  quoteAmount: string | number;
  /** When given, a result for another trace is refused. */
  traceId?: string;
}

export type MismatchField = "payeeId" | "quoteAssetId" | "quoteAmount" | "traceId";

export interface Mismatch {
  field: MismatchField;
  expected: string;
  actual: string;
}

export interface Verification {
  status: VerifiedStatus;
  /** MixPay will not change this result any more (success or failed). */
  final: boolean;
  /** One sentence for logs, the admin and the cashier: what happened. */
  reason: string;
  /** One sentence for the merchant: what to do next. */
  nextStep: string;
  /** MixPay's own status word, kept for the record. */
  reported: string;
  /** Fields that differ from what was asked (only checked for a reported success). */
  mismatches: Mismatch[];
  /**
   * Money arrived but the sale will not complete (a failed or cancelled payment that was paid into): it is owed
   * back to the customer. `received` says how much.
   */
  refundDue: boolean;
  /** What MixPay recognised as paid (its top-level paymentAmount, in `receivedSymbol`), when anything. */
  received?: string;
  receivedSymbol?: string;
  /** What the whole payment costs in the payment asset (`payableAmount`), when MixPay says. */
  payable?: string;
  /** What the payer still owes when underpaid, in the payment asset (`shortfallSymbol`). */
  shortfall?: string;
  shortfallSymbol?: string;
  /** Overpaid surplus MixPay refunds to the payer, when any. */
  surplus?: string;
  /** Confirmations counted so far while MixPay is confirming. */
  confirmations?: number;
  /** MixPay's fixed payment deadline (`expiredAt`), unix ms. A processing payment may outlive it. */
  deadlineMs?: number;
  failureCode?: string;
  failureReason?: string;
}

/** Failure codes that mean the customer sent money, whatever `paymentAmount` says. */
const PAID_INTO_FAILURES: readonly string[] = [FAILURE_CODES.WRONG_ASSET, FAILURE_CODES.INSUFFICIENT_AMOUNT];

const REFUND_STEP =
  "Do not hand over the goods. MixPay holds this money and returns it on request: give the customer the trace id and ask them to contact MixPay support (customer@mixpay.me) for a refund; Mixin wallet payments come back automatically.";

function normalizeAssetId(value: string): string {
  return value.trim().toLowerCase();
}

function sameAmount(expected: string | number, actual: string): boolean {
  const a = parseDecimal(expected);
  const b = parseDecimal(actual);
  return a !== null && b !== null && a.isEqualTo(b);
}

function positive(value: string | undefined): DecimalValue | undefined {
  const d = parseDecimal(value ?? "");
  return d?.isGreaterThan(0) ? d : undefined;
}

/** Compares the result with what was asked; a field that cannot be read counts as a mismatch. */
export function findMismatches(result: PaymentResult, expected: ExpectedPayment): Mismatch[] {
  const out: Mismatch[] = [];
  if (normalizeUuid(result.payeeId ?? "") !== normalizeUuid(expected.payeeId)) {
    out.push({ field: "payeeId", expected: expected.payeeId, actual: result.payeeId ?? "" });
  }
  if (normalizeAssetId(result.quoteAssetId ?? "") !== normalizeAssetId(expected.quoteAssetId)) {
    out.push({ field: "quoteAssetId", expected: expected.quoteAssetId, actual: result.quoteAssetId ?? "" });
  }
  if (!sameAmount(expected.quoteAmount, result.quoteAmount ?? "")) {
    out.push({ field: "quoteAmount", expected: String(expected.quoteAmount), actual: result.quoteAmount ?? "" });
  }
  if (expected.traceId !== undefined && normalizeUuid(result.traceId ?? "") !== normalizeUuid(expected.traceId)) {
    out.push({ field: "traceId", expected: expected.traceId, actual: result.traceId ?? "" });
  }
  return out;
}

/** `max(payable − paid, 0)`, decimal-safe; undefined when either cannot be read. */
function remainingOf(payable: string | undefined, paid: string | undefined): string | undefined {
  const due = parseDecimal(payable ?? "");
  const got = parseDecimal(paid ?? "") ?? (paid ? null : parseDecimal("0"));
  if (!due || !got) return undefined;
  return due.isGreaterThan(got) ? toDecimalString(due.minus(got)) : "0";
}

function describeMismatches(mismatches: Mismatch[]): string {
  return mismatches
    .map((m) => `${m.field} is ${JSON.stringify(m.actual)}, expected ${JSON.stringify(m.expected)}`)
    .join("; ");
}

function amountWithSymbol(amount: string, symbol: string | undefined): string {
  return symbol ? `${amount} ${symbol}` : amount;
}

type Outcome = Omit<Verification, "reported" | "mismatches" | "refundDue" | "deadlineMs"> &
  Partial<Pick<Verification, "mismatches" | "refundDue">>;

function underpaid(result: PaymentResult, shortfall: string | undefined): Outcome {
  const symbol = result.payableSymbol || undefined;
  return {
    status: "underpaid",
    final: false,
    shortfall,
    shortfallSymbol: symbol,
    reason: shortfall
      ? `The customer paid less than asked; ${amountWithSymbol(shortfall, symbol)} is still due.`
      : "The customer paid less than asked; the rest is still due.",
    nextStep: shortfall
      ? `Ask the customer to pay the remaining ${amountWithSymbol(shortfall, symbol)} with the same QR code before the deadline.`
      : "Ask the customer to pay the rest with the same QR code before the deadline.",
  };
}

function failed(result: PaymentResult, received: DecimalValue | undefined): Outcome {
  const code = result.failureCode && result.failureCode !== "0" ? result.failureCode : undefined;
  const failureReason = result.failureReason || (code ? FAILURE_REASONS[code] : undefined);
  const refundDue = received !== undefined || (code !== undefined && PAID_INTO_FAILURES.includes(code));
  const base = { final: true, failureCode: code, failureReason, refundDue };
  const arrived = received
    ? `${amountWithSymbol(toDecimalString(received), result.paymentSymbol || undefined)} arrived`
    : "money arrived";
  if (code === FAILURE_CODES.CANCELLED) {
    return {
      ...base,
      status: "cancelled",
      reason: refundDue ? `The payment was cancelled after ${arrived}.` : "The payment was cancelled.",
      nextStep: refundDue ? REFUND_STEP : "Nothing was paid. Start a new payment if the customer still wants to pay.",
    };
  }
  if (code === FAILURE_CODES.DEADLINE_PASSED && !refundDue) {
    return {
      ...base,
      status: "expired",
      reason: "The payment deadline passed before anything was paid.",
      nextStep: "Nothing was paid. Start a new payment if the customer still wants to pay.",
    };
  }
  const why =
    code === FAILURE_CODES.DEADLINE_PASSED
      ? "it was not confirmed by MixPay's confirmation deadline"
      : failureReason
        ? failureReason.replace(/\.$/, "")
        : "MixPay gives no reason";
  return {
    ...base,
    status: "failed",
    reason: refundDue ? `The payment failed after ${arrived}: ${why}.` : `The payment failed: ${why}.`,
    nextStep: refundDue ? REFUND_STEP : "Nothing was paid. Start a new payment if the customer still wants to pay.",
  };
}

function success(result: PaymentResult, expected: ExpectedPayment): Outcome {
  const mismatches = findMismatches(result, expected);
  const surplus = positive(result.surplusAmount);
  const surplusText = surplus ? toDecimalString(surplus) : undefined;
  if (mismatches.length > 0) {
    return {
      status: "review",
      final: true,
      mismatches,
      surplus: surplusText,
      reason: `MixPay reports a payment that does not match this sale (${describeMismatches(mismatches)}); not marked paid.`,
      nextStep:
        "Do not hand over the goods. Compare this payment with the sale in MixPay's dashboard and settle the difference with the customer.",
    };
  }
  return {
    status: "paid",
    final: true,
    surplus: surplusText,
    reason: surplusText ? `Paid, with ${surplusText} overpaid (MixPay refunds the surplus to the customer).` : "Paid.",
    nextStep: "Hand over the goods.",
  };
}

function outcomeOf(result: PaymentResult, expected: ExpectedPayment, received: DecimalValue | undefined): Outcome {
  const reported = String(result.status);
  switch (reported) {
    case "unpaid":
      return {
        status: "unpaid",
        final: false,
        reason: "Waiting for the customer to pay.",
        nextStep: "Let the customer scan the QR code and pay before the deadline.",
      };
    case "confirming":
      return {
        status: "processing",
        final: false,
        confirmations: result.confirmations !== undefined && result.confirmations >= 0 ? result.confirmations : 0,
        reason: "MixPay has seen the payment and is waiting for its confirmations.",
        nextStep: "Wait: the payment is not complete until MixPay confirms it, even after the countdown ends.",
      };
    case "paid_less":
      return underpaid(result, remainingOf(result.payableAmount, result.paymentAmount));
    case "pending":
      // Before the 2026-08-13 release an underpayment was `pending` with payment.isFullyPaid false.
      if (result.payment && !result.payment.isFullyPaid) {
        return underpaid(result, remainingOf(result.payableAmount, result.payment.totalTransactionsAmount));
      }
      return {
        status: "processing",
        final: false,
        reason: "Paid in full; MixPay is finishing the payment.",
        nextStep: "Wait: MixPay reports success in a moment. Do not treat this as paid yet.",
      };
    case "auditing":
      return {
        status: "review",
        final: false,
        reason: "MixPay is reviewing this payment.",
        nextStep: "Wait for MixPay's review; do not hand over the goods until it reports the payment paid.",
      };
    case "failed":
      return failed(result, received);
    case "success":
      return success(result, expected);
    default:
      return {
        status: "review",
        final: false,
        reason: `MixPay reports a status this version does not know ("${reported}"); it is not treated as paid.`,
        nextStep: "Do not hand over the goods. Check this payment in MixPay's dashboard; the plugin keeps asking.",
      };
  }
}

/**
 * Maps a payments_result onto a sale outcome:
 *
 * | MixPay status                                        | outcome    | final | refund due |
 * |------------------------------------------------------|------------|-------|------------|
 * | unpaid                                               | unpaid     | no    |            |
 * | confirming (with its confirmations)                  | processing | no    |            |
 * | paid_less (remaining = max(payable − paid, 0))       | underpaid  | no    |            |
 * | pending, payment.isFullyPaid false (before 08-13)    | underpaid  | no    |            |
 * | pending (fully paid, MixPay finishing)               | processing | no    |            |
 * | auditing                                             | review     | no    |            |
 * | failed 40000, nothing received                       | expired    | yes   |            |
 * | failed 40000 with money received (unconfirmed)       | failed     | yes   | yes        |
 * | failed 40020 (wrong asset), 40024 (too little)       | failed     | yes   | yes        |
 * | failed 40032 (cancelled)                             | cancelled  | yes   | if paid    |
 * | failed 10095 (review rejected) or any other code     | failed     | yes   | if paid    |
 * | success, payee + quote asset + amount (+ trace) match| paid       | yes   |            |
 * | success, anything differs                            | review     | yes   |            |
 * | a status this version does not know                  | review     | no    |            |
 */
export function verifyPaymentResult(result: PaymentResult, expected: ExpectedPayment): Verification {
  const received = positive(result.paymentAmount);
  const outcome = outcomeOf(result, expected, received);
  const verification: Verification = {
    ...outcome,
    reported: String(result.status),
    mismatches: outcome.mismatches ?? [],
    refundDue: outcome.refundDue ?? false,
  };
  if (received) {
    verification.received = toDecimalString(received);
    if (result.paymentSymbol) verification.receivedSymbol = result.paymentSymbol;
  }
  const payable = positive(result.payableAmount);
  if (payable) verification.payable = toDecimalString(payable);
  if (result.expiredAt !== undefined) verification.deadlineMs = result.expiredAt;
  return stripUndefined(verification);
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
