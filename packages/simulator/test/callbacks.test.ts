import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CALLBACK_RETRY_DELAYS_S, CALLBACK_TIMEOUT_MS, LEGACY_CALLBACK_RETRY_DELAYS_S } from "@mixpay-pos/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createSimulator,
  LEGACY_MAX_CALLBACK_ATTEMPTS,
  MAX_CALLBACK_ATTEMPTS,
  type Simulator,
  type SimulatorOptions,
} from "../src/index.js";
import { createPayment, PAYEE, type Receiver, sleep, startReceiver } from "./helpers.js";

// The local receivers are plain http, which MixPay itself refuses.
const OPTIONS: SimulatorOptions = {
  rateLimitPerMinute: false,
  callbackTimeoutMs: 2_000,
  behaviour: { allowHttpCallbacksUnlikeMixpay: true },
};

let sim: Simulator;
let receiver: Receiver | undefined;
beforeEach(() => {
  sim = createSimulator(OPTIONS);
});
afterEach(async () => {
  sim.close();
  await receiver?.close();
  receiver = undefined;
});

const FAIL = { status: 500, body: '{"code":"FAIL"}' };
const SUCCESS = { status: 200, body: '{"code":"SUCCESS"}' };

describe("callback delivery", () => {
  it("POSTs exactly {orderId, traceId, payeeId} as JSON on success and records the delivery", async () => {
    receiver = await startReceiver();
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
    const [call] = receiver.received;
    expect(call?.method).toBe("POST");
    expect(call?.contentType).toBe("application/json");
    expect(JSON.parse(call?.body ?? "")).toStrictEqual({ orderId: "order-1001", traceId, payeeId: PAYEE });
    const deliveries = sim.payment(traceId)?.deliveries ?? [];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: "success", attempt: 1, httpStatus: 200, ok: true });
  });

  it("sends orderId as an empty string when the payment has none", async () => {
    receiver = await startReceiver();
    const traceId = "2c8e4f6a-0b1d-4e3f-9a5c-7d9e1f3a5b7c";
    await createPayment(sim, { orderId: undefined, traceId, callbackUrl: receiver.url });
    sim.act(traceId, { action: "fail" });
    await sim.idle();
    expect(JSON.parse(receiver.received[0]?.body ?? "")).toStrictEqual({ orderId: "", traceId, payeeId: PAYEE });
    expect(sim.payment(traceId)?.deliveries[0]?.event).toBe("fail");
  });

  it("sends opt-in events (pending, paid_less, settle) only when subscribed", async () => {
    receiver = await startReceiver();
    const plain = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(plain, { action: "underpay" });
    sim.act(plain, { action: "pay" });
    await sim.idle();
    expect(sim.payment(plain)?.deliveries.map((d) => d.event)).toEqual(["success"]);

    const subscribed = await createPayment(sim, {
      orderId: "order-1002",
      callbackUrl: receiver.url,
      callbackEvent: "paid_less|pending|settle",
    });
    sim.act(subscribed, { action: "underpay" });
    sim.act(subscribed, { action: "pay", hold: true });
    sim.act(subscribed, { action: "confirm" });
    await sim.idle();
    expect(sim.payment(subscribed)?.deliveries.map((d) => d.event)).toEqual([
      "paid_less",
      "pending",
      "success",
      "settle",
    ]);
  });

  it("raises pending on entering confirming and again on entering pending, paid_less on each partial payment", async () => {
    receiver = await startReceiver();
    const traceId = await createPayment(sim, { callbackUrl: receiver.url, callbackEvent: "paid_less|pending" });
    sim.act(traceId, { action: "underpay", amount: "2" });
    sim.act(traceId, { action: "underpay", amount: "3" });
    sim.act(traceId, { action: "pay", hold: true });
    sim.act(traceId, { action: "process" });
    sim.act(traceId, { action: "confirm" });
    await sim.idle();
    expect(sim.payment(traceId)?.history.map((h) => h.status)).toEqual([
      "unpaid",
      "paid_less",
      "paid_less",
      "confirming",
      "pending",
      "success",
      "success",
    ]);
    expect(sim.payment(traceId)?.deliveries.map((d) => d.event)).toEqual([
      "paid_less",
      "paid_less",
      "pending",
      "pending",
      "success",
    ]);
  });

  it("raises fail for a paid_less payment at its deadline and for a confirming one at the confirmation deadline", async () => {
    receiver = await startReceiver();
    const deadline = Math.floor(Date.now() / 1000) + 60;
    const short = await createPayment(sim, { callbackUrl: receiver.url, expiredTimestamp: deadline });
    const slow = await createPayment(sim, {
      orderId: "order-1002",
      callbackUrl: receiver.url,
      expiredTimestamp: deadline,
    });
    sim.act(short, { action: "underpay" });
    sim.act(slow, { action: "pay", hold: true });
    sim.advanceClock(61_000);
    await sim.idle();
    expect(sim.payment(short)?.deliveries.map((d) => d.event)).toEqual(["fail"]);
    expect(sim.payment(slow)?.deliveries).toEqual([]);
    sim.advanceClock(1800_000);
    await sim.idle();
    expect(sim.payment(slow)?.deliveries.map((d) => d.event)).toEqual(["fail"]);
    expect(sim.payment(slow)?.result).toMatchObject({ failureCode: "40000", paymentAmount: "10" });
  });

  it("sends the fail event when a payment expires", async () => {
    receiver = await startReceiver();
    const traceId = await createPayment(sim, {
      callbackUrl: receiver.url,
      expiredTimestamp: Math.floor(Date.now() / 1000) + 60,
    });
    sim.advanceClock(61_000);
    await sim.idle();
    expect(sim.payment(traceId)?.deliveries.map((d) => d.event)).toEqual(["fail"]);
  });

  it("retries non-SUCCESS replies on the scaled schedule (0/150/150/300 ms at 0.01) and stops after success", async () => {
    receiver = await startReceiver((n) => (n < 3 ? FAIL : SUCCESS));
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    await sleep(100);
    const at = receiver.received.map((r) => r.at);
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    const expected = CALLBACK_RETRY_DELAYS_S.slice(1, 4).map((s) => s * 1000 * 0.01); // 150, 150, 300
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual((expected[i] ?? 0) - 15);
      expect(gap).toBeLessThan((expected[i] ?? 0) + 250);
    });
    const deliveries = sim.payment(traceId)?.deliveries ?? [];
    expect(deliveries.map((d) => [d.attempt, d.httpStatus, d.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 200, true],
    ]);
  });

  it('counts only HTTP 200 with exactly {"code":"SUCCESS"} as delivered', async () => {
    const replies = [
      { status: 201, body: '{"code":"SUCCESS"}' },
      { status: 204, body: "" },
      { status: 200, body: '{"code":"success"}' },
      { status: 200, body: "SUCCESS" },
      { status: 200, body: '{"code":"SUCCESS","message":"ok"}' },
      { status: 200, body: '[{"code":"SUCCESS"}]' },
      { status: 200, body: '"SUCCESS"' },
      { status: 200, body: '{"code":"FAIL"}' },
      { status: 200, body: '{ "code" : "SUCCESS" }\n' },
    ];
    receiver = await startReceiver((n) => replies[n] ?? SUCCESS);
    sim.configure({ callbackTimeScale: 0.0001 });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    const deliveries = sim.payment(traceId)?.deliveries ?? [];
    expect(deliveries.map((d) => d.ok)).toEqual([false, false, false, false, false, false, false, false, true]);
    expect(deliveries.map((d) => d.httpStatus)).toEqual([201, 204, 200, 200, 200, 200, 200, 200, 200]);
    expect(deliveries[4]?.error).toMatch(/expected 200 \{"code":"SUCCESS"\}/);
  });

  it.each([
    {
      lifecycle: "current",
      attempts: 9,
      max: MAX_CALLBACK_ATTEMPTS,
      delays: CALLBACK_RETRY_DELAYS_S,
      schedule: "MixPay's current schedule",
    },
    {
      lifecycle: "legacy",
      attempts: 10,
      max: LEGACY_MAX_CALLBACK_ATTEMPTS,
      delays: LEGACY_CALLBACK_RETRY_DELAYS_S,
      schedule: "the old schedule",
    },
  ] as const)(
    "a $lifecycle payment: gives up after $attempts attempts, on $schedule",
    async ({ lifecycle, attempts, max, delays }) => {
      receiver = await startReceiver(() => FAIL);
      sim.configure({ callbackTimeScale: 0.0001, lifecycle }); // whole schedule ≈ 0.74 s (current), 1.1 s (legacy)
      const traceId = await createPayment(sim, { callbackUrl: receiver.url });
      const started = Date.now();
      sim.act(traceId, { action: "pay" });
      await sim.idle();
      const elapsed = Date.now() - started;
      await sleep(150);
      expect(max).toBe(attempts);
      expect(receiver.received).toHaveLength(attempts);
      const total = (delays as readonly number[]).reduce((a, b) => a + b, 0) * 1000 * 0.0001;
      expect(elapsed).toBeGreaterThanOrEqual(total - 20);
      const deliveries = sim.payment(traceId)?.deliveries ?? [];
      expect(deliveries.map((d) => d.attempt)).toEqual(Array.from({ length: attempts }, (_, i) => i + 1));
      expect(deliveries.every((d) => !d.ok)).toBe(true);
    },
  );

  it("records network errors as failed attempts with no HTTP status", async () => {
    sim.configure({ callbackTimeScale: 0.0001 });
    const traceId = await createPayment(sim, { callbackUrl: "http://127.0.0.1:9/unreachable" });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    const deliveries = sim.payment(traceId)?.deliveries ?? [];
    expect(deliveries).toHaveLength(9);
    expect(deliveries[0]).toMatchObject({ httpStatus: null, ok: false });
    expect(deliveries[0]?.error).toBeTruthy();
  });
});

