import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPoller, type VisibilitySource } from "../src/poller";

class FakeDocument implements VisibilitySource {
  hidden = false;
  listeners = new Set<() => void>();
  addEventListener(_: "visibilitychange", l: () => void) {
    this.listeners.add(l);
  }
  removeEventListener(_: "visibilitychange", l: () => void) {
    this.listeners.delete(l);
  }
  set(hidden: boolean) {
    this.hidden = hidden;
    for (const l of this.listeners) l();
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(opts: { results?: string[]; doneAt?: string; fail?: () => boolean } = {}) {
  const doc = new FakeDocument();
  const results: string[] = [];
  const errors: unknown[] = [];
  const states: string[] = [];
  let calls = 0;
  const check = vi.fn(async () => {
    calls++;
    if (opts.fail?.()) throw new Error("down");
    return opts.results?.[calls - 1] ?? `r${calls}`;
  });
  const poller = createPoller<string>({
    check,
    onResult: (r) => results.push(r),
    onError: (e) => errors.push(e),
    onStateChange: (s) => states.push(s),
    isDone: (r) => r === opts.doneAt,
    intervalMs: 1000,
    maxIntervalMs: 8000,
    visibility: doc,
  });
  return { doc, poller, check, results, errors, states };
}

describe("createPoller", () => {
  it("checks at once, then every interval", async () => {
    const { poller, check, results } = setup();
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(results).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    poller.stop();
  });

  it("makes no request while the tab is hidden and re-checks at once when it returns", async () => {
    const { poller, check, doc, states } = setup();
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    doc.set(true);
    expect(poller.state).toBe("paused");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(check).toHaveBeenCalledTimes(1);
    doc.set(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(2); // immediately, not a full interval later
    expect(poller.state).toBe("running");
    await vi.advanceTimersByTimeAsync(1000);
    expect(check).toHaveBeenCalledTimes(3);
    expect(states).toEqual(["running", "paused", "running"]);
    poller.stop();
  });

  it("starting in a hidden tab waits until it is visible", async () => {
    const { poller, check, doc } = setup();
    doc.hidden = true;
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(check).not.toHaveBeenCalled();
    expect(poller.state).toBe("paused");
    doc.set(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    poller.stop();
  });

  it("stops by itself once the result is final, and lets go of the document", async () => {
    const { poller, check, doc, results } = setup({ results: ["unpaid", "unpaid", "paid"], doneAt: "paid" });
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(results).toEqual(["unpaid", "unpaid", "paid"]);
    expect(check).toHaveBeenCalledTimes(3);
    expect(poller.state).toBe("done");
    expect(doc.listeners.size).toBe(0);
    doc.set(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(3);
  });

  it("backs off on errors (×2 up to the ceiling) and recovers to the normal pace", async () => {
    let failing = true;
    const { poller, check, errors } = setup({ fail: () => failing });
    poller.start();
    await vi.advanceTimersByTimeAsync(0); // t=0 fails → next in 2 s
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // t=2 s fails → next in 4 s
    expect(check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4000); // t=6 s fails → next in 8 s
    expect(check).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(8000); // t=14 s fails → capped at 8 s
    expect(check).toHaveBeenCalledTimes(4);
    failing = false;
    await vi.advanceTimersByTimeAsync(8000); // succeeds → back to 1 s
    expect(check).toHaveBeenCalledTimes(5);
    await vi.advanceTimersByTimeAsync(1000);
    expect(check).toHaveBeenCalledTimes(6);
    poller.stop();
  });

  it("never runs two checks at once", async () => {
    const doc = new FakeDocument();
    let resolve: ((v: string) => void) | undefined;
    const check = vi.fn(
      () =>
        new Promise<string>((r) => {
          resolve = r;
        }),
    );
    const poller = createPoller({ check, onResult: () => {}, intervalMs: 1000, visibility: doc });
    poller.start();
    poller.checkNow();
    doc.set(true);
    doc.set(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(check).toHaveBeenCalledTimes(1);
    resolve?.("x");
    await vi.advanceTimersByTimeAsync(1000);
    expect(check).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it("stop aborts the check in flight and drops its answer", async () => {
    const doc = new FakeDocument();
    let signal: AbortSignal | undefined;
    const onResult = vi.fn();
    const poller = createPoller({
      check: (s) => {
        signal = s;
        return new Promise<string>((r) => setTimeout(() => r("late"), 500));
      },
      onResult,
      visibility: doc,
    });
    poller.start();
    poller.stop();
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onResult).not.toHaveBeenCalled();
    expect(poller.state).toBe("stopped");
  });

  it("checkNow checks immediately and resets the pace", async () => {
    const { poller, check } = setup();
    poller.start();
    await vi.advanceTimersByTimeAsync(500);
    poller.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledTimes(3);
    poller.stop();
  });
});
