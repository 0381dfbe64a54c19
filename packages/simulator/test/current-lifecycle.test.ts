import { paymentResultDataSchema } from "@mixpay-pos/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../src/index.js";
import { type ControlErrorBody, control, createPayment, result } from "./helpers.js";

/**
 * MixPay's lifecycle since its 2026-08-13 release (the default): confirming, paid_less and pending, the fixed
 * payment deadline expiredAt and the hidden confirmation deadline after it. The clock is fixed so deadlines can be
 * hit to the millisecond.
 */

const T0 = Date.UTC(2026, 8, 1, 12, 0, 0);
let now = T0;
let sim: Simulator;
beforeEach(() => {
  now = T0;
  sim = createSimulator({ rateLimitPerMinute: false, now: () => now, expirySweepMs: 0 });
});
afterEach(() => sim.close());

const nowS = () => Math.floor(now / 1000);
const pass = (ms: number) => {
  now += ms;
};
const act = (traceId: string, body: Record<string, unknown>) =>
  control(sim, "POST", `/_control/payments/${traceId}`, body);
const actError = (traceId: string, body: Record<string, unknown>) =>
  control<ControlErrorBody>(sim, "POST", `/_control/payments/${traceId}`, body);

async function expectStatus(traceId: string, status: string): Promise<void> {
  expect((await result(sim, traceId)).status).toBe(status);
}

describe("confirming: a full payment waiting for its confirmations", () => {
  it("pay with hold → confirming; confirmations rise one per confirmationIntervalMs, short of the required count", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "pay", hold: true });
    let r = await result(sim, traceId);
    expect(r).toMatchObject({
      status: "confirming",
      confirmations: 0,
      paymentAmount: "10",
      payableAmount: "10",
      settleStatus: "pending",
      payment: { isMultiPay: false, isFullyPaid: true, totalTransactionsAmount: "10" },
    });
    expect(r.transactions?.[0]).toMatchObject({ confirmations: 0, requiredConfirms: 12 });
    pass(12_000);
    r = await result(sim, traceId);
    expect(r.confirmations).toBe(2);
    expect(r.transactions?.[0]?.confirmations).toBe(2);
    pass(10 * 60_000);
    r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "confirming", confirmations: 11 });
    await act(traceId, { action: "confirm" });
    r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "success", confirmations: -1, settleStatus: "success" });
    expect(r.transactions?.[0]?.confirmations).toBe(12);
  });

  it("confirmationIntervalMs sets the pace", async () => {
    sim.configure({ confirmationIntervalMs: 1000 });
    const traceId = await createPayment(sim);
    await act(traceId, { action: "pay", hold: true });
    pass(3_500);
    expect((await result(sim, traceId)).confirmations).toBe(3);
  });

  it("process → pending (fully paid and confirmed, MixPay still processing); confirm → success", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "pay", hold: true });
    await act(traceId, { action: "process" });
    let r = await result(sim, traceId);
    expect(r).toMatchObject({
      status: "pending",
      confirmations: -1,
      paymentAmount: "10",
      settleStatus: "pending",
      payment: { isMultiPay: false, isFullyPaid: true, totalTransactionsAmount: "10" },
    });
    expect(r.transactions?.[0]?.confirmations).toBe(12);
    await act(traceId, { action: "confirm" });
    r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "success", settleStatus: "success" });
    expect(sim.payment(traceId)?.history.map((h) => h.status)).toEqual([
      "unpaid",
      "confirming",
      "pending",
      "success",
      "success",
    ]);
  });

  it("overpay with hold → confirming with the surplus; confirm → success", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "overpay", amount: "12", hold: true });
    expect(await result(sim, traceId)).toMatchObject({ status: "confirming", paymentAmount: "12", surplusAmount: "2" });
    await act(traceId, { action: "confirm" });
    expect(await result(sim, traceId)).toMatchObject({ status: "success", surplusAmount: "2" });
  });

  it("audit takes a confirming or pending payment to auditing; confirm → success", async () => {
    const a = await createPayment(sim);
    await act(a, { action: "pay", hold: true });
    await act(a, { action: "audit" });
    expect(await result(sim, a)).toMatchObject({ status: "auditing", confirmations: -1, paymentAmount: "10" });
    await act(a, { action: "confirm" });
    await expectStatus(a, "success");
    const b = await createPayment(sim, { orderId: "order-1002" });
    await act(b, { action: "pay", hold: true });
    await act(b, { action: "process" });
    await act(b, { action: "audit" });
    await expectStatus(b, "auditing");
  });
});

