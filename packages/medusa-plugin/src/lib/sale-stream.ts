import { SALE_STREAM_EVENT } from "@mixpay-pos/core";
import { errorMessage } from "./errors";

/**
 * One sale's server-sent event stream, independent of Medusa: what to send when, and how much a slow client may make
 * the server hold. The route (api/sale-stream-route.ts) gives it the socket, the first body, where bodies come from
 * and the feed that says "this trace may have changed".
 */

/** A body to send: exactly the sibling status route's body, and whether the sale is settled (the stream then ends). */
export interface StreamBody {
  body: unknown;
  settled: boolean;
}

export interface SaleStreamSource {
  /** The body from the record as it is now (never MixPay); null when the record is gone. */
  read(): Promise<StreamBody | null>;
  /**
   * What a poll of the sibling route does (lib/check-rule.ts decides whether MixPay is asked, on the same terms as
   * for a poll), and when a poll may next ask; null `retryAtMs`: never again (the payment is final).
   */
  poll(): Promise<{ current: StreamBody; retryAtMs: number | null } | null>;
}

/** What the stream needs of the response socket (Node's ServerResponse). */
export interface EventSink {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  end(): unknown;
  destroy(): unknown;
}

export interface SaleStreamTimings {
  pingMs: number;
  maxLifetimeMs: number;
  /** A client that has not taken what was written for this long is disconnected. */
  stallMs: number;
  /** No two polls of one stream closer than this. */
  minPollGapMs: number;
}

/** A server-sent event frame: `event: sale\ndata: <JSON>\n\n` (JSON has no raw newline, so one data line). */
export function saleEventFrame(body: unknown): string {
  return `event: ${SALE_STREAM_EVENT}\ndata: ${JSON.stringify(body)}\n\n`;
}

export const PING_FRAME = ": ping\n\n";

/**
 * Writes frames to a client that may read slowly. While the socket has not drained, only the newest state waits
 * (an older one is worthless once a newer exists) and pings are skipped, so a stream holds at most one frame in
 * Node's buffer plus one waiting, however slowly its client reads; a client stalled for `stallMs` is cut off.
 */
export class EventChannel {
  readonly #sink: EventSink;
  readonly #stallMs: number;
  #waiting: string | null = null;
  #blocked = false;
  #stallTimer: NodeJS.Timeout | null = null;
  #endAfterFlush = false;
  #closed = false;

