import {
  FAILURE_CODES,
  FAILURE_REASONS,
  normalizeUuid,
  type PaymentResult,
  parseDecimal,
  toDecimalString,
} from "@mixpay-pos/protocol";

/**
 * The one place that decides what a MixPay payments_result means for a sale.
 *
 * MixPay reports `unpaid | pending | auditing | failed | success` (+ the multi-pay "paid_less" case).
 * A sale needs: has the customer paid exactly what was asked, to this merchant? This module maps every
 * result onto seven outcomes and refuses `paid` unless the payee, quote asset and quote amount (and the
 * trace id, when given) match what was asked for. The callback body and the pay link can be forged or
 * edited, so nothing else may mark a payment paid.
 */

export const VERIFIED_STATUSES = ["unpaid", "processing", "paid", "underpaid", "failed", "expired", "review"] as const;
export type VerifiedStatus = (typeof VERIFIED_STATUSES)[number];

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
  /** One sentence for logs, the admin and the cashier. */
  reason: string;
  /** MixPay's own status word, kept for the record. */
  reported: string;
  /** Fields that differ from what was asked (only checked for a reported success). */
  mismatches: Mismatch[];
  /** What the payer still owes when underpaid, in the payment asset (`shortfallSymbol`). */
  shortfall?: string;
  shortfallSymbol?: string;
  /** Overpaid surplus MixPay refunds to the payer, when any. */
  surplus?: string;
  failureCode?: string;
  failureReason?: string;
}

function normalizeAssetId(value: string): string {
  return value.trim().toLowerCase();
}

function sameAmount(expected: string | number, actual: string): boolean {
  const a = parseDecimal(expected);
  const b = parseDecimal(actual);
  return a !== null && b !== null && a.isEqualTo(b);
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

/** `payableAmount − totalTransactionsAmount`, when both are readable and positive. */
function shortfallOf(result: PaymentResult): string | undefined {
  const payable = parseDecimal(result.payableAmount ?? "");
  const paid = parseDecimal(result.payment?.totalTransactionsAmount ?? "");
  if (!payable || !paid || !payable.isGreaterThan(paid)) return undefined;
  return toDecimalString(payable.minus(paid));
}

function surplusOf(result: PaymentResult): string | undefined {
  const surplus = parseDecimal(result.surplusAmount ?? "");
  return surplus?.isGreaterThan(0) ? toDecimalString(surplus) : undefined;
}

function describeMismatches(mismatches: Mismatch[]): string {
  return mismatches
    .map((m) => `${m.field} is ${JSON.stringify(m.actual)}, expected ${JSON.stringify(m.expected)}`)
    .join("; ");
}

/**
 * Maps a payments_result onto a sale outcome:
 *
 * | MixPay status                                      | outcome     | final |
 * |----------------------------------------------------|-------------|-------|
 * | unpaid                                             | unpaid      | no    |
 * | pending, multi-pay and not fully paid (paid_less)  | underpaid   | no    |
 * | pending (confirming)                               | processing  | no    |
 * | auditing                                           | review      | no    |
 * | failed, failureCode 40000 (payment overtime)       | expired     | yes   |
 * | failed, any other code                             | failed      | yes   |
 * | success, payee + quote asset + amount match        | paid        | yes   |
 * | success, anything differs                          | review      | yes   |
 * | a status MixPay may add later                      | processing  | no    |
 */
export function verifyPaymentResult(result: PaymentResult, expected: ExpectedPayment): Verification {
  const reported = String(result.status);
  const base = { reported, mismatches: [] as Mismatch[] };
  const failureCode = result.failureCode && result.failureCode !== "0" ? result.failureCode : undefined;

  switch (reported) {
    case "unpaid":
      return { ...base, status: "unpaid", final: false, reason: "Waiting for the customer to pay." };
    case "pending": {
      const shortfall = result.payment && !result.payment.isFullyPaid ? shortfallOf(result) : undefined;
      if (result.payment?.isMultiPay && !result.payment.isFullyPaid) {
        return {
          ...base,
          status: "underpaid",
          final: false,
          shortfall,
          shortfallSymbol: result.payableSymbol || undefined,
          reason: shortfall
            ? `The customer paid less than asked; ${shortfall} ${result.payableSymbol || "more"} is still due.`
            : "The customer paid less than asked; the rest is still due.",
        };
      }
      return { ...base, status: "processing", final: false, reason: "Payment received, waiting for confirmations." };
    }
    case "auditing":
      return { ...base, status: "review", final: false, reason: "MixPay is reviewing this payment." };
    case "failed": {
      const failureReason = result.failureReason || (failureCode ? FAILURE_REASONS[failureCode] : undefined);
      const expired = failureCode === FAILURE_CODES.PAYMENT_OVERTIME;
      return {
        ...base,
        status: expired ? "expired" : "failed",
        final: true,
        failureCode,
        failureReason,
        reason: expired
          ? "The payment expired before it was paid."
          : `The payment failed${failureReason ? `: ${failureReason}` : ""}.`,
      };
    }
    case "success": {
      const mismatches = findMismatches(result, expected);
      const surplus = surplusOf(result);
      if (mismatches.length > 0) {
        return {
          ...base,
          status: "review",
          final: true,
          mismatches,
          surplus,
          reason: `MixPay reports a payment that does not match this sale (${describeMismatches(mismatches)}); not marked paid.`,
        };
      }
      return {
        ...base,
        status: "paid",
        final: true,
        surplus,
        reason: surplus ? `Paid, with ${surplus} overpaid (MixPay refunds the surplus to the customer).` : "Paid.",
      };
    }
    default:
      return { ...base, status: "processing", final: false, reason: `MixPay reports an unknown status "${reported}".` };
  }
}
