import { paymentResultDataSchema } from "@mixpay-pos/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ControlError, createSimulator, type Simulator } from "../src/index.js";
import { BTC, type ControlErrorBody, control, createPayment, result, USDT } from "./helpers.js";

let sim: Simulator;
beforeEach(() => {
  sim = createSimulator({ rateLimitPerMinute: false });
});
afterEach(() => sim.close());

const RETURN_TO = "https://shop.example/thanks";
const FAILED_RETURN_TO = "https://shop.example/sorry";

async function newPayment(overrides: Record<string, unknown> = {}): Promise<string> {
  return createPayment(sim, { returnTo: RETURN_TO, failedReturnTo: FAILED_RETURN_TO, ...overrides });
}

const act = (traceId: string, body: Record<string, unknown> | string) =>
  control(sim, "POST", `/_control/payments/${traceId}`, body);
const actError = (traceId: string, body: Record<string, unknown> | string) =>
  control<ControlErrorBody>(sim, "POST", `/_control/payments/${traceId}`, body);

describe("a new payment", () => {
  it("reports every documented payments_result field with unpaid values", async () => {
    const traceId = await newPayment();
    const createdS = Math.floor(Date.parse(sim.payment(traceId)?.createdAt ?? "") / 1000);
    const r = await result(sim, traceId);
    expect(paymentResultDataSchema.safeParse(r).success).toBe(true);
    expect(r).toEqual({
      status: "unpaid",
      quoteAmount: "10",
      quoteSymbol: "USD",
      quoteAssetId: "usd",
      quoteAssetVersion: "",
      paymentAmount: "",
      paymentSymbol: "USDT",
      paymentAssetId: USDT,
      paymentAssetVersion: "ERC20",
      payee: "Demo Coffee Bar",
      payeeId: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
      payeeMixinNumber: "7000104111",
      payeeAvatarUrl: "",
      txid: "",
      blockExplorerUrl: "",
      date: "",
      surplusAmount: "0",
      surplusStatus: "no",
      confirmations: -1,
      payableAmount: "10",
      payableSymbol: "USDT",
      payableAssetId: USDT,
      payableAssetVersion: "ERC20",
      failureCode: "0",
      failureReason: "",
      returnTo: RETURN_TO,
      traceId,
      // the default deadline: 2880 minutes after creation, in unix seconds
      expiredAt: createdS + 2880 * 60,
      settleStatus: "pending",
      settleAmount: "",
      settleSymbol: "",
      settleAsset: "",
      settleAssetVersion: "",
      transactions: [],
      payment: { isMultiPay: false, isFullyPaid: false, totalTransactionsAmount: "0" },
    });
    expect(paymentResultDataSchema.parse(r).expiredAt).toBe((createdS + 2880 * 60) * 1000);
  });

  it("carries expiredTimestamp as expiredAt when one was given, and no expiredAt in the legacy lifecycle", async () => {
    const expiredTimestamp = Math.floor(Date.now() / 1000) + 600;
    const given = await newPayment({ expiredTimestamp });
    expect((await result(sim, given)).expiredAt).toBe(expiredTimestamp);
    sim.configure({ lifecycle: "legacy" });
    const legacy = await newPayment({ orderId: "legacy-0001", expiredTimestamp });
    expect(await result(sim, legacy)).not.toHaveProperty("expiredAt");
    expect(sim.payment(legacy)?.lifecycle).toBe("legacy");
    // the lifecycle is fixed at creation: the first payment keeps the current one
    expect(await result(sim, given)).toHaveProperty("expiredAt", expiredTimestamp);
  });

  it("leaves out transactions and payment unless `with` asks", async () => {
    const traceId = await newPayment();
    const plain = await result(sim, traceId, "");
    expect(plain).not.toHaveProperty("transactions");
    expect(plain).not.toHaveProperty("payment");
    const onlyPayment = await result(sim, traceId, "payment");
    expect(onlyPayment).toHaveProperty("payment");
    expect(onlyPayment).not.toHaveProperty("transactions");
  });
});

