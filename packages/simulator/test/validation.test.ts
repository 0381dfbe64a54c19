import { ASSET_IDS } from "@mixpay-pos/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../src/index.js";
import { api, type FieldErrors, formTerms, orderTerms, PAYEE, result, USDT } from "./helpers.js";

let sim: Simulator;
beforeEach(() => {
  sim = createSimulator({ rateLimitPerMinute: false });
});
afterEach(() => sim.close());

const create = <D = FieldErrors>(body: Record<string, unknown> | URLSearchParams) =>
  api<D>(sim, "POST", "/v1/one_time_payment", body);

function without(key: string): Record<string, unknown> {
  const terms = orderTerms();
  delete terms[key];
  return terms;
}

const nowS = () => Math.floor(Date.now() / 1000);

describe("POST /v1/one_time_payment: parameter errors are 1017 with the field named", () => {
  it.each(["payeeId", "quoteAmount", "quoteAssetId", "settlementAssetId"])("requires %s", async (field) => {
    const res = await create(without(field));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 1017, success: false, message: "Parameter error." });
    expect(res.body.data[field]).toEqual([`The ${field} field is required.`]);
  });

  it("requires orderId or traceId", async () => {
    const res = await create(without("orderId"));
    expect(res.body.code).toBe(1017);
    expect(res.body.data["orderId"]?.[0]).toMatch(/orderId or traceId/);
  });

  it.each([
    ["too short", "abc12"],
    ["too long", "a".repeat(37)],
    ["a space", "order 1001"],
    ["a dot", "order.1001"],
  ])("rejects an orderId with %s", async (_label, orderId) => {
    const res = await create(orderTerms({ orderId }));
    expect(res.body.code).toBe(1017);
    expect(Object.keys(res.body.data)).toEqual(["orderId"]);
  });

  it("accepts 6 and 36 character orderIds with - and _", async () => {
    expect((await create(orderTerms({ orderId: "a_b-c1" }))).body.code).toBe(0);
    expect((await create(orderTerms({ orderId: "x".repeat(36) }))).body.code).toBe(0);
  });

  it("rejects a traceId that is not a UUID", async () => {
    const res = await create(orderTerms({ traceId: "not-a-uuid" }));
    expect(res.body.code).toBe(1017);
    expect(res.body.data["traceId"]?.[0]).toMatch(/UUID/);
  });

  it("limits remark to 50 and settlementMemo to 200 characters", async () => {
    expect((await create(orderTerms({ orderId: "remark-50", remark: "r".repeat(50) }))).body.code).toBe(0);
    const remark = await create(orderTerms({ orderId: "remark-51", remark: "r".repeat(51) }));
    expect(remark.body.data["remark"]?.[0]).toMatch(/at most 50/);
    expect((await create(orderTerms({ orderId: "memo-200", settlementMemo: "m".repeat(200) }))).body.code).toBe(0);
    const memo = await create(orderTerms({ orderId: "memo-201", settlementMemo: "m".repeat(201) }));
    expect(memo.body.data["settlementMemo"]?.[0]).toMatch(/at most 200/);
  });

  it("checks callbackUrl: an absolute http(s) URL, else 1017", async () => {
    const res = await create(orderTerms({ callbackUrl: "ftp://shop.example/cb" }));
    expect(res.body.code).toBe(1017);
    expect(res.body.data["callbackUrl"]).toBeDefined();
    expect((await create(orderTerms({ orderId: "https-ok", callbackUrl: "https://shop.test/cb" }))).body.code).toBe(0);
  });

  it("checks an unreadable expiredTimestamp with 1017 (the window itself answers 10063/10064)", async () => {
    for (const bad of ["soon", nowS() + 120.5]) {
      const res = await create(orderTerms({ expiredTimestamp: bad }));
      expect(res.body.code, `expiredTimestamp ${bad}`).toBe(1017);
      expect(Object.keys(res.body.data)).toEqual(["expiredTimestamp"]);
    }
    expect((await create(orderTerms({ orderId: "expires-ok", expiredTimestamp: nowS() + 120 }))).body.code).toBe(0);
  });

  it("checks expiredTimestamp against the simulated clock", async () => {
    const inTwoMinutes = nowS() + 120;
    expect((await create(orderTerms({ orderId: "in-time", expiredTimestamp: inTwoMinutes }))).body.code).toBe(0);
    sim.advanceClock(10 * 60_000);
    const res = await create(orderTerms({ expiredTimestamp: inTwoMinutes }));
    expect(res.body).toMatchObject({ code: 10063, success: false, data: [] });
  });

  it("rejects the string 'true' for strictMode in a form body but accepts 1/0", async () => {
    const form = (strictMode: string, orderId: string) => formTerms({ orderId, strictMode });
    const refused = await create(form("true", "strict-true"));
    expect(refused.body.data["strictMode"]).toBeDefined();
    expect((await create(form("1", "strict-one"))).body.code).toBe(0);
    expect((await create(form("0", "strict-zero"))).body.code).toBe(0);
  });

  it("lists every bad field at once", async () => {
    const res = await create({ payeeId: "nope", quoteAmount: "-1", quoteAssetId: "usd", remark: "r".repeat(60) });
    expect(Object.keys(res.body.data).sort()).toEqual(["payeeId", "quoteAmount", "remark", "settlementAssetId"]);
  });

  it("answers 1017 naming the body for malformed JSON", async () => {
    const res = await api<FieldErrors>(sim, "POST", "/v1/one_time_payment", "{not json");
    expect(res.body.code).toBe(1017);
    expect(res.body.data["body"]).toBeDefined();
  });
});

