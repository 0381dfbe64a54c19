import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import { errorMessage } from "../../lib/errors";

/** The PostgreSQL channel a payment record's change is announced on; the payload is the trace id only. */
export const SALE_CHANNEL = "mixpay_sale";

/** What the feed needs of a dedicated PostgreSQL connection (a `pg` Client). */
export interface ListenConnection {
  query(sql: string): Promise<unknown>;
  on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: "error" | "end", listener: (error?: Error) => void): unknown;
  removeAllListeners(): unknown;
}

/** How the feed reaches PostgreSQL: a connection of its own to LISTEN on, and NOTIFY through the shared pool. */
export interface FeedDatabase {
  /** A new connection outside the pool, already connected. */
  open(): Promise<ListenConnection>;
  close(connection: ListenConnection): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
}

export interface SaleFeedOptions {
  /** The first reconnect waits this long, doubling per failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The LISTEN connection is closed once no stream has watched for this long. */
  idleCloseMs?: number;
}

type Listener = () => void;

/**
 * Tells every server process when a payment record changed. The one writer of payment records (./ledger.ts)
 * `announce`s a trace after its write committed: `NOTIFY mixpay_sale, '<trace id>'` through the shared pool. Each
 * process LISTENs on one dedicated connection, opened when its first stream subscribes and closed when none has
 * watched for `idleCloseMs` (or the process stops), reconnecting with backoff when it drops; it hands each
 * notification to the streams of that trace. After every (re)connect all subscribers are told to re-read, since
 * notifications sent while nothing listened are lost. A subscriber only learns "this trace may have changed":
 * it re-reads the record itself.
 */
export class SaleFeed {
  readonly #db: FeedDatabase | null;
  readonly #logger: Logger | undefined;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #idleCloseMs: number;
  readonly #subscribers = new Map<string, Set<Listener>>();
  #connection: ListenConnection | null = null;
  #connecting: Promise<void> | null = null;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(deps: { db: FeedDatabase | null; logger?: Logger }, options: SaleFeedOptions = {}) {
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.#idleCloseMs = options.idleCloseMs ?? 5_000;
  }

  /** Whether this process is listening now (streams fall back to their timed checks while it is not). */
  get listening(): boolean {
    return this.#connection !== null;
  }

  /** How many streams of this process watch some trace. */
  get subscriberCount(): number {
    let n = 0;
    for (const set of this.#subscribers.values()) n += set.size;
    return n;
  }

  /** Calls `listener` whenever `traceId` may have changed; returns the unsubscribe function. */
  subscribe(traceId: string, listener: Listener): () => void {
    let set = this.#subscribers.get(traceId);
    if (!set) {
      set = new Set();
      this.#subscribers.set(traceId, set);
    }
    set.add(listener);
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.#ensureListening();
    return () => this.#unsubscribe(traceId, listener);
  }

  /** Tells every process that `traceId`'s record changed. Call after the write committed. Never throws. */
  async announce(traceId: string): Promise<void> {
    if (!this.#db) return;
    try {
      await this.#db.notify(SALE_CHANNEL, traceId);
    } catch (error) {
      // Streams still see the change on their next timed check; the change itself is recorded.
      this.#logger?.warn(`MixPay: could not announce the change of ${traceId}: ${errorMessage(error)}`);
    }
  }

  /** Stops listening for good (the process is stopping). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#retryTimer = null;
    this.#idleTimer = null;
    await this.#connecting?.catch(() => undefined);
    await this.#disconnect();
  }

  #unsubscribe(traceId: string, listener: Listener): void {
    const set = this.#subscribers.get(traceId);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.#subscribers.delete(traceId);
    if (this.#subscribers.size > 0 || this.#closed) return;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#subscribers.size === 0) void this.#disconnect();
    }, this.#idleCloseMs);
    this.#idleTimer.unref?.();
  }

  #ensureListening(): void {
    if (!this.#db || this.#closed || this.#connection || this.#connecting || this.#retryTimer) return;
    this.#connecting = this.#connect().finally(() => {
      this.#connecting = null;
    });
  }

  async #connect(): Promise<void> {
    const db = this.#db;
    if (!db) return;
    let connection: ListenConnection | null = null;
    try {
      connection = await db.open();
      connection.on("notification", (message) => this.#deliver(message));
      connection.on("error", (error) => this.#lost(connection, error));
      connection.on("end", () => this.#lost(connection));
      await connection.query(`LISTEN ${SALE_CHANNEL}`);
    } catch (error) {
      if (connection) await db.close(connection).catch(() => undefined);
      this.#logger?.warn(`MixPay: sale streams cannot listen for changes yet: ${errorMessage(error)}`);
      this.#scheduleRetry();
      return;
    }
    if (this.#closed || this.#subscribers.size === 0) {
      connection.removeAllListeners();
      await db.close(connection).catch(() => undefined);
      return;
    }
    this.#connection = connection;
    this.#failures = 0;
    // Whatever changed while nothing listened: every stream re-reads once.
    for (const traceId of [...this.#subscribers.keys()]) this.#notifyTrace(traceId);
  }

  #lost(connection: ListenConnection | null, error?: Error): void {
    if (!connection || this.#connection !== connection) return;
    this.#connection = null;
    connection.removeAllListeners();
    void this.#db?.close(connection).catch(() => undefined);
    if (error) this.#logger?.warn(`MixPay: the sale streams' LISTEN connection dropped: ${errorMessage(error)}`);
    if (this.#subscribers.size > 0) this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer || this.#subscribers.size === 0) return;
    const wait = Math.min(this.#maxBackoffMs, this.#backoffMs * 2 ** Math.min(this.#failures, 16));
    this.#failures += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#ensureListening();
    }, wait);
    this.#retryTimer.unref?.();
  }

  async #disconnect(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    if (!connection || !this.#db) return;
    connection.removeAllListeners();
    // An error after this point (the socket closing) must not crash the process.
    connection.on("error", () => undefined);
    await this.#db.close(connection).catch(() => undefined);
  }

  #deliver(message: { channel: string; payload?: string }): void {
    if (message.channel !== SALE_CHANNEL || !message.payload) return;
    this.#notifyTrace(message.payload);
  }

  #notifyTrace(traceId: string): void {
    for (const listener of [...(this.#subscribers.get(traceId) ?? [])]) {
      try {
        listener();
      } catch (error) {
        this.#logger?.warn(`MixPay: a sale stream of ${traceId} failed: ${errorMessage(error)}`);
      }
    }
  }
}

/**
 * The feed's database through Medusa's shared knex: NOTIFY through the pool, and the LISTEN connection made by
 * knex's own client outside the pool (`acquireRawConnection`, as knex itself does for a query cancel), so it uses
 * exactly the pool's connection settings (URL, SSL, search path).
 */
export function knexFeedDatabase(knex: Knex): FeedDatabase {
  const client = knex.client as {
    acquireRawConnection(): Promise<ListenConnection>;
    destroyRawConnection(connection: ListenConnection): Promise<void>;
  };
  return {
    open: () => client.acquireRawConnection(),
    close: (connection) => client.destroyRawConnection(connection),
    notify: async (channel, payload) => {
      await knex.raw("select pg_notify(?, ?)", [channel, payload]);
    },
  };
}
