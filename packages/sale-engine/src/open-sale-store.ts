import { UUID_PATTERN } from "@mixpay-pos/protocol";
import { z } from "zod";

/**
 * Remembers the terminal's open sale so a page reload mid-payment resumes it instead of losing the QR code
 * (and the cashier creating a second payment for the same customer). Only what is needed to find the sale
 * again is stored: its trace id and expiry, the amount for the screen while the sale reloads, and its cart. What comes
 * back from storage is validated: anything malformed, or a sale long past its expiry, is dropped.
 */

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const OPEN_SALE_KEY = "mixpay-pos:terminal:open-sale";
/** A sale is still resumed this long after it expired (so the cashier sees how it ended), then forgotten. */
export const RESUME_GRACE_MS = 15 * 60_000;

const openSaleSchema = z.object({
  v: z.literal(1),
  /** As the plugin hands it out: a lower-case UUID. */
  trace_id: z
    .string()
    .regex(UUID_PATTERN)
    .refine((v) => v === v.toLowerCase()),
  expires_at: z.string().nullable(),
  amount: z.string().regex(/^[0-9]+(\.[0-9]+)?$/),
  currency_code: z.string().min(1).max(16),
  /** The sale's cart, so "Try again" after a reload pays the same cart with a fresh payment. */
  cart_id: z
    .string()
    .regex(/^cart_[0-9A-Za-z]{1,64}$/)
    .optional(),
  saved_at: z.string(),
});

export type OpenSale = Omit<z.infer<typeof openSaleSchema>, "v">;

export interface OpenSaleStore {
  save(sale: Omit<OpenSale, "saved_at">, now?: number): void;
  /** The open sale to resume, or null (nothing stored, malformed, or expired longer than the grace period). */
  load(now?: number): OpenSale | null;
  /** Forgets the open sale; with a trace id only when it is that sale (another tab may have started a new one). */
  clear(traceId?: string): void;
}

/** Safe access to localStorage (absent, or throwing in private modes): null when it cannot be used. */
export function browserStorage(): StorageLike | null {
  try {
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!storage) return null;
    const probe = `${OPEN_SALE_KEY}:probe`;
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

export function createOpenSaleStore(storage: StorageLike | null, key = OPEN_SALE_KEY): OpenSaleStore {
  const read = (): OpenSale | null => {
    if (!storage) return null;
    let raw: string | null;
    try {
      raw = storage.getItem(key);
    } catch {
      return null;
    }
    if (!raw) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = null;
    }
    const parsed = openSaleSchema.safeParse(json);
    if (!parsed.success) {
      remove();
      return null;
    }
    const { v: _version, ...sale } = parsed.data;
    return sale;
  };
  const remove = () => {
    try {
      storage?.removeItem(key);
    } catch {
      // storage went away: nothing to forget
    }
  };
  return {
    save(sale, now = Date.now()) {
      if (!storage) return;
      const value = {
        v: 1 as const,
        ...sale,
        trace_id: sale.trace_id.toLowerCase(),
        saved_at: new Date(now).toISOString(),
      };
      try {
        storage.setItem(key, JSON.stringify(value));
      } catch {
        // quota or private mode: the sale still works, it just will not survive a reload
      }
    },
    load(now = Date.now()) {
      const sale = read();
      if (!sale) return null;
      const expires = sale.expires_at ? Date.parse(sale.expires_at) : Number.NaN;
      const stale = Number.isFinite(expires)
        ? now > expires + RESUME_GRACE_MS
        : now > Date.parse(sale.saved_at) + 24 * 3600_000;
      if (stale) {
        remove();
        return null;
      }
      return sale;
    },
    clear(traceId) {
      if (traceId) {
        const current = read();
        if (current && current.trace_id !== traceId.toLowerCase()) return;
      }
      remove();
    },
  };
}

/**
 * A StorageLike kept in memory: for a till that must not touch the browser's storage, server rendering, and tests.
 * Nothing survives a reload.
 */
export class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}
