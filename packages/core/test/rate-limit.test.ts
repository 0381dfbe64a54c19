import { describe, expect, it } from "vitest";
import { MemoryRateLimitStore, parseRateLimitHint, RateLimiter, type RateLimitStore } from "../src/rate-limit.js";

/** A fake clock whose sleep advances time, so a minute passes instantly. */
function clock(start = 1_700_000_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    waits,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      waits.push(ms);
      now += ms;
    },
  };
}

describe("MemoryRateLimitStore", () => {
  it("grants `limit` requests per window with exact remaining counts, then says how long to wait", async () => {
    const store = new MemoryRateLimitStore();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await store.take("k", 3, 1_000, 100 + i * 10));
    expect(results).toEqual([
      { granted: true, waitMs: 0, remaining: 2 },
      { granted: true, waitMs: 0, remaining: 1 },
      { granted: true, waitMs: 0, remaining: 0 },
    ]);
    // The oldest (t=100) leaves the window at t=1100.
    expect(await store.take("k", 3, 1_000, 500)).toEqual({ granted: false, waitMs: 600, remaining: 0 });
    expect(await store.take("k", 3, 1_000, 1_099)).toEqual({ granted: false, waitMs: 1, remaining: 0 });
    expect(await store.take("k", 3, 1_000, 1_100)).toEqual({ granted: true, waitMs: 0, remaining: 0 });
    // Keys are separate budgets.
    expect(await store.take("other", 3, 1_000, 1_100)).toEqual({ granted: true, waitMs: 0, remaining: 2 });
  });

  it("blockUntil refuses everything until then and never shortens an existing block", async () => {
    const store = new MemoryRateLimitStore();
    await store.blockUntil("k", 5_000);
    await store.blockUntil("k", 2_000);
    expect(await store.take("k", 60, 60_000, 1_000)).toEqual({ granted: false, waitMs: 4_000, remaining: 0 });
    expect(await store.take("k", 60, 60_000, 5_000)).toEqual({ granted: true, waitMs: 0, remaining: 59 });
  });

  it("is atomic: 70 concurrent takes grant exactly 60", async () => {
    const store = new MemoryRateLimitStore();
    const results = await Promise.all(Array.from({ length: 70 }, () => store.take("k", 60, 60_000, 0)));
    expect(results.filter((r) => r.granted)).toHaveLength(60);
    expect(results.filter((r) => !r.granted).map((r) => r.waitMs)).toEqual(Array(10).fill(60_000));
  });
});

describe("RateLimiter.acquire", () => {
  it("defaults to MixPay's 60 per 60 s under the key 'mixpay'", () => {
    const limiter = new RateLimiter();
    expect([limiter.limit, limiter.windowMs, limiter.key]).toEqual([60, 60_000, "mixpay"]);
    expect(limiter.store).toBeInstanceOf(MemoryRateLimitStore);
  });

  it("the 61st acquire in a burst waits a whole window", async () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep, marginMs: 0 });
    for (let i = 0; i < 60; i++) await limiter.acquire();
    expect(c.waits).toEqual([]);
    await limiter.acquire();
    expect(c.waits).toEqual([60_000]);
  });

  it("by default a request keeps counting 3 s past the window (grant and arrival can be apart under load)", async () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep });
    expect(limiter.marginMs).toBe(3_000);
    for (let i = 0; i < 60; i++) await limiter.acquire();
    await limiter.acquire();
    expect(c.waits).toEqual([63_000]);
    expect(() => new RateLimiter({ marginMs: -1 })).toThrow(RangeError);
  });

  it("the 61st acquire waits exactly until the oldest slot leaves the window", async () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep, marginMs: 0 });
    for (let i = 0; i < 60; i++) {
      await limiter.acquire();
      c.advance(1_000); // one a second: t = 0 … 59 s
    }
    c.advance(-500); // now t = 59.5 s; the first slot (t = 0) frees at t = 60 s
    await limiter.acquire();
    expect(c.waits).toEqual([500]);
    // The next one waits for the slot taken at t = 1 s.
    await limiter.acquire();
    expect(c.waits).toEqual([500, 1_000]);
  });

  it("two limiters sharing one store share one budget; another key is separate", async () => {
    const c = clock();
    const store = new MemoryRateLimitStore();
    const a = new RateLimiter({ store, now: c.now, sleep: c.sleep, marginMs: 0 });
    const b = new RateLimiter({ store, now: c.now, sleep: c.sleep, marginMs: 0 });
    const other = new RateLimiter({ store, key: "someone-else", now: c.now, sleep: c.sleep });
    for (let i = 0; i < 30; i++) {
      await a.acquire();
      await b.acquire();
    }
    await other.acquire();
    expect(c.waits).toEqual([]);
    await b.acquire();
    expect(c.waits).toEqual([60_000]);
  });

  it("70 concurrent acquirers: 60 go at once, 10 wait for the window", async () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep, marginMs: 0 });
    await Promise.all(Array.from({ length: 70 }, () => limiter.acquire()));
    expect(c.waits).toEqual(Array(10).fill(60_000));
  });

  it("abort while waiting rejects with the abort reason and takes no slot", async () => {
    const store = new MemoryRateLimitStore();
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, store }); // real clock and sleep
    await limiter.acquire();
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await expect(limiter.acquire(controller.signal)).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(1_000);
    // Still exactly one slot used: a 1-per-window budget refuses, nothing extra was recorded.
    const take = await store.take("mixpay", 2, 60_000, Date.now());
    expect(take).toEqual({ granted: true, waitMs: 0, remaining: 0 });
  });

  it("an already aborted signal rejects without touching the store", async () => {
    let takes = 0;
    const inner = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      take: (...args) => {
        takes++;
        return inner.take(...args);
      },
      blockUntil: (...args) => inner.blockUntil(...args),
    };
    const reason = new Error("gone");
    await expect(new RateLimiter({ store }).acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(takes).toBe(0);
  });

  it("refuses nonsense options", () => {
    expect(() => new RateLimiter({ limit: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ windowMs: 0 })).toThrow(RangeError);
  });
});

