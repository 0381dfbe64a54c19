/**
 * Every /v1 request the simulator answered, in order: what a test reads to count a client's calls to MixPay
 * (budget, polling, retries). Rate-limited and faulted answers are recorded too; /_control and the checkout pages
 * are not. Only the newest entries are kept.
 */

export interface RecordedRequest {
  /** When the request arrived, simulated time, ISO 8601. */
  at: string;
  atMs: number;
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The traceId parameter (query or body), lower case; null when the request named none. */
  traceId: string | null;
  /** The envelope code answered; null when no answer was given (the `down` fault destroyed the connection). */
  code: number | null;
}

export const REQUEST_LOG_LIMIT = 20_000;

export class RequestLog {
  private entries: RecordedRequest[] = [];

  constructor(private readonly limit: number = REQUEST_LOG_LIMIT) {}

  record(entry: RecordedRequest): void {
    this.entries.push(entry);
    // Drop in batches so a full log does not shift on every request.
    if (this.entries.length > this.limit + Math.ceil(this.limit / 10)) {
      this.entries = this.entries.slice(this.entries.length - this.limit);
    }
  }

  /** The recorded requests, oldest first; with `sinceMs`, only those that arrived at or after it. */
  list(sinceMs?: number): RecordedRequest[] {
    const kept = this.entries.length > this.limit ? this.entries.slice(-this.limit) : this.entries;
    const chosen = sinceMs === undefined ? kept : kept.filter((r) => r.atMs >= sinceMs);
    return chosen.map((r) => ({ ...r }));
  }

  clear(): void {
    this.entries = [];
  }
}