describe("paid_less: an underpayment, topped up on the same trace", () => {
  it("underpay → paid_less; payableAmount stays, paymentAmount is what arrived; more parts stay paid_less", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "underpay" });
    let r = await result(sim, traceId);
    expect(paymentResultDataSchema.safeParse(r).success).toBe(true);
    expect(r).toMatchObject({
      status: "paid_less",
      paymentAmount: "5",
      payableAmount: "10",
      confirmations: -1,
      surplusAmount: "0",
      payment: { isMultiPay: true, isFullyPaid: false, totalTransactionsAmount: "5" },
    });
    await act(traceId, { action: "underpay", amount: "2.5" });
    r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "paid_less", paymentAmount: "7.5", payableAmount: "10" });
  });

  it("pay tops up what remains → success", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "underpay", amount: "3" });
    await act(traceId, { action: "pay" });
    const r = await result(sim, traceId);
    expect(r).toMatchObject({
      status: "success",
      paymentAmount: "10",
      surplusAmount: "0",
      traceId,
      payment: { isMultiPay: true, isFullyPaid: true, totalTransactionsAmount: "10" },
    });
    expect(r.transactions?.map((t) => t.paymentAmount)).toEqual(["3", "7"]);
  });

  it("a top-up with hold → confirming (fully paid); confirm → success", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "underpay", amount: "4" });
    await act(traceId, { action: "pay", hold: true });
    let r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "confirming", confirmations: 0, paymentAmount: "10" });
    expect(r.transactions?.map((t) => [t.paymentAmount, t.confirmations])).toEqual([
      ["4", 12],
      ["6", 0],
    ]);
    await act(traceId, { action: "confirm" });
    r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "success", paymentAmount: "10" });
  });

  it("overpay on paid_less → success with the surplus", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "underpay", amount: "4" });
    await act(traceId, { action: "overpay", amount: "8" });
    expect(await result(sim, traceId)).toMatchObject({
      status: "success",
      paymentAmount: "12",
      surplusAmount: "2",
      surplusStatus: "pending",
    });
  });
});

