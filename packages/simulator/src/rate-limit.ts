import { RATE_LIMIT_WINDOW_MS } from "@mixpay-pos/protocol";

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the oldest counted request leaves the window (simulated ms); only when refused. */
  retryAtMs?: number;
}

/**
 * MixPay's "60 requests per minute" as a sliding 60 s window per client key, in simulated time.
 * Refused requests are not counted, so a client that backs off gets its budget back as the window slides.
 */
export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  check(key: string, limit: number, nowMs: number): RateDecision {
    const windowStart = nowMs - RATE_LIMIT_WINDOW_MS;
    const kept = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    if (kept.length >= limit) {
      this.hits.set(key, kept);
      const oldest = kept[0] ?? nowMs;
      return { allowed: false, limit, remaining: 0, retryAtMs: oldest + RATE_LIMIT_WINDOW_MS };
    }
    kept.push(nowMs);
    this.hits.set(key, kept);
    return { allowed: true, limit, remaining: limit - kept.length };
  }

  reset(): void {
    this.hits.clear();
  }
}