describe("control actions", () => {
  it("pay → success, settled, with tx details", async () => {
    const traceId = await newPayment();
    const view = await act(traceId, { action: "pay" });
    expect(view.status).toBe(200);
    expect(view.body.status).toBe("success");
    const r = await result(sim, traceId);
    expect(r).toMatchObject({
      status: "success",
      paymentAmount: "10",
      payableAmount: "10",
      paymentSymbol: "USDT",
      surplusAmount: "0",
      surplusStatus: "no",
      confirmations: -1,
      failureCode: "0",
      returnTo: RETURN_TO,
      settleStatus: "success",
      settleAmount: "10",
      settleSymbol: "USDT",
      settleAsset: USDT,
      settleAssetVersion: "ERC20",
      payment: { isMultiPay: false, isFullyPaid: true, totalTransactionsAmount: "10" },
    });
    expect(r.txid).toMatch(/^[0-9a-f]{64}$/);
    expect(r.blockExplorerUrl).toBe(`https://etherscan.io/tx/${r.txid}`);
    expect(typeof r.date).toBe("number");
    expect(r.transactions).toHaveLength(1);
    expect(r.transactions?.[0]).toMatchObject({
      paymentAmount: "10",
      paymentAssetId: USDT,
      paymentAssetSymbol: "USDT",
      paymentAssetVersion: "ERC20",
      requiredConfirms: 12,
      confirmations: 12,
      txid: r.txid,
    });
    expect(r.transactions?.[0]?.broadcastAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("pay in another asset converts with decimal prices and settles the quote value", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "pay", assetId: BTC });
    const r = await result(sim, traceId);
    // 10 USD at 64000 USD/BTC = 0.00015625 BTC exactly
    expect(r).toMatchObject({
      paymentAmount: "0.00015625",
      paymentSymbol: "BTC",
      paymentAssetId: BTC,
      payableAmount: "0.00015625",
      settleAmount: "10",
      settleSymbol: "USDT",
    });
  });

  it("rounds a payable amount up to 8 decimals so it covers the price", async () => {
    const traceId = await newPayment({ quoteAmount: "1", paymentAssetId: BTC });
    // 1 / 64000 = 0.000015625 → 0.00001563
    expect((await result(sim, traceId)).payableAmount).toBe("0.00001563");
    const eur = await newPayment({ orderId: "eur-0001", quoteAssetId: "eur", quoteAmount: "10" });
    expect((await result(sim, eur)).payableAmount).toBe("10.8");
  });

  it("overpay → success with surplus pending; refund-surplus advances it", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "overpay" });
    let r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "success", paymentAmount: "15", surplusAmount: "5", surplusStatus: "pending" });
    await act(traceId, { action: "refund-surplus" });
    expect((await result(sim, traceId)).surplusStatus).toBe("sending");
    await act(traceId, { action: "refund-surplus" });
    r = await result(sim, traceId);
    expect(r.surplusStatus).toBe("success");
    expect((await actError(traceId, { action: "refund-surplus" })).status).toBe(409);
  });

  it("overpay with an amount", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "overpay", amount: "12.5" });
    expect(await result(sim, traceId)).toMatchObject({ paymentAmount: "12.5", surplusAmount: "2.5" });
  });

  it("fail → failed 40024 by default, failedReturnTo as returnTo; other codes by name", async () => {
    const a = await newPayment();
    await act(a, { action: "fail" });
    expect(await result(sim, a)).toMatchObject({
      status: "failed",
      failureCode: "40024",
      failureReason: "Payment deadline passed with an insufficient amount.",
      returnTo: FAILED_RETURN_TO,
      paymentAmount: "",
    });
    const b = await newPayment({ orderId: "order-1002" });
    await act(b, { action: "underpay", amount: "1" });
    await act(b, { action: "fail", failureCode: "40020" });
    expect(await result(sim, b)).toMatchObject({
      status: "failed",
      failureCode: "40020",
      failureReason: "Wrong payment asset.",
      paymentAmount: "1",
    });
  });

  it("expire → failed 40000, nothing received", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "expire" });
    expect(await result(sim, traceId)).toMatchObject({
      status: "failed",
      failureCode: "40000",
      failureReason: "Payment deadline or confirmation deadline exceeded.",
      paymentAmount: "",
    });
  });

  it("audit → auditing; confirm → success, or fail → failed", async () => {
    const a = await newPayment();
    await act(a, { action: "audit" });
    expect(await result(sim, a)).toMatchObject({ status: "auditing", paymentAmount: "10", confirmations: -1 });
    await act(a, { action: "confirm" });
    expect((await result(sim, a)).status).toBe("success");

    const b = await newPayment({ orderId: "order-1002" });
    await act(b, { action: "pay", hold: true });
    await act(b, { action: "audit" });
    await act(b, { action: "fail", failureCode: "40025" });
    expect(await result(sim, b)).toMatchObject({ status: "failed", failureReason: "Too much market volatility." });
  });

  it("settles by action when autoSettle is off", async () => {
    sim.configure({ autoSettle: false });
    const traceId = await newPayment({ settlementAssetId: BTC });
    await act(traceId, { action: "pay" });
    expect(await result(sim, traceId)).toMatchObject({
      status: "success",
      settleStatus: "pending",
      settleAmount: "",
      settleSymbol: "",
      settleAsset: "",
    });
    await act(traceId, { action: "settle" });
    expect(await result(sim, traceId)).toMatchObject({
      settleStatus: "success",
      settleAmount: "0.00015625",
      settleSymbol: "BTC",
      settleAsset: BTC,
    });
  });

  it("records the history of status changes with times", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "underpay" });
    sim.advanceClock(5_000);
    await act(traceId, { action: "pay" });
    const view = sim.payment(traceId);
    expect(view?.history.map((h) => h.status)).toEqual(["unpaid", "paid_less", "success", "success"]);
    const [created, , paid] = view?.history ?? [];
    expect((paid?.atMs ?? 0) - (created?.atMs ?? 0)).toBeGreaterThanOrEqual(5_000);
    expect(paid?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("act() on the simulator object does the same as the control route", async () => {
    const traceId = await newPayment();
    const view = sim.act(traceId, { action: "underpay", amount: "4" });
    expect(view.status).toBe("paid_less");
    expect(view.paidAmount).toBe("4");
    expect(view.result.payment?.totalTransactionsAmount).toBe("4");
    expect(() => sim.act(traceId, { action: "confirm" })).toThrow(ControlError);
  });
});

