import { paymentResultDataSchema, traceIdFor, verifyPaymentResult } from "@mixpay-pos/core";
import { nextJobCheckAt } from "../src/lib/check-rule";
import { applyVerification, attentionFor, paidAt, type VerifiedRecord } from "../src/modules/mixpay/apply-verification";
import { PAID_FIELDS, TEST_POLICY } from "./support/records";

const PAYEE = "6f2a7c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const TRACE = traceIdFor("payses_01JAPPLYVERIFICATION");
const policy = TEST_POLICY;
const T0 = Date.parse("2026-11-30T12:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000);
const created = { status: "unpaid", reported: null, reason: "Payment created.", at: at(0).toISOString() };

function record(over: Partial<VerifiedRecord> = {}): VerifiedRecord {
  return {
    status: "unpaid",
    refund_due: false,
    unchanged_checks: 0,
    expires_at: at(900),
    abandoned_at: null,
    status_history: { entries: [created] },
    ...over,
  };
}

/** MixPay's answer for this sale (12.5 USD to PAYEE), with `fields` as MixPay would send them. */
function check(before: VerifiedRecord, fields: Record<string, unknown>, nowS: number) {
  const result = paymentResultDataSchema.parse({
    payeeId: PAYEE,
    quoteAssetId: "usd",
    quoteAmount: "12.5",
    traceId: TRACE,
    ...fields,
  });
  const verification = verifyPaymentResult(result, {
    payeeId: PAYEE,
    quoteAssetId: "usd",
    quoteAmount: "12.5",
    traceId: TRACE,
  });
  return { verification, update: applyVerification(before, verification, result, at(nowS), policy) };
}

const paidFields = PAID_FIELDS;

describe("applyVerification: what one check with MixPay writes to the record", () => {
  it("paid: the outcome, MixPay's amounts and txid, no attention, a history entry", () => {
    const { update } = check(record(), { ...paidFields, date: T0 / 1000 + 60 }, 61);
    expect(update).toMatchObject({
      status: "paid",
      reported_status: "success",
      final: true,
      reason: "Paid.",
      next_step: "Hand over the goods.",
      paid_amount: "12.5",
      paid_symbol: "USDT",
      paid_asset_id: "4d8c508b-91c5-375b-92b0-ee702ed2dac5",
      settle_amount: "12.47",
      settle_symbol: "USDT",
      txid: "0xabc",
      refund_due: false,
      attention: null,
      shortfall_amount: null,
      failure_code: null,
      last_checked_at: at(61),
    });
  });

  it("underpaid: the shortfall and its symbol, what the whole payment costs, attention underpaid", () => {
    const { update } = check(
      record(),
      {
        status: "paid_less",
        paymentAmount: "10",
        paymentSymbol: "USDT",
        payableAmount: "12.5",
        payableSymbol: "USDT",
      },
      30,
    );
    expect(update).toMatchObject({
      status: "underpaid",
      final: false,
      shortfall_amount: "2.5",
      shortfall_symbol: "USDT",
      payable_amount: "12.5",
      paid_amount: "10",
      attention: "underpaid",
      refund_due: false,
    });
  });

  it("failed after money arrived: refund due, MixPay's failure code, attention refund_due", () => {
    const { update } = check(
      record({ status: "underpaid" }),
      { status: "failed", failureCode: "40024", paymentAmount: "10", paymentSymbol: "USDT" },
      960,
    );
    expect(update).toMatchObject({
      status: "failed",
      final: true,
      refund_due: true,
      failure_code: "40024",
      attention: "refund_due",
      paid_amount: "10",
    });
  });

  it("an unchanged check counts one more unchanged check, keeps the history and changed_at, and backs the job off", () => {
    const before = record({ unchanged_checks: 2, expires_at: at(3600) });
    const { update } = check(before, { status: "unpaid" }, 120);
    expect(update.unchanged_checks).toBe(3);
    expect(update).not.toHaveProperty("status_history");
    expect(update).not.toHaveProperty("changed_at");
    expect(update.next_check_at).toEqual(new Date(T0 + 120_000 + 30_000 * 2 ** 3));
    expect(update.next_check_at).toEqual(
      nextJobCheckAt({ unchanged_checks: 3, expires_at: at(3600) }, T0 + 120_000, policy),
    );
  });

  it("a changed check resets the count, stamps changed_at and appends to the history", () => {
    const confirming = {
      status: "processing",
      reported: "confirming",
      reason: "Confirming.",
      at: at(40).toISOString(),
    };
    const before = record({
      status: "processing",
      unchanged_checks: 4,
      status_history: { entries: [created, confirming] },
    });
    const { update } = check(before, { ...paidFields, date: T0 / 1000 + 50 }, 90);
    expect(update.unchanged_checks).toBe(0);
    expect(update.changed_at).toEqual(at(90));
    expect(update.status_history).toEqual({
      entries: [
        created,
        confirming,
        { status: "paid", reported: "success", reason: "Paid.", at: at(90).toISOString() },
      ],
    });
    expect(update.next_check_at).toEqual(new Date(T0 + 90_000 + 30_000));
  });

  it("money owed back is a change even when the status stays the same", () => {
    const before = record({ status: "failed", refund_due: false, unchanged_checks: 1 });
    const { update } = check(before, { status: "failed", failureCode: "40020", paymentAmount: "3" }, 100);
    expect(update.refund_due).toBe(true);
    expect(update.unchanged_checks).toBe(0);
    expect(update.status_history?.entries).toHaveLength(2);
  });

  it("a record without history starts one", () => {
    const { update } = check(record({ status_history: null }), paidFields, 10);
    expect(update.status_history?.entries.map((e) => e.status)).toEqual(["paid"]);
  });

  describe("attention", () => {
    it("a payment MixPay dates after the deadline is a late payment", () => {
      expect(check(record(), { ...paidFields, date: T0 / 1000 + 901 }, 905).update.attention).toBe("late_payment");
    });

    it("a payment dated before the deadline is not late, however late the check", () => {
      expect(check(record(), { ...paidFields, date: T0 / 1000 + 899 }, 5000).update.attention).toBeNull();
    });

    it("without MixPay's date, the check's moment decides", () => {
      expect(check(record(), paidFields, 901).update.attention).toBe("late_payment");
      expect(check(record(), paidFields, 899).update.attention).toBeNull();
    });

    it("paid after Medusa canceled the session is flagged, before lateness", () => {
      const abandoned = record({ abandoned_at: at(100) });
      expect(check(abandoned, { ...paidFields, date: T0 / 1000 + 950 }, 960).update.attention).toBe(
        "paid_after_cancel",
      );
    });

    it("a success that does not match the sale is for review; refund due beats every other flag", () => {
      expect(check(record(), { ...paidFields, quoteAmount: "1.25" }, 60).update).toMatchObject({
        status: "review",
        attention: "review",
      });
      const abandoned = record({ abandoned_at: at(100) });
      expect(
        check(abandoned, { status: "failed", failureCode: "40032", paymentAmount: "1" }, 200).update,
      ).toMatchObject({
        status: "cancelled",
        attention: "refund_due",
      });
    });

    it("waiting, confirming and ended-without-money payments need no attention", () => {
      expect(check(record(), { status: "unpaid" }, 10).update.attention).toBeNull();
      expect(check(record(), { status: "confirming", confirmations: 1 }, 10).update.attention).toBeNull();
      expect(check(record(), { status: "failed", failureCode: "40000" }, 910).update).toMatchObject({
        status: "expired",
        attention: null,
        refund_due: false,
      });
    });
  });

  describe("MixPay's deadline", () => {
    it("replaces the one asked for, and the job looks just after it rather than after its back-off", () => {
      const deadlineS = T0 / 1000 + 600;
      const { update } = check(record({ unchanged_checks: 3 }), { status: "unpaid", expiredAt: deadlineS }, 500);
      expect(update.expires_at).toEqual(at(600));
      expect(update.next_check_at).toEqual(new Date(T0 + 605_000));
    });

    it("leaves the record's deadline alone when MixPay gives none", () => {
      const { update } = check(record({ expires_at: at(900), unchanged_checks: 3 }), { status: "unpaid" }, 800);
      expect(update).not.toHaveProperty("expires_at");
      expect(update.next_check_at).toEqual(new Date(T0 + 905_000));
    });
  });
});

describe("the helpers that go with it", () => {
  const verification = verifyPaymentResult(
    paymentResultDataSchema.parse({
      ...paidFields,
      payeeId: PAYEE,
      quoteAssetId: "usd",
      quoteAmount: "12.5",
      traceId: TRACE,
    }),
    { payeeId: PAYEE, quoteAssetId: "usd", quoteAmount: "12.5", traceId: TRACE },
  );

  it("paidAt reads MixPay's unix seconds (number or string), else now", () => {
    const base = paymentResultDataSchema.parse({
      ...paidFields,
      payeeId: PAYEE,
      quoteAssetId: "usd",
      quoteAmount: "1",
      traceId: TRACE,
    });
    expect(paidAt({ ...base, date: T0 / 1000 }, at(5))).toEqual(at(0));
    expect(paidAt({ ...base, date: String(T0 / 1000) }, at(5))).toEqual(at(0));
    expect(paidAt({ ...base, date: "" }, at(5))).toEqual(at(5));
    expect(paidAt({ ...base, date: null }, at(5))).toEqual(at(5));
  });

  it("attentionFor: a record without a deadline is never late", () => {
    expect(attentionFor({ abandoned_at: null, expires_at: null }, verification, at(99_999))).toBeNull();
  });
});
