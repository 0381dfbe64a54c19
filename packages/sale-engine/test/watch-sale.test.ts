import type { ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchSale } from "../src/watch-sale";
import { openStream, type SseServer, sendSale, startSseServer } from "./sse-server";

interface Payment {
  status: string;
  completed?: boolean;
}
const parse = (json: unknown) => (json as { payment: Payment }).payment;
const isDone = (p: Payment) => p.status === "paid" && p.completed === true;

let server: SseServer;
beforeEach(async () => {
  server = await startSseServer();
});
afterEach(() => server.close());

const until = async (what: string, cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A watch over the local server's stream, with a poll that answers `pollAnswer` and counts its calls. */
function watch(opts: { pollAnswer: () => Payment; retryMs?: number }) {
  const results: Payment[] = [];
  const modes: string[] = [];
  let polls = 0;
  const w = watchSale<Payment>({
    check: async () => {
      polls++;
      return opts.pollAnswer();
    },
    onResult: (p) => results.push(p),
    onModeChange: (m) => modes.push(m),
    isDone,
    intervalMs: 40,
    visibility: null,
    stream: {
      url: `${server.url}/admin/mixpay/terminal/sales/t/stream`,
      headers: { "x-publishable-api-key": "pk_test" },
      parse,
      retryMs: opts.retryMs ?? 150,
    },
  });
  return { w, results, modes, polls: () => polls };
}

describe("watchSale: the stream while it is up, the poller while it is down", () => {
  it("uses the stream alone while it is up, and ends when the sale is settled", async () => {
    server.handle = (_req, res) => {
      openStream(res);
      sendSale(res, { payment: { status: "unpaid" } });
      setTimeout(() => sendSale(res, { payment: { status: "paid", completed: false } }), 30);
      setTimeout(() => sendSale(res, { payment: { status: "paid", completed: true } }), 60);
    };
    const { w, results, modes, polls } = watch({ pollAnswer: () => ({ status: "unpaid" }) });
    w.start();
    await until("done", () => w.state === "done");
    expect(results.map((p) => `${p.status}:${p.completed ?? "-"}`)).toEqual(["unpaid:-", "paid:false", "paid:true"]);
    expect(modes).toEqual(["stream"]);
    expect(polls()).toBe(0); // no poll while the stream carried the updates
  });

  it("falls back to polling when the stream drops, opens it again later, and stops polling once it is back", async () => {
    let streams = 0;
    let live: ServerResponse | null = null;
    server.handle = (_req, res) => {
      streams++;
      openStream(res);
      sendSale(res, { payment: { status: "unpaid" } });
      if (streams === 1)
        setTimeout(() => res.destroy(), 20); // the connection breaks
      else live = res;
    };
    const { w, modes, polls, results } = watch({ pollAnswer: () => ({ status: "unpaid" }) });
    w.start();
    await until("the fallback to polling", () => modes.includes("poll"));
    await until("a few polls", () => polls() >= 2);
    await until("the second stream", () => live !== null && w.mode === "stream");
    const pollsWhenBack = polls();
    await new Promise((r) => setTimeout(r, 200));
    expect(polls()).toBe(pollsWhenBack); // polling stopped once the stream was up again
    expect(modes).toEqual(["stream", "poll", "stream"]);
    sendSale(live as unknown as ServerResponse, { payment: { status: "paid", completed: true } });
    await until("done", () => w.state === "done");
    expect(results.at(-1)).toEqual({ status: "paid", completed: true });
    expect(streams).toBe(2);
  });

  it("polls from the start when the stream route is missing, and tries it again with a growing wait", async () => {
    let attempts = 0;
    server.handle = (_req, res) => {
      attempts++;
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not found"}');
    };
    const waits: number[] = [];
    let answer: Payment = { status: "unpaid" };
    let polls = 0;
    const results: Payment[] = [];
    const w = watchSale<Payment>({
      check: async () => {
        polls++;
        return answer;
      },
      onResult: (p) => results.push(p),
      isDone,
      intervalMs: 40,
      visibility: null,
      // Real timers, with every wait asked for written down: the stream's retries are the multiples of 60 ms.
      timers: {
        setTimeout: (fn, ms) => {
          if (ms >= 60 && ms % 60 === 0 && ms < 5000) waits.push(ms);
          return setTimeout(fn, ms);
        },
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      },
      stream: { url: `${server.url}/stream`, parse, retryMs: 60, maxRetryMs: 240 },
    });
    w.start();
    await until("five stream attempts", () => attempts >= 5, 5000);
    expect(polls).toBeGreaterThan(0);
    expect(waits.slice(0, 4)).toEqual([60, 120, 240, 240]);
    answer = { status: "paid", completed: true };
    await until("done by polling", () => w.state === "done");
    expect(results.at(-1)).toEqual(answer);
    const after = attempts;
    await new Promise((r) => setTimeout(r, 400));
    expect(attempts).toBe(after); // a settled sale opens no more streams
  });

  it("reopens at once a stream the server closed after serving a while (its max lifetime), without polling", async () => {
    let streams = 0;
    server.handle = (_req, res) => {
      streams++;
      openStream(res);
      sendSale(res, { payment: { status: "unpaid" } });
      if (streams === 1) setTimeout(() => res.end(), 120);
      else setTimeout(() => sendSale(res, { payment: { status: "paid", completed: true } }), 20);
    };
    const { w, polls, modes } = watch({ pollAnswer: () => ({ status: "unpaid" }), retryMs: 100 });
    w.start();
    await until("done", () => w.state === "done");
    expect(streams).toBe(2);
    expect(polls()).toBe(0);
    expect(modes).toEqual(["stream"]);
  });

  it("checkNow polls once while streaming; stop closes the stream", async () => {
    let closed = false;
    server.handle = (req, res) => {
      openStream(res);
      sendSale(res, { payment: { status: "unpaid" } });
      req.on("close", () => {
        closed = true;
      });
    };
    const { w, polls, results } = watch({ pollAnswer: () => ({ status: "processing" }) });
    w.start();
    await until("the stream", () => w.mode === "stream" && results.length === 1);
    w.checkNow();
    await until("the poll", () => results.length === 2);
    expect(polls()).toBe(1);
    expect(results[1]).toEqual({ status: "processing" });
    w.stop();
    await until("the server to see the stream closed", () => closed);
    expect(w.state).toBe("stopped");
  });

  it("without a stream it is the poller", async () => {
    let n = 0;
    const results: Payment[] = [];
    const w = watchSale<Payment>({
      check: async () => (++n >= 3 ? { status: "paid", completed: true } : { status: "unpaid" }),
      onResult: (p) => results.push(p),
      isDone,
      intervalMs: 20,
      visibility: null,
    });
    w.start();
    expect(w.mode).toBe("poll");
    await until("done", () => w.state === "done");
    expect(results).toHaveLength(3);
  });
});
