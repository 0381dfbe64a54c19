import { describe, expect, it } from "vitest";
import { isSaleSettled, MIXPAY_ADMIN_ROUTES, MIXPAY_STORE_ROUTES, routePath } from "../src/index.js";

describe("sale stream contract", () => {
  it("each stream sits next to its sibling status route", () => {
    expect(MIXPAY_ADMIN_ROUTES.terminalSaleEvents).toBe(`${MIXPAY_ADMIN_ROUTES.terminalSale}/events`);
    expect(MIXPAY_STORE_ROUTES.paymentEvents).toBe(`${MIXPAY_STORE_ROUTES.payment}/events`);
    expect(routePath(MIXPAY_STORE_ROUTES.paymentEvents, { traceId: "a b" })).toBe(
      "/store/mixpay/payments/a%20b/events",
    );
  });

  it("a sale is settled when paid with its order, ended, or final; never while paid without its order", () => {
    expect(isSaleSettled({ status: "paid", final: true, completed: false })).toBe(false);
    expect(isSaleSettled({ status: "paid", final: true, completed: true })).toBe(true);
    expect(isSaleSettled({ status: "failed", final: true })).toBe(true);
    expect(isSaleSettled({ status: "expired", final: false })).toBe(true);
    expect(isSaleSettled({ status: "underpaid", final: false })).toBe(false);
    expect(isSaleSettled({ status: "unpaid", final: false })).toBe(false);
    expect(isSaleSettled({ status: "review", final: true })).toBe(true);
  });
});
