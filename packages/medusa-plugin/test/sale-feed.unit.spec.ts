import { EventEmitter } from "node:events";
import { type FeedDatabase, type ListenConnection, SALE_CHANNEL, SaleFeed } from "../src/modules/mixpay/sale-feed";

/** A LISTEN connection that the test can notify through, or drop. */
class FakeConnection extends EventEmitter implements ListenConnection {
  queries: string[] = [];
  async query(sql: string): Promise<unknown> {
    this.queries.push(sql);
    return {};
  }
}

/** PostgreSQL as the feed sees it: connections it opens (failing `failOpens` times first), and NOTIFY to all. */
class FakeDatabase implements FeedDatabase {
  open_ = 0;
  closed: FakeConnection[] = [];
  live: FakeConnection[] = [];
  constructor(public failOpens = 0) {}
  async open(): Promise<ListenConnection> {
    this.open_ += 1;
    if (this.failOpens > 0) {
      this.failOpens -= 1;
      throw new Error("connection refused");
    }
    const c = new FakeConnection();
    this.live.push(c);
    return c;
  }
  async close(connection: ListenConnection): Promise<void> {
    this.closed.push(connection as FakeConnection);
    this.live = this.live.filter((c) => c !== connection);
  }
  async notify(channel: string, payload: string): Promise<void> {
    for (const c of this.live) c.emit("notification", { channel, payload });
  }
}

const TRACE = "6f0e3c1a-2b4d-4e5f-8a9b-0c1d2e3f4a5b";
const OTHER = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("SaleFeed: LISTEN/NOTIFY fan-out across server processes", () => {
  afterEach(() => jest.useRealTimers());

  it("opens no connection before a stream subscribes; a change announced by one process reaches the other's stream", async () => {
    const db = new FakeDatabase();
    const writer = new SaleFeed({ db }); // the process that handled the callback: announces, never listens
    const reader = new SaleFeed({ db });
    expect(db.open_).toBe(0);
    const calls: string[] = [];
    reader.subscribe(TRACE, () => calls.push("trace"));
    reader.subscribe(OTHER, () => calls.push("other"));
    await new Promise((r) => setImmediate(r));
    expect(db.open_).toBe(1);
    expect(db.live[0]?.queries).toEqual([`LISTEN ${SALE_CHANNEL}`]);
    calls.length = 0; // the re-read every stream makes once listening starts
    await writer.announce(TRACE);
    expect(calls).toEqual(["trace"]);
    expect(writer.listening).toBe(false);
  });

  it("reconnects with backoff after a drop, and every stream re-reads once it listens again", async () => {
    jest.useFakeTimers();
    const db = new FakeDatabase();
    const feed = new SaleFeed({ db }, { backoffMs: 500, maxBackoffMs: 4_000 });
    let reads = 0;
    feed.subscribe(TRACE, () => {
      reads += 1;
    });
    await jest.advanceTimersByTimeAsync(0);
    expect(feed.listening).toBe(true);
    reads = 0;
    db.failOpens = 3;
    db.live[0]?.emit("error", new Error("terminating connection"));
    expect(feed.listening).toBe(false);
    await jest.advanceTimersByTimeAsync(499);
    expect(db.open_).toBe(1);
    await jest.advanceTimersByTimeAsync(1); // 500 ms: fails
    await jest.advanceTimersByTimeAsync(1_000); // 1 s more: fails
    await jest.advanceTimersByTimeAsync(2_000); // 2 s more: fails
    expect(db.open_).toBe(4);
    expect(feed.listening).toBe(false);
    await jest.advanceTimersByTimeAsync(4_000); // capped at 4 s: succeeds
    expect(db.open_).toBe(5);
    expect(feed.listening).toBe(true);
    expect(reads).toBe(1);
  });

  it("closes the connection once no stream watches, and for good at shutdown", async () => {
    jest.useFakeTimers();
    const db = new FakeDatabase();
    const feed = new SaleFeed({ db }, { idleCloseMs: 5_000 });
    const off = feed.subscribe(TRACE, () => undefined);
    await jest.advanceTimersByTimeAsync(0);
    off();
    await jest.advanceTimersByTimeAsync(4_999);
    expect(db.closed).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(db.closed).toHaveLength(1);
    feed.subscribe(TRACE, () => undefined);
    await jest.advanceTimersByTimeAsync(0);
    expect(feed.listening).toBe(true);
    await feed.close();
    expect(db.closed).toHaveLength(2);
    feed.subscribe(OTHER, () => undefined);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(db.open_).toBe(2);
  });

  it("ignores other channels and empty payloads; a failing announce is logged, not thrown", async () => {
    const db = new FakeDatabase();
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as unknown as ConstructorParameters<
      typeof SaleFeed
    >[0]["logger"];
    const feed = new SaleFeed({ db, logger });
    let calls = 0;
    feed.subscribe(TRACE, () => {
      calls += 1;
    });
    await new Promise((r) => setImmediate(r));
    calls = 0;
    db.live[0]?.emit("notification", { channel: "other", payload: TRACE });
    db.live[0]?.emit("notification", { channel: SALE_CHANNEL });
    expect(calls).toBe(0);
    db.notify = async () => {
      throw new Error("pool exhausted");
    };
    await expect(feed.announce(TRACE)).resolves.toBeUndefined();
    expect(warnings.join()).toContain("pool exhausted");
  });
});
