import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Behaviour,
  createSimulator,
  DEFAULT_BEHAVIOUR,
  type PaymentResultData,
  type Simulator,
} from "../src/index.js";
import { api, type ControlErrorBody, control, createPayment, type FieldErrors, orderTerms, PAYEE } from "./helpers.js";

let sim: Simulator;
beforeEach(() => {
  sim = createSimulator({ rateLimitPerMinute: false });
});
afterEach(() => sim.close());

const UNKNOWN_TRACE = "7e7e7e7e-1111-4222-8333-444455556666";
const create = (overrides: Record<string, unknown> = {}) =>
  api<{ code: string } & FieldErrors>(sim, "POST", "/v1/one_time_payment", orderTerms(overrides));

describe("unknownTrace", () => {
  it('"error" (default): code 10062 envelope, HTTP 404 (code 404 in the legacy lifecycle)', async () => {
    const res = await api(sim, "GET", `/v1/payments_result?traceId=${UNKNOWN_TRACE}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      code: 10062,
      success: false,
      message: "The requested order does not exist.",
      data: [],
    });
    sim.configure({ lifecycle: "legacy" });
    const byOrder = await api(sim, "GET", `/v1/payments_result?orderId=never-made&payeeId=${PAYEE}`);
    expect(byOrder.status).toBe(404);
    expect(byOrder.body).toMatchObject({ code: 404, message: "The payment link you visited does not exist." });
  });

  it('"unpaid": a blank unpaid result', async () => {
    sim.configure({ unknownTrace: "unpaid" });
    const res = await api<PaymentResultData>(sim, "GET", `/v1/payments_result?traceId=${UNKNOWN_TRACE}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: "unpaid",
      traceId: UNKNOWN_TRACE,
      quoteAmount: "",
      confirmations: -1,
    });
    const byOrder = await api<PaymentResultData>(sim, "GET", `/v1/payments_result?orderId=never-made&payeeId=${PAYEE}`);
    expect(byOrder.body.data).toMatchObject({ status: "unpaid", payeeId: PAYEE, traceId: "" });
  });

  it("payments_result needs traceId, or orderId with payeeId", async () => {
    const none = await api<FieldErrors>(sim, "GET", "/v1/payments_result");
    expect(none.body.code).toBe(1017);
    expect(none.body.data["traceId"]).toBeDefined();
    const noPayee = await api<FieldErrors>(sim, "GET", "/v1/payments_result?orderId=order-1001");
    expect(noPayee.body.data["payeeId"]).toEqual(["The payeeId field is required."]);
  });
});

describe("duplicateOrderId", () => {
  it('"return-existing" (default): same terms give the same code; different terms → 1017', async () => {
    const first = await create();
    const again = await create({ quoteAmount: "10.00" });
    expect(again.body.data.code).toBe(first.body.data.code);
    expect(sim.payments()).toHaveLength(1);
    const changed = await create({ quoteAmount: "11" });
    expect(changed.body.code).toBe(1017);
    expect(changed.body.data["orderId"]?.[0]).toMatch(/different quoteAmount/);
    // the same orderId for another payee is a different payment
    const other = await create({ payeeId: "3f1c9a2e-6b4d-4e8f-a1c2-7d9e0b3a5c6f" });
    expect(other.body.data.code).not.toBe(first.body.data.code);
  });

  it("a repeated traceId with the same terms returns it; with other terms → 1017 on traceId", async () => {
    const traceId = "3d9f5a7b-1c2e-4f4a-8b6d-8e0f2a4c6e8a";
    await create({ traceId });
    expect((await create({ traceId })).body.data.code).toBe(traceId);
    const changed = await create({ traceId, orderId: "order-2002" });
    expect(changed.body.code).toBe(1017);
    expect(changed.body.data["traceId"]).toBeDefined();
  });

  it('"error": any repeat → 1017 "already been taken"', async () => {
    sim.configure({ duplicateOrderId: "error" });
    await create();
    const again = await create();
    expect(again.body.code).toBe(1017);
    expect(again.body.data["orderId"]).toEqual(["The orderId has already been taken."]);
  });
});

