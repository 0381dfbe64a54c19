import { describe, expect, it } from "vitest";
import { ASSET_IDS } from "../src/assets.js";
import { callbackBodySchema } from "../src/callback.js";
import { normalizeUuid, payeeIdSchema, quoteAssetIdSchema } from "../src/ids.js";
import {
  assetListQuerySchema,
  callbackEventSchema,
  expiryProblem,
  oneTimePaymentRequestSchema,
  paymentsResultQuerySchema,
} from "../src/requests.js";
import {
  envelopeSchema,
  oneTimePaymentDataSchema,
  paymentResultDataSchema,
  quoteAssetListSchema,
  settlementAssetListSchema,
} from "../src/responses.js";
import { PAYMENT_STATUSES } from "../src/statuses.js";

const PAYEE = "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7";
const base = {
  payeeId: PAYEE,
  quoteAmount: "10",
  quoteAssetId: "usd",
  settlementAssetId: ASSET_IDS.BTC,
  orderId: "order_0001",
};

function issuePaths(input: unknown): string[] {
  const r = oneTimePaymentRequestSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
}

describe("ids", () => {
  it("normalises payee ids, including the 32-hex form of old docs", () => {
    expect(payeeIdSchema.parse("A0D7791408776B47EB1DD3F94ED15D6A")).toBe("a0d77914-0877-6b47-eb1d-d3f94ed15d6a");
    expect(payeeIdSchema.parse(` ${PAYEE.toUpperCase()} `)).toBe(PAYEE);
    expect(payeeIdSchema.safeParse("8e69e534d0c4").success).toBe(false);
    expect(normalizeUuid(PAYEE)).toBe(PAYEE);
  });

  it("takes fiat codes in any case and asset UUIDs as quote assets", () => {
    expect(quoteAssetIdSchema.parse("USD")).toBe("usd");
    expect(quoteAssetIdSchema.parse(ASSET_IDS.BTC)).toBe(ASSET_IDS.BTC);
    expect(quoteAssetIdSchema.safeParse("dollar").success).toBe(false);
  });
});

describe("one_time_payment request", () => {
  it("accepts the documented example and normalises it", () => {
    const parsed = oneTimePaymentRequestSchema.parse({
      ...base,
      quoteAmount: 10.5,
      strictMode: "1",
      callbackEvent: ["settle", "pending"],
    });
    expect(parsed.quoteAmount).toBe("10.5");
    expect(parsed.strictMode).toBe(true);
    expect(parsed.callbackEvent).toBe("settle|pending");
  });

  it("needs orderId or traceId", () => {
    const { orderId: _o, ...noIds } = base;
    expect(issuePaths(noIds)).toEqual(["orderId"]);
    expect(issuePaths({ ...noIds, traceId: "dd9c3e04-a5d2-11ec-b909-0242ac120002" })).toEqual([]);
  });

  it.each([
    ["orderId too short", { orderId: "abc" }, "orderId"],
    ["orderId with a space", { orderId: "order 0001" }, "orderId"],
    ["orderId too long", { orderId: "x".repeat(37) }, "orderId"],
    ["remark over 50", { remark: "r".repeat(51) }, "remark"],
    ["settlementMemo over 200", { settlementMemo: "m".repeat(201) }, "settlementMemo"],
    ["callbackUrl not a URL", { callbackUrl: "shop.example/cb" }, "callbackUrl"],
    ["callbackUrl ftp", { callbackUrl: "ftp://shop.example/cb" }, "callbackUrl"],
    ["strictMode 'true' string", { strictMode: "true" }, "strictMode"],
    ["unknown callback event", { callbackEvent: "success|settle" }, "callbackEvent"],
    ["expiry as a duration", { expiredTimestamp: 900 }, "expiredTimestamp"],
    ["settlement asset not a UUID", { settlementAssetId: "BTC" }, "settlementAssetId"],
  ])("refuses %s", (_name, patch, path) => {
    expect(issuePaths({ ...base, ...patch })).toEqual([path]);
  });

  it("checks the expiry window: more than 10 s and less than 48 h ahead, absolute seconds", () => {
    const now = Date.UTC(2026, 0, 1);
    const s = now / 1000;
    expect(expiryProblem(s + 10, now)).toMatch(/more than 10 s/);
    expect(expiryProblem(s + 11, now)).toBeNull();
    expect(expiryProblem(s + 2880 * 60 - 1, now)).toBeNull();
    expect(expiryProblem(s + 2880 * 60, now)).toMatch(/48 hours/);
    expect(expiryProblem(s + 1.5, now)).toMatch(/whole number/);
  });

  it("accepts the opt-in callback events in either form", () => {
    expect(callbackEventSchema.parse("paid_less|settle|paid_less")).toBe("paid_less|settle");
  });
});