describe("invalid transitions → 409 with a clear message", () => {
  it.each([
    ["pay after success", ["pay"], { action: "pay" }, /it is success; it is final/],
    ["underpay after success", ["pay"], { action: "underpay" }, /it is success/],
    ["fail after success", ["pay"], { action: "fail" }, /already success/],
    ["fail after failure", ["fail"], { action: "fail" }, /already failed/],
    ["expire after success", ["pay"], { action: "expire" }, /only unpaid, paid_less or fully paid confirming/],
    ["expire a pending payment", ["pay-hold", "process"], { action: "expire" }, /pending and auditing outlive/],
    ["expire an auditing payment", ["audit"], { action: "expire" }, /it is auditing/],
    ["audit after success", ["pay"], { action: "audit" }, /auditing/],
    ["audit a paid_less payment", ["underpay"], { action: "audit" }, /paid_less \(5 of 10 USDT paid\)/],
    ["confirm while unpaid", [], { action: "confirm" }, /only fully paid confirming, pending or auditing/],
    ["confirm while paid_less", ["underpay"], { action: "confirm" }, /it is paid_less/],
    ["process while unpaid", [], { action: "process" }, /only fully paid confirming payments/],
    ["process a pending payment", ["pay-hold", "process"], { action: "process" }, /it is pending/],
    ["settle while unpaid", [], { action: "settle" }, /only successful unsettled/],
    ["refund-surplus without overpayment", ["pay"], { action: "refund-surplus" }, /surplusStatus is "no"/],
    ["pay after failure", ["fail"], { action: "pay" }, /it is failed \(40024/],
    [
      "pay a confirming payment",
      ["pay-hold"],
      { action: "pay" },
      /confirming \(fully paid\); it is fully paid, use confirm/,
    ],
    ["underpay with the whole amount", [], { action: "underpay", amount: "10" }, /less than the remaining 10/],
    ["underpay the whole rest", ["underpay"], { action: "underpay", amount: "5" }, /less than the remaining 5/],
    ["overpay with less than due", [], { action: "overpay", amount: "10" }, /more than the remaining 10/],
  ])("%s", async (_label, before, action, message) => {
    const traceId = await newPayment();
    for (const step of before) {
      await act(traceId, step === "pay-hold" ? { action: "pay", hold: true } : { action: step });
    }
    const statusBefore = sim.payment(traceId)?.status;
    const res = await actError(traceId, action);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(message);
    expect(sim.payment(traceId)?.status).toBe(statusBefore);
  });

  it("a top-up must use the asset of the first part", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "underpay" });
    const res = await actError(traceId, { action: "pay", assetId: BTC });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ field: "assetId" });
  });
});

