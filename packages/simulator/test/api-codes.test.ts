import { oneTimePaymentDataSchema } from "@mixpay-pos/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, type PaymentResultData, type Simulator } from "../src/index.js";
import type { OneTimePaymentInfo } from "../src/result.js";
import { api, type FieldErrors, orderTerms, PAYEE, page, USDT } from "./helpers.js";

/** The API codes of MixPay's 2026-08-13 release: what one_time_payment and payments_result answer now. */

let sim: Simulator;
beforeEach(() => {
  sim = createSimulator({ rateLimitPerMinute: false });
});
afterEach(() => sim.close());

const nowS = () => Math.floor(Date.now() / 1000);

/** What one_time_payment answers in the current lifecycle: the simulator's own `info` type, not a copy of it. */
type Created = { code: string; info: OneTimePaymentInfo };

const create = <D = Created>(overrides: Record<string, unknown> = {}) =>
  api<D>(sim, "POST", "/v1/one_time_payment", orderTerms(overrides));

describe("one_time_payment refuses what MixPay refuses, with its new codes", () => {
  it("an http:// callbackUrl → 10061", async () => {
    const res = await create<[]>({ callbackUrl: "http://shop.test/mixpay" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 10061,
      success: false,
      message: "The callback URL must use HTTPS.",
      data: [],
    });
    expect(sim.payments()).toHaveLength(0);
  });

  it("allowHttpCallbacksUnlikeMixpay accepts it (for local test receivers)", async () => {
    sim.configure({ allowHttpCallbacksUnlikeMixpay: true });
    const res = await create({ callbackUrl: "http://127.0.0.1:9000/mixpay" });
    expect(res.body.code).toBe(0);
    expect(sim.payment(res.body.data.code)?.callbackUrl).toBe("http://127.0.0.1:9000/mixpay");
  });

  it("expiredTimestamp at or below now+10 s → 10063; at or above now+48 h → 10064", async () => {
    for (const soon of [nowS() - 100, nowS() + 5, 600]) {
      const res = await create<[]>({ expiredTimestamp: soon });
      expect(res.body, `expiredTimestamp ${soon}`).toMatchObject({
        code: 10063,
        message: "The requested expiration is below the accepted minimum.",
      });
    }
    for (const late of [nowS() + 48 * 3600 + 60, nowS() + 365 * 86400]) {
      const res = await create<[]>({ expiredTimestamp: late });
      expect(res.body, `expiredTimestamp ${late}`).toMatchObject({
        code: 10064,
        message: "The requested expiration exceeds the accepted maximum.",
      });
    }
    expect((await create({ expiredTimestamp: nowS() + 47 * 3600 })).body.code).toBe(0);
  });

  it("an unknown callbackEvent → 10131; known ones are kept", async () => {
    for (const callbackEvent of ["refund", "settle|refund", "success", ["pending", "confirming"]]) {
      const res = await create<[]>({ callbackEvent, callbackUrl: "https://shop.test/cb" });
      expect(res.body, JSON.stringify(callbackEvent)).toMatchObject({
        code: 10131,
        message: "The requested callback event is invalid.",
      });
    }
    const ok = await create({ callbackEvent: "paid_less|pending", callbackUrl: "https://shop.test/cb" });
    expect(ok.body.code).toBe(0);
    expect(sim.payment(ok.body.data.code)?.callbackEvents).toEqual(["success", "fail", "paid_less", "pending"]);
  });

  it("checks in order: 1017 fields, 10131, 10061, 10063/10064, then payee and assets", async () => {
    const everything = {
      callbackEvent: "nope",
      callbackUrl: "http://shop.test/cb",
      expiredTimestamp: nowS() + 1,
      payeeId: "00000000-0000-4000-8000-000000000000",
    };
    const withBadField = await create<FieldErrors>({ ...everything, remark: "r".repeat(60) });
    expect(withBadField.body.code).toBe(1017);
    expect(Object.keys(withBadField.body.data)).toEqual(["remark"]);
    expect((await create(everything)).body.code).toBe(10131);
    const { callbackEvent: _event, ...noEvent } = everything;
    expect((await create(noEvent)).body.code).toBe(10061);
    const { callbackUrl: _url, ...noUrl } = noEvent;
    expect((await create(noUrl)).body.code).toBe(10063);
    const { expiredTimestamp: _expiry, ...onlyPayee } = noUrl;
    expect((await create(onlyPayee)).body.code).toBe(10001);
  });

  it("the pay link page refuses an http callbackUrl and an expiry out of range with the same codes", async () => {
    const link = (extra: Record<string, string>) =>
      `/pay?${new URLSearchParams({ payeeId: PAYEE, quoteAmount: "5", orderId: "till-0001", ...extra })}`;
    const http = await page(sim, link({ callbackUrl: "http://shop.test/cb" }));
    expect(http.status).toBe(400);
    expect(http.body).toContain("The callback URL must use HTTPS. (code 10061)");
    const late = await page(sim, link({ expiredTimestamp: String(nowS() + 49 * 3600) }));
    expect(late.body).toContain("(code 10064)");
    expect(sim.payments()).toHaveLength(0);
  });
});

