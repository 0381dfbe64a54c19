import { type ErrorDisposition, MixPayBusyError, MixPayCoreError, MixPayNetworkError } from "./errors.js";

/**
 * When a failed MixPay call may be sent again, and how long to wait first.
 *
 * The rule (one place): a GET may be repeated after any "retry" or "indeterminate" failure, because reading
 * twice changes nothing; a POST only after a "retry" failure (1429, maintenance, connection refused: MixPay
 * did not act), never after "indeterminate" (it may have created the payment). "fail" and aborts are never
 * retried, and neither is a MixPayBusyError: it is "retry" (nothing was sent) but it means the caller's
 * `maxQueueMs` is shorter than the wait for a rate-limit slot, which a short backoff does not change; the
 * caller gets it at once, with `retryAfterMs`, and decides. Waits are exponential backoff with full jitter
 * (AWS architecture blog, "Exponential Backoff And Jitter"): attempt n waits a random time in
 * [0, min(maxDelayMs, baseDelayMs · 2^(n−1))).
 */

/** The HTTP methods MixPay's API uses. */
export type HttpMethod = "GET" | "POST";

/** An abortable wait; rejects with the signal's reason when aborted. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Options of a {@link RetryPolicy}; every field has a default. */
export interface RetryPolicyOptions {
  /** Attempts in total, the first included (default 3; 1 disables retries). */
  maxAttempts?: number;
  /** Backoff before the second attempt, doubled for each later one (default 250 ms). */
  baseDelayMs?: number;
  /** Upper bound of any single backoff (default 5 000 ms). */
  maxDelayMs?: number;
  /** Full jitter: wait a random fraction of the backoff (default true). Off: wait the whole backoff. */
  jitter?: boolean;
  /** Source of randomness in [0, 1) for the jitter (default Math.random); injectable for tests. */
  random?: () => number;
  /** How to wait between attempts (default {@link sleep}); injectable for tests. */
  sleep?: SleepFn;
}

/** The defaults of {@link RetryPolicyOptions}. */
export const DEFAULT_RETRY_POLICY = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 5_000, jitter: true } as const;

/** Waits `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts (or at once if it has). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * Whether a failed `method` call may be sent again: only core errors qualify (a foreign error is a bug, not
 * a transient failure); aborts never; a {@link MixPayBusyError} never (the one "retry" exception: see the
 * module comment); "retry" always; "indeterminate" only for GET; "fail" never.
 */
export function isRetryable(error: unknown, method: HttpMethod): boolean {
  if (!(error instanceof MixPayCoreError)) return false;
  if (error instanceof MixPayNetworkError && error.reason === "aborted") return false;
  if (error instanceof MixPayBusyError) return false;
  if (error.disposition === "retry") return true;
  if (error.disposition === "indeterminate") return method === "GET";
  return false;
}

/** Backoff and retry decisions for MixPay calls; see the module comment for the rule. */
export class RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt. */
  readonly baseDelayMs: number;
  /** Upper bound of any single backoff. */
  readonly maxDelayMs: number;
  /** Whether backoffs are fully jittered. */
  readonly jitter: boolean;
  readonly #random: () => number;
  readonly #sleep: SleepFn;

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs;
    this.jitter = options.jitter ?? DEFAULT_RETRY_POLICY.jitter;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleep;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`retry.maxAttempts must be an integer >= 1, got ${this.maxAttempts}`);
    }
    if (!(this.baseDelayMs >= 0) || !(this.maxDelayMs >= 0)) {
      throw new RangeError("retry.baseDelayMs and retry.maxDelayMs must be >= 0");
    }
  }

  /** A policy that never retries (one attempt). */
  static none(): RetryPolicy {
    return new RetryPolicy({ maxAttempts: 1 });
  }

  /**
   * The wait after failed attempt number `attempt` (1-based) before the next one: the capped exponential
   * backoff min(maxDelayMs, baseDelayMs · 2^(attempt−1)), or with jitter a whole number of ms in [0, that).
   */
  backoffMs(attempt: number): number {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    if (!this.jitter) return cap;
    const r = Math.min(Math.max(this.#random(), 0), 1);
    return Math.min(Math.floor(r * cap), Math.max(0, Math.ceil(cap) - 1));
  }

  /** Whether attempt number `attempt` of a `method` call that failed with `error` is followed by another. */
  shouldRetry(error: unknown, method: HttpMethod, attempt: number): boolean {
    return attempt < this.maxAttempts && isRetryable(error, method);
  }

  /**
   * Runs `fn(attempt)` until it succeeds, fails in a way that must not be retried, or attempts run out; the
   * last error is thrown. Aborting `signal` during a backoff stops at once with a MixPayNetworkError
   * (reason "aborted", the disposition of the failure that was about to be retried, that failure as cause).
   */
  async run<T>(
    method: HttpMethod,
    fn: (attempt: number) => Promise<T>,
    options: { signal?: AbortSignal; label?: string } = {},
  ): Promise<T> {
    const label = options.label ?? method;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt);
      } catch (error) {
        if (!this.shouldRetry(error, method, attempt)) throw error;
        const disposition: ErrorDisposition = error instanceof MixPayCoreError ? error.disposition : "indeterminate";
        try {
          await this.#sleep(this.backoffMs(attempt), options.signal);
        } catch (sleepError) {
          if (options.signal?.aborted) {
            throw new MixPayNetworkError(
              `${label} aborted while waiting to retry after: ${error instanceof Error ? error.message : String(error)}`,
              "aborted",
              disposition,
              error,
            );
          }
          throw sleepError;
        }
        if (options.signal?.aborted) {
          throw new MixPayNetworkError(`${label} aborted before attempt ${attempt + 1}`, "aborted", disposition, error);
        }
      }
    }
  }
}
