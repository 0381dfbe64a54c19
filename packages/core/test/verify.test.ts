import { ASSET_IDS, type PaymentResult, paymentResultDataSchema } from "@mixpay-pos/protocol";
import { describe, expect, it } from "vitest";
import { type ExpectedPayment, type VerifiedStatus, verifyPaymentResult } from "../src/verify.js";

const PAYEE = "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7";
const OTHER_PAYEE = "a38ed284-5689-4fb9-8c2a-91fba5e32ce9";
const TRACE = "dd9c3e04-a5d2-11ec-b909-0242ac120002";
const expected: ExpectedPayment = { payeeId: PAYEE, quoteAssetId: "usd", quoteAmount: "10", traceId: TRACE };

/** A payments_result as MixPay documents it, parsed through the same schema the client uses. */
function result(overrides: Record<string, unknown> = {}): PaymentResult {
  return paymentResultDataSchema.parse({
    status: "success",
    quoteAmount: "10",
    quoteSymbol: "USD",
    quoteAssetId: "usd",
    paymentAmount: "10.013",
    paymentSymbol: "USDT",
    paymentAssetId: ASSET_IDS.USDT_ERC20,
    payeeId: PAYEE,
    traceId: TRACE,
    date: 1656513302,
    surplusAmount: "0",
    surplusStatus: "no",
    confirmations: -1,
    payableAmount: "10.013",
    payableSymbol: "USDT",
    failureCode: "0",
    failureReason: "",
    settleStatus: "success",
    settleAmount: "10",
    ...overrides,
  });
}

const underpaidPayment = { isMultiPay: true, isFullyPaid: false, totalTransactionsAmount: "4" };
const fullyPaidPayment = { isMultiPay: true, isFullyPaid: true, totalTransactionsAmount: "10.013" };

// Every MixPay status of both lifecycles, each with and without every kind of mismatch.
const statusCases: Array<{
  name: string;
  overrides: Record<string, unknown>;
  clean: VerifiedStatus;
  final: boolean;
  refundDue?: boolean;
}> = [
  { name: "unpaid", overrides: { status: "unpaid", date: "", paymentAmount: "" }, clean: "unpaid", final: false },
  {
    name: "confirming",
    overrides: { status: "confirming", confirmations: 1 },
    clean: "processing",
    final: false,
  },
  {
    name: "paid_less",
    overrides: { status: "paid_less", paymentAmount: "8.5", payableAmount: "10" },
    clean: "underpaid",
    final: false,
  },
  {
    name: "pending (fully paid, finishing)",
    overrides: { status: "pending", payment: fullyPaidPayment },
    clean: "processing",
    final: false,
  },
  {
    name: "legacy pending (confirming)",
    overrides: { status: "pending", confirmations: 1 },
    clean: "processing",
    final: false,
  },
  {
    name: "legacy pending, not fully paid",
    overrides: { status: "pending", payment: underpaidPayment },
    clean: "underpaid",
    final: false,
  },
  {
    name: "legacy pending, not fully paid, single pay",
    overrides: { status: "pending", payment: { ...underpaidPayment, isMultiPay: false } },
    clean: "underpaid",
    final: false,
  },
  { name: "auditing", overrides: { status: "auditing" }, clean: "review", final: false },
  {
    name: "failed 40000, nothing received",
    overrides: { status: "failed", failureCode: "40000", paymentAmount: "" },
    clean: "expired",
    final: true,
  },
  {
    name: "failed 40000 as a number, nothing received",
    overrides: { status: "failed", failureCode: 40000, paymentAmount: "0" },
    clean: "expired",
    final: true,
  },
  {
    name: "failed 40000 with money received (confirmation deadline)",
    overrides: { status: "failed", failureCode: "40000", paymentAmount: "10.013" },
    clean: "failed",
    final: true,
    refundDue: true,
  },
  {
    name: "failed 40024 (deadline, too little)",
    overrides: { status: "failed", failureCode: "40024", paymentAmount: "4" },
    clean: "failed",
    final: true,
    refundDue: true,
  },
  {
    name: "failed 40024 without an amount",
    overrides: { status: "failed", failureCode: "40024", paymentAmount: "" },
    clean: "failed",
    final: true,
    refundDue: true,
  },
  {
    name: "failed 40020 (wrong asset)",
    overrides: { status: "failed", failureCode: "40020", paymentAmount: "" },
    clean: "failed",
    final: true,
    refundDue: true,
  },
  {
    name: "failed 40032 (cancelled)",
    overrides: { status: "failed", failureCode: "40032", paymentAmount: "" },
    clean: "cancelled",
    final: true,
  },
  {
    name: "failed 40032 after money arrived",
    overrides: { status: "failed", failureCode: "40032", paymentAmount: "3" },
    clean: "cancelled",
    final: true,
    refundDue: true,
  },
  {
    name: "failed 10095 (review rejected), nothing received",
    overrides: { status: "failed", failureCode: "10095", paymentAmount: "" },
    clean: "failed",
    final: true,
  },
  {
    name: "failed 10095 with money received",
    overrides: { status: "failed", failureCode: "10095", paymentAmount: "10.013" },
    clean: "failed",
    final: true,
    refundDue: true,
  },
  {
    name: "failed 0 (legacy, no code)",
    overrides: { status: "failed", failureCode: "0", paymentAmount: "" },
    clean: "failed",
    final: true,
  },
  {
    name: "failed with an unknown code",
    overrides: { status: "failed", failureCode: "49999", paymentAmount: "" },
    clean: "failed",
    final: true,
  },
  { name: "success", overrides: { status: "success" }, clean: "paid", final: true },
  { name: "success, overpaid", overrides: { status: "success", surplusAmount: "2.5" }, clean: "paid", final: true },
  { name: "an unknown future status", overrides: { status: "refunding" }, clean: "review", final: false },
];