describe("callback body by environment", () => {
  it("production (default): exactly {orderId, traceId, payeeId}, for every event", async () => {
    receiver = await startReceiver();
    const traceId = await createPayment(sim, { callbackUrl: receiver.url, callbackEvent: "paid_less|settle" });
    sim.act(traceId, { action: "underpay" });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    expect(receiver.received).toHaveLength(3);
    for (const call of receiver.received) {
      expect(JSON.parse(call.body)).toStrictEqual({ orderId: "order-1001", traceId, payeeId: PAYEE });
    }
  });

  it("non-production adds callbackEvent, the event's name", async () => {
    receiver = await startReceiver();
    sim.configure({ environment: "non-production" });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url, callbackEvent: "paid_less|pending|settle" });
    sim.act(traceId, { action: "underpay" });
    sim.act(traceId, { action: "pay", hold: true });
    sim.act(traceId, { action: "confirm" });
    const failing = await createPayment(sim, { orderId: "order-1002", callbackUrl: receiver.url });
    sim.act(failing, { action: "expire" });
    await sim.idle();
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.filter((b) => b.traceId === traceId)).toStrictEqual(
      ["paid_less", "pending", "success", "settle"].map((callbackEvent) => ({
        orderId: "order-1001",
        traceId,
        payeeId: PAYEE,
        callbackEvent,
      })),
    );
    expect(bodies.filter((b) => b.traceId === failing)).toStrictEqual([
      { orderId: "order-1002", traceId: failing, payeeId: PAYEE, callbackEvent: "fail" },
    ]);
  });
});

