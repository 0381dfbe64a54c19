import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CancelledSaleLike } from "../src/cancelled-sale";
import { createCancelledSaleStore } from "../src/cancelled-sale-store";
import { type LatePaymentNotice, watchCancelledSales } from "../src/cancelled-sales-watcher";
import { MemoryStorage } from "../src/open-sale-store";

const TRACE = "3f2a9c1e-0d4b-4c8e-9a7f-1b2c3d4e7b21";
const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const entry = {
  trace_id: TRACE,
  amount: "6.3",
  currency_code: "usd",
  expires_at: new Date(T0 + 60_000).toISOString(),
};

describe("watchCancelledSales: a payment after Cancel is never silent", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("raises a notice when the cancelled sale gets paid, and again after a reload until dismissed", async () => {
    const storage = new MemoryStorage();
    let server: CancelledSaleLike = { ...entry, status: "unpaid", cancelled: true };
    const check = vi.fn(async () => ({ ...server }));
    let notices: LatePaymentNotice[] = [];
    const w = watchCancelledSales({
      store: createCancelledSaleStore(storage),
      check,
      onChange: (n) => {
        notices = n;
      },
      intervalMs: 1000,
    });
    w.start();
    w.add(entry);
    await vi.advanceTimersByTimeAsync(50);
    expect(check).toHaveBeenCalledWith(TRACE, expect.anything());
    expect(notices).toEqual([]);
    server = { ...server, status: "paid", paid_amount: "6.3", paid_symbol: "USDT" };
    await vi.advanceTimersByTimeAsync(1100);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.alert.arrived).toContain("6.3 USDT arrived for the cancelled sale of 6.30 USD");
    const calls = check.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(check.mock.calls.length).toBe(calls); // paid is final: the watch ended

    // a reload: the same storage, a new watcher, the alert is back
    let after: LatePaymentNotice[] = [];
    const reloaded = watchCancelledSales({
      store: createCancelledSaleStore(storage),
      check,
      onChange: (n) => {
        after = n;
      },
    });
    reloaded.start();
    await vi.advanceTimersByTimeAsync(50);
    expect(after.map((n) => n.traceId)).toEqual([TRACE]);
    reloaded.dismiss(TRACE);
    expect(after).toEqual([]);
    expect(createCancelledSaleStore(storage).list()).toEqual([]);
  });

  it("forgets a cancelled sale nobody paid once MixPay's deadline plus the margin has passed", async () => {
    const storage = new MemoryStorage();
    const check = vi.fn(async () => ({ ...entry, status: "unpaid", cancelled: true }));
    let watching = -1;
    const w = watchCancelledSales({
      store: createCancelledSaleStore(storage),
      check,
      onChange: (_n, list) => {
        watching = list.length;
      },
      intervalMs: 60_000,
    });
    w.start();
    w.add(entry);
    await vi.advanceTimersByTimeAsync(50);
    expect(watching).toBe(1);
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(watching).toBe(0);
    expect(createCancelledSaleStore(storage).list()).toEqual([]);
    const calls = check.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(check.mock.calls.length).toBe(calls);
  });
});
