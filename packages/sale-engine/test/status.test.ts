import { describe, expect, it } from "vitest";
import {
  afterDeadlineText,
  attentionText,
  confirmationsText,
  isPaymentEnded,
  isRefundDue,
  MIXPAY_STATUSES,
  moneyArrivedText,
  paymentDisplay,
  refundDueText,
  statusDisplay,
  underpaidLines,
} from "../src/status";

describe("statusDisplay", () => {
  it("gives every verified status its own label, colour, tone and guidance", () => {
    const rows = MIXPAY_STATUSES.map((s) => {
      const d = statusDisplay(s);
      return [s, d.label, d.color, d.tone, d.final];
    });
    expect(rows).toEqual([
      ["unpaid", "Waiting for payment", "blue", "waiting", false],
      ["processing", "Confirming", "blue", "waiting", false],
      ["paid", "Paid", "green", "success", true],
      ["underpaid", "Underpaid", "orange", "problem", false],
      ["failed", "Failed", "red", "ended", true],
      ["expired", "Expired", "grey", "ended", true],
      ["cancelled", "Cancelled", "grey", "ended", true],
      ["review", "Needs review", "purple", "problem", false],
    ]);
    for (const s of MIXPAY_STATUSES) expect(statusDisplay(s).guidance.length).toBeGreaterThan(20);
  });

  it("only 'paid' is green or a success", () => {
    for (const s of MIXPAY_STATUSES) {
      const d = statusDisplay(s);
      expect(d.color === "green").toBe(s === "paid");
      expect(d.tone === "success").toBe(s === "paid");
    }
  });

  it("shows an unknown or missing status as unknown, never as paid", () => {
    expect(statusDisplay("success")).toMatchObject({ status: "unknown", label: "Unknown (success)", color: "grey" });
    expect(statusDisplay(undefined)).toMatchObject({ status: "unknown", label: "Unknown", final: false });
    expect(statusDisplay("PAID").status).toBe("unknown");
  });

  it("underpaid tells the cashier to collect the rest; review forbids handing over goods", () => {
    expect(statusDisplay("underpaid").guidance).toMatch(/pay the rest with the same QR code before the deadline/);
    expect(statusDisplay("review").guidance).toMatch(/never accepted automatically/);
  });

  it("a confirming payment is not lost when the countdown ends", () => {
    expect(statusDisplay("processing").guidance).toBe(
      "MixPay has seen the payment and is waiting for its confirmations. Keep this screen open: the sale completes by itself, even if the countdown ends first.",
    );
  });

  it("failed, expired and cancelled say that no money arrived and what to do", () => {
    expect(statusDisplay("failed").guidance).toBe(
      "MixPay ended this payment without completing the sale, and no money arrived for it. Start a new sale if the customer still wants to pay.",
    );
    expect(statusDisplay("expired").guidance).toBe(
      "MixPay's payment deadline passed and no money arrived for it. Start a new sale if the customer still wants to pay.",
    );
    expect(statusDisplay("cancelled").guidance).toBe(
      "The payment was cancelled and no money arrived for it. Start a new sale if the customer still wants to pay.",
    );
  });

  it("words the plugin's attention flags, refund due included", () => {
    expect(attentionText("late_payment")).toMatch(/after it expired/);
    expect(attentionText("paid_after_cancel")).toMatch(/no order was created/);
    expect(attentionText("refund_due")).toBe(
      "Refund due: money arrived but the sale will not complete; the customer must get it back.",
    );
    expect(attentionText("something_new")).toBe("Flagged: something_new");
    expect(attentionText(null)).toBeNull();
  });
});

const REFUND_STEP =
  "Do not hand over the goods. MixPay holds this money and returns it on request: give the customer the trace id and ask them to contact MixPay support (customer@mixpay.me) for a refund; Mixin wallet payments come back automatically.";