describe("callback timeout", () => {
  /** A receiver that never answers: the attempt ends only when the simulator aborts it. */
  const silentFetch: typeof fetch = (_input, init) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
    });

  async function firstAttemptEndsAfter(options: SimulatorOptions): Promise<{ before: number; after: number }> {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const own = createSimulator({
      rateLimitPerMinute: false,
      expirySweepMs: 0,
      fetch: silentFetch,
      behaviour: { callbackTimeScale: 0 },
      ...options,
    });
    try {
      const traceId = await createPayment(own, { callbackUrl: "https://shop.example/mixpay" });
      own.act(traceId, { action: "pay" });
      const timeout = options.callbackTimeoutMs ?? CALLBACK_TIMEOUT_MS;
      await vi.advanceTimersByTimeAsync(timeout - 1);
      const before = own.payment(traceId)?.deliveries.length ?? -1;
      await vi.advanceTimersByTimeAsync(1);
      const deliveries = own.payment(traceId)?.deliveries ?? [];
      expect(deliveries[0]).toMatchObject({ attempt: 1, httpStatus: null, ok: false });
      expect(deliveries[0]?.error).toBe(`no answer within ${timeout} ms`);
      return { before, after: deliveries.length };
    } finally {
      own.close();
      vi.useRealTimers();
    }
  }

  it("gives an attempt MixPay's 20 s by default, then counts it as failed", async () => {
    expect(CALLBACK_TIMEOUT_MS).toBe(20_000);
    expect(await firstAttemptEndsAfter({})).toEqual({ before: 0, after: 1 });
  });

  it("callbackTimeoutMs overrides it", async () => {
    expect(await firstAttemptEndsAfter({ callbackTimeoutMs: 500 })).toEqual({ before: 0, after: 1 });
  });
});