  constructor(sink: EventSink, stallMs: number) {
    this.#sink = sink;
    this.#stallMs = stallMs;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends a state; while the client has not drained, it replaces the state waiting. */
  send(frame: string): void {
    if (this.#closed || this.#endAfterFlush) return;
    if (this.#blocked) this.#waiting = frame;
    else this.#write(frame);
  }

  ping(): void {
    if (!this.#closed && !this.#blocked && !this.#endAfterFlush) this.#write(PING_FRAME);
  }

  /** Ends the stream once what is waiting has been written. */
  end(): void {
    if (this.#closed) return;
    this.#endAfterFlush = true;
    if (!this.#blocked) this.#finish(false);
  }

  /** The client went away, or the stream is being torn down: nothing more is written. */
  close(): void {
    this.#finish(false);
  }

  #write(frame: string): void {
    if (this.#sink.write(frame)) return;
    this.#blocked = true;
    this.#stallTimer = setTimeout(() => this.#finish(true), this.#stallMs);
    this.#stallTimer.unref?.();
    this.#sink.once("drain", () => this.#drained());
  }

  #drained(): void {
    if (this.#closed) return;
    this.#blocked = false;
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    this.#stallTimer = null;
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting) this.#write(waiting);
    // Once the last state is handed to the socket, ending it lets Node flush what it holds.
    if (this.#endAfterFlush) this.#finish(false);
  }

  #finish(stalled: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiting = null;
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    this.#stallTimer = null;
    if (stalled) this.#sink.destroy();
    else this.#sink.end();
  }
}

/**
 * A running stream: the first body at once; a re-read (never MixPay) each time the feed says the trace may have
 * changed; a poll on the check rule's schedule, so a lost callback is found as it would be by a polling screen;
 * a state only when it differs from the last one sent; the end after a settled state or `maxLifetimeMs`.
 * Re-reads never overlap: a change announced during one makes one more afterwards.
 */
export class SaleStream {
  readonly #channel: EventChannel;
  readonly #source: SaleStreamSource;
  readonly #timings: SaleStreamTimings;
  readonly #onError: (message: string) => void;
  readonly #cleanups: (() => void)[] = [];
  #lastSent: string | null = null;
  #busy = false;
  #again: "read" | "poll" | null = null;
  #pollTimer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(deps: {
    sink: EventSink;
    source: SaleStreamSource;
    timings: SaleStreamTimings;
    onError: (message: string) => void;
  }) {
    this.#channel = new EventChannel(deps.sink, deps.timings.stallMs);
    this.#source = deps.source;
    this.#timings = deps.timings;
    this.#onError = deps.onError;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Sends `first` and starts watching. `subscribe` registers the change listener and returns its removal;
   * `onStop` runs once when the stream ends for any reason (the slot is released there).
   */
  start(first: StreamBody, firstRetryAtMs: number | null, subscribe: (onChange: () => void) => () => void): void {
    this.#push(first);
    if (this.#stopped) return;
    this.#cleanups.push(subscribe(() => void this.#refresh("read")));
    const ping = setInterval(() => this.#channel.ping(), this.#timings.pingMs);
    const lifetime = setTimeout(() => this.stop(), this.#timings.maxLifetimeMs);
    this.#cleanups.push(() => clearInterval(ping));
    this.#cleanups.push(() => clearTimeout(lifetime));
    this.#schedulePoll(firstRetryAtMs);
  }

  /** Runs `cleanup` when the stream stops (at once if it already has). */
  onStop(cleanup: () => void): void {
    if (this.#stopped) cleanup();
    else this.#cleanups.push(cleanup);
  }

  /** Ends the stream (what waits for a slow client is still written, within `stallMs`). */
  stop(): void {
    this.#finish(() => this.#channel.end());
  }

  /** The client went away: nothing more is written. */
  abort(): void {
    this.#finish(() => this.#channel.close());
  }

  #finish(closeChannel: () => void): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    closeChannel();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  #push(current: StreamBody): void {
    if (this.#stopped) return;
    const frame = saleEventFrame(current.body);
    if (frame !== this.#lastSent) {
      this.#lastSent = frame;
      this.#channel.send(frame);
    }
    if (current.settled) this.stop();
  }

  #schedulePoll(retryAtMs: number | null): void {
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
    if (retryAtMs === null || this.#stopped) return;
    const wait = Math.max(this.#timings.minPollGapMs, retryAtMs - Date.now());
    this.#pollTimer = setTimeout(() => void this.#refresh("poll"), wait);
  }

  async #refresh(kind: "read" | "poll"): Promise<void> {
    if (this.#stopped) return;
    if (this.#busy) {
      this.#again = this.#again === "poll" || kind === "poll" ? "poll" : "read";
      return;
    }
    this.#busy = true;
    let next: "read" | "poll" | null = kind;
    try {
      while (next && !this.#stopped) {
        this.#again = null;
        if (next === "poll") {
          const polled = await this.#source.poll();
          if (polled) {
            this.#push(polled.current);
            this.#schedulePoll(polled.retryAtMs);
          }
        } else {
          const current = await this.#source.read();
          if (current) this.#push(current);
        }
        next = this.#again;
      }
    } catch (error) {
      // The record could not be read just now: the next change or poll tries again.
      this.#onError(errorMessage(error));
      if (kind === "poll") this.#schedulePoll(Date.now() + this.#timings.minPollGapMs * 5);
    } finally {
      this.#busy = false;
    }
  }
}
