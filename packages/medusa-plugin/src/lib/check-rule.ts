/**
 * The one rule for when MixPay is asked about a payment. MixPay allows 60 requests a minute for the whole shop and
 * its callbacks are unsigned, so a stranger can send as many "callbacks", status polls and storefront complete calls
 * as they like. Whoever asks — a callback, a POS or customer screen, the storefront's complete, Medusa's webhook,
 * the reconciliation job or the admin — the answer comes from the payment's record unless this rule says MixPay
 * may be asked now:
 *
 * - A final record (paid, failed, expired, cancelled, a final review) is never asked about again.
 * - A non-final trace is asked about at most once per window, shared by every caller and every server process
 *   (the caller claims the check on the record in a locked transaction). The window is `windowMs` (15 s while
 *   MixPay calls back, a few seconds while screens are the only news), doubling while checks find nothing new,
 *   up to `maxWindowMs`.
 * - The first callback since the record last changed is asked about at once (after `minGapMs`), so a real
 *   payment completes in a second or two even while a stranger keeps a trace's window busy.
 * - The job asks only when the record's `next_check_at` has come: `jobIntervalMs` after the last check by anyone,
 *   doubling while nothing changes, up to `jobMaxIntervalMs`, but never later than just after the payment's
 *   deadline (when MixPay ends it).
 * - The admin's explicit "recheck" waits only `minGapMs`.
 */

export type CheckTrigger = "callback" | "screen" | "job" | "admin";

/** What the rule reads of a payment record (timestamps as the ORM returns them). */
export interface CheckRecordState {
  final: boolean;
  created_at: Date | string;
  /** The last time anyone claimed a check (asked MixPay, or was about to). */
  check_claimed_at: Date | string | null;
  last_checked_at: Date | string | null;
  /** The last time a callback claimed a check. */
  callback_asked_at: Date | string | null;
  /** The last time a check changed the verified status. */
  changed_at: Date | string | null;
  /** Checks in a row that found nothing new. */
  unchanged_checks: number | null;
  next_check_at: Date | string | null;
  expires_at: Date | string | null;
}

export interface CheckPolicy {
  /** The shared window of one trace while nothing changes. */
  windowMs: number;
  /** The window never grows beyond this. */
  maxWindowMs: number;
  /** No two checks of one trace closer than this, whoever asks. */
  minGapMs: number;
  /** The job's first re-check interval. */
  jobIntervalMs: number;
  /** The job's longest interval for a payment that does not change. */
  jobMaxIntervalMs: number;
  /** The job checks this long after the deadline, when MixPay has ended the payment. */
  afterDeadlineMs: number;
}

export type CheckDecision =
  /**
   * `news`: the first callback since the payment changed, or the admin's explicit recheck — likely news a customer
   * or a merchant waits on, so it ranks above routine re-checks in MixPay's budget.
   */
  | { ask: true; news: boolean }
  /** `retryAtMs`: when this caller's trigger could ask; null for a final record. */
  | { ask: false; reason: "final" | "window"; retryAtMs: number | null };

const ms = (value: Date | string | null | undefined): number | null => {
  if (value === null || value === undefined) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : null;
};

/** The window of a trace after `unchanged` checks in a row found nothing new. */
export function windowFor(unchanged: number, policy: CheckPolicy): number {
  const doublings = Math.max(0, Math.min(unchanged - 1, 16));
  return Math.min(policy.windowMs * 2 ** doublings, Math.max(policy.maxWindowMs, policy.windowMs));
}

/** May `trigger` ask MixPay about this payment at `nowMs`? */
export function decideCheck(
  record: CheckRecordState,
  trigger: CheckTrigger,
  nowMs: number,
  policy: CheckPolicy,
): CheckDecision {
  if (record.final) return { ask: false, reason: "final", retryAtMs: null };
  const lastAsked = Math.max(ms(record.check_claimed_at) ?? -Infinity, ms(record.last_checked_at) ?? -Infinity);
  const created = ms(record.created_at) ?? nowMs;
  const window = windowFor(record.unchanged_checks ?? 0, policy);
  const gapOk = (since: number) => nowMs - since >= policy.minGapMs;
  const refuse = (atMs: number): CheckDecision => ({ ask: false, reason: "window", retryAtMs: atMs });

  switch (trigger) {
    case "admin":
      return gapOk(lastAsked) ? { ask: true, news: true } : refuse(lastAsked + policy.minGapMs);
    case "callback": {
      if (!gapOk(lastAsked)) return refuse(lastAsked + policy.minGapMs);
      const callbackAsked = ms(record.callback_asked_at);
      const changed = ms(record.changed_at) ?? created;
      const firstSinceChange = callbackAsked === null || callbackAsked < changed;
      if (firstSinceChange) return { ask: true, news: true };
      if (nowMs - lastAsked >= window) return { ask: true, news: false };
      return refuse(lastAsked + window);
    }
    case "screen": {
      // A new payment is left to its callback (or the customer) for one window before a screen asks.
      const since = Math.max(lastAsked, created);
      return nowMs - since >= window ? { ask: true, news: false } : refuse(since + window);
    }
    case "job": {
      // Every check, whoever made it, moves next_check_at on: a due record was not asked about recently.
      const due = ms(record.next_check_at) ?? created + policy.jobIntervalMs;
      return nowMs >= due ? { ask: true, news: false } : refuse(due);
    }
  }
}

/**
 * When the job should next look at a payment a check just left non-final: `jobIntervalMs` doubling per unchanged
 * check up to `jobMaxIntervalMs`, but no later than `afterDeadlineMs` after its deadline (while that is ahead).
 */
export function nextJobCheckAt(
  state: { unchanged_checks: number; expires_at: Date | string | null },
  nowMs: number,
  policy: CheckPolicy,
): Date {
  const backoff = Math.min(
    policy.jobIntervalMs * 2 ** Math.min(state.unchanged_checks, 16),
    Math.max(policy.jobMaxIntervalMs, policy.jobIntervalMs),
  );
  let at = nowMs + backoff;
  const deadline = ms(state.expires_at);
  if (deadline !== null) {
    const afterDeadline = deadline + policy.afterDeadlineMs;
    if (afterDeadline > nowMs && afterDeadline < at) at = Math.max(afterDeadline, nowMs + policy.jobIntervalMs);
  }
  return new Date(at);
}