describe("callback faults", () => {
  it("drop: nothing is sent, the drop is recorded", async () => {
    receiver = await startReceiver();
    sim.setFaults({ callbacks: "drop" });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    await sleep(50);
    expect(receiver.received).toHaveLength(0);
    expect(sim.payment(traceId)?.deliveries).toEqual([expect.objectContaining({ event: "success", dropped: true })]);
  });

  it("duplicate: each callback arrives twice", async () => {
    receiver = await startReceiver();
    sim.setFaults({ callbacks: "duplicate" });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]?.body).toBe(receiver.received[1]?.body);
    expect(sim.payment(traceId)?.deliveries.map((d) => [d.event, d.ok, d.duplicate === true])).toEqual([
      ["success", true, false],
      ["success", true, true],
    ]);
  });

  it("delay: the first attempt waits callbackDelayMs", async () => {
    receiver = await startReceiver();
    sim.setFaults({ callbacks: "delay", callbackDelayMs: 300 });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    const started = Date.now();
    sim.act(traceId, { action: "pay" });
    await sleep(150);
    expect(receiver.received).toHaveLength(0);
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
    expect((receiver.received[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(290);
  });

  it("reorder: events of a payment are held until it is final, then delivered newest first", async () => {
    receiver = await startReceiver();
    sim.setFaults({ callbacks: "reorder" });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url, callbackEvent: "paid_less" });
    sim.act(traceId, { action: "underpay" });
    await sim.idle();
    await sleep(50);
    expect(receiver.received).toHaveLength(0);
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    expect(receiver.received).toHaveLength(2);
    expect(sim.payment(traceId)?.deliveries.map((d) => d.event)).toEqual(["success", "paid_less"]);
  });

  it("lifting the reorder fault flushes held events", async () => {
    receiver = await startReceiver();
    sim.setFaults({ callbacks: "reorder" });
    const traceId = await createPayment(sim, { callbackUrl: receiver.url, callbackEvent: "paid_less|pending" });
    sim.act(traceId, { action: "underpay" });
    sim.act(traceId, { action: "pay", hold: true });
    sim.setFaults({ callbacks: "normal" });
    await sim.idle();
    expect(sim.payment(traceId)?.deliveries.map((d) => d.event)).toEqual(["pending", "paid_less"]);
  });

  it("reset cancels scheduled retries", async () => {
    receiver = await startReceiver(() => FAIL);
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sleep(60);
    sim.reset();
    await sim.idle();
    const count = receiver.received.length;
    await sleep(400);
    expect(receiver.received.length).toBe(count);
  });
});

describe("expiry without anyone asking", () => {
  it("fails an expired payment and calls back on its own, like MixPay, with no request in between", async () => {
    let now = Date.now();
    const own = createSimulator({ ...OPTIONS, now: () => now, expirySweepMs: 20 });
    const hook = await startReceiver();
    try {
      const traceId = await createPayment(own, {
        callbackUrl: hook.url,
        expiredTimestamp: Math.floor(now / 1000) + 60,
      });
      now += 61_000; // time passes; nobody calls the simulator
      await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 2000, interval: 20 });
      expect(JSON.parse(hook.received[0]?.body ?? "{}")).toMatchObject({ traceId });
      expect(own.payment(traceId)).toMatchObject({ status: "failed", failureCode: "40000" });
    } finally {
      own.close();
      await hook.close();
    }
  });
});

