import { UUID_PATTERN } from "@mixpay-pos/protocol";
import { z } from "zod";
import { cancelledWatchUntil } from "./cancelled-sale";
import type { StorageLike } from "./open-sale-store";

/**
 * The cancelled sales a till still watches, across reloads: each until MixPay's deadline plus a margin, or, once a
 * payment arrived on it, until the cashier dismisses the alert. Validated on read; anything malformed is dropped.
 */

export const CANCELLED_SALES_KEY = "mixpay-pos:terminal:cancelled-sales";
/** At most this many are kept (the oldest go first): a till cancels a handful of sales within one deadline. */
export const MAX_WATCHED_CANCELLED = 20;
/** A late-payment alert nobody dismissed is still shown this long after its watch window, then forgotten. */
const ALERT_KEEP_MS = 24 * 3600_000;

const entrySchema = z.object({
  trace_id: z
    .string()
    .regex(UUID_PATTERN)
    .refine((v) => v === v.toLowerCase()),
  cart_id: z
    .string()
    .regex(/^cart_[0-9A-Za-z]{1,64}$/)
    .optional(),
  amount: z.string().regex(/^[0-9]+(\.[0-9]+)?$/),
  currency_code: z.string().min(1).max(16),
  expires_at: z.string().nullable(),
  /** Epoch ms until which the sale is watched. */
  watch_until: z.number(),
  /** A payment arrived on it: kept (and alerted again after a reload) until the cashier dismisses it. */
  late: z.boolean().optional(),
});
const listSchema = z.object({ v: z.literal(1), sales: z.array(z.unknown()).max(MAX_WATCHED_CANCELLED) });

export type WatchedCancelledSale = z.infer<typeof entrySchema>;

export interface CancelledSaleStore {
  /** The sales still to watch (or whose late payment is still to be seen), oldest first. */
  list(now?: number): WatchedCancelledSale[];
  /** Starts watching a sale the cashier just cancelled. */
  add(sale: Omit<WatchedCancelledSale, "watch_until" | "late">, cancelledAt?: number): WatchedCancelledSale;
  /** A payment arrived on it: keep it until dismissed. */
  markLate(traceId: string): void;
  /** Stops watching it (watch over with nothing arrived, or the cashier dismissed its alert). */
  remove(traceId: string): void;
}

export function createCancelledSaleStore(storage: StorageLike | null, key = CANCELLED_SALES_KEY): CancelledSaleStore {
  let memory: WatchedCancelledSale[] = [];
  const read = (): WatchedCancelledSale[] => {
    if (!storage) return memory;
    try {
      const parsed = listSchema.safeParse(JSON.parse(storage.getItem(key) ?? "null"));
      if (!parsed.success) return [];
      // Each entry on its own: one malformed entry is dropped, not the whole list.
      return parsed.data.sales.flatMap((raw) => {
        const entry = entrySchema.safeParse(raw);
        return entry.success ? [entry.data] : [];
      });
    } catch {
      return [];
    }
  };
  const write = (sales: WatchedCancelledSale[]) => {
    memory = sales;
    if (!storage) return;
    try {
      if (sales.length) storage.setItem(key, JSON.stringify({ v: 1, sales }));
      else storage.removeItem(key);
    } catch {
      // quota or private mode: watched for this page's life only
    }
  };
  const live = (s: WatchedCancelledSale, now: number) => now <= s.watch_until + (s.late ? ALERT_KEEP_MS : 0);
  return {
    list(now = Date.now()) {
      const all = read();
      const kept = all.filter((s) => live(s, now));
      if (kept.length !== all.length) write(kept);
      return kept;
    },
    add(sale, cancelledAt = Date.now()) {
      const entry: WatchedCancelledSale = {
        ...sale,
        trace_id: sale.trace_id.toLowerCase(),
        watch_until: cancelledWatchUntil(sale.expires_at, cancelledAt),
      };
      // Not storable (a malformed amount or id): watched for this page's life only, the others stay stored.
      if (!entrySchema.safeParse(entry).success) return entry;
      const others = read().filter((s) => s.trace_id !== entry.trace_id);
      write([...others, entry].slice(-MAX_WATCHED_CANCELLED));
      return entry;
    },
    markLate(traceId) {
      const t = traceId.toLowerCase();
      write(read().map((s) => (s.trace_id === t ? { ...s, late: true } : s)));
    },
    remove(traceId) {
      const t = traceId.toLowerCase();
      write(read().filter((s) => s.trace_id !== t));
    },
  };
}
