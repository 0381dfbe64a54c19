import type { PaymentResult, Verification } from "@mixpay-pos/core";
import { type CheckPolicy, nextJobCheckAt } from "../../lib/check-rule";
import type { MixpayPaymentDTO, StatusHistoryEntry } from "./types";

/** What applyVerification reads of the record as it was before the check. */
export type VerifiedRecord = Pick<
  MixpayPaymentDTO,
  "status" | "refund_due" | "unchanged_checks" | "expires_at" | "abandoned_at" | "status_history"
>;

/** The columns one check with MixPay writes to the payment's record. */
export interface VerificationUpdate {
  status: string;
  reported_status: string;
  final: boolean;
  reason: string;
  paid_amount: string | null;
  paid_asset_id: string | null;
  paid_symbol: string | null;
  settle_amount: string | null;
  settle_symbol: string | null;
  surplus_amount: string | null;
  shortfall_amount: string | null;
  shortfall_symbol: string | null;
  payable_amount: string | null;
  confirmations: number | null;
  failure_code: string | null;
  refund_due: boolean;
  next_step: string;
  /** Only when MixPay gave its deadline. */
  expires_at?: Date;
  txid: string | null;
  attention: string | null;
  last_checked_at: Date;
  unchanged_checks: number;
  next_check_at: Date;
  /** Only when the check changed the verified status (or refund_due). */
  changed_at?: Date;
  /** Only when the check changed the verified status (or refund_due): the history with this change appended. */
  status_history?: { entries: StatusHistoryEntry[] };
}

/** Whether a check changes the record's verified outcome: its status, or whether money is owed back. */
export function isChange(record: Pick<MixpayPaymentDTO, "status" | "refund_due">, verification: Verification): boolean {
  return verification.status !== record.status || verification.refundDue !== record.refund_due;
}

/**
 * What a check with MixPay writes to a payment's record, given the record before, MixPay's verified answer and
 * its raw result. Pure: `now` is the moment of the check. An unchanged outcome counts one more unchanged check
 * (the check rule and the job back off with it) and keeps the history; a changed one resets the count, stamps
 * `changed_at` and appends to the history.
 */
export function applyVerification(
  record: VerifiedRecord,
  verification: Verification,
  result: PaymentResult,
  now: Date,
  policy: CheckPolicy,
): VerificationUpdate {
  const changed = isChange(record, verification);
  const unchanged = changed ? 0 : (record.unchanged_checks ?? 0) + 1;
  const expiresAt = verification.deadlineMs !== undefined ? new Date(verification.deadlineMs) : record.expires_at;
  return {
    status: verification.status,
    reported_status: verification.reported,
    final: verification.final,
    reason: verification.reason,
    paid_amount: result.paymentAmount || null,
    paid_asset_id: result.paymentAssetId || null,
    paid_symbol: result.paymentSymbol || null,
    settle_amount: result.settleAmount || null,
    settle_symbol: result.settleSymbol || null,
    surplus_amount: verification.surplus ?? null,
    shortfall_amount: verification.shortfall ?? null,
    shortfall_symbol: verification.shortfallSymbol ?? null,
    payable_amount: verification.payable ?? null,
    confirmations: verification.confirmations ?? null,
    failure_code: verification.failureCode ?? null,
    refund_due: verification.refundDue,
    next_step: verification.nextStep,
    // MixPay's own deadline replaces the one asked for: it may be earlier (MixPay's or the payment method's limit).
    ...(verification.deadlineMs !== undefined ? { expires_at: new Date(verification.deadlineMs) } : {}),
    txid: result.txid || null,
    attention: attentionFor(record, verification, paidAt(result, now)),
    last_checked_at: now,
    unchanged_checks: unchanged,
    next_check_at: nextJobCheckAt({ unchanged_checks: unchanged, expires_at: expiresAt }, now.getTime(), policy),
    ...(changed ? { changed_at: now } : {}),
    ...(changed
      ? {
          status_history: historyJson([
            ...statusHistoryOf(record),
            {
              status: verification.status,
              reported: verification.reported,
              reason: verification.reason,
              at: now.toISOString(),
            },
          ]),
        }
      : {}),
  };
}

/** What the merchant should look at after this check, if anything. */
export function attentionFor(
  record: Pick<MixpayPaymentDTO, "abandoned_at" | "expires_at">,
  verification: Verification,
  at: Date,
): string | null {
  const status = verification.status;
  if (verification.refundDue) return "refund_due";
  if (status === "paid") {
    if (record.abandoned_at) return "paid_after_cancel";
    if (record.expires_at && at.getTime() > new Date(record.expires_at).getTime()) return "late_payment";
    return null;
  }
  if (status === "underpaid") return "underpaid";
  if (status === "review") return "review";
  return null;
}

/** When MixPay says the payment was made (its `date`, unix seconds), else now. */
export function paidAt(result: PaymentResult, now: Date): Date {
  const date = typeof result.date === "string" ? Number(result.date) : result.date;
  return typeof date === "number" && Number.isFinite(date) && date > 0 ? new Date(date * 1000) : now;
}

/** JSON columns hold `{ entries: [...] }` (Medusa's json columns are objects). */
export function historyJson(entries: StatusHistoryEntry[]): { entries: StatusHistoryEntry[] } {
  return { entries };
}

export function statusHistoryOf(payment: Pick<MixpayPaymentDTO, "status_history">): StatusHistoryEntry[] {
  const entries = (payment.status_history as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as StatusHistoryEntry[]) : [];
}