describe("paymentDisplay: a payment as the server answers it", () => {
  it("refund due overrides the label of every ended status: 'Refund due', red, a problem", () => {
    for (const status of ["failed", "cancelled", "expired"]) {
      const d = paymentDisplay({ status, final: true, refund_due: true, paid_amount: "10", paid_symbol: "USDT" });
      expect(d).toMatchObject({ status, label: "Refund due", color: "red", tone: "problem", refundDue: true });
      expect(d.guidance).not.toMatch(/no money/i);
    }
  });

  it("uses the server's next_step as the guidance when it sent one, the status's own otherwise", () => {
    expect(paymentDisplay({ status: "failed", refund_due: true, next_step: REFUND_STEP }).guidance).toBe(REFUND_STEP);
    expect(paymentDisplay({ status: "failed", refund_due: true, next_step: null }).guidance).toBe(
      "Money arrived but this sale will not complete: do not hand over the goods. MixPay holds the money and returns it on request: give the customer the trace id and ask them to contact MixPay support.",
    );
    expect(paymentDisplay({ status: "unpaid", next_step: "  " }).guidance).toBe(statusDisplay("unpaid").guidance);
    expect(
      paymentDisplay({
        status: "underpaid",
        next_step: "Ask the customer to pay the remaining 2.5 USDT with the same QR code before the deadline.",
      }),
    ).toMatchObject({
      label: "Underpaid",
      refundDue: false,
      guidance: "Ask the customer to pay the remaining 2.5 USDT with the same QR code before the deadline.",
    });
  });

  it("an old server without refund_due: an ended payment with money in it is a refund due; without, it is not", () => {
    expect(isRefundDue({ status: "failed", paid_amount: "3" })).toBe(true);
    expect(isRefundDue({ status: "failed", paid_amount: null })).toBe(false);
    expect(isRefundDue({ status: "underpaid", paid_amount: "3" })).toBe(false);
    // the server's answer wins
    expect(isRefundDue({ status: "failed", paid_amount: "3", refund_due: false })).toBe(false);
    expect(isPaymentEnded({ status: "cancelled" })).toBe(true);
    expect(isPaymentEnded({ status: "processing" })).toBe(false);
  });

  it("says whether money arrived", () => {
    expect(moneyArrivedText({ status: "failed", refund_due: true, paid_amount: "12.5", paid_symbol: "USDT" })).toBe(
      "Received 12.5 USDT; it is owed back to the customer.",
    );
    expect(moneyArrivedText({ status: "failed", refund_due: true, paid_amount: null })).toBe(
      "Money arrived for this payment; it is owed back to the customer.",
    );
    expect(moneyArrivedText({ status: "expired", refund_due: false })).toBe("No money arrived for this payment.");
    expect(
      refundDueText({
        status: "failed",
        refund_due: true,
        paid_amount: "3",
        paid_symbol: "USDT",
        failure_code: "40024",
      }),
    ).toBe("Refund due: 3 USDT arrived, but this sale will not complete (MixPay code 40024).");
  });

  it("counts confirmations while confirming", () => {
    expect(confirmationsText({ status: "processing", confirmations: 2 })).toBe("Confirming… 2 confirmations");
    expect(confirmationsText({ status: "processing", confirmations: 1 })).toBe("Confirming… 1 confirmation");
    expect(confirmationsText({ status: "processing", confirmations: null })).toBeNull();
    expect(confirmationsText({ status: "paid", confirmations: 6 })).toBeNull();
  });

  it("after MixPay's deadline: checking confirmations while confirming, waiting for the final answer otherwise", () => {
    expect(afterDeadlineText("processing")).toMatch(/^MixPay's deadline has passed, but it can still confirm/);
    expect(afterDeadlineText("processing")).toMatch(/checking confirmations/);
    expect(afterDeadlineText("unpaid")).toMatch(/Waiting for MixPay's final answer/);
    expect(afterDeadlineText("underpaid")).toMatch(/Waiting for MixPay's final answer/);
    for (const s of ["processing", "unpaid", "underpaid"]) expect(afterDeadlineText(s)).not.toMatch(/expired/i);
  });

  it("words an underpayment in the sale's currency and in crypto", () => {
    expect(
      underpaidLines({
        amount: "12.5",
        currency_code: "usd",
        sale_share: { paid: "10", due: "2.5" },
        paid_amount: "10.02",
        paid_symbol: "USDT",
        payable_amount: "12.525",
        shortfall_amount: "2.505",
        shortfall_symbol: "USDT",
      }),
    ).toEqual({
      sale: "Paid 10.00 USD of 12.50 USD, 2.50 USD still due",
      crypto: "Paid 10.02 USDT of 12.525 USDT, 2.505 USDT still due",
    });
    // an older plugin: no sale_share, no payable_amount
    expect(
      underpaidLines({
        amount: "12.5",
        currency_code: "usd",
        paid_amount: "10",
        paid_symbol: "USDT",
        shortfall_amount: "2.5",
        shortfall_symbol: "USDT",
      }),
    ).toEqual({ sale: null, crypto: "Paid 10 USDT, 2.5 USDT still due" });
  });
});