describe("control API errors", () => {
  it("unknown traceId → 404", async () => {
    const missing = "0f0f0f0f-0000-4000-8000-000000000000";
    expect((await actError(missing, { action: "pay" })).status).toBe(404);
    expect((await control<ControlErrorBody>(sim, "GET", `/_control/payments/${missing}`)).status).toBe(404);
    expect(() => sim.act(missing, { action: "pay" })).toThrow(/no payment/);
  });

  it.each([
    ["no action", {}, "action"],
    ["an unknown action", { action: "dance" }, "action"],
    ["a negative amount", { action: "underpay", amount: "-1" }, "amount"],
    ["a word as amount", { action: "overpay", amount: "lots" }, "amount"],
    ["a bad assetId", { action: "pay", assetId: "bitcoin" }, "assetId"],
    ["an unknown asset", { action: "pay", assetId: "00000000-0000-4000-8000-00000000000a" }, "assetId"],
    ["an undocumented failureCode", { action: "fail", failureCode: "12345" }, "failureCode"],
    ["hold on fail", { action: "fail", hold: true }, "hold"],
    ["amount on pay", { action: "pay", amount: "3" }, "amount"],
    ["an unknown field", { action: "pay", colour: "red" }, "colour"],
  ])("bad body (%s) → 400 naming the field", async (_label, body, field) => {
    const traceId = await newPayment();
    const res = await actError(traceId, body);
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.error).toContain(field);
  });

  it("invalid JSON → 400 naming the body", async () => {
    const traceId = await newPayment();
    const res = await actError(traceId, "{oops");
    expect(res.status).toBe(400);
    expect(res.body.field).toBe("body");
  });

  it("faults, behaviour and clock bodies are validated too", async () => {
    const faults = await control<ControlErrorBody>(sim, "POST", "/_control/faults", { callbacks: "sometimes" });
    expect([faults.status, faults.body.field]).toEqual([400, "callbacks"]);
    const behaviour = await control<ControlErrorBody>(sim, "POST", "/_control/behaviour", { unknownTrace: "maybe" });
    expect([behaviour.status, behaviour.body.field]).toEqual([400, "unknownTrace"]);
    const unknown = await control<ControlErrorBody>(sim, "POST", "/_control/behaviour", { colour: "red" });
    expect([unknown.status, unknown.body.field]).toEqual([400, "colour"]);
    const clock = await control<ControlErrorBody>(sim, "POST", "/_control/clock", { advanceMs: -5 });
    expect([clock.status, clock.body.field]).toEqual([400, "advanceMs"]);
  });

  it("lists payments, changes behaviour/faults/clock and resets over HTTP", async () => {
    const traceId = await newPayment();
    const list = await control<{ traceId: string; status: string }[]>(sim, "GET", "/_control/payments");
    expect(list.body.map((p) => p.traceId)).toEqual([traceId]);
    const b = await control<{ unknownTrace: string; orderIdInResult: boolean }>(sim, "POST", "/_control/behaviour", {
      unknownTrace: "unpaid",
    });
    expect(b.body).toMatchObject({ unknownTrace: "unpaid", orderIdInResult: false });
    const f = await control<{ latencyMs: number; down: boolean }>(sim, "POST", "/_control/faults", { latencyMs: 5 });
    expect(f.body).toMatchObject({ latencyMs: 5, down: false });
    const c = await control<{ offsetMs: number }>(sim, "POST", "/_control/clock", { advanceMs: 1500 });
    expect(c.body.offsetMs).toBe(1500);
    const reset = await control<{ ok: boolean }>(sim, "POST", "/_control/reset");
    expect(reset.body.ok).toBe(true);
    expect(sim.payments()).toEqual([]);
    expect(sim.configure({}).unknownTrace).toBe("error");
    expect(sim.setFaults({}).latencyMs).toBe(0);
    expect((await control<{ offsetMs: number }>(sim, "GET", "/_control/clock")).body.offsetMs).toBe(0);
  });

  it("adds payees over HTTP so an admin-typed merchant UUID works", async () => {
    const payeeId = "12345678-aaaa-4bbb-8ccc-1234567890ab";
    const res = await control<{ payeeId: string }>(sim, "POST", "/_control/payees", {
      payeeId,
      name: "Corner Shop",
      kind: "user",
    });
    expect(res.status).toBe(201);
    const traceId = await createPayment(sim, { payeeId, orderId: "corner-1" });
    expect((await result(sim, traceId)).payee).toBe("Corner Shop");
  });
});