describe("queries", () => {
  it("payments_result by traceId or by orderId + payeeId", () => {
    expect(paymentsResultQuerySchema.safeParse({ traceId: "dd9c3e04-a5d2-11ec-b909-0242ac120002" }).success).toBe(true);
    expect(paymentsResultQuerySchema.safeParse({ orderId: "order_0001", payeeId: PAYEE }).success).toBe(true);
    expect(paymentsResultQuerySchema.safeParse({ orderId: "order_0001" }).success).toBe(false);
  });

  it("asset lists need quoteAssetId and quoteAmount together", () => {
    expect(assetListQuerySchema.safeParse({ quoteAssetId: "usd" }).success).toBe(false);
    expect(assetListQuerySchema.safeParse({ quoteAssetId: "usd", quoteAmount: "5" }).success).toBe(true);
  });
});

describe("responses", () => {
  const documented = {
    status: "success",
    quoteAmount: "0.01",
    quoteSymbol: "USD",
    quoteAssetId: "usd",
    paymentAmount: "0.010013",
    paymentSymbol: "USDT",
    paymentAssetId: ASSET_IDS.USDT_ERC20,
    payee: "payee_username",
    payeeId: PAYEE,
    txid: "",
    date: 1656513302,
    surplusAmount: "0",
    surplusStatus: "no",
    confirmations: -1,
    payableAmount: "0.010013",
    failureCode: "0",
    failureReason: "",
    traceId: "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7",
    settleStatus: "success",
    settleAmount: "0.00003",
    settleSymbol: "BTC",
    settleAsset: ASSET_IDS.BTC,
    nonce: "kept",
  };

  it("parses the documented payments_result and keeps unknown fields", () => {
    const parsed = paymentResultDataSchema.parse(documented);
    expect(parsed.paymentAmount).toBe("0.010013");
    expect(parsed.settleAmount).toBe("0.00003");
    expect((parsed as Record<string, unknown>).nonce).toBe("kept");
  });

  it("tolerates the variations seen in the wild", () => {
    const parsed = paymentResultDataSchema.parse({
      ...documented,
      status: "unpaid",
      date: "",
      failureCode: 40000,
      settleAmount: "",
    });
    expect(parsed.failureCode).toBe("40000");
    expect(parsed.settleAmount).toBe("");
    expect(paymentResultDataSchema.parse({ ...documented, date: null }).date).toBeNull();
  });

  it("reads the 2026-08-13 lifecycle: seven statuses, expiredAt, and PHP's empty values", () => {
    for (const status of PAYMENT_STATUSES) {
      expect(paymentResultDataSchema.parse({ ...documented, status }).status).toBe(status);
    }
    const underpaid = paymentResultDataSchema.parse({
      ...documented,
      status: "paid_less",
      paymentAmount: "8.5",
      payableAmount: "10",
      expiredAt: 1767225600,
      payment: [],
      confirmations: null,
      date: "",
    });
    expect(underpaid.expiredAt).toBe(1767225600_000);
    expect(underpaid.payment).toBeUndefined();
    expect(underpaid.confirmations).toBeUndefined();
    expect(paymentResultDataSchema.parse({ ...documented, payment: null }).payment).toBeUndefined();
    expect(paymentResultDataSchema.parse({ ...documented, confirmations: "3" }).confirmations).toBe(3);
    expect(paymentResultDataSchema.parse({ ...documented, confirmations: "" }).confirmations).toBeUndefined();
    expect(paymentResultDataSchema.parse({ ...documented, transactions: null }).transactions).toBeUndefined();
    // expiredAt's type is not documented: seconds, milliseconds, numeric strings and ISO dates all read as ms.
    expect(paymentResultDataSchema.parse({ ...documented, expiredAt: "1767225600" }).expiredAt).toBe(1767225600_000);
    expect(paymentResultDataSchema.parse({ ...documented, expiredAt: 1767225600_000 }).expiredAt).toBe(1767225600_000);
    expect(paymentResultDataSchema.parse({ ...documented, expiredAt: "2026-01-01T00:00:00Z" }).expiredAt).toBe(
      Date.parse("2026-01-01T00:00:00Z"),
    );
    expect(paymentResultDataSchema.parse({ ...documented, expiredAt: "" }).expiredAt).toBeUndefined();
    expect(paymentResultDataSchema.parse({ ...documented, expiredAt: null }).expiredAt).toBeUndefined();
    expect(paymentResultDataSchema.parse({ ...documented, expiredAt: 0 }).expiredAt).toBeUndefined();
  });

  it("keeps a status it does not know, for verify to hold", () => {
    expect(paymentResultDataSchema.parse({ ...documented, status: "settling" }).status).toBe("settling");
  });

  it("reads one_time_payment data with or without data.info", () => {
    expect(oneTimePaymentDataSchema.parse({ code: "c1" })).toEqual({ code: "c1" });
    expect(oneTimePaymentDataSchema.parse({ code: "c1", info: [] }).info).toBeUndefined();
    expect(oneTimePaymentDataSchema.parse({ code: "c1", info: null }).info).toBeUndefined();
    const info = oneTimePaymentDataSchema.parse({
      code: "c1",
      info: { orderId: "order_0001", traceId: "t", expiredAt: 1767225600, extra: 1 },
    }).info;
    expect(info?.orderId).toBe("order_0001");
    expect(info?.expiredAt).toBe(1767225600_000);
    expect((info as Record<string, unknown>).extra).toBe(1);
  });

  it("refuses a result without the fields verification needs", () => {
    const { payeeId: _p, ...noPayee } = documented;
    expect(paymentResultDataSchema.safeParse(noPayee).success).toBe(false);
  });

  it("reads the envelope of successes and errors", () => {
    expect(envelopeSchema.parse({ code: 0, success: true, message: "", data: {}, timestampMs: 1 }).success).toBe(true);
    const error = envelopeSchema.parse({
      code: 1017,
      success: false,
      message: "Parameter error.",
      data: { quoteAmount: ["bad"] },
    });
    expect(error.code).toBe(1017);
  });

  it("reads asset lists with isAsset as a number or a boolean", () => {
    const quotes = quoteAssetListSchema.parse([
      {
        symbol: "USD",
        assetId: "usd",
        isAsset: 0,
        minQuoteAmount: "0.1",
        maxQuoteAmount: "1000",
        decimalDigit: 2,
        chainAsset: {},
      },
    ]);
    expect(quotes[0]?.isAsset).toBe(false);
    const settlement = settlementAssetListSchema.parse([
      { symbol: "BTC", assetId: ASSET_IDS.BTC, isAsset: true, chainAsset: [] },
    ]);
    expect(settlement[0]?.isAsset).toBe(true);
  });

  it("reads callback bodies defensively", () => {
    expect(callbackBodySchema.parse({ traceId: "t" })).toEqual({ orderId: "", traceId: "t", payeeId: "" });
    expect(callbackBodySchema.safeParse({ traceId: "x".repeat(65) }).success).toBe(false);
  });
});
