import { EventEmitter } from "node:events";
import {
  EventChannel,
  SaleStream,
  type SaleStreamSource,
  type StreamBody,
  saleEventFrame,
} from "../src/lib/sale-stream";
import { StreamShutdown } from "../src/lib/stream-shutdown";
import { StreamSlots, TooManyStreamsError } from "../src/lib/stream-slots";

/** A response socket whose client reads only when told to: write() returns false once `capacity` bytes wait. */
class SlowSink extends EventEmitter {
  written: string[] = [];
  buffered = 0;
  ended = false;
  destroyed = false;
  constructor(private readonly capacity: number) {
    super();
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    this.buffered += chunk.length;
    return this.buffered < this.capacity;
  }
  /** The client read everything. */
  read(): void {
    this.buffered = 0;
    this.emit("drain");
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const state = (status: string, n = 0): StreamBody => ({
  body: { payment: { status, n } },
  settled: status === "expired",
});

describe("EventChannel: a slow client cannot make the server hold more than one waiting state", () => {
  afterEach(() => jest.useRealTimers());

  it("while the socket has not drained, only the newest state waits and pings are skipped", () => {
    const sink = new SlowSink(10);
    const channel = new EventChannel(sink, 30_000);
    channel.send(saleEventFrame({ n: 1 })); // fills the buffer
    for (let n = 2; n <= 1_000; n++) channel.send(saleEventFrame({ n }));
    channel.ping();
    expect(sink.written).toEqual([saleEventFrame({ n: 1 })]);
    sink.read();
    expect(sink.written).toEqual([saleEventFrame({ n: 1 }), saleEventFrame({ n: 1_000 })]);
  });

  it("a client that does not read for stallMs is cut off", () => {
    jest.useFakeTimers();
    const sink = new SlowSink(1);
    const channel = new EventChannel(sink, 30_000);
    channel.send(saleEventFrame({ n: 1 }));
    jest.advanceTimersByTime(29_999);
    expect(sink.destroyed).toBe(false);
    jest.advanceTimersByTime(1);
    expect(sink.destroyed).toBe(true);
    expect(channel.closed).toBe(true);
  });

  it("end() writes the waiting final state first, then ends", () => {
    const sink = new SlowSink(10);
    const channel = new EventChannel(sink, 30_000);
    channel.send(saleEventFrame({ n: 1 }));
    channel.send(saleEventFrame({ n: 2, final: true }));
    channel.end();
    expect(sink.ended).toBe(false);
    sink.read();
    expect(sink.written.at(-1)).toBe(saleEventFrame({ n: 2, final: true }));
    expect(sink.ended).toBe(true);
  });
});

describe("SaleStream", () => {
  afterEach(() => jest.useRealTimers());
  const timings = { pingMs: 15_000, maxLifetimeMs: 30 * 60_000, stallMs: 30_000, minPollGapMs: 1_000 };

  function run(source: Partial<SaleStreamSource>, first = state("unpaid"), retryAtMs: number | null = null) {
    const sink = new SlowSink(1_000_000);
    const listeners: (() => void)[] = [];
    const stream = new SaleStream({
      sink,
      source: { read: async () => null, poll: async () => null, ...source },
      timings,
      onError: () => undefined,
    });
    let released = 0;
    stream.onStop(() => {
      released += 1;
    });
    stream.start(first, retryAtMs, (listener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    });
    return { sink, stream, listeners, released: () => released };
  }

  it("sends the first state at once, then only states that differ; ends after a settled one", async () => {
    const reads = [state("unpaid"), state("underpaid", 1), state("expired", 2)];
    const { sink, listeners, released } = run({ read: async () => reads.shift() ?? null });
    expect(sink.written).toEqual([saleEventFrame({ payment: { status: "unpaid", n: 0 } })]);
    for (let i = 0; i < 3; i++) {
      listeners[0]?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(sink.written).toEqual([
      saleEventFrame({ payment: { status: "unpaid", n: 0 } }),
      saleEventFrame({ payment: { status: "underpaid", n: 1 } }),
      saleEventFrame({ payment: { status: "expired", n: 2 } }),
    ]);
    expect(sink.ended).toBe(true);
    expect(listeners).toHaveLength(0);
    expect(released()).toBe(1);
  });

  it("many announcements during one re-read make one more re-read, not one each", async () => {
    let reads = 0;
    let finish: () => void = () => undefined;
    const { listeners } = run({
      read: () => {
        reads += 1;
        return new Promise((resolve) => {
          finish = () => resolve(state("unpaid"));
        });
      },
    });
    listeners[0]?.();
    for (let i = 0; i < 50; i++) listeners[0]?.();
    finish();
    await new Promise((r) => setImmediate(r));
    finish();
    await new Promise((r) => setImmediate(r));
    expect(reads).toBe(2);
  });

  it("polls when the check rule allows, pings every 15 s, and ends after its lifetime", async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    let polls = 0;
    const { sink, released } = run(
      {
        poll: async () => {
          polls += 1;
          return { current: state("unpaid"), retryAtMs: Date.now() + 10_000 };
        },
      },
      state("unpaid"),
      1_000_000 + 10_000,
    );
    await jest.advanceTimersByTimeAsync(9_999);
    expect(polls).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(polls).toBe(1);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(sink.written.filter((w) => w === ": ping\n\n")).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(sink.ended).toBe(true);
    expect(released()).toBe(1);
    expect(polls).toBeLessThanOrEqual(30 * 6 + 2);
  });
});

describe("StreamSlots", () => {
  it("caps streams per client and in all; a released slot is free again, once", () => {
    const slots = new StreamSlots({ perClient: 2, perProcess: 3 });
    const a1 = slots.acquire("store:1.1.1.1");
    slots.acquire("store:1.1.1.1");
    expect(() => slots.acquire("store:1.1.1.1")).toThrow(TooManyStreamsError);
    slots.acquire("store:2.2.2.2");
    expect(() => slots.acquire("store:3.3.3.3")).toThrow(/as many status streams as it may/);
    a1();
    a1();
    expect(slots.open).toBe(2);
    expect(() => slots.acquire("store:3.3.3.3")).not.toThrow();
    expect(() => slots.acquire("store:4.4.4.4")).toThrow(TooManyStreamsError);
  });
});

describe("StreamShutdown", () => {
  it("ends every open stream on a stop signal someone handles, and leaves unhandled signals alone", () => {
    const signals = new EventEmitter();
    signals.on("SIGTERM", () => undefined); // Medusa's own graceful shutdown
    const shutdown = new StreamShutdown(signals as unknown as ConstructorParameters<typeof StreamShutdown>[0]);
    const ended: string[] = [];
    shutdown.register(() => ended.push("a"));
    const removeB = shutdown.register(() => ended.push("b"));
    shutdown.register(() => ended.push("c"));
    removeB();
    expect(signals.listenerCount("SIGINT")).toBe(0);
    signals.emit("SIGTERM");
    expect(ended).toEqual(["a", "c"]);
  });
});
