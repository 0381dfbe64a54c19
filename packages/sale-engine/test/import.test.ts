import { describe, expect, it } from "vitest";

describe("the engine at import", () => {
  it("loads with no DOM (no document, window or localStorage) and touches none until asked", async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    const engine = await import("../src/index");
    expect(typeof engine.watchSale).toBe("function");
    expect(engine.browserStorage()).toBeNull(); // feature-detected: no localStorage here
    const poller = engine.createPoller({ check: async () => 1, onResult: () => {}, isDone: () => true });
    expect(poller.state).toBe("idle"); // no document: always visible, nothing listened to
  });
});
