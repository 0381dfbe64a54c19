import type { Timers } from "./poller";
import { createSseParser, type SseEvent } from "./sse";

/**
 * Reads a server-sent event stream with fetch and a ReadableStream, not EventSource: the store's routes need the
 * `x-publishable-api-key` header, which EventSource cannot send. Headers come from the caller. Resolves when the
 * server closes the stream; rejects when it cannot be opened (network, HTTP error, not an event stream) or falls
 * silent (no byte, not even a `: ping`, for `idleTimeoutMs`).
 */

/** The part of a fetch Response this reads (the browser's and Node's fetch both fit). */
export interface StreamResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}

export type StreamFetch = (
  url: string,
  init: {
    headers: Record<string, string>;
    signal: AbortSignal;
    credentials?: "include" | "same-origin" | "omit";
    cache: "no-store";
  },
) => Promise<StreamResponse>;

export interface EventStreamOptions {
  url: string;
  headers?: Record<string, string>;
  /** Cookies: "include" for the admin's session on another origin; the browser's default otherwise. */
  credentials?: "include" | "same-origin" | "omit";
  fetch?: StreamFetch;
  signal?: AbortSignal;
  /** Silence after which the stream counts as dropped (default 40 s: the server pings every 15 s). */
  idleTimeoutMs?: number;
  /** How long the server has to answer and send its first bytes (default 5 s). */
  connectTimeoutMs?: number;
  timers?: Timers;
  onOpen?: () => void;
  onEvent: (event: SseEvent) => void;
}

export class EventStreamError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "EventStreamError";
  }
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function defaultFetch(): StreamFetch {
  if (typeof globalThis.fetch !== "function") throw new EventStreamError("fetch is not available here", null);
  return globalThis.fetch.bind(globalThis) as unknown as StreamFetch;
}

export async function readEventStream(opts: EventStreamOptions): Promise<void> {
  const timers = opts.timers ?? defaultTimers;
  const idleMs = opts.idleTimeoutMs ?? 40_000;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener("abort", onAbort);
  let timer: unknown = null;
  let silentFor: number | null = null;
  const arm = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      silentFor = ms;
      controller.abort();
    }, ms);
  };
  try {
    arm(opts.connectTimeoutMs ?? 5_000);
    const res = await (opts.fetch ?? defaultFetch())(opts.url, {
      headers: { accept: "text/event-stream", ...opts.headers },
      signal: controller.signal,
      cache: "no-store",
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
    if (!res.ok) throw new EventStreamError(`the event stream answered ${res.status}`, res.status);
    const type = res.headers.get("content-type") ?? "";
    if (!/^text\/event-stream\b/i.test(type) || !res.body) {
      throw new EventStreamError(`not an event stream (content-type ${type || "none"})`, res.status);
    }
    const reader = res.body.getReader();
    opts.onOpen?.();
    const decoder = new TextDecoder();
    const parser = createSseParser(opts.onEvent);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm(idleMs);
      if (value) parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } catch (error) {
    if (silentFor !== null) throw new EventStreamError(`the event stream was silent for ${silentFor} ms`, null);
    throw error;
  } finally {
    if (timer !== null) timers.clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
    controller.abort();
  }
}
