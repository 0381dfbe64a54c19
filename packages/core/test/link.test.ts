import { ASSET_IDS } from "@mixpay-pos/protocol";
import { describe, expect, it } from "vitest";
import { MixPayValidationError } from "../src/errors.js";
import { buildCodeLink, buildPayLink, createOneTimePaymentLink, traceIdFor } from "../src/link.js";

const PAYEE = "a38ed284-5689-4fb9-8c2a-91fba5e32ce9";
const TRACE = "dd9c3e04-a5d2-11ec-b909-0242ac120002";

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MixPayValidationError);
    return (error as MixPayValidationError).field;
  }
  throw new Error("expected a validation error");
}

describe("buildPayLink", () => {
  it("builds the PoS guide's link exactly", () => {
    const link = buildPayLink({
      payeeId: PAYEE,
      settlementAssetId: ASSET_IDS.BTC,
      quoteAssetId: "usd",
      traceId: TRACE,
      remark: "xxxxxx",
    });
    expect(link.url).toBe(
      "https://mixpay.me/pay?payeeId=a38ed284-5689-4fb9-8c2a-91fba5e32ce9&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa&quoteAssetId=usd&traceId=dd9c3e04-a5d2-11ec-b909-0242ac120002&remark=xxxxxx",
    );
    expect(link.traceId).toBe(TRACE);
  });

  it("puts quoteAmount between quoteAssetId and traceId, canonicalised", () => {
    const link = buildPayLink({ payeeId: PAYEE, quoteAssetId: "USD", quoteAmount: "12.50", traceId: TRACE });
    expect(link.url).toBe(`https://mixpay.me/pay?payeeId=${PAYEE}&quoteAssetId=usd&quoteAmount=12.5&traceId=${TRACE}`);
  });

  it("generates a v4 trace id when none is given, a new one each time", () => {
    const a = buildPayLink({ payeeId: PAYEE });
    const b = buildPayLink({ payeeId: PAYEE });
    expect(a.traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.traceId).not.toBe(b.traceId);
    expect(a.url).toBe(`https://mixpay.me/pay?payeeId=${PAYEE}&traceId=${a.traceId}`);
  });

  it("encodes remarks and URLs, and strictMode as 0/1", () => {
    const link = buildPayLink({
      payeeId: PAYEE,
      traceId: TRACE,
      remark: "Table 4 & bar",
      strictMode: true,
      returnTo: "https://shop.example/thanks?o=1",
    });
    const url = new URL(link.url);
    expect(url.searchParams.get("remark")).toBe("Table 4 & bar");
    expect(url.searchParams.get("strictMode")).toBe("1");
    expect(url.searchParams.get("returnTo")).toBe("https://shop.example/thanks?o=1");
  });

  it("points at another checkout base (the simulator)", () => {
    const link = buildPayLink({ payeeId: PAYEE, traceId: TRACE }, { checkoutBaseUrl: "http://127.0.0.1:4010/" });
    expect(link.url).toBe(`http://127.0.0.1:4010/pay?payeeId=${PAYEE}&traceId=${TRACE}`);
  });

  it.each([
    ["a missing payee", { payeeId: "" }, "payeeId"],
    ["a malformed payee", { payeeId: "not-a-uuid" }, "payeeId"],
    ["a malformed settlement asset", { payeeId: PAYEE, settlementAssetId: "btc" }, "settlementAssetId"],
    ["a malformed trace id", { payeeId: PAYEE, traceId: "12345" }, "traceId"],
    ["a negative amount", { payeeId: PAYEE, quoteAmount: "-5" }, "quoteAmount"],
    ["a non-numeric amount", { payeeId: PAYEE, quoteAmount: "ten" }, "quoteAmount"],
    ["a zero amount", { payeeId: PAYEE, quoteAmount: 0 }, "quoteAmount"],
    ["an exponent amount", { payeeId: PAYEE, quoteAmount: "1e3" }, "quoteAmount"],
    ["a remark over 50 characters", { payeeId: PAYEE, remark: "x".repeat(51) }, "remark"],
    ["a bad quote asset", { payeeId: PAYEE, quoteAssetId: "dollars" }, "quoteAssetId"],
    ["a short order id", { payeeId: PAYEE, orderId: "abc" }, "orderId"],
  ])("refuses %s, naming the field", (_name, params, field) => {
    expect(fieldOf(() => buildPayLink(params as never))).toBe(field);
  });

  it("says why in the error message", () => {
    expect(() => buildPayLink({ payeeId: PAYEE, remark: "x".repeat(51) })).toThrow(
      /remark must be at most 50 characters/,
    );
    expect(() => buildPayLink({ payeeId: PAYEE, quoteAmount: "-5" })).toThrow(/quoteAmount must be a positive decimal/);
  });

  it("accepts a remark of exactly 50 characters", () => {
    expect(() => buildPayLink({ payeeId: PAYEE, remark: "x".repeat(50) })).not.toThrow();
  });
});

describe("one-time payment links", () => {
  it("builds /code/{code}", () => {
    expect(buildCodeLink("525502dd-e552-4505-b114-32fe32ff23c2")).toBe(
      "https://mixpay.me/code/525502dd-e552-4505-b114-32fe32ff23c2",
    );
    expect(fieldOf(() => buildCodeLink("../etc/passwd"))).toBe("code");
  });

  it("creates the payment with a generated trace id and returns its code link", async () => {
    const sent: Array<Record<string, unknown>> = [];
    const client = {
      payments: {
        async create(req: Record<string, unknown>) {
          sent.push(req);
          return { code: String(req.traceId), traceId: String(req.traceId) };
        },
      },
    };
    const link = await createOneTimePaymentLink(
      client,
      { payeeId: PAYEE, quoteAmount: "10", quoteAssetId: "usd", settlementAssetId: ASSET_IDS.USDT_ERC20 },
      { checkoutBaseUrl: "http://127.0.0.1:4010" },
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.traceId).toBe(link.traceId);
    expect(link.url).toBe(`http://127.0.0.1:4010/code/${link.traceId}`);
  });
});

describe("traceIdFor", () => {
  it("derives the same uuid v5 from the same key and different ones from different keys", () => {
    const a = traceIdFor("payses_01JABCDEF");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(traceIdFor("payses_01JABCDEF")).toBe(a);
    expect(traceIdFor("payses_01JABCDEG")).not.toBe(a);
    expect(() => traceIdFor("")).toThrow(/non-empty/);
  });
});
