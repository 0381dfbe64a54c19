import { PaymentSessionStatus } from "@medusajs/framework/utils";
import { VERIFIED_STATUSES } from "@mixpay-pos/core";
import { SESSION_STATUS, toSessionStatus } from "../src/lib/session-status";

describe("verified MixPay status → Medusa session status", () => {
  it("maps every verified status, and only paid to captured", () => {
    expect(Object.keys(SESSION_STATUS).sort()).toEqual([...VERIFIED_STATUSES].sort());
    const captured = VERIFIED_STATUSES.filter((s) => toSessionStatus(s) === PaymentSessionStatus.CAPTURED);
    expect(captured).toEqual(["paid"]);
  });

  it.each([
    ["unpaid", "pending"],
    ["processing", "pending"],
    ["review", "pending"],
    ["underpaid", "requires_more"],
    ["paid", "captured"],
    ["failed", "error"],
    ["expired", "canceled"],
    ["something-new", "pending"],
  ])("%s → %s", (status, expected) => {
    expect(toSessionStatus(status)).toBe(expected);
  });
});
