import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../src/index.js";
import { api, createPayment, send } from "./helpers.js";

let sim: Simulator;
afterEach(() => sim.close());

const quoteAssets = (clientKey = "client-a") => api(sim, "GET", "/v1/setting/quote_assets", undefined, clientKey);

describe("rate limit: 60 per sliding minute per client, in simulated time", () => {
  it("counts down x-ratelimit-remaining and refuses the 61st request with 1429 / HTTP 429", async () => {
    sim = createSimulator();
    for (let i = 1; i <= 60; i++) {
      const res = await quoteAssets();
      expect(res.body.code).toBe(0);
      expect(res.headers.get("x-ratelimit-limit")).toBe("60");
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(60 - i));
    }
    const refused = await quoteAssets();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 1429,
      success: false,
      message: "Your request frequency is too high, please try again later.",
      data: [],
    });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    // another client has its own budget
    expect((await quoteAssets("client-b")).headers.get("x-ratelimit-remaining")).toBe("59");
  });

  it("slides: requests leave the window 60 s after they were made", async () => {
    sim = createSimulator();
    for (let i = 0; i < 30; i++) await quoteAssets();
    sim.advanceClock(30_000);
    for (let i = 0; i < 30; i++) await quoteAssets();
    expect((await quoteAssets()).body.code).toBe(1429);
    sim.advanceClock(29_000);
    expect((await quoteAssets()).body.code).toBe(1429); // the first 30 are 59 s old: still counted
    sim.advanceClock(1_001);
    const res = await quoteAssets(); // the first 30 have left the window
    expect(res.body.code).toBe(0);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("29");
  });

  it("is configurable and can be switched off", async () => {
    sim = createSimulator({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await quoteAssets()).body.code).toBe(0);
    expect((await quoteAssets()).body.code).toBe(1429);
    sim.configure({ rateLimitPerMinute: false });
    for (let i = 0; i < 100; i++) expect((await quoteAssets()).body.code).toBe(0);
    expect((await quoteAssets()).headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("does not limit the control API or the checkout pages", async () => {
    sim = createSimulator({ rateLimitPerMinute: 1 });
    const traceId = await createPayment(sim);
    for (let i = 0; i < 5; i++) {
      expect((await send(sim, "GET", "/_control/payments")).status).toBe(200);
      expect((await send(sim, "GET", `/code/${traceId}`)).status).toBe(200);
    }
  });
});

describe("faults", () => {
  it("down: handle() answers a network error for /v1 only", async () => {
    sim = createSimulator();
    sim.setFaults({ down: true });
    const res = await send(sim, "GET", "/v1/setting/quote_assets");
    expect(res.type).toBe("error");
    expect((await send(sim, "GET", "/_control/payments")).status).toBe(200);
    sim.setFaults({ down: false });
    expect((await quoteAssets()).body.code).toBe(0);
  });

  it("rateLimited: every /v1 call answers 1429", async () => {
    sim = createSimulator();
    sim.setFaults({ rateLimited: true });
    const res = await quoteAssets();
    expect([res.status, res.body.code]).toEqual([429, 1429]);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("latencyMs delays /v1 answers", async () => {
    sim = createSimulator();
    sim.setFaults({ latencyMs: 200 });
    const started = Date.now();
    await quoteAssets();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const controlStarted = Date.now();
    await send(sim, "GET", "/_control/payments");
    expect(Date.now() - controlStarted).toBeLessThan(100);
  });

  it("errorCode: every /v1 call answers that envelope error with the mirrored HTTP status", async () => {
    sim = createSimulator();
    sim.setFaults({ errorCode: -1 });
    const server = await quoteAssets();
    expect([server.status, server.body.code, server.body.message]).toEqual([
      500,
      -1,
      "Server error, please try again later.",
    ]);
    sim.setFaults({ errorCode: 10008 });
    expect((await quoteAssets()).status).toBe(503);
    sim.setFaults({ errorCode: null });
    expect((await quoteAssets()).body.code).toBe(0);
  });
});
