import {
  type CancelledSaleLike,
  isCancelledWatchDone,
  type LatePaymentAlert,
  latePaymentAlert,
} from "./cancelled-sale";
import type { CancelledSaleStore, WatchedCancelledSale } from "./cancelled-sale-store";
import type { Timers, VisibilitySource } from "./poller";
import { type SaleWatch, watchSale } from "./watch-sale";

/**
 * Quietly watches every sale the till cancelled (from `CancelledSaleStore`, so across reloads), each with the
 * engine's `watchSale` until MixPay's deadline plus a margin, and reports the late payments: a cancelled sale that
 * money arrived on becomes a notice the till shows as an alert until the cashier dismisses it. Both tills use this;
 * they only say how to ask for a sale's status and draw the notices.
 */

export interface LatePaymentNotice {
  traceId: string;
  alert: LatePaymentAlert;
}

export interface CancelledSalesWatcherOptions<T extends CancelledSaleLike> {
  store: CancelledSaleStore;
  /** One status check of a sale (the status route the till already uses). */
  check: (traceId: string, signal: AbortSignal) => Promise<T>;
  /** The late payments to show, and the sales still watched, whenever either changes. */
  onChange: (notices: LatePaymentNotice[], watching: WatchedCancelledSale[]) => void;
  /** Between checks of one cancelled sale (default 5 s: quieter than an open sale's 2 s). */
  intervalMs?: number;
  visibility?: VisibilitySource | null;
  timers?: Timers;
  now?: () => number;
}

export interface CancelledSalesWatcher {
  /** Watches the stored cancelled sales (call once the till is up). */
  start(): void;
  /** A sale the cashier just cancelled, as the server answered the cancel. */
  add(sale: Omit<WatchedCancelledSale, "watch_until" | "late">): void;
  /** The cashier read the alert: forget the sale. */
  dismiss(traceId: string): void;
  stop(): void;
}

export function watchCancelledSales<T extends CancelledSaleLike>(
  opts: CancelledSalesWatcherOptions<T>,
): CancelledSalesWatcher {
  const now = opts.now ?? Date.now;
  const watches = new Map<string, SaleWatch>();
  const notices = new Map<string, LatePaymentAlert>();
  let started = false;

  const emit = () => {
    const watching = opts.store.list(now()).filter((s) => watches.has(s.trace_id));
    opts.onChange(
      [...notices].map(([traceId, alert]) => ({ traceId, alert })),
      watching,
    );
  };

  const begin = (entry: WatchedCancelledSale) => {
    if (watches.has(entry.trace_id)) return;
    const traceId = entry.trace_id;
    let late = false;
    const watch = watchSale<T>({
      check: (signal) => opts.check(traceId, signal),
      intervalMs: opts.intervalMs ?? 5_000,
      maxIntervalMs: 60_000,
      ...(opts.visibility !== undefined ? { visibility: opts.visibility } : {}),
      ...(opts.timers ? { timers: opts.timers } : {}),
      onResult: (sale) => {
        const alert = latePaymentAlert({
          ...sale,
          cancelled: sale.cancelled ?? true,
          amount: sale.amount ?? entry.amount,
          currency_code: sale.currency_code ?? entry.currency_code,
          trace_id: traceId,
        });
        late = alert !== null;
        if (alert) {
          if (!entry.late) opts.store.markLate(traceId);
          notices.set(traceId, alert);
        } else notices.delete(traceId);
        emit();
      },
      isDone: (sale) => isCancelledWatchDone(sale, now(), entry.watch_until),
      onStateChange: (state) => {
        if (state !== "done") return;
        watches.delete(traceId);
        // Nothing arrived by the end of the window (or the order was made after all): forget it.
        if (!late) opts.store.remove(traceId);
        emit();
      },
    });
    watches.set(traceId, watch);
    watch.start();
  };

  return {
    start() {
      if (started) return;
      started = true;
      for (const entry of opts.store.list(now())) begin(entry);
      emit();
    },
    add(sale) {
      const entry = opts.store.add(sale, now());
      if (started) begin(entry);
      emit();
    },
    dismiss(traceId) {
      const t = traceId.toLowerCase();
      watches.get(t)?.stop();
      watches.delete(t);
      notices.delete(t);
      opts.store.remove(t);
      emit();
    },
    stop() {
      started = false;
      for (const w of watches.values()) w.stop();
      watches.clear();
    },
  };
}