const mismatchCases: Array<{ name: string; overrides: Record<string, unknown>; field: string }> = [
  { name: "foreign payee", overrides: { payeeId: OTHER_PAYEE }, field: "payeeId" },
  { name: "other quote asset", overrides: { quoteAssetId: "eur" }, field: "quoteAssetId" },
  { name: "crypto quote asset", overrides: { quoteAssetId: ASSET_IDS.BTC }, field: "quoteAssetId" },
  { name: "smaller quote amount", overrides: { quoteAmount: "9.99" }, field: "quoteAmount" },
  { name: "larger quote amount", overrides: { quoteAmount: "10.01" }, field: "quoteAmount" },
  { name: "unreadable quote amount", overrides: { quoteAmount: "" }, field: "quoteAmount" },
  { name: "other trace", overrides: { traceId: "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de" }, field: "traceId" },
];

describe("verifyPaymentResult: every status × every mismatch", () => {
  for (const s of statusCases) {
    it(`${s.name} → ${s.clean}`, () => {
      const v = verifyPaymentResult(result(s.overrides), expected);
      expect(v.status).toBe(s.clean);
      expect(v.final).toBe(s.final);
      expect(v.mismatches).toEqual([]);
      expect(v.refundDue).toBe(s.refundDue ?? false);
      expect(v.reason.length).toBeGreaterThan(3);
      expect(v.nextStep.length).toBeGreaterThan(10);
    });
    for (const m of mismatchCases) {
      // A mismatch only matters once MixPay says "success": then it must never read as paid.
      const want: VerifiedStatus = s.clean === "paid" ? "review" : s.clean;
      it(`${s.name} with ${m.name} → ${want}`, () => {
        const v = verifyPaymentResult(result({ ...s.overrides, ...m.overrides }), expected);
        expect(v.status).toBe(want);
        expect(v.status).not.toBe("paid");
        if (s.clean === "paid") {
          expect(v.mismatches.map((x) => x.field)).toEqual([m.field]);
          expect(v.reason).toContain(m.field);
          expect(v.final).toBe(true);
        }
      });
    }
  }
});