describe("the payment deadline (expiredAt)", () => {
  it("unpaid at expiredTimestamp → failed 40000 with nothing received, just after the deadline", async () => {
    const expiredTimestamp = nowS() + 60;
    const traceId = await createPayment(sim, { expiredTimestamp });
    expect((await result(sim, traceId)).expiredAt).toBe(expiredTimestamp);
    pass(60_000);
    await expectStatus(traceId, "unpaid");
    pass(1);
    expect(await result(sim, traceId)).toMatchObject({
      status: "failed",
      failureCode: "40000",
      failureReason: "Payment deadline or confirmation deadline exceeded.",
      paymentAmount: "",
      expiredAt: expiredTimestamp,
    });
    expect(sim.payment(traceId)?.history.at(-1)?.reason).toMatch(/payment deadline passed with nothing paid/);
  });

  it("without expiredTimestamp the deadline is creation + defaultDeadlineSeconds (2880 min)", async () => {
    const traceId = await createPayment(sim);
    expect((await result(sim, traceId)).expiredAt).toBe(nowS() + 2880 * 60);
    pass(2880 * 60_000);
    await expectStatus(traceId, "unpaid");
    pass(1);
    expect(await result(sim, traceId)).toMatchObject({ status: "failed", failureCode: "40000" });
  });

  it("defaultDeadlineSeconds is a behaviour, read when the payment is created", async () => {
    sim.configure({ defaultDeadlineSeconds: 600 });
    const traceId = await createPayment(sim);
    sim.configure({ defaultDeadlineSeconds: 3600 });
    expect((await result(sim, traceId)).expiredAt).toBe(nowS() + 600);
    pass(600_001);
    await expectStatus(traceId, "failed");
  });

  it("maxPaymentWindowSeconds (MixPay's own limit) shortens a later expiredTimestamp, never extends an earlier one", async () => {
    sim.configure({ maxPaymentWindowSeconds: 3600 });
    const capped = await createPayment(sim, { orderId: "order-capped", expiredTimestamp: nowS() + 7200 });
    const earlier = await createPayment(sim, { orderId: "order-earlier", expiredTimestamp: nowS() + 600 });
    expect((await result(sim, capped)).expiredAt).toBe(nowS() + 3600);
    expect((await result(sim, earlier)).expiredAt).toBe(nowS() + 600);
    pass(3600_001);
    expect(await result(sim, capped)).toMatchObject({ status: "failed", failureCode: "40000" });
  });

  it("paid_less at the deadline → failed 40024, paymentAmount = what arrived", async () => {
    const traceId = await createPayment(sim, { expiredTimestamp: nowS() + 60 });
    await act(traceId, { action: "underpay", amount: "3.5" });
    pass(60_001);
    expect(await result(sim, traceId)).toMatchObject({
      status: "failed",
      failureCode: "40024",
      failureReason: "Payment deadline passed with an insufficient amount.",
      paymentAmount: "3.5",
      payableAmount: "10",
    });
  });

  it("a fully paid confirming payment outlives expiredAt and can still succeed", async () => {
    const traceId = await createPayment(sim, { expiredTimestamp: nowS() + 60 });
    pass(30_000);
    await act(traceId, { action: "pay", hold: true });
    pass(29 * 60_000); // 28.5 min past expiredAt, inside the 30 min confirmation deadline
    expect(await result(sim, traceId)).toMatchObject({ status: "confirming", confirmations: 11, paymentAmount: "10" });
    await act(traceId, { action: "confirm" });
    expect(await result(sim, traceId)).toMatchObject({ status: "success", failureCode: "0" });
  });

  it("confirming at the confirmation deadline (expiredAt + 1800 s) → failed 40000 with the money received", async () => {
    const deadline = nowS() + 60;
    const traceId = await createPayment(sim, { expiredTimestamp: deadline });
    await act(traceId, { action: "pay", hold: true });
    now = deadline * 1000 + 1800_000;
    await expectStatus(traceId, "confirming");
    pass(1);
    expect(await result(sim, traceId)).toMatchObject({
      status: "failed",
      failureCode: "40000",
      paymentAmount: "10",
      payableAmount: "10",
      confirmations: -1,
    });
    expect(sim.payment(traceId)?.history.at(-1)?.reason).toMatch(/confirmation deadline passed/);
  });

  it("confirmationDeadlineSeconds moves the confirmation deadline", async () => {
    sim.configure({ confirmationDeadlineSeconds: 60 });
    const deadline = nowS() + 60;
    const traceId = await createPayment(sim, { expiredTimestamp: deadline });
    await act(traceId, { action: "overpay", amount: "11", hold: true });
    now = deadline * 1000 + 60_001;
    expect(await result(sim, traceId)).toMatchObject({ status: "failed", failureCode: "40000", paymentAmount: "11" });
  });

  it("pending and auditing are not ended by either deadline", async () => {
    const pending = await createPayment(sim, { expiredTimestamp: nowS() + 60 });
    const auditing = await createPayment(sim, { orderId: "order-1002", expiredTimestamp: nowS() + 60 });
    await act(pending, { action: "pay", hold: true });
    await act(pending, { action: "process" });
    await act(auditing, { action: "audit" });
    pass(24 * 3600_000);
    await expectStatus(pending, "pending");
    await expectStatus(auditing, "auditing");
  });

  it("a final payment never changes again, whatever the clock", async () => {
    const paid = await createPayment(sim, { expiredTimestamp: nowS() + 60 });
    const failed = await createPayment(sim, { orderId: "order-1002", expiredTimestamp: nowS() + 60 });
    await act(paid, { action: "pay" });
    await act(failed, { action: "fail", failureCode: "40020" });
    pass(24 * 3600_000);
    expect(await result(sim, paid)).toMatchObject({ status: "success", failureCode: "0" });
    expect(await result(sim, failed)).toMatchObject({ status: "failed", failureCode: "40020" });
    for (const action of ["pay", "underpay", "overpay", "fail", "expire", "audit", "confirm", "process"]) {
      expect((await actError(paid, { action })).status, `${action} on success`).toBe(409);
      expect((await actError(failed, { action })).status, `${action} on failed`).toBe(409);
    }
    expect(sim.payment(paid)?.status).toBe("success");
    expect(sim.payment(failed)?.status).toBe("failed");
  });

  it("a request after the deadline sees the failure before acting (pay → 409)", async () => {
    const traceId = await createPayment(sim, { expiredTimestamp: nowS() + 60 });
    pass(61_000);
    const res = await actError(traceId, { action: "pay" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/failed \(40000/);
  });
});

describe("the expire action: the deadline, now", () => {
  it("unpaid → 40000 with nothing received", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "expire" });
    expect(await result(sim, traceId)).toMatchObject({ status: "failed", failureCode: "40000", paymentAmount: "" });
  });

  it("paid_less → 40024 with what arrived", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "underpay", amount: "2" });
    await act(traceId, { action: "expire" });
    expect(await result(sim, traceId)).toMatchObject({ status: "failed", failureCode: "40024", paymentAmount: "2" });
  });

  it("fully paid confirming → 40000 with the money received (the confirmation deadline reached)", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "pay", hold: true });
    await act(traceId, { action: "expire" });
    expect(await result(sim, traceId)).toMatchObject({ status: "failed", failureCode: "40000", paymentAmount: "10" });
  });
});

describe("fail with any failure code", () => {
  it("40032 cancelled: nothing paid", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "fail", failureCode: "40032" });
    expect(await result(sim, traceId)).toMatchObject({
      status: "failed",
      failureCode: "40032",
      failureReason: "The payment was cancelled.",
      paymentAmount: "",
    });
  });

  it("40032 cancelled after a partial payment keeps what arrived", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "underpay", amount: "1.25" });
    await act(traceId, { action: "fail", failureCode: 40032 });
    expect(await result(sim, traceId)).toMatchObject({ failureCode: "40032", paymentAmount: "1.25" });
  });

  it("10095 review rejected, from auditing", async () => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "audit" });
    await act(traceId, { action: "fail", failureCode: "10095" });
    expect(await result(sim, traceId)).toMatchObject({
      status: "failed",
      failureCode: "10095",
      failureReason: "Rejected during risk, compliance or manual review.",
      paymentAmount: "10",
    });
  });

  it.each(["40000", "40020", "40024", "40025", "40027", "40032", "10095"])("accepts %s", async (code) => {
    const traceId = await createPayment(sim);
    await act(traceId, { action: "pay", hold: true });
    await act(traceId, { action: "fail", failureCode: code });
    expect(await result(sim, traceId)).toMatchObject({ status: "failed", failureCode: code, paymentAmount: "10" });
  });
});
