import { describe, expect, it } from "vitest";
import { saleView } from "../src/sale-view";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const base = { trace_id: "t", expires_at: new Date(T0 + 90_000).toISOString(), amount: "6.3", currency_code: "usd" };
const AFTER = T0 + 91_000;

describe("saleView: what a till shows, decided once", () => {
  it("an unpaid sale shows its QR code, the amount to its currency's minor unit and the countdown", () => {
    const v = saleView({ ...base, status: "unpaid" }, T0);
    expect(v).toMatchObject({
      phase: "waiting",
      showQr: true,
      showCountdown: true,
      countdownText: "1:30",
      deadlinePassed: false,
    });
    expect(v.amountText).toBe("6.30 USD");
    expect(saleView({ ...base, amount: "1500", currency_code: "jpy", status: "unpaid" }, T0).amountText).toBe(
      "1,500 JPY",
    );
    expect(saleView({ ...base, amount: "1.5", currency_code: "kwd", status: "unpaid" }, T0).amountText).toBe(
      "1.500 KWD",
    );
  });

  it("an underpaid sale keeps the QR code and says 'Paid X of Y, Z still due' in both units", () => {
    const v = saleView(
      {
        ...base,
        amount: "1500",
        currency_code: "jpy",
        status: "underpaid",
        sale_share: { paid: "1000", due: "500" },
        paid_amount: "6.66",
        paid_symbol: "USDT",
        payable_amount: "10",
        shortfall_amount: "3.34",
      },
      T0,
    );
    expect(v).toMatchObject({ phase: "attention", showQr: true, showCountdown: true });
    expect(v.underpaid).toEqual({
      sale: "Paid 1,000 JPY of 1,500 JPY, 500 JPY still due",
      crypto: "Paid 6.66 USDT of 10 USDT, 3.34 USDT still due",
    });
  });

  it("confirming shows no QR code (no paying twice) and, past the deadline, 'Checking confirmations'", () => {
    const before = saleView({ ...base, status: "processing", confirmations: 2 }, T0);
    expect(before).toMatchObject({ showQr: false, showCountdown: true, confirmations: "Confirming… 2 confirmations" });
    const after = saleView({ ...base, status: "processing", confirmations: 3 }, AFTER);
    expect(after).toMatchObject({
      phase: "expiring",
      showQr: false,
      countdownText: "Checking confirmations",
      deadlinePassed: true,
    });
    expect(after.guidance).toMatch(/checking confirmations/);
  });

  it("expired, failed and cancelled sales show no QR code and no countdown, say no money arrived, and can be retried", () => {
    for (const status of ["expired", "failed", "cancelled"]) {
      const v = saleView({ ...base, status, final: true }, T0);
      expect(v).toMatchObject({ phase: "ended", showQr: false, showCountdown: false, countdownText: null });
      expect(v.ended?.moneyArrived).toBe("No money arrived for this payment.");
      expect(v.canRetry).toBe(true);
      expect(v.display.refundDue).toBe(false);
    }
  });

  it("a wrong-asset payment that ended is a refund due: money arrived and is owed back, never 'no money was taken'", () => {
    const v = saleView(
      {
        ...base,
        status: "failed",
        final: true,
        refund_due: true,
        paid_amount: "10",
        paid_symbol: "USDT",
        reason: "Paid with an asset that was not asked for",
        failure_code: "40024",
      },
      T0,
    );
    expect(v).toMatchObject({ phase: "ended", showQr: false, showCountdown: false });
    expect(v.display.label).toBe("Refund due");
    expect(v.ended).toEqual({
      moneyArrived: "Received 10 USDT; it is owed back to the customer.",
      reason: "Paid with an asset that was not asked for (MixPay code 40024)",
    });
    expect(v.guidance).toMatch(/do not hand over the goods/);
  });

  it("a paid sale is 'completing' until its order exists, without QR code or countdown", () => {
    expect(saleView({ ...base, status: "paid", completed: false }, T0)).toMatchObject({
      phase: "completing",
      showQr: false,
      showCountdown: false,
    });
    expect(saleView({ ...base, status: "paid", completed: true }, T0).phase).toBe("paid");
  });
});
