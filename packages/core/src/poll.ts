import { ORDER_NOT_FOUND_CODES, type PaymentResult } from "@mixpay-pos/protocol";
import { classifyError, MixPayError } from "./errors.js";
import { type ExpectedPayment, type Verification, type VerifiedStatus, verifyPaymentResult } from "./verify.js";

/**
 * Watching one payment until it is final (PoS guide step 3: query the payment result).
 *
 * All watchers of one trace id on one client share a single poller: fifty screens watching the same sale
 * cost MixPay one request per interval, not fifty. The poller starts at `intervalMs` (MixPay suggests 2 s),
 * backs off while nothing changes, resets when something does, and stops when nobody is watching.
 */

/** The part of the client a watcher needs. */
export interface PaymentResultSource {
  payments: {
    retrieve(query: { traceId: string; with?: string }, options?: { signal?: AbortSignal }): Promise<PaymentResult>;
  };
}

export interface WatchOptions {
  client: PaymentResultSource;
  /** What was asked of the payer; every result is verified against it. */
  expected: ExpectedPayment;
  /** First (and minimum) interval between queries, default 2000 ms. */
  intervalMs?: number;
  /** Largest interval while nothing changes, default 15000 ms. */
  maxIntervalMs?: number;
  /** Interval multiplier while nothing changes, default 1.5. */
  backoff?: number;
  /** Stop watching after this many ms (relative) … */
  timeoutMs?: number;
  /** … or at this absolute time. */
  deadline?: number | Date;
  signal?: AbortSignal;
}

export interface WatchEvent {
  traceId: string;
  status: VerifiedStatus;
  verification: Verification;
  /** The raw result; null while MixPay does not know the trace yet (a pay link not opened). */
  result: PaymentResult | null;
  at: number;
}

export interface WatchOutcome {
  /** The last status seen, or "unknown" if none was. */
  status: VerifiedStatus | "unknown";
  final: boolean;
  ended: "final" | "deadline" | "aborted" | "error";
  last?: WatchEvent;
  error?: unknown;
}

export interface PaymentWatch extends AsyncIterable<WatchEvent> {
  readonly traceId: string;
  /** Called on each change of status (and once with the first status seen). Returns an unsubscribe. */
  on(event: "status", listener: (event: WatchEvent) => void): () => void;
  /** Called on each failed query the watcher keeps going after. */
  on(event: "error", listener: (error: unknown) => void): () => void;
  /** Resolves when the payment is final, the deadline passes, the signal aborts or a permanent error occurs. */
  readonly done: Promise<WatchOutcome>;
  /** Stops this watcher (others of the same trace keep going). */
  stop(): void;
}

const DEFAULTS = { intervalMs: 2000, maxIntervalMs: 15_000, backoff: 1.5 };

/** What one query produced, shared by every watcher of the trace. */
type Observation =
  | { kind: "result"; result: PaymentResult | null; at: number }
  | { kind: "error"; error: unknown; at: number };

interface Subscriber {
  intervalMs: number;
  maxIntervalMs: number;
  backoff: number;
  deliver(observation: Observation): void;
}

/** One polling loop per (client, traceId). */
class SharedPoller {
  private readonly subscribers = new Set<Subscriber>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private last: Observation | undefined;
  private lastKey = "";
  private currentDelay = 0;

  constructor(
    private readonly client: PaymentResultSource,
    readonly traceId: string,
    private readonly onEmpty: () => void,
  ) {}

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    const fresh = this.last && Date.now() - this.last.at < subscriber.intervalMs;
    if (this.last && fresh) {
      subscriber.deliver(this.last); // coalesced: no new request for a fresh answer
    } else if (!this.inFlight) {
      this.poll(); // first watcher, or the last answer is stale: ask now
    }
    return () => this.unsubscribe(subscriber);
  }

  private unsubscribe(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
    this.onEmpty();
  }

  private minimum(pick: (s: Subscriber) => number): number {
    let min = Number.POSITIVE_INFINITY;
    for (const s of this.subscribers) min = Math.min(min, pick(s));
    return min;
  }

  private poll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const controller = new AbortController();
    this.inFlight = controller;
    this.client.payments
      .retrieve({ traceId: this.traceId, with: "payment" }, { signal: controller.signal })
      .then(
        (result): Observation => ({ kind: "result", result, at: Date.now() }),
        (error: unknown): Observation =>
          // MixPay does not know a pay-link trace until the payer opens the link: that is "unpaid", not an error.
          error instanceof MixPayError && ORDER_NOT_FOUND_CODES.includes(error.code)
            ? { kind: "result", result: null, at: Date.now() }
            : { kind: "error", error, at: Date.now() },
      )
      .then((observation) => {
        if (controller.signal.aborted || this.inFlight !== controller) return;
        this.inFlight = undefined;
        this.last = observation;
        this.schedule(observation);
        for (const s of [...this.subscribers]) s.deliver(observation);
      });
  }

  private schedule(observation: Observation): void {
    if (this.subscribers.size === 0) return;
    const base = this.minimum((s) => s.intervalMs);
    const cap = Math.max(
      base,
      this.minimum((s) => s.maxIntervalMs),
    );
    const factor = this.minimum((s) => s.backoff);
    const key =
      observation.kind === "result"
        ? `${observation.result?.status ?? "none"}|${observation.result?.payment?.totalTransactionsAmount ?? ""}`
        : "error";
    const changed = key !== this.lastKey;
    this.lastKey = key;
    this.currentDelay = changed || this.currentDelay === 0 ? base : Math.min(cap, this.currentDelay * factor);
    if (observation.kind === "error") this.currentDelay = Math.min(cap, Math.max(base, this.currentDelay * 2));
    this.timer = setTimeout(() => this.poll(), this.currentDelay);
  }
}