// All of 127/8 is loopback on Linux; elsewhere only 127.0.0.1 usually is.
describe.skipIf(process.platform !== "linux")("callback source address", () => {
  it("sends callbacks from callbackSourceAddress, with the same body and headers", async () => {
    const hook = await startReceiver();
    const own = createSimulator({ ...OPTIONS, callbackSourceAddress: "127.0.0.2" });
    try {
      const traceId = await createPayment(own, { callbackUrl: hook.url });
      own.act(traceId, { action: "pay" });
      await own.idle();
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]).toMatchObject({
        remoteAddress: "127.0.0.2",
        method: "POST",
        contentType: "application/json",
        userAgent: "MixPay-Simulator/0.1",
      });
      expect(JSON.parse(hook.received[0]?.body ?? "")).toStrictEqual({
        orderId: "order-1001",
        traceId,
        payeeId: PAYEE,
      });
      expect(own.payment(traceId)?.deliveries).toEqual([
        expect.objectContaining({ event: "success", attempt: 1, httpStatus: 200, ok: true }),
      ]);
    } finally {
      own.close();
      await hook.close();
    }
  });

  it("without it the OS chooses (127.0.0.1 for a receiver on 127.0.0.1)", async () => {
    receiver = await startReceiver();
    const traceId = await createPayment(sim, { callbackUrl: receiver.url });
    sim.act(traceId, { action: "pay" });
    await sim.idle();
    expect(receiver.received[0]?.remoteAddress).toBe("127.0.0.1");
  });

  it("resolves a host name in the source address's family, and retries a failed reply on the schedule", async () => {
    const hook = await startReceiver((n) => (n === 0 ? FAIL : SUCCESS));
    const own = createSimulator({ ...OPTIONS, callbackSourceAddress: "127.0.0.3" });
    try {
      const traceId = await createPayment(own, { callbackUrl: hook.url.replace("127.0.0.1", "localhost") });
      own.act(traceId, { action: "pay" });
      await own.idle();
      expect(hook.received.map((r) => r.remoteAddress)).toEqual(["127.0.0.3", "127.0.0.3"]);
      expect(own.payment(traceId)?.deliveries).toEqual([
        expect.objectContaining({ attempt: 1, httpStatus: 500, ok: false, reply: '{"code":"FAIL"}' }),
        expect.objectContaining({ attempt: 2, httpStatus: 200, ok: true }),
      ]);
    } finally {
      own.close();
      await hook.close();
    }
  });

  it("keeps the per-attempt timeout: a receiver that never answers fails the attempt", async () => {
    const sockets = new Set<Socket>();
    const from: (string | undefined)[] = [];
    const silent = createServer(() => {
      // never answers
    });
    silent.on("connection", (socket) => {
      sockets.add(socket);
      from.push(socket.remoteAddress);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const own = createSimulator({
      ...OPTIONS,
      callbackTimeoutMs: 300,
      callbackSourceAddress: "127.0.0.2",
      behaviour: { ...OPTIONS.behaviour, callbackTimeScale: 100 }, // no retry within the test
    });
    try {
      const traceId = await createPayment(own, { callbackUrl: `http://127.0.0.1:${port}/hook` });
      own.act(traceId, { action: "pay" });
      await vi.waitFor(() => expect(own.payment(traceId)?.deliveries).toHaveLength(1), { timeout: 3000, interval: 20 });
      expect(own.payment(traceId)?.deliveries[0]).toMatchObject({
        attempt: 1,
        httpStatus: null,
        ok: false,
        error: "no answer within 300 ms",
      });
      expect(from).toEqual(["127.0.0.2"]);
    } finally {
      own.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("refuses a value that is not an IP address, and a custom fetch alongside it", () => {
    expect(() => createSimulator({ callbackSourceAddress: "localhost" })).toThrow(RangeError);
    expect(() => createSimulator({ callbackSourceAddress: "127.0.0.2", fetch: globalThis.fetch })).toThrow(
      /exclude each other/,
    );
  });
});