describe("the legacy lifecycle answers parameter problems with 1017", () => {
  beforeEach(() => {
    sim.configure({ lifecycle: "legacy" });
  });

  it("an http:// callbackUrl → 1017 on callbackUrl (accepted with allowHttpCallbacksUnlikeMixpay)", async () => {
    const refused = await create(orderTerms({ orderId: "http-no", callbackUrl: "http://shop.test/cb" }));
    expect(refused.body.code).toBe(1017);
    expect(refused.body.data["callbackUrl"]?.[0]).toMatch(/https/);
    sim.configure({ allowHttpCallbacksUnlikeMixpay: true });
    expect((await create(orderTerms({ orderId: "http-ok", callbackUrl: "http://shop.test/cb" }))).body.code).toBe(0);
  });

  it("checks the expiredTimestamp window (> now+10 s, < now+48 h, absolute seconds) with 1017", async () => {
    for (const bad of [nowS() - 100, nowS() + 5, nowS() + 48 * 3600 + 60, 600, "soon"]) {
      const res = await create(orderTerms({ expiredTimestamp: bad }));
      expect(res.body.code, `expiredTimestamp ${bad}`).toBe(1017);
      expect(Object.keys(res.body.data)).toEqual(["expiredTimestamp"]);
    }
    sim.advanceClock(10 * 60_000);
    const late = await create(orderTerms({ expiredTimestamp: nowS() + 120 }));
    expect(late.body.data["expiredTimestamp"]?.[0]).toMatch(/future/);
  });

  it("an unknown callbackEvent → 1017 on callbackEvent", async () => {
    const res = await create(orderTerms({ callbackEvent: "settle|refund" }));
    expect(res.body.code).toBe(1017);
    expect(res.body.data["callbackEvent"]?.[0]).toMatch(/unknown event "refund"/);
  });

  it("answers data {code} only, with no info", async () => {
    const res = await create<{ code: string }>(orderTerms());
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data)).toEqual(["code"]);
  });
});

