import { describe, expect, it } from "vitest";
import { attentionText, MIXPAY_STATUSES, statusDisplay } from "../src/lib/status";

describe("statusDisplay", () => {
  it("gives every verified status its own label, colour and guidance", () => {
    const rows = MIXPAY_STATUSES.map((s) => [
      s,
      statusDisplay(s).label,
      statusDisplay(s).color,
      statusDisplay(s).final,
    ]);
    expect(rows).toEqual([
      ["unpaid", "Waiting for payment", "blue", false],
      ["processing", "Confirming", "blue", false],
      ["paid", "Paid", "green", true],
      ["underpaid", "Underpaid", "orange", false],
      ["failed", "Failed", "red", true],
      ["expired", "Expired", "grey", true],
      ["review", "Needs review", "purple", false],
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
    expect(statusDisplay("underpaid").guidance).toMatch(/pay the rest/);
    expect(statusDisplay("review").guidance).toMatch(/never accepted automatically/);
  });

  it("words the plugin's attention flags", () => {
    expect(attentionText("late_payment")).toMatch(/after it expired/);
    expect(attentionText("paid_after_cancel")).toMatch(/no order was created/);
    expect(attentionText("something_new")).toBe("Flagged: something_new");
    expect(attentionText(null)).toBeNull();
  });
});
