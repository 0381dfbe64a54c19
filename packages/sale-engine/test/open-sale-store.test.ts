import { describe, expect, it } from "vitest";
import {
  createOpenSaleStore,
  MemoryStorage,
  OPEN_SALE_KEY,
  RESUME_GRACE_MS,
  type StorageLike,
} from "../src/open-sale-store";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const TRACE = "0b1f3c4e-8a2d-5b6c-9d7e-1f2a3b4c5d6e";
const sale = {
  trace_id: TRACE,
  expires_at: new Date(T0 + 15 * 60_000).toISOString(),
  amount: "12.50",
  currency_code: "usd",
};

describe("open sale storage", () => {
  it("a sale saved before a reload is found again after it (a new store on the same storage)", () => {
    const storage = new MemoryStorage();
    createOpenSaleStore(storage).save(sale, T0);
    const afterReload = createOpenSaleStore(storage);
    expect(afterReload.load(T0 + 60_000)).toEqual({ ...sale, saved_at: new Date(T0).toISOString() });
  });

  it("still resumes shortly after expiry (to show how it ended), then forgets it", () => {
    const storage = new MemoryStorage();
    const store = createOpenSaleStore(storage);
    store.save(sale, T0);
    const expiry = Date.parse(sale.expires_at);
    expect(store.load(expiry + RESUME_GRACE_MS)?.trace_id).toBe(TRACE);
    expect(store.load(expiry + RESUME_GRACE_MS + 1)).toBeNull();
    expect(storage.map.has(OPEN_SALE_KEY)).toBe(false);
  });

  it("drops anything malformed instead of resuming it", () => {
    const storage = new MemoryStorage();
    const store = createOpenSaleStore(storage);
    for (const bad of [
      "{not json",
      JSON.stringify({ v: 1, ...sale, trace_id: "../../admin", saved_at: "x" }),
      JSON.stringify({ v: 1, ...sale, amount: 12.5, saved_at: "x" }),
      JSON.stringify({ v: 2, ...sale, saved_at: "x" }),
      JSON.stringify(null),
    ]) {
      storage.setItem(OPEN_SALE_KEY, bad);
      expect(store.load(T0)).toBeNull();
      expect(storage.map.has(OPEN_SALE_KEY)).toBe(false);
    }
  });

  it("clear(traceId) only forgets that sale (another tab may have started a newer one)", () => {
    const storage = new MemoryStorage();
    const store = createOpenSaleStore(storage);
    store.save(sale, T0);
    store.clear("11111111-1111-1111-1111-111111111111");
    expect(store.load(T0)?.trace_id).toBe(TRACE);
    store.clear(TRACE.toUpperCase());
    expect(store.load(T0)).toBeNull();
  });

  it("works without storage, and survives storage that throws", () => {
    const none = createOpenSaleStore(null);
    none.save(sale, T0);
    expect(none.load(T0)).toBeNull();
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    };
    const store = createOpenSaleStore(throwing);
    expect(() => store.save(sale, T0)).not.toThrow();
    expect(store.load(T0)).toBeNull();
    expect(() => store.clear()).not.toThrow();
  });

  it("a sale without an expiry is kept for a day at most", () => {
    const storage = new MemoryStorage();
    const store = createOpenSaleStore(storage);
    store.save({ ...sale, expires_at: null }, T0);
    expect(store.load(T0 + 23 * 3600_000)?.trace_id).toBe(TRACE);
    expect(store.load(T0 + 25 * 3600_000)).toBeNull();
  });
});
