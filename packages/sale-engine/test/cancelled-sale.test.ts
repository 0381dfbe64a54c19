import { describe, expect, it } from "vitest";
import {
  CANCEL_WATCH_MARGIN_MS,
  cancelledWatchUntil,
  isCancelledWatchDone,
  latePaymentAlert,
  shortTraceId,
} from "../src/cancelled-sale";
import { createCancelledSaleStore, MAX_WATCHED_CANCELLED } from "../src/cancelled-sale-store";
import { MemoryStorage } from "../src/open-sale-store";
import { isSaleSettled, salePhase } from "../src/sale-phase";
import { saleView } from "../src/sale-view";
import { attentionText } from "../src/status";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const TRACE = "3f2a9c1e-0d4b-4c8e-9a7f-1b2c3d4e7b21";
const base = {
  trace_id: TRACE,
  expires_at: new Date(T0 + 600_000).toISOString(),
  amount: "1500",
  currency_code: "jpy",
  cancelled: true,
};

describe("a cancelled sale: QR code and countdown down at once, watched until the deadline", () => {
  it("is its own phase, with no QR code, no countdown and 'Cancelled' (not 'Waiting for payment')", () => {
    const v = saleView({ ...base, status: "unpaid" }, T0);
    expect(v).toMatchObject({ phase: "cancelled", showQr: false, showCountdown: false, latePayment: null });
    expect(v.display).toMatchObject({ label: "Cancelled", tone: "ended", refundDue: false });
    expect(v.guidance).toContain("stays payable at MixPay for another 10:00");
    expect(v.guidance).toContain("raises an alert if the customer pays anyway");
    expect(v.amountText).toBe("1,500 JPY");
    // settled for its sale screen: the background watch takes over
    expect(isSaleSettled({ ...base, status: "unpaid" })).toBe(true);
    // a cancelled sale whose order was made after all is paid, like any other
    expect(salePhase({ ...base, status: "paid", completed: true }, T0)).toBe("paid");
  });

  it("a full payment after Cancel is an alert: what arrived, no order, and both choices", () => {
    const v = saleView({ ...base, status: "paid", paid_amount: "9.87", paid_symbol: "USDT", completed: false }, T0);
    expect(v).toMatchObject({ phase: "cancelled", showQr: false, showCountdown: false });
    expect(v.display).toMatchObject({ label: "Paid after Cancel", tone: "problem" });
    expect(v.latePayment).toEqual({
      title: "Payment after Cancel",
      arrived: "9.87 USDT arrived for the cancelled sale of 1,500 JPY (trace 3f2a9c1e…7b21). No order was made.",
      action: expect.stringContaining('"Make the order"'),
    });
    expect(v.latePayment?.action).toContain("refund the customer");
    expect(v.latePayment?.action).toContain("MixPay payments");
  });

  it("an underpayment or a payment MixPay is confirming after Cancel is an alert too", () => {
    const under = latePaymentAlert({ ...base, status: "underpaid", paid_amount: "3", paid_symbol: "USDT" });
    expect(under?.arrived).toBe(
      "Part of the amount arrived (3 USDT) for the cancelled sale of 1,500 JPY (trace 3f2a9c1e…7b21). No order was made.",
    );
    const confirming = latePaymentAlert({ ...base, status: "processing" });
    expect(confirming?.title).toBe("A payment is being confirmed after Cancel");
    expect(confirming?.arrived).toContain("No order was made.");
    // nothing arrived, not cancelled, or the order was made after all: no alert
    expect(latePaymentAlert({ ...base, status: "unpaid" })).toBeNull();
    expect(latePaymentAlert({ ...base, status: "expired" })).toBeNull();
    expect(latePaymentAlert({ ...base, cancelled: false, status: "paid", paid_amount: "9" })).toBeNull();
    expect(latePaymentAlert({ ...base, status: "paid", paid_amount: "9", completed: true })).toBeNull();
  });

  it("is watched until MixPay's deadline plus a margin, or until its outcome is final", () => {
    const until = cancelledWatchUntil(base.expires_at, T0);
    expect(until).toBe(T0 + 600_000 + CANCEL_WATCH_MARGIN_MS);
    expect(isCancelledWatchDone({ ...base, status: "unpaid" }, until, until)).toBe(false);
    expect(isCancelledWatchDone({ ...base, status: "unpaid" }, until + 1, until)).toBe(true);
    expect(isCancelledWatchDone({ ...base, status: "processing" }, T0, until)).toBe(false);
    expect(isCancelledWatchDone({ ...base, status: "underpaid" }, T0, until)).toBe(false);
    expect(isCancelledWatchDone({ ...base, status: "paid" }, T0, until)).toBe(true);
    expect(isCancelledWatchDone({ ...base, status: "expired" }, T0, until)).toBe(true);
  });

  it("the attention flag paid_after_cancel names both choices", () => {
    const text = attentionText("paid_after_cancel");
    expect(text).toContain("no order was created");
    expect(text).toContain('"Make the order"');
    expect(text).toContain("refund the customer");
  });

  it("shortens a trace id to its first 8 and last 4 characters", () => {
    expect(shortTraceId(TRACE)).toBe("3f2a9c1e…7b21");
    expect(shortTraceId(null)).toBe("—");
  });
});

