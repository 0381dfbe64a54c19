/**
 * Polls one thing until it is done, and only while someone can see it: when the tab is hidden
 * (`document.hidden`) no request is made; when it becomes visible again it checks at once (the customer may
 * have paid meanwhile), then carries on at the normal pace. Errors back off (×2 up to `maxIntervalMs`) and never
 * stop the polling. Only one check is in flight at a time. Framework-free: the terminal's hook wraps it.
 */

export interface VisibilitySource {
  readonly hidden: boolean;
  addEventListener(type: "visibilitychange", listener: () => void): void;
  removeEventListener(type: "visibilitychange", listener: () => void): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type PollerState = "idle" | "running" | "paused" | "done" | "stopped";

export interface PollerOptions<T> {
  check: (signal: AbortSignal) => Promise<T>;
  onResult: (result: T) => void;
  onError?: (error: unknown) => void;
  /** True when no further check is needed (a final status). */
  isDone?: (result: T) => boolean;
  /** Pace while all is well (default 2000 ms, MixPay's advice). */
  intervalMs?: number;
  /** Ceiling of the error backoff (default 15000 ms). */
  maxIntervalMs?: number;
  /** Where `hidden` and `visibilitychange` come from (default: `document` when there is one; null: always visible). */
  visibility?: VisibilitySource | null;
  timers?: Timers;
  /** Told every state change (running ↔ paused, done, stopped). */
  onStateChange?: (state: PollerState) => void;
}

export interface Poller {
  readonly state: PollerState;
  /** Starts polling (checks at once unless hidden). */
  start(): void;
  /** Stops for good: aborts a check in flight, removes the listener. */
  stop(): void;
  /** Checks now (unless one is in flight, hidden, done or stopped), then resumes the normal pace. */
  checkNow(): void;
}

function defaultVisibility(): VisibilitySource | null {
  const doc = (globalThis as { document?: VisibilitySource }).document;
  return doc && typeof doc.addEventListener === "function" ? doc : null;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function createPoller<T>(opts: PollerOptions<T>): Poller {
  const interval = opts.intervalMs ?? 2000;
  const maxInterval = Math.max(interval, opts.maxIntervalMs ?? 15_000);
  const visibility = opts.visibility === undefined ? defaultVisibility() : opts.visibility;
  const timers = opts.timers ?? defaultTimers;
  let state: PollerState = "idle";
  let timer: unknown = null;
  let inFlight: AbortController | null = null;
  let errors = 0;
  const setState = (next: PollerState) => {
    if (next === state) return;
    state = next;
    opts.onStateChange?.(next);
  };

  const hidden = () => Boolean(visibility?.hidden);

  const clearTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const schedule = () => {
    clearTimer();
    if (state !== "running") return;
    const delay = errors === 0 ? interval : Math.min(maxInterval, interval * 2 ** errors);
    timer = timers.setTimeout(() => {
      timer = null;
      void run();
    }, delay);
  };

  const run = async () => {
    if (state !== "running" || inFlight) return;
    if (hidden()) {
      setState("paused");
      clearTimer();
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    try {
      const result = await opts.check(controller.signal);
      if (controller.signal.aborted) return;
      errors = 0;
      opts.onResult(result);
      if (opts.isDone?.(result)) {
        finish("done");
        return;
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      errors += 1;
      opts.onError?.(error);
    } finally {
      if (inFlight === controller) inFlight = null;
    }
    if (state === "running") schedule();
  };

  const onVisibility = () => {
    if (state === "done" || state === "stopped" || state === "idle") return;
    if (hidden()) {
      setState("paused");
      clearTimer();
    } else {
      setState("running");
      clearTimer();
      void run(); // back on screen: re-check at once
    }
  };

  const finish = (end: "done" | "stopped") => {
    setState(end);
    clearTimer();
    visibility?.removeEventListener("visibilitychange", onVisibility);
    if (end === "stopped") {
      inFlight?.abort();
      inFlight = null;
    }
  };

  return {
    get state() {
      return state;
    },
    start() {
      if (state !== "idle") return;
      visibility?.addEventListener("visibilitychange", onVisibility);
      const next = hidden() ? "paused" : "running";
      setState(next);
      if (next === "running") void run();
    },
    stop() {
      if (state === "stopped") return;
      finish("stopped");
    },
    checkNow() {
      if (state !== "running") return;
      clearTimer();
      void run();
    },
  };
}
