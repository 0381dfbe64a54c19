import { ERROR_CODES, RATE_LIMIT_HEADERS, RATE_LIMIT_PER_MINUTE, RATE_LIMIT_WINDOW_MS } from "@mixpay-pos/protocol";
import { MixPayBusyError } from "./errors.js";
import { sleep as defaultSleep, type SleepFn } from "./retry.js";

/**
 * The one place that keeps MixPay calls under MixPay's limit of 60 requests a minute across all its APIs.
 * A {@link RateLimiter} takes a slot from a {@link RateLimitStore} before every request and listens to every
 * answer; the store holds the budget, so limiters that share a store (in one process, or in several through
 * a Redis/cache-backed store) share one budget.
 *
 * Not every request is equal: a customer waiting at a checkout must not queue behind background checks
 * (callbacks' re-checks, screens polling, reconciliation). A limiter can keep `reserved` slots of every window
 * for "interactive" requests; "background" requests share the rest. An interactive caller that cannot wait
 * long passes `maxWaitMs` and gets a {@link MixPayBusyError} at once when no slot frees in time.
 */

/** The answer of {@link RateLimitStore.take}. */
export interface RateLimitTake {
  /** A request was recorded and may be sent now. */
  granted: boolean;
  /** When not granted: how long to wait before asking again (ms, > 0). 0 when granted. */
  waitMs: number;
  /** Requests of the same kind (same `reserved`) still allowed in the current window after this one. */
  remaining: number;
}

/**
 * Where the request budget lives. Implementations must be atomic per key: two concurrent `take` calls must
 * never both get the last slot. Redis / Medusa-cache stores implement this to share one budget between
 * server processes.
 */
export interface RateLimitStore {
  /**
   * Records one request for `key` if fewer than `limit − reserved` were recorded in the last `windowMs`; else
   * says how long to wait. `reserved` (default 0) is how many slots this request must leave free for others;
   * implementations apply {@link takeFromWindow}, which decides.
   */
  take(key: string, limit: number, windowMs: number, nowMs: number, reserved?: number): Promise<RateLimitTake>;
  /** Nothing may be taken for `key` before `untilMs` (server said 1429 or remaining 0). */
  blockUntil(key: string, untilMs: number): Promise<void>;
}

/** The state of one budget: the times of the requests in the window, and a server-imposed block. */
export interface RateWindow {
  /** Request times (ms) still inside the window. */
  log: number[];
  /** Nothing may be taken before this time (ms); 0 when not blocked. */
  blockedUntil: number;
}

/**
 * The sliding-window rule every store applies, as a pure function so that each store (in memory, PostgreSQL,
 * Redis …) only has to make read-decide-write atomic: a request at `t` occupies a slot while
 * `t > nowMs − windowMs`. Returns the answer and the window to store.
 *
 * `reserved` slots are kept for requests someone is waiting for: this request is granted only while fewer than
 * `limit − reserved` requests are in the window (0, the default, lets it use every slot). When refused, `waitMs`
 * is exactly how long until it could be granted: until enough of the oldest requests have left the window for it
 * to fit, and, when the server blocked the budget (`blockedUntil`, which holds for every request whatever it
 * reserves), no earlier than the end of the block.
 *
 * @throws RangeError when `reserved` is not an integer with 0 ≤ reserved < limit.
 */
export function takeFromWindow(
  window: RateWindow,
  limit: number,
  windowMs: number,
  nowMs: number,
  reserved = 0,
): { take: RateLimitTake; window: RateWindow } {
  if (!Number.isInteger(reserved) || reserved < 0 || reserved >= limit) {
    throw new RangeError(`reserved slots must be an integer with 0 <= reserved < limit (${limit}), got ${reserved}`);
  }
  const allowed = limit - reserved;
  const log = window.log.filter((t) => t > nowMs - windowMs);
  const blockedUntil = window.blockedUntil > nowMs ? window.blockedUntil : 0;
  if (blockedUntil === 0 && log.length < allowed) {
    log.push(nowMs);
    return { take: { granted: true, waitMs: 0, remaining: allowed - log.length }, window: { log, blockedUntil } };
  }
  let waitMs = blockedUntil > nowMs ? blockedUntil - nowMs : 0;
  if (log.length >= allowed) {
    // The request fits once log.length − allowed + 1 requests have left, i.e. when the one of that rank
    // (oldest first) leaves the window. Sorted, because stores shared between processes may log out of order.
    const sorted = [...log].sort((a, b) => a - b);
    const freeing = sorted[log.length - allowed] ?? nowMs;
    waitMs = Math.max(waitMs, freeing + windowMs - nowMs);
  }
  return { take: { granted: false, waitMs: Math.max(1, waitMs), remaining: 0 }, window: { log, blockedUntil } };
}

