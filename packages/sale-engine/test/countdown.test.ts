import { describe, expect, it } from "vitest";
import { countdown, deadlineLabel, formatDuration, msUntilNextTick, parseInstant } from "../src/countdown";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");

describe("countdown", () => {
  it("counts whole seconds up, so 0:00 only shows once expired", () => {
    const exp = new Date(T0 + 90_000).toISOString();
    expect(countdown(exp, T0)).toMatchObject({
      remainingSeconds: 90,
      label: "1:30",
      expired: false,
      urgency: "warning",
    });
    expect(countdown(exp, T0 + 89_001)).toMatchObject({ remainingSeconds: 1, label: "0:01", expired: false });
    expect(countdown(exp, T0 + 90_000)).toMatchObject({
      remainingMs: 0,
      label: "0:00",
      expired: true,
      urgency: "expired",
    });
    expect(countdown(exp, T0 + 500_000)).toMatchObject({ remainingMs: 0, expired: true });
  });

  it("warns under two minutes and is critical under thirty seconds (configurable)", () => {
    const exp = T0 + 15 * 60_000;
    expect(countdown(exp, exp - 120_001)?.urgency).toBe("normal");
    expect(countdown(exp, exp - 120_000)?.urgency).toBe("warning");
    expect(countdown(exp, exp - 30_000)?.urgency).toBe("critical");
    expect(countdown(exp, exp - 60_000, { warningMs: 300_000, criticalMs: 60_000 })?.urgency).toBe("critical");
  });

  it("shows hours past sixty minutes", () => {
    expect(countdown(T0 + 2 * 3600_000 + 5_000, T0)?.label).toBe("2:00:05");
    expect(formatDuration(3661)).toBe("1:01:01");
    expect(formatDuration(59)).toBe("0:59");
    expect(formatDuration(-3)).toBe("0:00");
  });

  it("has no countdown without a valid expiry", () => {
    expect(countdown(null, T0)).toBeNull();
    expect(countdown("not a date", T0)).toBeNull();
    expect(parseInstant("")).toBeNull();
    expect(parseInstant(new Date(T0))).toBe(T0);
  });

  it("schedules the next tick when the label changes", () => {
    expect(msUntilNextTick(T0 + 10_250, T0)).toBe(250);
    expect(msUntilNextTick(T0 + 10_000, T0)).toBe(1000);
    expect(msUntilNextTick(T0, T0)).toBeNull();
  });

  it("at zero says what the status means: never 'Expired' until MixPay says expired", () => {
    const exp = T0 + 60_000;
    const running = countdown(exp, T0 + 15_000);
    const zero = countdown(exp, exp + 5_000);
    if (!running || !zero) throw new Error("no countdown");
    expect(deadlineLabel(running, "processing")).toBe("0:45");
    expect(deadlineLabel(running, "unpaid")).toBe("0:45");
    expect(deadlineLabel(zero, "processing")).toBe("Checking confirmations");
    expect(deadlineLabel(zero, "unpaid")).toBe("Deadline passed");
    expect(deadlineLabel(zero, "underpaid")).toBe("Deadline passed");
    expect(deadlineLabel(zero, "review")).toBe("Deadline passed");
    expect(deadlineLabel(zero, undefined)).toBe("Deadline passed");
    expect(deadlineLabel(zero, "expired")).toBe("Expired");
    expect(deadlineLabel(zero, "failed")).toBe("Ended");
    expect(deadlineLabel(zero, "cancelled")).toBe("Ended");
  });
});