describe("POST /v1/one_time_payment: business rules", () => {
  it("unknown payee → 10001", async () => {
    const res = await create<[]>(orderTerms({ payeeId: "00000000-0000-4000-8000-000000000000" }));
    expect(res.body).toMatchObject({ code: 10001, success: false, message: "User does not exist.", data: [] });
  });

  it("unknown quote asset → 10003 (fiat code or uuid)", async () => {
    expect((await create(orderTerms({ quoteAssetId: "xyz" }))).body.code).toBe(10003);
    expect((await create(orderTerms({ quoteAssetId: "00000000-0000-4000-8000-000000000001" }))).body.code).toBe(10003);
  });

  it("settlement asset not listed → 10002", async () => {
    expect((await create(orderTerms({ settlementAssetId: ASSET_IDS.SOL }))).body.code).toBe(10002);
    expect((await create(orderTerms({ settlementAssetId: "00000000-0000-4000-8000-000000000002" }))).body.code).toBe(
      10002,
    );
  });

  it("quoteAmount outside the quote asset's min/max → 10004 / 10005", async () => {
    expect((await create(orderTerms({ quoteAmount: "0.09" }))).body.code).toBe(10004);
    expect((await create(orderTerms({ quoteAmount: "1000.01" }))).body.code).toBe(10005);
    expect((await create(orderTerms({ orderId: "min-ok", quoteAmount: "0.1" }))).body.code).toBe(0);
    expect((await create(orderTerms({ orderId: "max-ok", quoteAmount: "1000" }))).body.code).toBe(0);
    // AED's range is its own: 0.5–3600
    expect((await create(orderTerms({ orderId: "aed-low", quoteAssetId: "aed", quoteAmount: "0.4" }))).body.code).toBe(
      10004,
    );
    expect((await create(orderTerms({ orderId: "aed-ok", quoteAssetId: "AED", quoteAmount: "3000" }))).body.code).toBe(
      0,
    );
  });

  it("accepts a crypto quote asset within its range", async () => {
    const ok = await create(orderTerms({ orderId: "btc-quote", quoteAssetId: ASSET_IDS.BTC, quoteAmount: "0.001" }));
    expect(ok.body.code).toBe(0);
    expect(
      (await create(orderTerms({ orderId: "btc-big", quoteAssetId: ASSET_IDS.BTC, quoteAmount: "1" }))).body.code,
    ).toBe(10005);
  });

  it("maps errors to HTTP statuses (mirror) and always 200 when configured", async () => {
    expect((await create(orderTerms({ quoteAmount: "0.01" }))).status).toBe(400);
    sim.configure({ errorHttpStatus: "always-200" });
    const res = await create(orderTerms({ quoteAmount: "0.01" }));
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(10004);
  });
});

describe("POST /v1/one_time_payment: bodies and the code", () => {
  it("accepts JSON and form bodies alike; code = traceId", async () => {
    const traceA = "0a6f2a4e-8d7c-4b3f-9e1a-2c5d7f9b1e3a";
    const traceB = "1b7f3b5f-9e8d-4c4f-8f2b-3d6e8a0c2f4b";
    const json = await create<{ code: string }>(orderTerms({ orderId: "json-1", traceId: traceA, strictMode: true }));
    const form = await create<{ code: string }>(
      new URLSearchParams({
        payeeId: PAYEE,
        quoteAmount: "10.00000000",
        quoteAssetId: "USD",
        settlementAssetId: USDT,
        orderId: "form-1",
        traceId: traceB.toUpperCase(),
        strictMode: "1",
        callbackUrl: "https://shop.example/mixpay?order=form-1&x=1",
        callbackEvent: "settle|paid_less",
      }),
    );
    expect(json.body).toMatchObject({ code: 0, success: true, message: "", data: { code: traceA } });
    expect(typeof json.body.timestampMs).toBe("number");
    expect(form.body.data.code).toBe(traceB);
    const a = await result(sim, traceA);
    const b = await result(sim, traceB);
    expect([a.quoteAmount, a.quoteAssetId, a.traceId]).toEqual(["10", "usd", traceA]);
    expect([b.quoteAmount, b.quoteAssetId, b.traceId]).toEqual(["10", "usd", traceB]);
    expect(sim.payment(traceB)?.callbackUrl).toBe("https://shop.example/mixpay?order=form-1&x=1");
    expect(sim.payment(traceB)?.callbackEvents).toEqual(["success", "fail", "settle", "paid_less"]);
  });

  it("generates a UUID code when no traceId is given, and the code queries the payment", async () => {
    const res = await create<{ code: string }>(orderTerms());
    expect(res.body.data.code).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await result(sim, res.body.data.code)).traceId).toBe(res.body.data.code);
  });

  it("treats empty form values as not sent (PHP style)", async () => {
    const body = formTerms({ remark: "", callbackUrl: "" });
    expect((await create(body)).body.code).toBe(0);
  });

  it("accepts parameters in the query string of a POST (seen in third-party clients)", async () => {
    const q = formTerms({ orderId: "query-1" });
    const res = await api<{ code: string }>(sim, "POST", `/v1/one_time_payment?${q}`);
    expect(res.body.code).toBe(0);
  });
});