/** The window after a block until `untilMs`; an earlier `untilMs` never shortens an existing block. */
export function blockWindow(window: RateWindow, untilMs: number): RateWindow {
  return { log: window.log, blockedUntil: Math.max(window.blockedUntil, untilMs) };
}

/**
 * An in-process {@link RateLimitStore}: a sliding-window log of request times per key. Atomic because each
 * call runs synchronously to completion on the event loop.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, RateWindow>();

  /** See {@link RateLimitStore.take} and {@link takeFromWindow}. */
  async take(key: string, limit: number, windowMs: number, nowMs: number, reserved = 0): Promise<RateLimitTake> {
    const { take, window } = takeFromWindow(
      this.#windows.get(key) ?? { log: [], blockedUntil: 0 },
      limit,
      windowMs,
      nowMs,
      reserved,
    );
    this.#windows.set(key, window);
    return take;
  }

  /** See {@link RateLimitStore.blockUntil} and {@link blockWindow}. */
  async blockUntil(key: string, untilMs: number): Promise<void> {
    this.#windows.set(key, blockWindow(this.#windows.get(key) ?? { log: [], blockedUntil: 0 }, untilMs));
  }
}

/** Options of a {@link RateLimiter}; every field has a default. */
export interface RateLimiterOptions {
  /** Requests allowed per window (default 60, MixPay's limit). */
  limit?: number;
  /** Window length in ms (default 60 000). */
  windowMs?: number;
  /**
   * Extra ms each request keeps counting after the window (default 3 000). A slot is taken when a request is
   * granted, MixPay counts it when it arrives; under load the two can be seconds apart, and without the margin a
   * burst could show MixPay more than `limit` requests in its own minute.
   */
  marginMs?: number;
  /** Where the budget lives (default: a new {@link MemoryRateLimitStore}). Share one store to share a budget. */
  store?: RateLimitStore;
  /** Budget name inside the store (default "mixpay"). */
  key?: string;
  /**
   * Slots of every window that only "interactive" requests may use (default 0): "background" requests are
   * refused once `limit − reserved` requests are in the window. An integer with 0 ≤ reserved < limit.
   */
  reserved?: number;
  /** Clock in ms (default Date.now); injectable for tests. */
  now?: () => number;
  /** Abortable wait (default a setTimeout sleep); injectable for tests. */
  sleep?: SleepFn;
}

/**
 * Who waits for a request: "interactive" (someone is waiting for it, e.g. creating a payment at a checkout) may
 * use every slot, the reserved ones included; "background" (re-checks, polling, reconciliation) leaves the
 * limiter's reserved slots free.
 */
export type RequestPriority = "interactive" | "background";

/** Options of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Default "interactive". */
  priority?: RequestPriority;
  /**
   * For a "background" request: how many slots it leaves free (default the limiter's {@link RateLimiter.reserved}).
   * Lets a caller rank its background work, e.g. news a customer waits on above routine re-checks.
   */
  reserved?: number;
  /**
   * The longest this acquire may wait for a slot, in ms (default: as long as it takes). When the store says the
   * next slot frees later than that after the acquire started, it throws {@link MixPayBusyError} at once
   * instead of waiting.
   */
  maxWaitMs?: number;
}

/** What {@link RateLimiter.observe} needs from a MixPay answer. */
export interface RateLimitObservation {
  /** HTTP status. */
  status: number;
  /** Response headers (x-ratelimit-remaining, retry-after, x-ratelimit-reset are read). */
  headers: Headers;
  /** The envelope's `code`, when the body was an envelope. */
  code?: number;
}

/**
 * Parses `retry-after` (seconds or an HTTP date) or `x-ratelimit-reset` (unix seconds, or seconds from now
 * when small) into an absolute time in ms; undefined when absent or unreadable.
 */
export function parseRateLimitHint(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return nowMs + Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return date;
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Laravel and most gateways send unix seconds; a small number can only be "seconds from now".
    return value > 1_000_000_000 ? value * 1000 : nowMs + value * 1000;
  }
  return undefined;
}

