import { setupServer } from "msw/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, type RecordedRequest, type Simulator, startSimulatorServer } from "../src/index.js";
import { createMswHandlers } from "../src/msw.js";
import { RequestLog } from "../src/request-log.js";
import { api, control, createPayment, orderTerms, page, send } from "./helpers.js";

/** GET /_control/requests and sim.requests(): every /v1 request answered, with its traceId and code. */

let sim: Simulator;
beforeEach(() => {
  sim = createSimulator({ rateLimitPerMinute: false });
});
afterEach(() => sim.close());

const TRACE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
type RequestsAnswer = { requests: RecordedRequest[]; count: number };

describe("the request record", () => {
  it("records method, path, traceId (query or body) and the code answered, with the time", async () => {
    const before = Date.now();
    await api(sim, "POST", "/v1/one_time_payment", orderTerms({ traceId: TRACE.toUpperCase() }));
    await api(sim, "GET", `/v1/payments_result?traceId=${TRACE}&with=payment`);
    await api(sim, "GET", "/v1/payments_result?traceId=00000000-0000-4000-8000-000000000000");
    await api(sim, "GET", "/v1/setting/quote_assets");
    await api(sim, "GET", "/v1/no_such_endpoint");
    const { body } = await control<RequestsAnswer>(sim, "GET", "/_control/requests");
    expect(body.count).toBe(5);
    expect(body.requests.map(({ method, path, traceId, code }) => ({ method, path, traceId, code }))).toEqual([
      { method: "POST", path: "/v1/one_time_payment", traceId: TRACE, code: 0 },
      { method: "GET", path: "/v1/payments_result", traceId: TRACE, code: 0 },
      {
        method: "GET",
        path: "/v1/payments_result",
        traceId: "00000000-0000-4000-8000-000000000000",
        code: 10062,
      },
      { method: "GET", path: "/v1/setting/quote_assets", traceId: null, code: 0 },
      { method: "GET", path: "/v1/no_such_endpoint", traceId: null, code: 404 },
    ]);
    for (const r of body.requests) {
      expect(r.atMs).toBeGreaterThanOrEqual(before);
      expect(r.atMs).toBeLessThanOrEqual(Date.now());
      expect(r.at).toBe(new Date(r.atMs).toISOString());
    }
  });

  it("records rate-limited and faulted answers, and null when the connection is dropped", async () => {
    const limited = createSimulator({ rateLimitPerMinute: 1 });
    try {
      await api(limited, "GET", "/v1/setting/quote_assets");
      await api(limited, "GET", "/v1/setting/quote_assets");
      limited.configure({ rateLimitPerMinute: false });
      limited.setFaults({ errorCode: -1 });
      await api(limited, "GET", `/v1/payments_result?traceId=${TRACE}`);
      limited.setFaults({ errorCode: null, rateLimited: true });
      await api(limited, "GET", "/v1/setting/payment_assets");
      limited.setFaults({ rateLimited: false, down: true });
      expect((await send(limited, "GET", `/v1/payments_info?traceId=${TRACE}`)).type).toBe("error");
      expect(limited.requests().map((r) => [r.path, r.code])).toEqual([
        ["/v1/setting/quote_assets", 0],
        ["/v1/setting/quote_assets", 1429],
        ["/v1/payments_result", -1],
        ["/v1/setting/payment_assets", 1429],
        ["/v1/payments_info", null],
      ]);
      expect(limited.requests().at(-1)?.traceId).toBe(TRACE);
    } finally {
      limited.close();
    }
  });

  it("leaves out /_control, the checkout pages and CORS preflights", async () => {
    const traceId = await createPayment(sim);
    await control(sim, "GET", "/_control/payments");
    await control(sim, "POST", `/_control/payments/${traceId}`, { action: "pay" });
    await page(sim, `/code/${traceId}`);
    await send(sim, "OPTIONS", "/v1/payments_result");
    expect(sim.requests().map((r) => r.path)).toEqual(["/v1/one_time_payment"]);
  });

  it("reads the traceId from a form body too", async () => {
    const form = new URLSearchParams({ ...(orderTerms() as Record<string, string>), traceId: TRACE });
    await api(sim, "POST", "/v1/one_time_payment", form);
    expect(sim.requests()[0]).toMatchObject({ traceId: TRACE, code: 0 });
  });

  it("since=<ms> keeps the requests that arrived at or after it (simulated time)", async () => {
    await api(sim, "GET", "/v1/setting/quote_assets");
    sim.advanceClock(60_000);
    const since = Date.now() + 30_000;
    await api(sim, "GET", "/v1/setting/payment_assets");
    const { body } = await control<RequestsAnswer>(sim, "GET", `/_control/requests?since=${since}`);
    expect(body.count).toBe(1);
    expect(body.requests[0]?.path).toBe("/v1/setting/payment_assets");
    expect(sim.requests(since)).toEqual(body.requests);
    expect(sim.requests()).toHaveLength(2);
  });

  it("refuses a bad since", async () => {
    const res = await control<{ error: string; field: string }>(sim, "GET", "/_control/requests?since=yesterday");
    expect(res.status).toBe(400);
    expect(res.body.field).toBe("since");
  });

  it("POST /_control/reset clears it", async () => {
    await api(sim, "GET", "/v1/setting/quote_assets");
    expect(sim.requests()).toHaveLength(1);
    await control(sim, "POST", "/_control/reset");
    expect((await control<RequestsAnswer>(sim, "GET", "/_control/requests")).body).toEqual({ requests: [], count: 0 });
  });

  it("is listed in the /_control index", async () => {
    const { body } = await control<{ routes: string[] }>(sim, "GET", "/_control");
    expect(body.routes.some((r) => r.startsWith("GET  /_control/requests"))).toBe(true);
    expect(body.routes.some((r) => r.includes("process"))).toBe(true);
  });

  it("keeps only the newest entries", () => {
    const log = new RequestLog(5);
    for (let i = 0; i < 12; i++) {
      log.record({ at: new Date(i).toISOString(), atMs: i, method: "GET", path: `/v1/${i}`, traceId: null, code: 0 });
    }
    expect(log.list().map((r) => r.atMs)).toEqual([7, 8, 9, 10, 11]);
    expect(log.list(9).map((r) => r.atMs)).toEqual([9, 10, 11]);
  });
});

