import { describe, expect, it } from "vitest";
import {
  type ErrorDisposition,
  MixPayBusyError,
  MixPayError,
  MixPayNetworkError,
  MixPayResponseError,
  MixPayValidationError,
} from "../src/errors.js";
import { DEFAULT_RETRY_POLICY, type HttpMethod, isRetryable, RetryPolicy, sleep } from "../src/retry.js";

describe("RetryPolicy.backoffMs", () => {
  it("without jitter: base · 2^(n−1), capped at maxDelayMs", () => {
    const p = new RetryPolicy({ jitter: false });
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => p.backoffMs(n))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it("defaults are 3 attempts, 250 ms base, 5 s cap, jitter on", () => {
    const p = new RetryPolicy();
    expect({
      maxAttempts: p.maxAttempts,
      baseDelayMs: p.baseDelayMs,
      maxDelayMs: p.maxDelayMs,
      jitter: p.jitter,
    }).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 5_000, jitter: true });
  });

  it("full jitter: floor(random · cap) with an injected random", () => {
    const at = (r: number) => new RetryPolicy({ random: () => r });
    expect([1, 2, 3, 4, 5, 6].map((n) => at(0.5).backoffMs(n))).toEqual([125, 250, 500, 1000, 2000, 2500]);
    expect([1, 2, 3].map((n) => at(0).backoffMs(n))).toEqual([0, 0, 0]);
    expect([1, 2, 6].map((n) => at(0.999999).backoffMs(n))).toEqual([249, 499, 4999]);
    // Out-of-range randoms are clamped into [0, cap).
    expect(at(1).backoffMs(1)).toBe(249);
    expect(at(-3).backoffMs(1)).toBe(0);
  });

  it("full jitter stays within [0, cap) for every attempt", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const p = new RetryPolicy({ random, baseDelayMs: 100, maxDelayMs: 3_000 });
    for (let n = 1; n <= 10; n++) {
      const cap = Math.min(3_000, 100 * 2 ** (n - 1));
      for (let i = 0; i < 200; i++) {
        const d = p.backoffMs(n);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(cap);
      }
    }
  });

  it("refuses nonsense options", () => {
    expect(() => new RetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new RetryPolicy({ maxAttempts: 1.5 })).toThrow(RangeError);
    expect(() => new RetryPolicy({ baseDelayMs: -1 })).toThrow(RangeError);
    expect(RetryPolicy.none().maxAttempts).toBe(1);
  });
});

describe("isRetryable: the one rule", () => {
  const network = (reason: "timeout" | "connection" | "aborted", d: ErrorDisposition) =>
    new MixPayNetworkError("x", reason, d);
  const cases: Array<[string, unknown, HttpMethod, boolean]> = [
    ["1429 GET", new MixPayError({ code: 1429, message: "", httpStatus: 429 }), "GET", true],
    ["1429 POST", new MixPayError({ code: 1429, message: "", httpStatus: 429 }), "POST", true],
    ["10008 POST", new MixPayError({ code: 10008, message: "", httpStatus: 200 }), "POST", true],
    ["1017 GET", new MixPayError({ code: 1017, message: "", httpStatus: 400 }), "GET", false],
    ["10001 POST", new MixPayError({ code: 10001, message: "", httpStatus: 200 }), "POST", false],
    ["unknown code on 5xx GET", new MixPayError({ code: 9, message: "", httpStatus: 502 }), "GET", true],
    ["unknown code on 5xx POST", new MixPayError({ code: 9, message: "", httpStatus: 502 }), "POST", false],
    ["response error GET", new MixPayResponseError("x", 500, ""), "GET", true],
    ["response error POST", new MixPayResponseError("x", 500, ""), "POST", false],
    ["refused POST", network("connection", "retry"), "POST", true],
    ["reset POST", network("connection", "indeterminate"), "POST", false],
    ["timeout POST", network("timeout", "indeterminate"), "POST", false],
    ["timeout GET", network("timeout", "retry"), "GET", true],
    ["aborted GET (even if 'retry')", network("aborted", "retry"), "GET", false],
    ["aborted POST", network("aborted", "indeterminate"), "POST", false],
    ["busy GET (even though 'retry')", new MixPayBusyError(5_000), "GET", false],
    ["busy POST (even though 'retry')", new MixPayBusyError(5_000), "POST", false],
    ["validation", new MixPayValidationError("x", [{ field: "a", message: "b" }]), "GET", false],
    ["foreign error", new TypeError("bug"), "GET", false],
    ["a string", "nope", "GET", false],
  ];
  it.each(cases)("%s → %s/%s", (_name, error, method, expected) => {
    expect(isRetryable(error, method)).toBe(expected);
  });
});

