import { describe, expect, it } from "vitest";
import { chargeErrorText } from "../src/charge-error";
import { canCloseSaleScreen } from "../src/sale-screen";

describe("chargeErrorText", () => {
  it("says MixPay is busy on 503 and 429, with the Retry-After wait when there is one", () => {
    expect(chargeErrorText({ status: 503 })).toBe("MixPay is busy, try again in a few seconds.");
    expect(chargeErrorText({ status: 429, retryAfterSeconds: 12 })).toBe("MixPay is busy, try again in 12 seconds.");
  });

  it("keeps the server's sentence about a field, and never shows another server message", () => {
    expect(chargeErrorText({ status: 400, fieldMessage: "The amount must be at least 0.01 USD." })).toBe(
      "The amount must be at least 0.01 USD.",
    );
    expect(chargeErrorText({ status: 500 })).toBe(
      "The payment was not started because of a problem on the server. Try again in a few seconds.",
    );
    expect(chargeErrorText({ status: 500, message: "TypeError: cannot read properties of undefined" })).not.toMatch(
      /TypeError/,
    );
    expect(chargeErrorText({ status: 400 })).toMatch(/^The payment was not started: the sale was refused/);
    expect(chargeErrorText({ status: 400, message: "MixPay could not create the payment: no answer." })).toBe(
      "MixPay could not create the payment: no answer.",
    );
    expect(chargeErrorText({ status: null })).toMatch(/^The server could not be reached/);
  });
});

describe("canCloseSaleScreen", () => {
  it("keeps the screen up only while the paid sale's order is being created", () => {
    expect(canCloseSaleScreen("completing")).toBe(false);
    for (const phase of ["waiting", "attention", "expiring", "ended", "paid"] as const) {
      expect(canCloseSaleScreen(phase)).toBe(true);
    }
  });
});
