import { describe, expect, it } from "vitest";
import { isSaleSettled, salePhase } from "../src/sale-phase";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const open = { expires_at: new Date(T0 + 60_000).toISOString() };
const AT_ZERO = T0 + 60_000;

describe("terminal sale phase", () => {
  it("shows the QR while unpaid or confirming before MixPay's deadline", () => {
    expect(salePhase({ status: "unpaid", ...open }, T0)).toBe("waiting");
    expect(salePhase({ status: "processing", confirmations: 1, ...open }, T0)).toBe("waiting");
  });

  it("at zero, confirming, unpaid and underpaid are 'expiring' (waiting for MixPay's final answer), never 'ended'", () => {
    expect(salePhase({ status: "processing", ...open }, AT_ZERO)).toBe("expiring");
    expect(salePhase({ status: "processing", ...open }, AT_ZERO + 3600_000)).toBe("expiring");
    expect(salePhase({ status: "unpaid", ...open }, AT_ZERO)).toBe("expiring");
    expect(salePhase({ status: "underpaid", ...open }, AT_ZERO)).toBe("expiring");
    // only MixPay's answer ends it
    expect(salePhase({ status: "expired", final: true, ...open }, AT_ZERO)).toBe("ended");
  });

  it("a paid sale is 'completing' until its order exists, then 'paid'", () => {
    expect(salePhase({ status: "paid", completed: false, ...open }, T0)).toBe("completing");
    expect(salePhase({ status: "paid", completed: true, ...open }, T0)).toBe("paid");
    // paid after the countdown ran out is still paid
    expect(salePhase({ status: "paid", completed: true, ...open }, T0 + 3600_000)).toBe("paid");
  });

  it("underpaid (before the deadline) and review need the cashier; failed, expired, cancelled are over", () => {
    expect(salePhase({ status: "underpaid", ...open }, T0)).toBe("attention");
    expect(salePhase({ status: "review", ...open }, T0)).toBe("attention");
    expect(salePhase({ status: "review", ...open }, AT_ZERO)).toBe("attention");
    expect(salePhase({ status: "failed", ...open }, T0)).toBe("ended");
    expect(salePhase({ status: "expired", ...open }, T0)).toBe("ended");
    expect(salePhase({ status: "cancelled", ...open }, T0)).toBe("ended");
  });

  it("a refund due is over, whatever the clock says", () => {
    expect(salePhase({ status: "failed", refund_due: true, paid_amount: "10", ...open }, T0)).toBe("ended");
    expect(salePhase({ status: "failed", refund_due: true, ...open }, AT_ZERO)).toBe("ended");
  });

  it("an unknown status is treated as still waiting, never as paid", () => {
    expect(salePhase({ status: "success", ...open }, T0)).toBe("waiting");
  });

  it("polling stops only when the outcome cannot change", () => {
    expect(isSaleSettled({ status: "unpaid" })).toBe(false);
    expect(isSaleSettled({ status: "underpaid" })).toBe(false);
    expect(isSaleSettled({ status: "processing", final: false })).toBe(false);
    expect(isSaleSettled({ status: "paid", completed: false })).toBe(false);
    expect(isSaleSettled({ status: "paid", final: true, completed: false })).toBe(false);
    expect(isSaleSettled({ status: "paid", completed: true })).toBe(true);
    expect(isSaleSettled({ status: "failed" })).toBe(true);
    expect(isSaleSettled({ status: "expired" })).toBe(true);
    expect(isSaleSettled({ status: "cancelled" })).toBe(true);
    expect(isSaleSettled({ status: "review", final: false })).toBe(false);
    expect(isSaleSettled({ status: "review", final: true })).toBe(true);
    expect(isSaleSettled({ status: "success", final: true })).toBe(false);
  });
});
