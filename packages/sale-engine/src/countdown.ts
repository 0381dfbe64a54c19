/** Countdown maths for a payment's expiry: pure, so the display can be tested without a clock. */

export type Urgency = "normal" | "warning" | "critical" | "expired";

export interface Countdown {
  /** Milliseconds left (0 once expired). */
  remainingMs: number;
  /** Whole seconds left, rounded up: "0:01" shows until the very end, "0:00" only once expired. */
  remainingSeconds: number;
  expired: boolean;
  /** "m:ss", or "h:mm:ss" from an hour up. */
  label: string;
  urgency: Urgency;
}

export interface CountdownOptions {
  /** Below this many ms left the countdown warns (default 2 minutes). */
  warningMs?: number;
  /** Below this many ms left it is critical (default 30 s). */
  criticalMs?: number;
}

/** Parses an ISO string, epoch ms or Date; null for anything else. */
export function parseInstant(value: string | number | Date | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Where a countdown to `expiresAt` stands at `now` (ms); null when there is no valid expiry. */
export function countdown(
  expiresAt: string | number | Date | null | undefined,
  now: number,
  opts: CountdownOptions = {},
): Countdown | null {
  const end = parseInstant(expiresAt);
  if (end === null) return null;
  const remainingMs = Math.max(0, end - now);
  const remainingSeconds = Math.ceil(remainingMs / 1000);
  const expired = remainingMs === 0;
  const warningMs = opts.warningMs ?? 120_000;
  const criticalMs = opts.criticalMs ?? 30_000;
  const urgency: Urgency = expired
    ? "expired"
    : remainingMs <= criticalMs
      ? "critical"
      : remainingMs <= warningMs
        ? "warning"
        : "normal";
  return { remainingMs, remainingSeconds, expired, label: formatDuration(remainingSeconds), urgency };
}

/** 75 → "1:15", 3661 → "1:01:01". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const ss = String(seconds).padStart(2, "0");
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, "0")}:${ss}`;
  return `${minutes}:${ss}`;
}

/** Milliseconds until the displayed label next changes (for scheduling the next tick). */
export function msUntilNextTick(expiresAt: string | number | Date | null | undefined, now: number): number | null {
  const end = parseInstant(expiresAt);
  if (end === null || end <= now) return null;
  const rest = (end - now) % 1000;
  return rest === 0 ? 1000 : rest;
}

/**
 * What a payment's countdown shows, by its status. MixPay's `expiredAt` is the deadline for paying, not the
 * result: a full payment seen before it may still be confirmed after it, and only MixPay's final answer ends the
 * payment. So at zero the countdown says "Checking confirmations" while MixPay is confirming, "Deadline passed"
 * while the payment is not final, and "Expired" only once the status is expired ("Ended" for another final one).
 */
export function deadlineLabel(c: Countdown, status: string | null | undefined): string {
  if (!c.expired) return c.label;
  if (status === "processing") return "Checking confirmations";
  if (status === "expired") return "Expired";
  if (status === "failed" || status === "cancelled" || status === "paid") return "Ended";
  return "Deadline passed";
}