/** Keeps requests under `limit` per `windowMs`, shared through its store; see the module comment. */
export class RateLimiter {
  /** Requests allowed per window. */
  readonly limit: number;
  /** Window length in ms. */
  readonly windowMs: number;
  /** Budget name inside the store. */
  readonly key: string;
  /** Where the budget lives. */
  readonly store: RateLimitStore;
  /** Slots of every window kept for "interactive" requests; see {@link RateLimiterOptions.reserved}. */
  readonly reserved: number;
  readonly #now: () => number;
  readonly #sleep: SleepFn;
  /** See {@link RateLimiterOptions.marginMs}. */
  readonly marginMs: number;

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? RATE_LIMIT_PER_MINUTE;
    this.windowMs = options.windowMs ?? RATE_LIMIT_WINDOW_MS;
    this.key = options.key ?? "mixpay";
    this.store = options.store ?? new MemoryRateLimitStore();
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    this.marginMs = options.marginMs ?? 3_000;
    this.reserved = options.reserved ?? 0;
    if (!(this.marginMs >= 0)) throw new RangeError(`rate limit margin must be >= 0 ms, got ${this.marginMs}`);
    if (!Number.isInteger(this.limit) || this.limit < 1) {
      throw new RangeError(`rate limit must be an integer >= 1, got ${this.limit}`);
    }
    if (!(this.windowMs > 0)) throw new RangeError(`rate limit window must be > 0 ms, got ${this.windowMs}`);
    if (!Number.isInteger(this.reserved) || this.reserved < 0 || this.reserved >= this.limit) {
      throw new RangeError(
        `reserved rate limit slots must be an integer with 0 <= reserved < limit (${this.limit}), got ${this.reserved}`,
      );
    }
  }

  /**
   * Waits until the store grants a slot, then returns (the slot is used). A "background" request (see
   * {@link AcquireOptions.priority}) leaves {@link RateLimiter.reserved} slots free; an "interactive" one (the
   * default) may use every slot. Rejects with `signal.reason` (an AbortError by default) as soon as `signal`
   * aborts; an aborted wait takes no slot. With `maxWaitMs`, throws {@link MixPayBusyError} without waiting,
   * and without taking a slot, as soon as the store says the wait would end later than `maxWaitMs` after the
   * call started.
   *
   * @throws RangeError when `maxWaitMs` is negative or not a number.
   */
  async acquire(signal?: AbortSignal, options: AcquireOptions = {}): Promise<void> {
    const reserved = options.priority === "background" ? (options.reserved ?? this.reserved) : 0;
    if (!Number.isInteger(reserved) || reserved < 0 || reserved >= this.limit) {
      throw new RangeError(`reserved must be an integer from 0 to ${this.limit - 1}, got ${reserved}`);
    }
    const maxWaitMs = options.maxWaitMs;
    if (maxWaitMs !== undefined && !(maxWaitMs >= 0)) {
      throw new RangeError(`maxWaitMs must be >= 0, got ${maxWaitMs}`);
    }
    const deadline = maxWaitMs === undefined ? Number.POSITIVE_INFINITY : this.#now() + maxWaitMs;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#now();
      const result = await this.store.take(this.key, this.limit, this.windowMs + this.marginMs, now, reserved);
      if (result.granted) return;
      const waitMs = Math.max(1, result.waitMs);
      if (now + waitMs > deadline) throw new MixPayBusyError(waitMs);
      await this.#sleep(waitMs, signal);
    }
  }

  /**
   * Learns from an answer: on MixPay code 1429 or HTTP 429, or `x-ratelimit-remaining: 0`, blocks the budget
   * until the time a `retry-after` / `x-ratelimit-reset` header names, else for one whole window from now
   * (MixPay does not say when its window ends, so the safe assumption is a full one).
   */
  async observe(response: RateLimitObservation): Promise<void> {
    const limited = response.code === ERROR_CODES.RATE_LIMITED || response.status === 429;
    const remaining = response.headers.get(RATE_LIMIT_HEADERS.remaining)?.trim();
    const exhausted = remaining !== undefined && remaining !== "" && Number(remaining) <= 0;
    if (!limited && !exhausted) return;
    const now = this.#now();
    const hint = parseRateLimitHint(response.headers, now);
    await this.store.blockUntil(this.key, hint ?? now + this.windowMs);
  }
}
