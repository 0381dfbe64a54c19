import { describe, expect, it } from "vitest";
import { MixPayBusyError, MixPayCoreError } from "../src/errors.js";
import {
  MemoryRateLimitStore,
  parseRateLimitHint,
  RateLimiter,
  type RateLimitStore,
  type RateLimitTake,
  type RateWindow,
  takeFromWindow,
} from "../src/rate-limit.js";

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

/** A sleep that never ends by itself: the caller stays parked until `signal` aborts. */
function parkedSleep(parked: number[]) {
  return (ms: number, signal?: AbortSignal) =>
    new Promise<void>((_resolve, reject) => {
      parked.push(ms);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
}

describe("takeFromWindow: the one rule, with reserved slots", () => {
  const empty = (): RateWindow => ({ log: [], blockedUntil: 0 });
  /** Applies the rule `times.length` times at the given times, keeping the window; returns the answers. */
  function run(window: RateWindow, times: number[], limit: number, reserved: number) {
    const takes: RateLimitTake[] = [];
    let w = window;
    for (const t of times) {
      const out = takeFromWindow(w, limit, 1_000, t, reserved);
      takes.push(out.take);
      w = out.window;
    }
    return { takes, window: w };
  }

  it("reserved = 0 (the default) grants every slot, as before", () => {
    const withDefault = run(empty(), [0, 10, 20, 30], 3, 0).takes;
    let w = empty();
    const omitted: RateLimitTake[] = [];
    for (const t of [0, 10, 20, 30]) {
      const out = takeFromWindow(w, 3, 1_000, t);
      omitted.push(out.take);
      w = out.window;
    }
    expect(omitted).toEqual(withDefault);
    expect(omitted).toEqual([
      { granted: true, waitMs: 0, remaining: 2 },
      { granted: true, waitMs: 0, remaining: 1 },
      { granted: true, waitMs: 0, remaining: 0 },
      { granted: false, waitMs: 970, remaining: 0 }, // t = 0 leaves at 1 000
    ]);
  });

  it("background (reserved 2 of 5) is granted up to 3; interactive still gets the 2 reserved slots", () => {
    const background = run(empty(), [0, 100, 200, 300], 5, 2);
    expect(background.takes).toEqual([
      { granted: true, waitMs: 0, remaining: 2 },
      { granted: true, waitMs: 0, remaining: 1 },
      { granted: true, waitMs: 0, remaining: 0 },
      // 3 in the window: the 3 − 3 + 1 = 1st oldest (t = 0) must leave first.
      { granted: false, waitMs: 700, remaining: 0 },
    ]);
    expect(background.window.log).toEqual([0, 100, 200]);
    const interactive = run(background.window, [300, 400, 500], 5, 0);
    expect(interactive.takes).toEqual([
      { granted: true, waitMs: 0, remaining: 1 },
      { granted: true, waitMs: 0, remaining: 0 },
      { granted: false, waitMs: 500, remaining: 0 },
    ]);
    expect(interactive.window.log).toEqual([0, 100, 200, 300, 400]);
  });

  it("waitMs is exact: the oldest for interactive, the (n − (limit − reserved) + 1)-th oldest for background", () => {
    // Five requests, logged out of order (a shared store may), in a window of 5 with 2 reserved.
    const full: RateWindow = { log: [300, 0, 400, 100, 200], blockedUntil: 0 };
    expect(takeFromWindow(full, 5, 1_000, 500, 0).take).toEqual({ granted: false, waitMs: 500, remaining: 0 });
    // Background fits in 3: 5 − 3 + 1 = 3 must leave, the 3rd oldest is t = 200, gone at 1 200.
    expect(takeFromWindow(full, 5, 1_000, 500, 2).take).toEqual({ granted: false, waitMs: 700, remaining: 0 });
    expect(takeFromWindow(full, 5, 1_000, 1_199, 2).take).toEqual({ granted: false, waitMs: 1, remaining: 0 });
    const at1200 = takeFromWindow(full, 5, 1_000, 1_200, 2);
    expect(at1200.take).toEqual({ granted: true, waitMs: 0, remaining: 0 });
    expect(at1200.window.log).toEqual([300, 400, 1_200]);
    // Reserved 4 of 5: background fits in 1, so all 5 must leave; the newest (t = 400) goes at 1 400.
    expect(takeFromWindow(full, 5, 1_000, 500, 4).take).toEqual({ granted: false, waitMs: 900, remaining: 0 });
    // The input window is not changed.
    expect(full).toEqual({ log: [300, 0, 400, 100, 200], blockedUntil: 0 });
  });

  it("a server block holds for both kinds, and never ends before the window has room", () => {
    const blocked: RateWindow = { log: [], blockedUntil: 5_000 };
    for (const reserved of [0, 2]) {
      const out = takeFromWindow(blocked, 5, 1_000, 1_000, reserved);
      expect(out.take).toEqual({ granted: false, waitMs: 4_000, remaining: 0 });
      expect(out.window).toEqual({ log: [], blockedUntil: 5_000 });
    }
    expect(takeFromWindow(blocked, 5, 1_000, 5_000, 2).take).toEqual({ granted: true, waitMs: 0, remaining: 2 });
    // Blocked until 600 with a full window: the later of the two ends counts.
    const both: RateWindow = { log: [0, 100, 200, 300, 400], blockedUntil: 600 };
    expect(takeFromWindow(both, 5, 1_000, 500, 0).take.waitMs).toBe(500);
    expect(takeFromWindow(both, 5, 1_000, 500, 2).take.waitMs).toBe(700);
    const longBlock: RateWindow = { ...both, blockedUntil: 2_000 };
    expect(takeFromWindow(longBlock, 5, 1_000, 500, 0).take.waitMs).toBe(1_500);
    expect(takeFromWindow(longBlock, 5, 1_000, 500, 2).take.waitMs).toBe(1_500);
  });

  it("refuses a reserved count that is not an integer in [0, limit)", () => {
    for (const reserved of [-1, 1.5, 5, 6, Number.NaN]) {
      expect(() => takeFromWindow({ log: [], blockedUntil: 0 }, 5, 1_000, 0, reserved)).toThrow(RangeError);
    }
    expect(takeFromWindow({ log: [], blockedUntil: 0 }, 5, 1_000, 0, 4).take.granted).toBe(true);
  });
});

describe("MemoryRateLimitStore", () => {
  it("passes `reserved` through to the rule", async () => {
    const store = new MemoryRateLimitStore();
    const background = [];
    for (let i = 0; i < 3; i++) background.push(await store.take("k", 3, 1_000, 100 + i * 10, 1));
    expect(background).toEqual([
      { granted: true, waitMs: 0, remaining: 1 },
      { granted: true, waitMs: 0, remaining: 0 },
      // Limit 3, 1 reserved: room for 2, 2 taken, so 2 − 2 + 1 = 1 must leave: t = 100, at 1 100 (asked at 120).
      { granted: false, waitMs: 980, remaining: 0 },
    ]);
    expect(await store.take("k", 3, 1_000, 130)).toEqual({ granted: true, waitMs: 0, remaining: 0 });
    expect(await store.take("k", 3, 1_000, 140, 0)).toEqual({ granted: false, waitMs: 960, remaining: 0 });
  });

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
    expect(() => new RateLimiter({ reserved: -1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ reserved: 2.5 })).toThrow(RangeError);
    expect(() => new RateLimiter({ reserved: 60 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 5, reserved: 5 })).toThrow(RangeError);
    expect(new RateLimiter({ limit: 5, reserved: 4 }).reserved).toBe(4);
    expect(new RateLimiter().reserved).toBe(0);
  });
});

