import { readEventStream, type StreamFetch } from "./event-stream";
import { createPoller, type Poller, type PollerState, type Timers, type VisibilitySource } from "./poller";

/**
 * Watches one sale until its outcome cannot change, with pushed updates when the server offers them: the event
 * stream while it is up (each `event: sale` carries the same JSON body as the poll route), and the poller (with
 * its overlap guard, backoff and hidden-tab pause) whenever the stream is down, while the stream is tried again
 * later. Without a stream URL it is the poller alone.
 */

export type WatchMode = "stream" | "poll";

export interface SaleStreamOptions<T> {
  /** The sale's event stream (given by the view; the engine knows no routes). */
  url: string;
  /** Sent with the request, e.g. `x-publishable-api-key` (why this is fetch, not EventSource). */
  headers?: Record<string, string>;
  credentials?: "include" | "same-origin" | "omit";
  /** Turns an event's JSON (the poll route's body) into what `check` returns. Throwing skips the event. */
  parse: (json: unknown) => T;
  fetch?: StreamFetch;
  /** First wait before the stream is tried again after it failed (default 5 s, doubling up to `maxRetryMs`). */
  retryMs?: number;
  maxRetryMs?: number;
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface SaleWatchOptions<T> {
  /** One poll of the sale's status. */
  check: (signal: AbortSignal) => Promise<T>;
  onResult: (result: T) => void;
  /** A failed poll (the poller backs off and carries on). */
  onError?: (error: unknown) => void;
  /** The stream dropped or could not open (polling takes over). */
  onStreamDrop?: (error: unknown) => void;
  /** True once nothing can change any more: the watch ends. */
  isDone?: (result: T) => boolean;
  stream?: SaleStreamOptions<T> | null;
  intervalMs?: number;
  maxIntervalMs?: number;
  visibility?: VisibilitySource | null;
  timers?: Timers;
  onStateChange?: (state: PollerState) => void;
  onModeChange?: (mode: WatchMode) => void;
}

export interface SaleWatch {
  readonly state: PollerState;
  readonly mode: WatchMode;
  start(): void;
  stop(): void;
  /** Checks now (one poll), whichever way updates arrive. */
  checkNow(): void;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function watchSale<T>(opts: SaleWatchOptions<T>): SaleWatch {
  const timers = opts.timers ?? defaultTimers;
  const stream = opts.stream ?? null;
  const retryMs = stream?.retryMs ?? 5_000;
  const maxRetryMs = Math.max(retryMs, stream?.maxRetryMs ?? 60_000);
  let state: PollerState = "idle";
  let mode: WatchMode = "poll";
  let poller: Poller | null = null;
  let streamAbort: AbortController | null = null;
  let retryTimer: unknown = null;
  let streamFailures = 0;
  let oneOff: AbortController | null = null;

  const setState = (next: PollerState) => {
    if (next === state) return;
    state = next;
    opts.onStateChange?.(next);
  };
  const setMode = (next: WatchMode) => {
    if (next === mode) return;
    mode = next;
    opts.onModeChange?.(next);
  };
  const finished = () => state === "done" || state === "stopped";

  const handle = (result: T) => {
    if (finished()) return;
    opts.onResult(result);
    if (opts.isDone?.(result)) finish("done");
  };

  const startPolling = () => {
    if (poller || finished()) return;
    const p: Poller = createPoller<T>({
      check: opts.check,
      onResult: handle,
      ...(opts.onError ? { onError: opts.onError } : {}),
      ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
      ...(opts.maxIntervalMs !== undefined ? { maxIntervalMs: opts.maxIntervalMs } : {}),
      ...(opts.visibility !== undefined ? { visibility: opts.visibility } : {}),
      timers,
      onStateChange: (s) => {
        if (poller === p && (s === "running" || s === "paused")) setState(s);
      },
    });
    poller = p;
    setMode("poll");
    p.start();
  };
  const stopPolling = () => {
    const p = poller;
    poller = null;
    p?.stop();
  };

  const connect = () => {
    if (!stream || finished() || streamAbort) return;
    const controller = new AbortController();
    streamAbort = controller;
    let openedAt: number | null = null;
    let delivered = false;
    const ended = (error: unknown) => {
      if (streamAbort !== controller) return;
      streamAbort = null;
      if (finished()) return;
      opts.onStreamDrop?.(error ?? new Error("the event stream closed"));
      // A stream that served for a while and was closed by the server (its max lifetime) is reopened at once;
      // one that failed or closed early counts as a failure and polling covers the wait.
      const served = openedAt !== null && delivered && Date.now() - openedAt >= retryMs && !error;
      streamFailures = served ? 0 : streamFailures + 1;
      if (served) return connect();
      startPolling();
      const delay = Math.min(maxRetryMs, retryMs * 2 ** (streamFailures - 1));
      retryTimer = timers.setTimeout(() => {
        retryTimer = null;
        connect();
      }, delay);
    };
    readEventStream({
      url: stream.url,
      signal: controller.signal,
      timers,
      ...(stream.headers ? { headers: stream.headers } : {}),
      ...(stream.credentials ? { credentials: stream.credentials } : {}),
      ...(stream.fetch ? { fetch: stream.fetch } : {}),
      ...(stream.idleTimeoutMs !== undefined ? { idleTimeoutMs: stream.idleTimeoutMs } : {}),
      ...(stream.connectTimeoutMs !== undefined ? { connectTimeoutMs: stream.connectTimeoutMs } : {}),
      onOpen: () => {
        if (streamAbort !== controller || finished()) return;
        openedAt = Date.now();
        stopPolling();
        setMode("stream");
        setState("running");
      },
      onEvent: (event) => {
        if (streamAbort !== controller || event.event !== "sale") return;
        let result: T;
        try {
          result = stream.parse(JSON.parse(event.data));
        } catch (error) {
          opts.onError?.(error);
          return;
        }
        delivered = true;
        handle(result);
      },
    }).then(
      () => ended(null),
      (error: unknown) => ended(error),
    );
  };

  function finish(end: "done" | "stopped") {
    setState(end);
    stopPolling();
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
    const s = streamAbort;
    streamAbort = null;
    s?.abort();
    oneOff?.abort();
    oneOff = null;
  }

  return {
    get state() {
      return state;
    },
    get mode() {
      return mode;
    },
    start() {
      if (state !== "idle") return;
      if (stream) {
        setState("running");
        connect();
      } else startPolling();
    },
    stop() {
      if (state === "stopped") return;
      finish("stopped");
    },
    checkNow() {
      if (finished()) return;
      if (poller) return poller.checkNow();
      if (oneOff) return;
      const controller = new AbortController();
      oneOff = controller;
      opts.check(controller.signal).then(
        (result) => {
          if (oneOff === controller) oneOff = null;
          if (!controller.signal.aborted) handle(result);
        },
        (error: unknown) => {
          if (oneOff === controller) oneOff = null;
          if (!controller.signal.aborted) opts.onError?.(error);
        },
      );
    },
  };
}