describe("createCancelledSaleStore: the watched cancelled sales across reloads", () => {
  const entry = { trace_id: TRACE, amount: "1500", currency_code: "jpy", expires_at: base.expires_at };

  it("keeps a cancelled sale until its watch window ends, across a new store on the same storage", () => {
    const storage = new MemoryStorage();
    createCancelledSaleStore(storage).add({ ...entry, trace_id: TRACE.toUpperCase() }, T0);
    const reloaded = createCancelledSaleStore(storage);
    const until = T0 + 600_000 + CANCEL_WATCH_MARGIN_MS;
    expect(reloaded.list(T0)).toEqual([{ ...entry, watch_until: until }]);
    expect(reloaded.list(until + 1)).toEqual([]);
    expect(storage.map.size).toBe(0);
  });

  it("keeps one with a late payment past its window until dismissed", () => {
    const storage = new MemoryStorage();
    const store = createCancelledSaleStore(storage);
    const { watch_until } = store.add(entry, T0);
    store.markLate(TRACE);
    expect(createCancelledSaleStore(storage).list(watch_until + 3600_000)).toHaveLength(1);
    store.remove(TRACE);
    expect(store.list(T0)).toEqual([]);
  });

  it("drops malformed storage and keeps at most the newest MAX_WATCHED_CANCELLED", () => {
    const storage = new MemoryStorage();
    storage.setItem(
      "mixpay-pos:terminal:cancelled-sales",
      JSON.stringify({ v: 1, sales: [{ trace_id: "<script>" }, { ...entry, watch_until: T0 + 1 }] }),
    );
    const store = createCancelledSaleStore(storage);
    expect(store.list(T0)).toEqual([{ ...entry, watch_until: T0 + 1 }]); // only the malformed one is dropped
    store.remove(TRACE);
    // an entry that cannot be stored is not written (and does not spoil the others)
    store.add({ ...entry, amount: "not money" }, T0);
    expect(store.list(T0)).toEqual([]);
    for (let i = 0; i < MAX_WATCHED_CANCELLED + 3; i++) {
      store.add({ ...entry, trace_id: `${TRACE.slice(0, -2)}${String(i).padStart(2, "0")}` }, T0);
    }
    const kept = store.list(T0);
    expect(kept).toHaveLength(MAX_WATCHED_CANCELLED);
    expect(kept[0]?.trace_id.endsWith("03")).toBe(true);
  });

  it("works without storage, for the page's life", () => {
    const store = createCancelledSaleStore(null);
    store.add(entry, T0);
    expect(store.list(T0)).toHaveLength(1);
  });
});
