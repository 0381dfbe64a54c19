import { browserStorage, CREATING_PAYMENT_TEXT, createOpenSaleStore, type StorageLike } from "@mixpay-pos/sale-engine";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useCancelledSales } from "../hooks/cancelled-sales";
import { mixpayKeys, useCreateSale, useStoreName } from "../hooks/queries";
import type { SaleStreamSource } from "../hooks/sale-status";
import type { CreateSaleInput, TerminalSale } from "../lib/schemas";
import { KeypadScreen } from "./terminal/Keypad";
import { LatePaymentAlerts } from "./terminal/LatePaymentAlerts";
import { SaleScreen } from "./terminal/SaleScreen";
import { SCREEN_READER_ONLY } from "./terminal/touch";

export interface MixpayTerminalProps {
  /** Where the open sale is remembered across reloads (default: localStorage; null: not remembered). */
  storage?: StorageLike | null;
  /** Link to the MixPay settings page, shown when MixPay is not ready. */
  settingsHref?: string;
  /** Status polling pace in ms (default 2000). */
  pollIntervalMs?: number;
  /** Printed at the top of the receipt (default: the store's name from Medusa's admin store API). */
  shopName?: string;
  /** Where a late payment's alert sends the cashier (the admin's MixPay payments page). */
  paymentsHref?: string;
  /**
   * A sale's pushed-status stream (server-sent events whose data is the poll route's body). When given, updates
   * arrive as they happen and polling covers only while the stream is down; when absent, the terminal polls.
   */
  streamUrl?: (traceId: string) => SaleStreamSource | string | null;
}

/**
 * The cashier's screen for in-person sales: amount on a keypad (or an open cart) → a large QR code with the
 * amount and a countdown → live status → a printable receipt, or what to do when the payment is underpaid,
 * failed or expired. The open sale is remembered, so a reload mid-payment comes back to it. The logic is the
 * sale engine's (@mixpay-pos/sale-engine); these components only draw it.
 */
export function MixpayTerminal({
  storage,
  settingsHref = "/app/settings/mixpay",
  paymentsHref = "/app/mixpay-payments",
  pollIntervalMs,
  shopName,
  streamUrl,
}: MixpayTerminalProps) {
  const saved = useMemo(() => (storage === undefined ? browserStorage() : storage), [storage]);
  const store = useMemo(() => createOpenSaleStore(saved), [saved]);
  const [resumed] = useState(() => store.load());
  const [traceId, setTraceId] = useState<string | null>(resumed?.trace_id ?? null);
  const [created, setCreated] = useState<TerminalSale | null>(null);
  const [wasResumed, setWasResumed] = useState(Boolean(resumed));
  const [saleStatus, setSaleStatus] = useState("");
  const [hadSale, setHadSale] = useState(false);
  const queryClient = useQueryClient();
  const createSale = useCreateSale();
  const cancelled = useCancelledSales(saved, pollIntervalMs);
  const storeName = useStoreName(shopName === undefined);
  const stream = useMemo(() => {
    if (!streamUrl) return null;
    return (id: string): SaleStreamSource | null => {
      const source = streamUrl(id);
      return typeof source === "string" ? { url: source } : source;
    };
  }, [streamUrl]);

  const start = useCallback(
    (input: CreateSaleInput) => {
      createSale.mutate(input, {
        onSuccess: (sale) => {
          store.save({
            trace_id: sale.trace_id,
            expires_at: sale.expires_at,
            amount: sale.amount ?? ("amount" in input ? input.amount : "0"),
            currency_code: sale.currency_code ?? ("currency_code" in input ? input.currency_code : ""),
          });
          setCreated(sale);
          setWasResumed(false);
          setTraceId(sale.trace_id);
        },
      });
    },
    [createSale, store],
  );

  const newSale = useCallback(() => {
    if (traceId) store.clear(traceId);
    setHadSale(true);
    setSaleStatus("");
    setTraceId(null);
    setCreated(null);
    setWasResumed(false);
    createSale.reset();
    void queryClient.invalidateQueries({ queryKey: mixpayKeys.carts() });
  }, [createSale, queryClient, store, traceId]);

  // The terminal's one aria-live region: "Creating payment…", then each status of the sale.
  const announcement = createSale.isPending ? CREATING_PAYMENT_TEXT : traceId ? saleStatus : "";
  return (
    <div
      data-testid="mixpay-terminal"
      data-phase={traceId ? "sale" : "keypad"}
      className="flex min-w-0 flex-col gap-y-3"
    >
      <div data-testid="mixpay-terminal-live" aria-live="polite" aria-atomic="true" style={SCREEN_READER_ONLY}>
        {announcement}
      </div>
      <LatePaymentAlerts
        notices={cancelled.notices}
        watchingCount={cancelled.watching.length}
        paymentsHref={paymentsHref}
        onDismiss={cancelled.dismiss}
      />
      {traceId ? (
        <SaleScreen
          traceId={traceId}
          created={created}
          resumed={wasResumed}
          pollIntervalMs={pollIntervalMs}
          stream={stream}
          shopName={shopName ?? storeName.data ?? undefined}
          onNewSale={newSale}
          onCancelled={(sale) => {
            // Watched in the background from now on (across reloads), no longer the open sale to resume.
            cancelled.add(sale);
            store.clear(sale.trace_id);
          }}
          onRetry={(sale) => {
            // A fresh payment (new trace) for the same sale: its cart, so the same amount.
            newSale();
            if (sale.cart_id) start({ cart_id: sale.cart_id });
          }}
          retrying={createSale.isPending}
          onAnnounce={setSaleStatus}
        />
      ) : (
        <KeypadScreen
          storage={saved}
          settingsHref={settingsHref}
          onCharge={start}
          creating={createSale.isPending}
          error={createSale.error ?? null}
          takeFocus={hadSale}
        />
      )}
    </div>
  );
}
