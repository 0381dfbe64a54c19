import { describe, expect, it } from "vitest";
import { isSaleSettled, salePhase } from "../src/lib/sale-phase";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const open = { expires_at: new Date(T0 + 60_000).toISOString() };

describe("terminal sale phase", () => {
  it("shows the QR while unpaid or confirming, and 'expiring' once the clock runs out before the server says so", () => {
    expect(salePhase({ status: "unpaid", ...open }, T0)).toBe("waiting");
    expect(salePhase({ status: "processing", ...open }, T0)).toBe("waiting");
    expect(salePhase({ status: "unpaid", ...open }, T0 + 60_000)).toBe("expiring");
  });

  it("a paid sale is 'completing' until its order exists, then 'paid'", () => {
    expect(salePhase({ status: "paid", completed: false, ...open }, T0)).toBe("completing");
    expect(salePhase({ status: "paid", completed: true, ...open }, T0)).toBe("paid");
    // paid after the countdown ran out is still paid
    expect(salePhase({ status: "paid", completed: true, ...open }, T0 + 3600_000)).toBe("paid");
  });

  it("underpaid and review need the cashier; failed and expired are over", () => {
    expect(salePhase({ status: "underpaid", ...open }, T0)).toBe("attention");
    expect(salePhase({ status: "review", ...open }, T0)).toBe("attention");
    expect(salePhase({ status: "failed", ...open }, T0)).toBe("ended");
    expect(salePhase({ status: "expired", ...open }, T0)).toBe("ended");
  });

  it("an unknown status is treated as still waiting, never as paid", () => {
    expect(salePhase({ status: "success", ...open }, T0)).toBe("waiting");
  });

  it("polling stops only when the outcome cannot change", () => {
    expect(isSaleSettled({ status: "unpaid" })).toBe(false);
    expect(isSaleSettled({ status: "underpaid" })).toBe(false);
    expect(isSaleSettled({ status: "paid", completed: false })).toBe(false);
    expect(isSaleSettled({ status: "paid", completed: true })).toBe(true);
    expect(isSaleSettled({ status: "failed" })).toBe(true);
    expect(isSaleSettled({ status: "expired" })).toBe(true);
    expect(isSaleSettled({ status: "review", final: false })).toBe(false);
    expect(isSaleSettled({ status: "review", final: true })).toBe(true);
  });
});
