import { describe, expect, it } from "vitest";
import { checkoutView } from "../src/checkout-view";

const T0 = Date.parse("2026-11-30T10:00:00.000Z");
const base = {
  trace_id: "8a1f0c2e-4b6d-4e8f-9a0b-1c2d3e4f5a6b",
  expires_at: new Date(T0 + 900_000).toISOString(),
  amount: "6.3",
  currency_code: "usd",
};
const AFTER_DEADLINE = T0 + 901_000;

describe("checkoutView: what an online checkout tells the customer", () => {
  it("unpaid: the QR code, the amount, the countdown; the customer may cancel; no reference needed", () => {
    const v = checkoutView({ ...base, status: "unpaid" }, T0);
    expect(v).toMatchObject({
      phase: "waiting",
      tone: "waiting",
      amountText: "6.30 USD",
      showQr: true,
      showCountdown: true,
      countdownText: "Time left 15:00",
      title: "Scan to pay",
      canCancel: true,
      canRetry: false,
      placeOrder: false,
      reference: null,
      underpaid: null,
    });
    expect(v.message).toMatch(/crypto wallet/);
  });

  it("confirming: no QR code (no paying twice), 'do not pay again', and no cancel once money is on its way", () => {
    const v = checkoutView({ ...base, status: "processing", confirmations: 1 }, T0);
    expect(v).toMatchObject({ showQr: false, showCountdown: true, canCancel: false, placeOrder: false });
    expect(v.title).toBe("Payment seen, confirming");
    expect(v.message).toMatch(/Do not pay again/);
    // Past MixPay's deadline it is still confirming, never "expired".
    const late = checkoutView({ ...base, status: "processing" }, AFTER_DEADLINE);
    expect(late).toMatchObject({
      phase: "expiring",
      showQr: false,
      countdownText: "Checking confirmations",
      title: "Confirming your payment",
    });
  });

  it("underpaid: the QR code stays for the rest, with what is still due in the order's currency and in crypto", () => {
    const v = checkoutView(
      {
        ...base,
        status: "underpaid",
        sale_share: { paid: "3", due: "3.3" },
        paid_amount: "3",
        paid_symbol: "USDT",
        payable_amount: "6.3",
        shortfall_amount: "3.3",
        shortfall_symbol: "USDT",
      },
      T0,
    );
    expect(v).toMatchObject({
      phase: "attention",
      tone: "problem",
      showQr: true,
      showCountdown: true,
      title: "Part of the amount is still due",
      canCancel: false,
      canRetry: false,
      placeOrder: false,
    });
    expect(v.underpaid).toEqual({
      sale: "Paid 3.00 USD of 6.30 USD, 3.30 USD still due",
      crypto: "Paid 3 USDT of 6.3 USDT, 3.3 USDT still due",
    });
  });

  it("paid: the storefront places the order, while the server completes it and once it has", () => {
    const completing = checkoutView({ ...base, status: "paid", completed: false }, T0);
    expect(completing).toMatchObject({ phase: "completing", placeOrder: true, showQr: false, showCountdown: false });
    expect(completing.message).toBe("Your payment is confirmed. Placing your order…");
    const paid = checkoutView({ ...base, status: "paid", completed: true }, T0);
    expect(paid).toMatchObject({ phase: "paid", tone: "success", placeOrder: true, canRetry: false, title: "Paid" });
  });

  it("expired, failed, cancelled by MixPay with nothing received: nothing was charged, start a new payment", () => {
    for (const [status, title] of [
      ["expired", "The payment expired"],
      ["failed", "The payment did not go through"],
      ["cancelled", "The payment was cancelled"],
    ] as const) {
      const v = checkoutView({ ...base, status, final: true }, AFTER_DEADLINE);
      expect(v).toMatchObject({ phase: "ended", showQr: false, showCountdown: false, canRetry: true, title });
      expect(v).toMatchObject({ placeOrder: false, canCancel: false, arrived: null, reference: null });
      expect(v.message).toMatch(/nothing was charged/i);
    }
  });

  it("refund due: says how much arrived, that no order was placed, and gives the reference for MixPay support", () => {
    const v = checkoutView(
      { ...base, status: "expired", final: true, refund_due: true, paid_amount: "3", paid_symbol: "USDT" },
      AFTER_DEADLINE,
    );
    expect(v).toMatchObject({
      phase: "ended",
      tone: "problem",
      showQr: false,
      arrived: "3 USDT",
      reference: base.trace_id,
      canRetry: true,
      placeOrder: false,
      title: "This payment cannot complete your order",
    });
    expect(v.message).toMatch(/^3 USDT arrived, but .* no order was placed/);
    expect(v.message).not.toMatch(/nothing was charged/i);
  });

  it("cancelled at the checkout: no QR code, a new payment may be started; money that still arrives is flagged", () => {
    const v = checkoutView({ ...base, status: "unpaid", cancelled: true }, T0);
    expect(v).toMatchObject({
      phase: "cancelled",
      showQr: false,
      showCountdown: false,
      canRetry: true,
      canCancel: false,
      placeOrder: false,
      reference: base.trace_id,
      title: "Payment cancelled",
    });
    const late = checkoutView(
      { ...base, status: "paid", cancelled: true, completed: false, paid_amount: "6.3", paid_symbol: "USDT" },
      T0,
    );
    expect(late).toMatchObject({
      phase: "cancelled",
      tone: "problem",
      placeOrder: false,
      canRetry: false,
      arrived: "6.3 USDT",
      title: "A payment arrived after you cancelled",
    });
  });

  it("review: never placed automatically; the customer keeps the page open and has a reference", () => {
    const v = checkoutView({ ...base, status: "review" }, T0);
    expect(v).toMatchObject({ phase: "attention", showQr: false, placeOrder: false, canCancel: false });
    expect(v.reference).toBe(base.trace_id);
    expect(v.message).toMatch(/do not pay again/);
  });

  it("an unknown status is never shown as paid and never places an order", () => {
    const v = checkoutView({ ...base, status: "settling" }, T0);
    expect(v.placeOrder).toBe(false);
    expect(v.title).toBe("Scan to pay");
  });
});