describe("RateLimiter priorities", () => {
  it("background leaves the reserved slots to interactive, and each waits exactly for its own room", async () => {
    const c = clock(0);
    const limiter = new RateLimiter({ reserved: 10, now: c.now, sleep: c.sleep, marginMs: 0 });
    for (let i = 0; i < 60; i++) {
      // t = 0 … 59 s: 50 background checks, then 10 interactive requests in the reserved slots.
      await limiter.acquire(undefined, { priority: i < 50 ? "background" : "interactive" });
      c.advance(1_000);
    }
    expect(c.waits).toEqual([]);
    // t = 60 s: the request of t = 0 has left; 59 remain. Interactive fits at once.
    await limiter.acquire(undefined, { priority: "interactive" });
    expect(c.waits).toEqual([]);
    // Now t = 1 … 60 s fill all 60 slots. Background fits in 50: 60 − 50 + 1 = 11 must leave; the 11th oldest
    // (t = 11 s) leaves at 71 s.
    await limiter.acquire(undefined, { priority: "background" });
    expect(c.waits).toEqual([11_000]);
    expect(c.now()).toBe(71_000);
  });

  it("hostile background traffic cannot take the reserved slots: checkouts still go at once", async () => {
    const c = clock(0);
    const parked: number[] = [];
    const limiter = new RateLimiter({ reserved: 10, now: c.now, sleep: parkedSleep(parked), marginMs: 0 });
    const controller = new AbortController();
    const flood = Array.from({ length: 200 }, () =>
      limiter.acquire(controller.signal, { priority: "background" }).then(
        () => "granted",
        () => "aborted",
      ),
    );
    const interactive = Array.from({ length: 10 }, () => limiter.acquire(undefined, { maxWaitMs: 0 }));
    expect(await Promise.all(interactive)).toEqual(Array(10).fill(undefined));
    // An 11th checkout finds the budget used up and is told at once.
    const busy = await limiter.acquire(undefined, { maxWaitMs: 20_000 }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(MixPayBusyError);
    expect((busy as MixPayBusyError).retryAfterMs).toBe(60_000);
    controller.abort();
    const outcomes = await Promise.all(flood);
    expect(outcomes.filter((o) => o === "granted")).toHaveLength(50);
    expect(outcomes.filter((o) => o === "aborted")).toHaveLength(150);
    expect(parked).toEqual(Array(150).fill(60_000));
  });

  it("passes the limiter's reserved count to the store for background only", async () => {
    const calls: Array<number | undefined> = [];
    const inner = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      take: (key, limit, windowMs, nowMs, reserved) => {
        calls.push(reserved);
        return inner.take(key, limit, windowMs, nowMs, reserved);
      },
      blockUntil: (...args) => inner.blockUntil(...args),
    };
    const limiter = new RateLimiter({ store, reserved: 7 });
    await limiter.acquire();
    await limiter.acquire(undefined, { priority: "interactive" });
    await limiter.acquire(undefined, { priority: "background" });
    await limiter.acquire(undefined, { priority: "background", reserved: 20 });
    await limiter.acquire(undefined, { priority: "interactive", reserved: 20 });
    expect(calls).toEqual([0, 0, 7, 20, 0]);
  });

  it("a background caller can rank its own work: news leaves fewer slots free than routine re-checks", async () => {
    const c = clock(0);
    const limiter = new RateLimiter({ limit: 10, reserved: 2, now: c.now, sleep: c.sleep, marginMs: 0 });
    const routine = { priority: "background" as const, reserved: 5, maxWaitMs: 0 };
    const news = { priority: "background" as const, maxWaitMs: 0 };
    for (let i = 0; i < 5; i++) await limiter.acquire(undefined, routine);
    // Routine work stops at 10 − 5; news still gets 3 more (up to 10 − 2); checkouts the last 2.
    await expect(limiter.acquire(undefined, routine)).rejects.toBeInstanceOf(MixPayBusyError);
    for (let i = 0; i < 3; i++) await limiter.acquire(undefined, news);
    await expect(limiter.acquire(undefined, news)).rejects.toBeInstanceOf(MixPayBusyError);
    await limiter.acquire(undefined, { maxWaitMs: 0 });
    await limiter.acquire(undefined, { maxWaitMs: 0 });
    await expect(limiter.acquire(undefined, { maxWaitMs: 0 })).rejects.toBeInstanceOf(MixPayBusyError);
  });

  it("refuses a per-call reserved count outside [0, limit)", async () => {
    const limiter = new RateLimiter({ limit: 10 });
    await expect(limiter.acquire(undefined, { priority: "background", reserved: 10 })).rejects.toThrow(RangeError);
    await expect(limiter.acquire(undefined, { priority: "background", reserved: -1 })).rejects.toThrow(RangeError);
  });
});