describe("one_time_payment data: {code, info}", () => {
  it("info describes the order: ids, terms, status and expiredAt in unix seconds", async () => {
    const traceId = "5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    const expiredTimestamp = nowS() + 3600;
    const res = await create({ traceId, expiredTimestamp, quoteAmount: "12.50" });
    expect(res.body.data).toStrictEqual({
      code: traceId,
      info: {
        orderId: "order-1001",
        traceId,
        payeeId: PAYEE,
        quoteAmount: "12.5",
        quoteAssetId: "usd",
        settlementAssetId: USDT,
        status: "unpaid",
        expiredAt: expiredTimestamp,
      },
    });
    const parsed = oneTimePaymentDataSchema.parse(res.body.data);
    expect(parsed.info?.expiredAt).toBe(expiredTimestamp * 1000);
  });

  it('orderId is "" for a payment created with a traceId only; expiredAt is the default deadline', async () => {
    const traceId = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    const res = await create({ orderId: undefined, traceId });
    const createdS = Math.floor(Date.parse(sim.payment(traceId)?.createdAt ?? "") / 1000);
    expect(res.body.data.info).toMatchObject({ orderId: "", traceId, expiredAt: createdS + 2880 * 60 });
  });
});

describe("repeat create with the same terms", () => {
  it.each([
    ["unpaid", []],
    ["confirming", [{ action: "pay", hold: true }]],
    ["paid_less", [{ action: "underpay" }]],
    ["pending", [{ action: "pay", hold: true }, { action: "process" }]],
    ["auditing", [{ action: "audit" }]],
  ] as const)("an open trace (%s) answers the same code and the same info", async (status, steps) => {
    const first = await create();
    for (const step of steps) sim.act(first.body.data.code, { ...step });
    const byOrder = await create({ quoteAmount: "10.00" });
    expect(byOrder.body.code).toBe(0);
    expect(byOrder.body.data.code).toBe(first.body.data.code);
    expect(byOrder.body.data.info).toStrictEqual({ ...first.body.data.info, status });
    const byTrace = await create({ traceId: first.body.data.code });
    expect(byTrace.body.data).toStrictEqual(byOrder.body.data);
    expect(sim.payments()).toHaveLength(1);
  });

  it("a successful trace → 10020", async () => {
    const first = await create();
    sim.act(first.body.data.code, { action: "pay" });
    const again = await create<[]>();
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      code: 10020,
      success: false,
      message:
        "The trace or merchant order has already completed, or is already attached to an order that cannot be recreated.",
    });
    expect((await create<[]>({ traceId: first.body.data.code })).body.code).toBe(10020);
  });

  it.each([
    ["expired", { action: "expire" }],
    ["failed 40020", { action: "fail", failureCode: "40020" }],
    ["cancelled", { action: "fail", failureCode: "40032" }],
  ] as const)("a %s trace → 10065", async (_label, step) => {
    const first = await create();
    sim.act(first.body.data.code, { ...step });
    const again = await create<[]>();
    expect(again.body).toMatchObject({
      code: 10065,
      message: "The trace has expired or is already in a terminal failed state and cannot create another payment.",
    });
    expect(sim.payments()).toHaveLength(1);
  });

  it("a trace past its deadline → 10065 (the deadline is applied before answering)", async () => {
    const first = await create({ expiredTimestamp: nowS() + 60 });
    sim.advanceClock(61_000);
    expect((await create<[]>({ traceId: first.body.data.code })).body.code).toBe(10065);
  });

  it("different terms for an existing trace keep the 1017 answer, whatever its state", async () => {
    const first = await create();
    sim.act(first.body.data.code, { action: "pay" });
    const changed = await create<FieldErrors>({ quoteAmount: "11" });
    expect(changed.body.code).toBe(1017);
    expect(changed.body.data["orderId"]?.[0]).toMatch(/different quoteAmount/);
  });

  it('duplicateOrderId "error" still refuses every repeat with 1017', async () => {
    sim.configure({ duplicateOrderId: "error" });
    await create();
    const again = await create<FieldErrors>();
    expect(again.body.code).toBe(1017);
    expect(again.body.data["orderId"]).toEqual(["The orderId has already been taken."]);
  });

  it("legacy lifecycle: the same code whatever the state, no info", async () => {
    sim.configure({ lifecycle: "legacy" });
    const first = await create<{ code: string }>();
    sim.act(first.body.data.code, { action: "pay" });
    const again = await create<{ code: string }>();
    expect(again.body).toMatchObject({ code: 0, data: { code: first.body.data.code } });
    expect(again.body.data).not.toHaveProperty("info");
  });
});

describe("an unknown trace or order", () => {
  const UNKNOWN = "7e7e7e7e-1111-4222-8333-444455556666";

  it("payments_result → 10062 (HTTP 404), by traceId and by orderId", async () => {
    const byTrace = await api(sim, "GET", `/v1/payments_result?traceId=${UNKNOWN}`);
    expect(byTrace.status).toBe(404);
    expect(byTrace.body).toMatchObject({
      code: 10062,
      success: false,
      message: "The requested order does not exist.",
      data: [],
    });
    const byOrder = await api(sim, "GET", `/v1/payments_result?orderId=never-made&payeeId=${PAYEE}`);
    expect(byOrder.body.code).toBe(10062);
  });

  it("payments_info → 10062 too", async () => {
    const res = await api(sim, "GET", `/v1/payments_info?traceId=${UNKNOWN}`);
    expect(res.body.code).toBe(10062);
  });

  it('unknownTrace "unpaid" still answers a blank unpaid result, without expiredAt', async () => {
    sim.configure({ unknownTrace: "unpaid" });
    const res = await api<PaymentResultData>(sim, "GET", `/v1/payments_result?traceId=${UNKNOWN}`);
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({ status: "unpaid", traceId: UNKNOWN });
    expect(res.body.data).not.toHaveProperty("expiredAt");
  });

  it("legacy lifecycle: code 404", async () => {
    sim.configure({ lifecycle: "legacy" });
    expect((await api(sim, "GET", `/v1/payments_result?traceId=${UNKNOWN}`)).body.code).toBe(404);
    expect((await api(sim, "GET", `/v1/payments_info?traceId=${UNKNOWN}`)).body.code).toBe(404);
  });
});