describe("verifyPaymentResult: details", () => {
  it("compares amounts as decimals, not strings", () => {
    expect(verifyPaymentResult(result({ quoteAmount: "10.00000000" }), expected).status).toBe("paid");
    expect(verifyPaymentResult(result({ quoteAmount: "10" }), { ...expected, quoteAmount: "10.0" }).status).toBe(
      "paid",
    );
    expect(verifyPaymentResult(result({ quoteAmount: "10.000000001" }), expected).status).toBe("review");
  });

  it("accepts the same ids in another case or the compact payee form", () => {
    const v = verifyPaymentResult(result({ payeeId: PAYEE.toUpperCase(), quoteAssetId: "USD" }), {
      ...expected,
      payeeId: PAYEE.replace(/-/g, ""),
    });
    expect(v.status).toBe("paid");
  });

  it("does not check the trace when none is expected", () => {
    const { traceId: _t, ...noTrace } = expected;
    expect(verifyPaymentResult(result({ traceId: "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de" }), noTrace).status).toBe(
      "paid",
    );
  });

  it("reports every mismatching field at once", () => {
    const v = verifyPaymentResult(result({ payeeId: OTHER_PAYEE, quoteAssetId: "eur", quoteAmount: "1" }), expected);
    expect(v.mismatches.map((m) => m.field)).toEqual(["payeeId", "quoteAssetId", "quoteAmount"]);
    expect(v.mismatches[2]).toEqual({ field: "quoteAmount", expected: "10", actual: "1" });
  });

  it("computes the remaining amount of a paid_less payment from the top-level amounts", () => {
    const v = verifyPaymentResult(
      result({
        status: "paid_less",
        paymentAmount: "8.5",
        payableAmount: "10",
        payableSymbol: "USDT",
        // transactions are not summed: MixPay's paymentAmount is already filtered
        payment: { isMultiPay: true, isFullyPaid: false, totalTransactionsAmount: "99" },
      }),
      expected,
    );
    expect(v.status).toBe("underpaid");
    expect(v.shortfall).toBe("1.5");
    expect(v.shortfallSymbol).toBe("USDT");
    expect(v.received).toBe("8.5");
    expect(v.payable).toBe("10");
    expect(v.reason).toContain("1.5 USDT");
    expect(v.nextStep).toContain("remaining 1.5 USDT");
  });

  it("never reports a negative remaining amount", () => {
    const v = verifyPaymentResult(
      result({ status: "paid_less", paymentAmount: "10.5", payableAmount: "10" }),
      expected,
    );
    expect(v.shortfall).toBe("0");
  });

  it("computes the shortfall of a legacy underpayment exactly", () => {
    const v = verifyPaymentResult(
      result({ status: "pending", payableAmount: "10.013", payableSymbol: "USDT", payment: underpaidPayment }),
      expected,
    );
    expect(v.shortfall).toBe("6.013");
    expect(v.shortfallSymbol).toBe("USDT");
    expect(v.reason).toContain("6.013 USDT");
  });

  it("reports confirmations and MixPay's deadline while confirming", () => {
    const v = verifyPaymentResult(result({ status: "confirming", confirmations: 3, expiredAt: 1767225600 }), expected);
    expect(v.status).toBe("processing");
    expect(v.confirmations).toBe(3);
    expect(v.deadlineMs).toBe(1767225600_000);
    expect(v.nextStep).toContain("even after the countdown ends");
    const none = verifyPaymentResult(result({ status: "confirming", confirmations: -1 }), expected);
    expect(none.confirmations).toBe(0);
  });

  it("never calls pending paid: it is fully paid but not success", () => {
    const v = verifyPaymentResult(result({ status: "pending", confirmations: -1 }), expected);
    expect(v.status).toBe("processing");
    expect(v.final).toBe(false);
  });

  it("says how much arrived and what to do when a refund is due", () => {
    const v = verifyPaymentResult(
      result({ status: "failed", failureCode: "40000", paymentAmount: "10.013", paymentSymbol: "USDT" }),
      expected,
    );
    expect(v.status).toBe("failed");
    expect(v.refundDue).toBe(true);
    expect(v.received).toBe("10.013");
    expect(v.receivedSymbol).toBe("USDT");
    expect(v.reason).toBe(
      "The payment failed after 10.013 USDT arrived: it was not confirmed by MixPay's confirmation deadline.",
    );
    expect(v.nextStep).toContain("customer@mixpay.me");
    expect(v.nextStep).toContain("Do not hand over the goods");
  });

  it("says nothing was paid when an unpaid payment expired", () => {
    const v = verifyPaymentResult(result({ status: "failed", failureCode: "40000", paymentAmount: "" }), expected);
    expect(v.status).toBe("expired");
    expect(v.refundDue).toBe(false);
    expect(v.received).toBeUndefined();
    expect(v.nextStep).toContain("Nothing was paid");
  });

  it("holds an unknown status: not paid, not final, to be investigated", () => {
    const v = verifyPaymentResult(result({ status: "settling" }), expected);
    expect(v.status).toBe("review");
    expect(v.final).toBe(false);
    expect(v.reason).toContain('"settling"');
  });

  it("reports the surplus of an overpayment", () => {
    const v = verifyPaymentResult(result({ surplusAmount: "0.1", surplusStatus: "pending" }), expected);
    expect(v.status).toBe("paid");
    expect(v.surplus).toBe("0.1");
  });

  it("carries MixPay's failure code and reason", () => {
    const v = verifyPaymentResult(result({ status: "failed", failureCode: "40024", failureReason: "" }), expected);
    expect(v.failureCode).toBe("40024");
    expect(v.failureReason).toBe("Payment deadline passed with an insufficient amount.");
    expect(v.reason).toContain("Payment deadline passed with an insufficient amount");
  });
});
