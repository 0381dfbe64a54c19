import {
  createCancelledSaleStore,
  type LatePaymentNotice,
  type StorageLike,
  type WatchedCancelledSale,
  watchCancelledSales,
} from "@mixpay-pos/sale-engine";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { TerminalSale } from "../lib/schemas";
import { useMixpayClient } from "./context";

export interface CancelledSales {
  /** Late payments on cancelled sales, to show as alerts until dismissed. */
  notices: LatePaymentNotice[];
  /** The cancelled sales still watched (until MixPay's deadline plus a margin). */
  watching: WatchedCancelledSale[];
  /** Starts watching a sale the cashier just cancelled (Cancel's answer). */
  add: (sale: TerminalSale) => void;
  dismiss: (traceId: string) => void;
}

/**
 * The terminal's cancelled sales, watched quietly by the engine's `watchCancelledSales` (remembered in `storage`
 * across reloads) until MixPay's deadline: a payment that still arrives becomes a notice.
 */
export function useCancelledSales(storage: StorageLike | null, intervalMs?: number): CancelledSales {
  const client = useMixpayClient();
  const [notices, setNotices] = useState<LatePaymentNotice[]>([]);
  const [watching, setWatching] = useState<WatchedCancelledSale[]>([]);
  const watcher = useMemo(
    () =>
      watchCancelledSales<TerminalSale>({
        store: createCancelledSaleStore(storage),
        check: (traceId, signal) => client.getSale(traceId, { signal }),
        onChange: (n, w) => {
          setNotices(n);
          setWatching(w);
        },
        ...(intervalMs ? { intervalMs } : {}),
      }),
    [client, storage, intervalMs],
  );
  useEffect(() => {
    watcher.start();
    return () => watcher.stop();
  }, [watcher]);
  const add = useCallback(
    (sale: TerminalSale) =>
      watcher.add({
        trace_id: sale.trace_id,
        amount: sale.amount ?? sale.quote_amount ?? "0",
        currency_code: sale.currency_code ?? sale.quote_asset_id ?? "",
        expires_at: sale.expires_at ?? null,
        ...(sale.cart_id ? { cart_id: sale.cart_id } : {}),
      }),
    [watcher],
  );
  return { notices, watching, add, dismiss: watcher.dismiss };
}
