import { ORDER_ID_PATTERN } from "@mixpay-pos/core";
import { mixpayOrderIdFor } from "../src/lib/order-id";

describe("mixpayOrderIdFor", () => {
  const session = "payses_01JQ3Z7G8N5V4C2B1A0S9D8F7E";

  it("is the session id itself for the first payment", () => {
    expect(mixpayOrderIdFor(session)).toBe(session);
    expect(mixpayOrderIdFor(session)).toMatch(ORDER_ID_PATTERN);
  });

  it("gives every later payment of the session its own id within MixPay's 36 characters", () => {
    const ids = [1, 2, 10, 999].map((r) => mixpayOrderIdFor(session, r));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(ORDER_ID_PATTERN);
    expect(ids[0]).toBe("01JQ3Z7G8N5V4C2B1A0S9D8F7E-1");
  });

  it("drops characters MixPay does not allow and keeps long ids within the limit", () => {
    expect(mixpayOrderIdFor("pay ses:01/ABC")).toBe("payses01ABC");
    const long = `payses_${"X".repeat(40)}`;
    expect(mixpayOrderIdFor(long)).toMatch(ORDER_ID_PATTERN);
  });

  it("refuses what cannot become an orderId", () => {
    expect(() => mixpayOrderIdFor("ab")).toThrow(/at least 6/);
    expect(() => mixpayOrderIdFor(session, -1)).toThrow(RangeError);
  });
});