describe("the legacy lifecycle (payments created before MixPay's 2026-08-13 release)", () => {
  beforeEach(() => {
    sim.configure({ lifecycle: "legacy" });
  });

  it("pay with hold → pending with confirmations 0 however long it waits; confirm → success", async () => {
    const traceId = await newPayment({ callbackEvent: "pending" });
    await act(traceId, { action: "pay", hold: true });
    sim.advanceClock(60_000);
    let r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "pending", confirmations: 0, paymentAmount: "10", settleStatus: "pending" });
    expect(r.transactions?.[0]?.confirmations).toBe(0);
    await act(traceId, { action: "confirm" });
    r = await result(sim, traceId);
    expect(r).toMatchObject({ status: "success", confirmations: -1, settleStatus: "success" });
    expect(r.transactions?.[0]?.confirmations).toBe(12);
  });

  it("underpay → pending multi-pay; a later pay tops up to success", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "underpay" });
    let r = await result(sim, traceId);
    expect(r).toMatchObject({
      status: "pending",
      paymentAmount: "5",
      payableAmount: "10",
      payment: { isMultiPay: true, isFullyPaid: false, totalTransactionsAmount: "5" },
    });
    expect(r.confirmations).toBeGreaterThan(-1);
    await act(traceId, { action: "underpay", amount: "2.5" });
    r = await result(sim, traceId);
    expect(r.payment).toEqual({ isMultiPay: true, isFullyPaid: false, totalTransactionsAmount: "7.5" });
    await act(traceId, { action: "pay" });
    r = await result(sim, traceId);
    expect(r).toMatchObject({
      status: "success",
      paymentAmount: "10",
      surplusAmount: "0",
      payment: { isMultiPay: true, isFullyPaid: true, totalTransactionsAmount: "10" },
    });
    expect(r.transactions?.map((t) => t.paymentAmount)).toEqual(["5", "2.5", "2.5"]);
  });

  it("fail and expire use the old failure texts", async () => {
    const a = await newPayment();
    await act(a, { action: "fail" });
    expect(await result(sim, a)).toMatchObject({ failureCode: "40024", failureReason: "Wrong Amount paid" });
    const b = await newPayment({ orderId: "order-1002" });
    await act(b, { action: "expire" });
    expect(await result(sim, b)).toMatchObject({
      status: "failed",
      failureCode: "40000",
      failureReason: "Payment overtime",
    });
  });

  it("process does not exist in the legacy lifecycle", async () => {
    const traceId = await newPayment();
    await act(traceId, { action: "pay", hold: true });
    const res = await actError(traceId, { action: "process" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/legacy lifecycle/);
    expect(sim.payment(traceId)?.status).toBe("pending");
  });

  it("has no deadline without expiredTimestamp", async () => {
    const traceId = await newPayment();
    expect(sim.payment(traceId)?.deadlineMs).toBeNull();
    sim.advanceClock(30 * 24 * 3600_000);
    expect((await result(sim, traceId)).status).toBe("unpaid");
  });

  describe("invalid transitions → 409 with a clear message", () => {
    it.each([
      ["pay after success", ["pay"], { action: "pay" }, /already|it is success/],
      ["underpay after success", ["pay"], { action: "underpay" }, /it is success/],
      ["fail after success", ["pay"], { action: "fail" }, /already success/],
      ["expire after success", ["pay"], { action: "expire" }, /only unpaid or underpaid/],
      ["audit after success", ["pay"], { action: "audit" }, /auditing/],
      ["confirm while unpaid", [], { action: "confirm" }, /only fully paid pending or auditing/],
      ["confirm while underpaid", ["underpay"], { action: "confirm" }, /pending \(underpaid\)/],
      ["settle while unpaid", [], { action: "settle" }, /only successful unsettled/],
      ["refund-surplus without overpayment", ["pay"], { action: "refund-surplus" }, /surplusStatus is "no"/],
      ["pay after failure", ["fail"], { action: "pay" }, /it is failed \(40024/],
      ["expire a fully paid pending payment", ["pay-hold"], { action: "expire" }, /pending \(fully paid\)/],
      ["pay a fully paid pending payment", ["pay-hold"], { action: "pay" }, /use confirm/],
      ["underpay with the whole amount", [], { action: "underpay", amount: "10" }, /less than the remaining 10/],
      ["overpay with less than due", [], { action: "overpay", amount: "10" }, /more than the remaining 10/],
    ])("%s", async (_label, before, action, message) => {
      const traceId = await newPayment();
      for (const step of before) {
        await act(traceId, step === "pay-hold" ? { action: "pay", hold: true } : { action: step });
      }
      const res = await actError(traceId, action);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatch(message);
    });

    it("a top-up must use the asset of the first part", async () => {
      const traceId = await newPayment();
      await act(traceId, { action: "underpay" });
      const res = await actError(traceId, { action: "pay", assetId: BTC });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ field: "assetId" });
    });
  });

  describe("expiry (simulated clock)", () => {
    const nowS = () => Math.floor(Date.now() / 1000);

    it("an unpaid payment fails with 40000 once simulated now passes expiredTimestamp", async () => {
      const traceId = await newPayment({ expiredTimestamp: nowS() + 60 });
      sim.advanceClock(30_000);
      expect((await result(sim, traceId)).status).toBe("unpaid");
      sim.advanceClock(35_000);
      expect(await result(sim, traceId)).toMatchObject({
        status: "failed",
        failureCode: "40000",
        failureReason: "Payment overtime",
      });
      expect(sim.payment(traceId)?.history.at(-1)?.reason).toMatch(/expiredTimestamp passed/);
    });

    it("an underpaid payment expires too; a paid one does not", async () => {
      const under = await newPayment({ expiredTimestamp: nowS() + 60 });
      const paid = await newPayment({ orderId: "order-1002", expiredTimestamp: nowS() + 60 });
      await act(under, { action: "underpay" });
      await act(paid, { action: "pay" });
      sim.advanceClock(120_000);
      expect(await result(sim, under)).toMatchObject({ status: "failed", failureCode: "40000", paymentAmount: "5" });
      expect((await result(sim, paid)).status).toBe("success");
    });

    it("act() sees the expiry first", async () => {
      const traceId = await newPayment({ expiredTimestamp: nowS() + 60 });
      sim.advanceClock(61_000);
      const res = await actError(traceId, { action: "pay" });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatch(/40000 Payment overtime/);
    });
  });
});
