import type { StorageLike } from "@mixpay-pos/sale-engine";

/** localStorage for tests: a Map behind the three methods the open-sale store uses. */
export class MemoryStorage implements StorageLike {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}