describe("RateLimiter.observe", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  async function waitAfter(observation: Parameters<RateLimiter["observe"]>[0]): Promise<number[]> {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep, marginMs: 0 });
    await limiter.acquire();
    await limiter.observe(observation);
    await limiter.acquire();
    return c.waits;
  }

  it("x-ratelimit-remaining: 0 blocks for a whole window", async () => {
    expect(await waitAfter({ status: 200, headers: headers({ "x-ratelimit-remaining": "0" }), code: 0 })).toEqual([
      60_000,
    ]);
  });

  it("x-ratelimit-remaining above 0 or absent does not block", async () => {
    expect(await waitAfter({ status: 200, headers: headers({ "x-ratelimit-remaining": "12" }), code: 0 })).toEqual([]);
    expect(await waitAfter({ status: 200, headers: headers({}), code: 0 })).toEqual([]);
    expect(await waitAfter({ status: 500, headers: headers({ "x-ratelimit-remaining": "" }) })).toEqual([]);
  });

  it("code 1429 blocks for a whole window, whatever the HTTP status", async () => {
    expect(await waitAfter({ status: 200, headers: headers({}), code: 1429 })).toEqual([60_000]);
  });

  it("HTTP 429 without an envelope blocks too", async () => {
    expect(await waitAfter({ status: 429, headers: headers({}) })).toEqual([60_000]);
  });

  it("retry-after in seconds is honoured instead of the window", async () => {
    expect(await waitAfter({ status: 429, headers: headers({ "retry-after": "7" }), code: 1429 })).toEqual([7_000]);
  });

  it("retry-after as an HTTP date and x-ratelimit-reset as unix seconds are honoured", async () => {
    const now = 1_700_000_000_000; // the clock's start
    const date = new Date(now + 12_000).toUTCString();
    expect(await waitAfter({ status: 429, headers: headers({ "retry-after": date }), code: 1429 })).toEqual([12_000]);
    expect(
      await waitAfter({ status: 429, headers: headers({ "x-ratelimit-reset": String(now / 1000 + 20) }), code: 1429 }),
    ).toEqual([20_000]);
  });

  it("parseRateLimitHint reads seconds, dates and resets, and ignores garbage", () => {
    const now = 1_700_000_000_000;
    expect(parseRateLimitHint(new Headers({ "retry-after": "2.5" }), now)).toBe(now + 2_500);
    expect(parseRateLimitHint(new Headers({ "retry-after": "Tue, 14 Nov 2023 22:13:40 GMT" }), now)).toBe(
      Date.parse("Tue, 14 Nov 2023 22:13:40 GMT"),
    );
    expect(parseRateLimitHint(new Headers({ "x-ratelimit-reset": "30" }), now)).toBe(now + 30_000);
    expect(parseRateLimitHint(new Headers({ "x-ratelimit-reset": "1700000045" }), now)).toBe(1_700_000_045_000);
    expect(parseRateLimitHint(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRateLimitHint(new Headers(), now)).toBeUndefined();
  });

  it("a block from one limiter holds back another sharing the store", async () => {
    const c = clock();
    const store = new MemoryRateLimitStore();
    const a = new RateLimiter({ store, now: c.now, sleep: c.sleep, marginMs: 0 });
    const b = new RateLimiter({ store, now: c.now, sleep: c.sleep, marginMs: 0 });
    await a.observe({ status: 429, headers: new Headers({ "retry-after": "4" }), code: 1429 });
    await b.acquire();
    expect(c.waits).toEqual([4_000]);
  });
});