const pollers = new WeakMap<PaymentResultSource, Map<string, SharedPoller>>();

function pollerFor(client: PaymentResultSource, traceId: string): SharedPoller {
  let byTrace = pollers.get(client);
  if (!byTrace) {
    byTrace = new Map();
    pollers.set(client, byTrace);
  }
  let poller = byTrace.get(traceId);
  if (!poller) {
    const map = byTrace;
    poller = new SharedPoller(client, traceId, () => map.delete(traceId));
    byTrace.set(traceId, poller);
  }
  return poller;
}

/** A stand-in verification while MixPay does not know the trace yet. */
function notOpenedYet(): Verification {
  return {
    status: "unpaid",
    final: false,
    reported: "not found",
    mismatches: [],
    refundDue: false,
    reason: "MixPay has no payment for this trace yet (the link has not been opened).",
    nextStep: "Let the customer scan the QR code and pay before the deadline.",
  };
}

/**
 * Watches `traceId` until its result is final, the deadline passes or `signal` aborts.
 * Use `on("status")`, `for await (const event of watch)`, or just `await watch.done`.
 */
export function watchPayment(traceId: string, options: WatchOptions): PaymentWatch {
  const intervalMs = Math.max(1, options.intervalMs ?? DEFAULTS.intervalMs);
  const maxIntervalMs = Math.max(intervalMs, options.maxIntervalMs ?? DEFAULTS.maxIntervalMs);
  const backoff = Math.max(1, options.backoff ?? DEFAULTS.backoff);
  const deadline =
    options.deadline !== undefined
      ? new Date(options.deadline).getTime()
      : options.timeoutMs !== undefined
        ? Date.now() + options.timeoutMs
        : undefined;

  const statusListeners = new Set<(event: WatchEvent) => void>();
  const errorListeners = new Set<(error: unknown) => void>();
  const queue: WatchEvent[] = [];
  const waiting: Array<(r: IteratorResult<WatchEvent>) => void> = [];
  let last: WatchEvent | undefined;
  let finished = false;
  let resolveDone!: (outcome: WatchOutcome) => void;
  const done = new Promise<WatchOutcome>((resolve) => {
    resolveDone = resolve;
  });

  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: () => void = () => {};
  const onAbort = () => finish("aborted");

  function finish(ended: WatchOutcome["ended"], error?: unknown): void {
    if (finished) return;
    finished = true;
    clearTimeout(deadlineTimer);
    options.signal?.removeEventListener("abort", onAbort);
    unsubscribe();
    resolveDone({ status: last?.status ?? "unknown", final: last?.verification.final ?? false, ended, last, error });
    for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
  }

  function emit(event: WatchEvent): void {
    last = event;
    for (const listener of statusListeners) listener(event);
    const resolve = waiting.shift();
    if (resolve) resolve({ value: event, done: false });
    else queue.push(event);
  }

  const subscriber: Subscriber = {
    intervalMs,
    maxIntervalMs,
    backoff,
    deliver(observation) {
      if (finished) return;
      if (observation.kind === "error") {
        for (const listener of errorListeners) listener(observation.error);
        // A wrong request (bad trace id, …) will not get better by asking again.
        if (classifyError(observation.error) === "fail") finish("error", observation.error);
        return;
      }
      const verification = observation.result
        ? verifyPaymentResult(observation.result, options.expected)
        : notOpenedYet();
      const changed =
        !last || last.status !== verification.status || last.verification.reported !== verification.reported;
      if (changed) {
        emit({ traceId, status: verification.status, verification, result: observation.result, at: observation.at });
      }
      if (verification.final) finish("final");
    },
  };

  if (options.signal?.aborted) {
    queueMicrotask(() => finish("aborted"));
  } else {
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (deadline !== undefined)
      deadlineTimer = setTimeout(() => finish("deadline"), Math.max(0, deadline - Date.now()));
    unsubscribe = pollerFor(options.client, traceId).subscribe(subscriber);
  }

  function on(event: "status", listener: (event: WatchEvent) => void): () => void;
  function on(event: "error", listener: (error: unknown) => void): () => void;
  function on(event: "status" | "error", listener: ((event: WatchEvent) => void) | ((error: unknown) => void)) {
    if (event === "status") {
      const l = listener as (event: WatchEvent) => void;
      statusListeners.add(l);
      if (last) l(last);
      return () => statusListeners.delete(l);
    }
    const l = listener as (error: unknown) => void;
    errorListeners.add(l);
    return () => errorListeners.delete(l);
  }

  return {
    traceId,
    on,
    done,
    stop: () => finish("aborted"),
    [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
      return {
        next: () => {
          const event = queue.shift();
          if (event) return Promise.resolve({ value: event, done: false });
          if (finished) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => waiting.push(resolve));
        },
        return: () => {
          finish("aborted");
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