describe("RateLimiter.acquire with maxWaitMs", () => {
  /** A limiter of 3 a second whose slots were taken at t = 0, 100, 200; the clock is at 500. */
  async function full(extra: { reserved?: number } = {}) {
    const c = clock(0);
    const store = new MemoryRateLimitStore();
    const limiter = new RateLimiter({
      limit: 3,
      windowMs: 1_000,
      marginMs: 0,
      store,
      now: c.now,
      sleep: c.sleep,
      ...extra,
    });
    for (let i = 0; i < 3; i++) {
      await limiter.acquire();
      c.advance(100);
    }
    c.advance(200);
    return { c, store, limiter };
  }

  it("throws MixPayBusyError at once when the wait would end after maxWaitMs, and takes no slot", async () => {
    const { c, store, limiter } = await full();
    const error = await limiter.acquire(undefined, { maxWaitMs: 499 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixPayBusyError);
    expect(error).toBeInstanceOf(MixPayCoreError);
    const busy = error as MixPayBusyError;
    expect(busy.disposition).toBe("retry");
    expect(busy.retryAfterMs).toBe(1_000); // 500 ms, rounded up to whole seconds
    expect(busy.message).toBe("MixPay's request budget is used up for now; try again in 1 s");
    expect(busy.name).toBe("MixPayBusyError");
    expect(c.waits).toEqual([]);
    expect(c.now()).toBe(500);
    // Still exactly 3 requests in the window: a budget of 4 has exactly one left.
    expect(await store.take("mixpay", 4, 1_000, 500)).toEqual({ granted: true, waitMs: 0, remaining: 0 });
  });

  it("waits when the slot frees within maxWaitMs (the bound included)", async () => {
    const { c, limiter } = await full();
    await limiter.acquire(undefined, { maxWaitMs: 500 });
    expect(c.waits).toEqual([500]);
  });

  it("maxWaitMs: 0 takes a free slot at once", async () => {
    const c = clock(0);
    const limiter = new RateLimiter({ limit: 2, now: c.now, sleep: c.sleep });
    await limiter.acquire(undefined, { maxWaitMs: 0 });
    await limiter.acquire(undefined, { maxWaitMs: 0 });
    await expect(limiter.acquire(undefined, { maxWaitMs: 0 })).rejects.toBeInstanceOf(MixPayBusyError);
    expect(c.waits).toEqual([]);
  });

  it("background is busy where interactive still gets a reserved slot", async () => {
    const c = clock(0);
    const limiter = new RateLimiter({
      limit: 3,
      windowMs: 1_000,
      marginMs: 0,
      reserved: 1,
      now: c.now,
      sleep: c.sleep,
    });
    await limiter.acquire(undefined, { priority: "background" });
    c.advance(100);
    await limiter.acquire(undefined, { priority: "background" });
    const error = await limiter.acquire(undefined, { priority: "background", maxWaitMs: 100 }).catch((e: unknown) => e);
    expect((error as MixPayBusyError).retryAfterMs).toBe(1_000); // 900 ms until t = 0 leaves
    await limiter.acquire(undefined, { priority: "interactive", maxWaitMs: 0 });
    expect(c.waits).toEqual([]);
  });

  it("a server block: retryAfterMs is its end rounded up to whole seconds", async () => {
    const c = clock(0);
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep });
    await limiter.observe({ status: 429, headers: new Headers({ "retry-after": "12.3" }), code: 1429 });
    const error = await limiter.acquire(undefined, { maxWaitMs: 10_000 }).catch((e: unknown) => e);
    expect((error as MixPayBusyError).retryAfterMs).toBe(13_000);
    expect((error as MixPayBusyError).message).toBe("MixPay's request budget is used up for now; try again in 13 s");
    // Without a bound the same acquire waits the 12.3 s.
    await limiter.acquire();
    expect(c.waits).toEqual([12_300]);
  });

  it("counts maxWaitMs from the start of the acquire across several waits", async () => {
    const answers: RateLimitTake[] = [
      { granted: false, waitMs: 300, remaining: 0 },
      { granted: false, waitMs: 800, remaining: 0 }, // someone else took the slot; 300 + 800 > 1 000
    ];
    let takes = 0;
    const store: RateLimitStore = {
      take: async () => answers[takes++] ?? { granted: true, waitMs: 0, remaining: 0 },
      blockUntil: async () => {},
    };
    const c = clock(0);
    const limiter = new RateLimiter({ store, now: c.now, sleep: c.sleep });
    const error = await limiter.acquire(undefined, { maxWaitMs: 1_000 }).catch((e: unknown) => e);
    expect((error as MixPayBusyError).retryAfterMs).toBe(1_000);
    expect(c.waits).toEqual([300]);
    expect(takes).toBe(2);
  });

  it("refuses a negative or NaN maxWaitMs", async () => {
    const limiter = new RateLimiter();
    await expect(limiter.acquire(undefined, { maxWaitMs: -1 })).rejects.toThrow(RangeError);
    await expect(limiter.acquire(undefined, { maxWaitMs: Number.NaN })).rejects.toThrow(RangeError);
  });

  it("MixPayBusyError rounds up to whole seconds, at least one", () => {
    expect([1, 999, 1_000, 1_001, 12_000, 12_001].map((ms) => new MixPayBusyError(ms).retryAfterMs)).toEqual([
      1_000, 1_000, 1_000, 2_000, 12_000, 13_000,
    ]);
    expect(new MixPayBusyError(0).retryAfterMs).toBe(1_000);
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