describe("both adapters record", () => {
  it("the node server, including a destroyed socket", async () => {
    const server = await startSimulatorServer({ rateLimitPerMinute: false });
    try {
      await fetch(`${server.url}/v1/payments_result?traceId=${TRACE}`);
      server.simulator.setFaults({ down: true });
      await expect(fetch(`${server.url}/v1/setting/quote_assets`)).rejects.toThrow();
      const res = await fetch(`${server.url}/_control/requests`);
      const body = (await res.json()) as RequestsAnswer;
      expect(body.requests.map((r) => [r.path, r.traceId, r.code])).toEqual([
        ["/v1/payments_result", TRACE, 10062],
        ["/v1/setting/quote_assets", null, null],
      ]);
    } finally {
      await server.close();
    }
  });

  it("msw handlers", async () => {
    const own = createSimulator({ rateLimitPerMinute: false });
    const msw = setupServer(...createMswHandlers(own));
    msw.listen({ onUnhandledRequest: "error" });
    try {
      await fetch(`https://api.mixpay.me/v1/payments_result?traceId=${TRACE}`);
      await fetch("https://mixpay.me/code/nothing");
      expect(own.requests().map((r) => [r.method, r.path, r.traceId, r.code])).toEqual([
        ["GET", "/v1/payments_result", TRACE, 10062],
      ]);
    } finally {
      msw.close();
      own.close();
    }
  });
});
