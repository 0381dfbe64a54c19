import { type PaymentResult, paymentResultDataSchema } from "@mixpay-pos/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixPayError, MixPayNetworkError, MixPayValidationError } from "../src/errors.js";
import { type PaymentResultSource, type WatchEvent, watchPayment } from "../src/poll.js";
import type { ExpectedPayment } from "../src/verify.js";

const PAYEE = "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7";
const TRACE = "dd9c3e04-a5d2-11ec-b909-0242ac120002";
const expected: ExpectedPayment = { payeeId: PAYEE, quoteAssetId: "usd", quoteAmount: "10", traceId: TRACE };

function result(status: string, extra: Record<string, unknown> = {}): PaymentResult {
  return paymentResultDataSchema.parse({
    status,
    quoteAmount: "10",
    quoteAssetId: "usd",
    payeeId: PAYEE,
    traceId: TRACE,
    failureCode: status === "failed" ? "40000" : "0",
    ...extra,
  });
}

/** A client whose answers follow a script; the last step repeats. Counts requests. */
function scripted(steps: Array<PaymentResult | Error>): PaymentResultSource & { calls: number; queries: unknown[] } {
  let i = 0;
  const source = {
    calls: 0,
    queries: [] as unknown[],
    payments: {
      async retrieve(query: { traceId: string; with?: string }) {
        source.calls++;
        source.queries.push(query);
        const step = steps[Math.min(i++, steps.length - 1)]!;
        if (step instanceof Error) throw step;
        return step;
      },
    },
  };
  return source;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("watchPayment", () => {
  it("emits each status change once and ends paid", async () => {
    const client = scripted([result("unpaid"), result("unpaid"), result("pending"), result("success")]);
    const watch = watchPayment(TRACE, { client, expected, intervalMs: 5 });
    const seen: string[] = [];
    watch.on("status", (e) => seen.push(e.status));
    const outcome = await watch.done;
    expect(seen).toEqual(["unpaid", "processing", "paid"]);
    expect(outcome).toMatchObject({ status: "paid", final: true, ended: "final" });
    expect(client.calls).toBe(4);
    expect(client.queries[0]).toEqual({ traceId: TRACE, with: "payment" });
  });

  it("is an async iterator of status changes", async () => {
    const client = scripted([result("unpaid"), result("failed")]);
    const statuses: string[] = [];
    for await (const event of watchPayment(TRACE, { client, expected, intervalMs: 5 })) statuses.push(event.status);
    expect(statuses).toEqual(["unpaid", "expired"]);
  });

  it("never reports paid for a success that does not match what was asked", async () => {
    const client = scripted([result("success", { quoteAmount: "1" })]);
    const outcome = await watchPayment(TRACE, { client, expected, intervalMs: 5 }).done;
    expect(outcome.status).toBe("review");
    expect(outcome.last?.verification.mismatches[0]?.field).toBe("quoteAmount");
  });

  it("shares one request among many watchers of one trace", async () => {
    const client = scripted([result("unpaid"), result("unpaid"), result("success")]);
    const watches = Array.from({ length: 50 }, () => watchPayment(TRACE, { client, expected, intervalMs: 20 }));
    const outcomes = await Promise.all(watches.map((w) => w.done));
    expect(outcomes.every((o) => o.status === "paid")).toBe(true);
    expect(client.calls).toBe(3);
  });

  it("gives a late watcher the fresh answer without a new request", async () => {
    const client = scripted([result("unpaid")]);
    const first = watchPayment(TRACE, { client, expected, intervalMs: 10_000 });
    await new Promise<void>((resolve) => first.on("status", () => resolve()));
    const second = watchPayment(TRACE, { client, expected, intervalMs: 10_000 });
    const event = await new Promise<WatchEvent>((resolve) => second.on("status", resolve));
    expect(event.status).toBe("unpaid");
    expect(client.calls).toBe(1);
    first.stop();
    second.stop();
  });

  it("stops querying when the last watcher stops", async () => {
    const client = scripted([result("unpaid")]);
    const watch = watchPayment(TRACE, { client, expected, intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 30));
    watch.stop();
    const calls = client.calls;
    await new Promise((r) => setTimeout(r, 40));
    expect(client.calls).toBe(calls);
    expect((await watch.done).ended).toBe("aborted");
  });

  it("backs off while nothing changes and resets on a change", async () => {
    vi.useFakeTimers();
    const client = scripted([
      result("unpaid"),
      result("unpaid"),
      result("unpaid"),
      result("unpaid"),
      result("pending"),
      result("pending"),
    ]);
    const watch = watchPayment(TRACE, { client, expected, intervalMs: 1000, maxIntervalMs: 2000, backoff: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.calls).toBe(1); // t=0
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.calls).toBe(2); // unchanged → next in 2000 (1000×2)
    await vi.advanceTimersByTimeAsync(1999);
    expect(client.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.calls).toBe(3); // capped at 2000
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.calls).toBe(4);
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.calls).toBe(5); // pending: a change → back to 1000
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.calls).toBe(6);
    watch.stop();
  });

  it("ends at the deadline with the last status", async () => {
    const client = scripted([result("unpaid")]);
    const outcome = await watchPayment(TRACE, { client, expected, intervalMs: 5, timeoutMs: 40 }).done;
    expect(outcome).toMatchObject({ status: "unpaid", final: false, ended: "deadline" });
  });

  it("ends when the signal aborts", async () => {
    const controller = new AbortController();
    const client = scripted([result("unpaid")]);
    const watch = watchPayment(TRACE, { client, expected, intervalMs: 5, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await watch.done).ended).toBe("aborted");
  });

  it("treats an unknown trace (a pay link not opened yet) as unpaid and keeps watching", async () => {
    const notFound = new MixPayError({ code: 404, message: "not found", httpStatus: 404 });
    const client = scripted([notFound, notFound, result("success")]);
    const seen: string[] = [];
    const watch = watchPayment(TRACE, { client, expected, intervalMs: 5 });
    watch.on("status", (e) => seen.push(`${e.status}:${e.result ? "result" : "none"}`));
    expect((await watch.done).status).toBe("paid");
    expect(seen).toEqual(["unpaid:none", "paid:result"]);
  });

  it("keeps watching through outages and rate limits, reporting each error", async () => {
    const down = new MixPayNetworkError("connection refused", "connection", "retry");
    const limited = new MixPayError({ code: 1429, message: "", httpStatus: 429 });
    const client = scripted([result("unpaid"), down, limited, result("success")]);
    const errors: unknown[] = [];
    const watch = watchPayment(TRACE, { client, expected, intervalMs: 5 });
    watch.on("error", (e) => errors.push(e));
    expect((await watch.done).status).toBe("paid");
    expect(errors).toEqual([down, limited]);
  });

  it("ends with the error when the query itself is wrong", async () => {
    const invalid = new MixPayValidationError("payments_result query", [{ field: "traceId", message: "bad" }]);
    const client = scripted([invalid]);
    const outcome = await watchPayment(TRACE, { client, expected, intervalMs: 5 }).done;
    expect(outcome.ended).toBe("error");
    expect(outcome.error).toBe(invalid);
    expect(client.calls).toBe(1);
  });
});