describe("RetryPolicy.run", () => {
  const retryable = () => new MixPayError({ code: 1429, message: "", httpStatus: 429 });

  function policy(extra: { maxAttempts?: number } = {}) {
    const waits: number[] = [];
    const p = new RetryPolicy({
      ...extra,
      jitter: false,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    return { p, waits };
  }

  it("returns the first success and passes the attempt number", async () => {
    const { p, waits } = policy();
    const seen: number[] = [];
    const out = await p.run("POST", async (attempt) => {
      seen.push(attempt);
      if (attempt < 3) throw retryable();
      return "done";
    });
    expect(out).toBe("done");
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toEqual([250, 500]);
  });

  it("throws the last error when attempts run out", async () => {
    const { p, waits } = policy({ maxAttempts: 4 });
    let n = 0;
    const errors: MixPayError[] = [];
    const error = await p
      .run("GET", async () => {
        n++;
        const e = retryable();
        errors.push(e);
        throw e;
      })
      .catch((e: unknown) => e);
    expect(n).toBe(4);
    expect(errors).toHaveLength(4);
    expect(error).toBe(errors[3]);
    expect(waits).toEqual([250, 500, 1000]);
  });

  it("throws a non-retryable error at once", async () => {
    const { p, waits } = policy();
    let n = 0;
    const fail = new MixPayError({ code: 1017, message: "", httpStatus: 400 });
    await expect(
      p.run("GET", async () => {
        n++;
        throw fail;
      }),
    ).rejects.toBe(fail);
    expect(n).toBe(1);
    expect(waits).toEqual([]);
  });

  it("throws a busy error at once although its disposition is 'retry'", async () => {
    const { p, waits } = policy({ maxAttempts: 5 });
    let n = 0;
    const busy = new MixPayBusyError(12_000);
    expect(busy.disposition).toBe("retry");
    await expect(
      p.run("GET", async () => {
        n++;
        throw busy;
      }),
    ).rejects.toBe(busy);
    expect(n).toBe(1);
    expect(waits).toEqual([]);
  });

  it("an abort during the backoff stops at once with reason 'aborted' and the failure as cause", async () => {
    const p = new RetryPolicy({ baseDelayMs: 60_000, jitter: false }); // real sleep
    const controller = new AbortController();
    const first = retryable();
    let n = 0;
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    const error = await p
      .run(
        "POST",
        async () => {
          n++;
          throw first;
        },
        { signal: controller.signal, label: "POST /one_time_payment" },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixPayNetworkError);
    const e = error as MixPayNetworkError;
    expect(e.reason).toBe("aborted");
    expect(e.disposition).toBe("retry");
    expect(e.cause).toBe(first);
    expect(e.message).toBe(
      "POST /one_time_payment aborted while waiting to retry after: MixPay error 1429: Your request frequency is too high, please try again later.",
    );
    expect(n).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("sleep", () => {
  it("resolves after the delay", async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("rejects with the signal's reason when aborted, and at once when already aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    setTimeout(() => controller.abort(reason), 10);
    await expect(sleep(60_000, controller.signal)).rejects.toBe(reason);
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ name: "AbortError" });
  });
});