describe("result shape switches", () => {
  it("dateWhileUnpaid: empty, null or zero", async () => {
    const traceId = await createPayment(sim);
    const date = async () =>
      (await api<PaymentResultData>(sim, "GET", `/v1/payments_result?traceId=${traceId}`)).body.data.date;
    expect(await date()).toBe("");
    sim.configure({ dateWhileUnpaid: "null" });
    expect(await date()).toBeNull();
    sim.configure({ dateWhileUnpaid: "zero" });
    expect(await date()).toBe(0);
    sim.act(traceId, { action: "pay" });
    const paidAt = await date();
    expect(typeof paidAt).toBe("number");
    expect(Math.abs(Number(paidAt) - Date.now() / 1000)).toBeLessThan(5);
  });

  it("orderIdInResult adds orderId to payments_result", async () => {
    const traceId = await createPayment(sim);
    const get = async () =>
      (await api<PaymentResultData>(sim, "GET", `/v1/payments_result?traceId=${traceId}`)).body.data;
    expect(await get()).not.toHaveProperty("orderId");
    sim.configure({ orderIdInResult: true });
    expect((await get()).orderId).toBe("order-1001");
  });

  it("queries by orderId + payeeId find the same payment", async () => {
    const traceId = await createPayment(sim);
    const res = await api<PaymentResultData>(
      sim,
      "GET",
      `/v1/payments_result?orderId=order-1001&payeeId=${PAYEE.toUpperCase()}`,
    );
    expect(res.body.data.traceId).toBe(traceId);
  });
});

describe("payee directory: Mixin IDs and per-payee settlement lists", () => {
  const BOB = "9c4e2a7b-3d1f-4b8a-8e6c-5a2d7f9b1c3e";
  type Listed = { assetId: string; symbol: string; isAsset: boolean }[];

  it("user/mixin_uuid finds a payee by Mixin ID; an unknown one is 10001", async () => {
    const found = await api<{ payeeId: string }>(sim, "GET", "/v1/user/mixin_uuid/31293745");
    expect(found.body.data).toEqual({ payeeId: BOB });
    const unknown = await api(sim, "GET", "/v1/user/mixin_uuid/12345678");
    expect(unknown.body).toMatchObject({ code: 10001, success: false });
  });

  it("fiat settlement is listed only for a payee approved for it, after the crypto assets, with isAsset false", async () => {
    const everyone = (await api<Listed>(sim, "GET", "/v1/setting/settlement_assets")).body.data;
    expect(everyone.every((a) => a.isAsset)).toBe(true);
    const demo = (await api<Listed>(sim, "GET", `/v1/setting/settlement_assets?payeeId=${PAYEE}`)).body.data;
    expect(demo.every((a) => a.isAsset)).toBe(true);
    const bob = (await api<Listed>(sim, "GET", `/v1/setting/settlement_assets?payeeId=${BOB}`)).body.data;
    expect(bob.length).toBe(everyone.length + 1);
    expect(bob.at(-1)).toMatchObject({ symbol: "USD", isAsset: false });
  });
});

describe("the 2026-08-13 behaviour fields", () => {
  it("default to MixPay's current lifecycle in production, https callbacks only", () => {
    expect(DEFAULT_BEHAVIOUR).toMatchObject({
      lifecycle: "current",
      allowHttpCallbacksUnlikeMixpay: false,
      environment: "production",
      confirmationIntervalMs: 5000,
      confirmationDeadlineSeconds: 1800,
      defaultDeadlineSeconds: 2880 * 60,
      maxPaymentWindowSeconds: 2880 * 60,
    });
    expect(sim.configure({})).toMatchObject({ lifecycle: "current", allowHttpCallbacksUnlikeMixpay: false });
  });

  it("are set over POST /_control/behaviour and checked there", async () => {
    const patch = {
      lifecycle: "legacy",
      allowHttpCallbacksUnlikeMixpay: true,
      environment: "non-production",
      confirmationIntervalMs: 1000,
      confirmationDeadlineSeconds: 60,
      defaultDeadlineSeconds: 900,
      maxPaymentWindowSeconds: 3600,
    };
    const ok = await control<Behaviour>(sim, "POST", "/_control/behaviour", patch);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject(patch);
    for (const [field, value] of [
      ["lifecycle", "2025"],
      ["environment", "staging"],
      ["confirmationIntervalMs", 0],
      ["confirmationDeadlineSeconds", -1],
      ["defaultDeadlineSeconds", 0],
      ["maxPaymentWindowSeconds", 0],
      ["allowHttpCallbacks", true],
    ] as const) {
      const bad = await control<ControlErrorBody>(sim, "POST", "/_control/behaviour", { [field]: value });
      expect([bad.status, bad.body.field], field).toEqual([400, field]);
    }
  });
});
