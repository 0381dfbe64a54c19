import { Alert, Button, Container, clx, Heading, Select, Text } from "@medusajs/ui";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/protocol";
import {
  afterDeadlineText,
  browserStorage,
  confirmationsText,
  createOpenSaleStore,
  currencyDecimals,
  entryToAmount,
  formatAmount,
  formatDecimal,
  initialRegionId,
  KEYPAD_KEYS,
  type KeypadKey,
  keyFromKeyboard,
  moneyArrivedText,
  paymentDisplay,
  pressKey,
  recallRegion,
  rememberRegion,
  type SalePhase,
  type StorageLike,
  salePhase,
  underpaidLines,
} from "@mixpay-pos/sale-engine";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { mixpayKeys, useCreateSale, useNow, useOpenCarts, useSaleStatus, useTerminalConfig } from "../hooks/queries";
import { MixpayApiError } from "../lib/client";
import type { CreateSaleInput, TerminalConfig, TerminalSale } from "../lib/schemas";
import { MixpayCountdown, MixpayQrCode, MixpayStatusBadge } from "./shared";

export interface MixpayTerminalProps {
  /** Where the open sale is remembered across reloads (default: localStorage; null: not remembered). */
  storage?: StorageLike | null;
  /** Link to the MixPay settings page, shown when MixPay is not ready. */
  settingsHref?: string;
  /** Status polling pace in ms (default 2000). */
  pollIntervalMs?: number;
  /** Printed at the top of the receipt. */
  shopName?: string;
}

/*
 * Sizes that matter on a till are inline styles: the dashboard's Tailwind build only contains the classes its own
 * sources use, and this package's classes are not scanned.
 */
const BIG_AMOUNT = { fontSize: 48, lineHeight: 1.1, fontVariantNumeric: "tabular-nums" } as const;
const KEY_STYLE = { width: "100%", height: 64, fontSize: 24 } as const;

const PRINT_CSS = `@media print {
  body * { visibility: hidden !important; }
  [data-mixpay-receipt], [data-mixpay-receipt] * { visibility: visible !important; }
  [data-mixpay-receipt] { position: absolute; inset: 0 auto auto 0; width: 80mm; padding: 4mm; }
  [data-mixpay-no-print] { display: none !important; }
}`;

/**
 * The cashier's screen for in-person sales: amount on a keypad (or an open cart) → a large QR code with the
 * amount and a countdown → live status → a printable receipt, or what to do when the payment is underpaid,
 * failed or expired. The open sale is remembered, so a reload mid-payment comes back to it.
 */
export function MixpayTerminal({
  storage,
  settingsHref = "/app/settings/mixpay",
  pollIntervalMs,
  shopName,
}: MixpayTerminalProps) {
  const saved = useMemo(() => (storage === undefined ? browserStorage() : storage), [storage]);
  const store = useMemo(() => createOpenSaleStore(saved), [saved]);
  const [resumed] = useState(() => store.load());
  const [traceId, setTraceId] = useState<string | null>(resumed?.trace_id ?? null);
  const [created, setCreated] = useState<TerminalSale | null>(null);
  const [wasResumed, setWasResumed] = useState(Boolean(resumed));
  const queryClient = useQueryClient();
  const createSale = useCreateSale();

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
    setTraceId(null);
    setCreated(null);
    setWasResumed(false);
    createSale.reset();
    void queryClient.invalidateQueries({ queryKey: mixpayKeys.carts() });
  }, [createSale, queryClient, store, traceId]);

  return (
    <div data-testid="mixpay-terminal" data-phase={traceId ? "sale" : "keypad"} className="flex flex-col gap-y-3">
      {traceId ? (
        <SaleScreen
          traceId={traceId}
          created={created}
          resumed={wasResumed}
          pollIntervalMs={pollIntervalMs}
          shopName={shopName}
          onNewSale={newSale}
          onRetry={(sale) => {
            newSale();
            if (sale.cart_id) start({ cart_id: sale.cart_id });
          }}
          retrying={createSale.isPending}
        />
      ) : (
        <KeypadScreen
          storage={saved}
          settingsHref={settingsHref}
          onCharge={start}
          creating={createSale.isPending}
          error={createSale.error ?? null}
        />
      )}
    </div>
  );
}

// ---- keypad ------------------------------------------------------------------------------------------------

function KeypadScreen({
  storage,
  settingsHref,
  onCharge,
  creating,
  error,
}: {
  storage: StorageLike | null;
  settingsHref: string;
  onCharge: (input: CreateSaleInput) => void;
  creating: boolean;
  error: Error | null;
}) {
  const config = useTerminalConfig();
  if (config.isPending) {
    return (
      <Container data-testid="mixpay-terminal-loading" className="p-6">
        <Text size="small" className="text-ui-fg-subtle">
          Loading the terminal…
        </Text>
      </Container>
    );
  }
  if (config.isError) {
    return (
      <Container className="flex flex-col gap-y-3 p-6" data-testid="mixpay-terminal-load-error">
        <Alert variant="error">The terminal could not load: {config.error.message}</Alert>
        <div>
          <Button size="small" variant="secondary" onClick={() => void config.refetch()}>
            Try again
          </Button>
        </div>
      </Container>
    );
  }
  if (!config.data.ready || config.data.regions.length === 0) {
    return (
      <Container className="flex flex-col gap-y-3 p-6" data-testid="mixpay-terminal-not-ready">
        <Heading level="h2">MixPay terminal</Heading>
        <Alert variant="warning">
          {config.data.problem ??
            `No region offers MixPay: enable the MixPay payment provider (${MIXPAY_PROVIDER_ID}) on a region.`}
        </Alert>
        <a href={settingsHref} className="text-ui-fg-interactive txt-compact-small-plus">
          Open Settings → MixPay
        </a>
      </Container>
    );
  }
  return <Keypad storage={storage} config={config.data} onCharge={onCharge} creating={creating} error={error} />;
}

const KEY_LABEL: Record<KeypadKey, string> = {
  "0": "0",
  "1": "1",
  "2": "2",
  "3": "3",
  "4": "4",
  "5": "5",
  "6": "6",
  "7": "7",
  "8": "8",
  "9": "9",
  "00": "00",
  ".": ".",
  backspace: "⌫",
  clear: "C",
};
const KEY_TESTID: Record<KeypadKey, string> = {
  ...KEY_LABEL,
  ".": "dot",
  backspace: "backspace",
  clear: "clear",
};

function Keypad({
  storage,
  config,
  onCharge,
  creating,
  error,
}: {
  storage: StorageLike | null;
  config: TerminalConfig;
  onCharge: (input: CreateSaleInput) => void;
  creating: boolean;
  error: Error | null;
}) {
  // The plugin names the fields it refuses (`errors` of its answer): each is shown next to what the cashier set.
  const apiError = error instanceof MixpayApiError ? error : null;
  const amountError = apiError?.fieldError("amount") ?? apiError?.fieldError("currency_code");
  const regionError = apiError?.fieldError("region_id");
  const unplacedError = error && !amountError && !regionError ? error.message : null;
  const [regionId, setRegionId] = useState(() =>
    initialRegionId(config.regions, { remembered: recallRegion(storage), storeDefault: config.default_region_id }),
  );
  const chooseRegion = useCallback(
    (id: string) => {
      setRegionId(id);
      rememberRegion(storage, id);
    },
    [storage],
  );
  const region = config.regions.find((r) => r.id === regionId) ?? config.regions[0];
  const currency = region?.currency_code ?? "usd";
  const decimals = currencyDecimals(currency);
  const [entry, setEntry] = useState("");
  const [showCarts, setShowCarts] = useState(false);
  const amount = entryToAmount(entry, decimals);

  const press = useCallback((key: KeypadKey) => setEntry((e) => pressKey(e, key, { decimals })), [decimals]);
  const charge = useCallback(() => {
    if (!amount || creating || !region) return;
    onCharge({ amount, currency_code: currency, region_id: region.id });
  }, [amount, creating, currency, onCharge, region]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      if (e.key === "Enter") {
        // Enter on a focused button already presses that button.
        if (target?.tagName === "BUTTON") return;
        charge();
        return;
      }
      const key = keyFromKeyboard(e.key);
      if (key) {
        e.preventDefault();
        press(key);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [charge, press]);

  return (
    <Container className="flex flex-col gap-y-4 p-6" data-testid="mixpay-terminal-keypad">
      <div className="flex items-center justify-between gap-x-3">
        <Heading level="h2">New sale</Heading>
        {config.regions.length > 1 ? (
          <Select value={region?.id ?? ""} onValueChange={chooseRegion}>
            <Select.Trigger data-testid="mixpay-terminal-region" style={{ width: 224 }}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {config.regions.map((r) => (
                <Select.Item key={r.id} value={r.id}>
                  {r.name} ({r.currency_code.toUpperCase()})
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            {region?.name} ({currency.toUpperCase()})
          </Text>
        )}
      </div>
      {regionError ? (
        <Text size="small" className="text-ui-fg-error" data-testid="mixpay-terminal-region-error" role="alert">
          {regionError}
        </Text>
      ) : null}
      <div
        className="bg-ui-bg-subtle rounded-lg px-4 py-6 text-right"
        data-testid="mixpay-terminal-amount"
        data-amount={amount ?? ""}
        data-entry={entry}
        aria-live="polite"
      >
        <span className="text-ui-fg-base font-mono" style={BIG_AMOUNT}>
          {entry === "" ? formatDecimal("0", decimals) : formatEntry(entry)}
        </span>{" "}
        <span className="text-ui-fg-subtle" style={{ fontSize: 24 }}>
          {currency.toUpperCase()}
        </span>
      </div>
      {amountError ? (
        <Text size="small" className="text-ui-fg-error" data-testid="mixpay-terminal-amount-error" role="alert">
          {amountError}
        </Text>
      ) : null}
      <div className="grid grid-cols-3 gap-2">
        {KEYPAD_KEYS.filter((k) => k !== "clear" && k !== "backspace").map((k) => (
          <Button
            key={k}
            type="button"
            variant="secondary"
            size="xlarge"
            style={KEY_STYLE}
            data-testid={`mixpay-keypad-key-${KEY_TESTID[k]}`}
            disabled={k === "." && decimals === 0}
            onClick={() => press(k)}
          >
            {KEY_LABEL[k]}
          </Button>
        ))}
        <Button
          type="button"
          variant="secondary"
          size="xlarge"
          style={{ ...KEY_STYLE, fontSize: 20 }}
          data-testid="mixpay-keypad-key-clear"
          onClick={() => press("clear")}
        >
          Clear
        </Button>
        <Button
          type="button"
          variant="secondary"
          size="xlarge"
          style={KEY_STYLE}
          data-testid="mixpay-keypad-key-backspace"
          aria-label="Delete last digit"
          onClick={() => press("backspace")}
        >
          {KEY_LABEL.backspace}
        </Button>
        <Button
          type="button"
          size="xlarge"
          style={{ ...KEY_STYLE, fontSize: 20 }}
          data-testid="mixpay-terminal-charge"
          disabled={!amount}
          isLoading={creating}
          onClick={charge}
        >
          {amount ? `Charge ${formatAmount(amount, currency)}` : "Charge"}
        </Button>
      </div>
      {unplacedError ? (
        <Alert variant="error" data-testid="mixpay-terminal-error">
          The sale could not be started: {unplacedError}
        </Alert>
      ) : null}
      <div className="border-t pt-3">
        <Button
          type="button"
          variant="transparent"
          size="small"
          data-testid="mixpay-terminal-carts-toggle"
          onClick={() => setShowCarts((s) => !s)}
        >
          {showCarts ? "Hide open carts" : "Charge an open cart instead"}
        </Button>
        {showCarts ? <OpenCarts onCharge={(cartId) => onCharge({ cart_id: cartId })} disabled={creating} /> : null}
      </div>
    </Container>
  );
}

/** The keypad entry as typed ("1234.5" → "1,234.5"), keeping a trailing dot while the cashier types. */
function formatEntry(entry: string): string {
  const [int = "0", frac] = entry.split(".");
  const grouped = formatDecimal(int === "" ? "0" : int);
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function OpenCarts({ onCharge, disabled }: { onCharge: (cartId: string) => void; disabled: boolean }) {
  const carts = useOpenCarts(true);
  if (carts.isPending) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-terminal-carts-loading">
        Loading open carts…
      </Text>
    );
  }
  if (carts.isError) {
    return (
      <Alert variant="error" data-testid="mixpay-terminal-carts-error">
        Open carts could not be loaded: {carts.error.message}
      </Alert>
    );
  }
  if (carts.data.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-terminal-carts-empty">
        No open carts with items in a MixPay region.
      </Text>
    );
  }
  return (
    <ul className="mt-2 flex flex-col divide-y" data-testid="mixpay-terminal-carts">
      {carts.data.map((c) => (
        <li
          key={c.id}
          className="flex items-center justify-between gap-x-3 py-2"
          data-testid="mixpay-terminal-cart"
          data-cart-id={c.id}
        >
          <div className="flex flex-col">
            <span className="txt-compact-small-plus">{formatAmount(c.total, c.currency_code)}</span>
            <span className="txt-compact-xsmall text-ui-fg-subtle">
              {c.item_count} item{c.item_count === 1 ? "" : "s"}
              {c.email ? ` · ${c.email}` : ""} · {c.id}
            </span>
          </div>
          <Button
            size="small"
            variant="secondary"
            disabled={disabled}
            data-testid="mixpay-terminal-cart-charge"
            onClick={() => onCharge(c.id)}
          >
            Charge
          </Button>
        </li>
      ))}
    </ul>
  );
}

// ---- sale --------------------------------------------------------------------------------------------------

function SaleScreen({
  traceId,
  created,
  resumed,
  pollIntervalMs,
  shopName,
  onNewSale,
  onRetry,
  retrying,
}: {
  traceId: string;
  created: TerminalSale | null;
  resumed: boolean;
  pollIntervalMs: number | undefined;
  shopName: string | undefined;
  onNewSale: () => void;
  onRetry: (sale: TerminalSale) => void;
  retrying: boolean;
}) {
  const status = useSaleStatus(traceId, created, pollIntervalMs ? { intervalMs: pollIntervalMs } : {});
  const now = useNow(1000);
  const [confirmAbandon, setConfirmAbandon] = useState(false);
  const sale = status.sale;

  if (!sale) {
    if (status.error && status.error.status === 404) {
      return (
        <Container className="flex flex-col gap-y-3 p-6" data-testid="mixpay-terminal-sale-missing">
          <Alert variant="warning">The open sale {traceId} no longer exists on the server.</Alert>
          <div>
            <Button size="small" data-testid="mixpay-terminal-new-sale" onClick={onNewSale}>
              New sale
            </Button>
          </div>
        </Container>
      );
    }
    return (
      <Container className="flex flex-col gap-y-3 p-6" data-testid="mixpay-terminal-resuming">
        <Text size="small" className="text-ui-fg-subtle">
          Resuming the open sale…
        </Text>
        {status.error ? (
          <Alert variant="error" data-testid="mixpay-terminal-poll-error">
            {status.error.message} — retrying.
          </Alert>
        ) : null}
      </Container>
    );
  }

  const phase = salePhase(sale, now);
  const display = paymentDisplay(sale);
  const amountText = formatAmount(sale.amount ?? sale.quote_amount, sale.currency_code ?? sale.quote_asset_id);
  // The QR code stays while the customer can still pay with it: before the deadline, unpaid or underpaid (the
  // rest is paid with the same code). Not once MixPay's deadline passed, under review, or ended.
  // The QR code is for paying: shown while nothing (or too little) has been paid, never once MixPay is confirming
  // a payment it has seen, so the customer is not invited to pay twice.
  const showQr =
    (phase === "waiting" && sale.status !== "processing") || (phase === "attention" && sale.status === "underpaid");
  const showCountdown = phase === "waiting" || phase === "attention" || phase === "expiring";
  const confirming = confirmationsText(sale);

  return (
    <Container
      className="flex flex-col gap-y-4 p-6"
      data-testid="mixpay-terminal-sale"
      data-phase={phase}
      data-status={sale.status}
      data-refund-due={String(display.refundDue)}
    >
      {resumed ? (
        <Alert variant="info" data-testid="mixpay-terminal-resumed" data-mixpay-no-print>
          Resumed the sale that was open before the page reloaded.
        </Alert>
      ) : null}
      {phase === "paid" || phase === "completing" ? (
        <Receipt sale={sale} shopName={shopName} completing={phase === "completing"} onNewSale={onNewSale} />
      ) : (
        <>
          <div className="flex items-start justify-between gap-x-3">
            <div className="flex flex-col">
              <Text size="small" className="text-ui-fg-subtle">
                {phase === "ended" ? "Sale amount" : "Amount due"}
              </Text>
              <span
                className="text-ui-fg-base"
                style={{ fontSize: 36, lineHeight: 1.2, fontWeight: 600, fontVariantNumeric: "tabular-nums" }}
                data-testid="mixpay-terminal-sale-amount"
              >
                {amountText}
              </span>
            </div>
            <div className="flex flex-col items-end gap-y-1">
              <MixpayStatusBadge payment={sale} />
              {showCountdown ? (
                <MixpayCountdown expiresAt={sale.expires_at} status={sale.status} style={{ fontSize: 24 }} />
              ) : null}
            </div>
          </div>
          {confirming ? (
            <Text size="base" weight="plus" data-testid="mixpay-terminal-confirmations">
              {confirming}
            </Text>
          ) : null}
          {sale.status === "underpaid" && phase !== "ended" ? <Underpaid sale={sale} /> : null}
          {showQr ? <MixpayQrCode svg={sale.qr_svg} payUrl={sale.pay_url} size={360} className="py-2" /> : null}
          {phase === "ended" ? <Ended sale={sale} /> : null}
          <Guidance sale={sale} phase={phase} />
          {status.state === "paused" ? (
            <Text size="xsmall" className="text-ui-fg-muted" data-testid="mixpay-terminal-paused">
              Status checks are paused while this tab is hidden.
            </Text>
          ) : null}
          {status.error ? (
            <Alert variant="warning" data-testid="mixpay-terminal-poll-error">
              Could not reach the server ({status.error.message}). Retrying…
            </Alert>
          ) : null}
          <div className="flex flex-wrap items-center justify-end gap-2" data-mixpay-no-print>
            {phase === "ended" ? (
              <>
                <Button
                  variant="secondary"
                  data-testid="mixpay-terminal-retry"
                  isLoading={retrying}
                  disabled={!sale.cart_id}
                  onClick={() => onRetry(sale)}
                >
                  Try again with the same amount
                </Button>
                <Button data-testid="mixpay-terminal-new-sale" onClick={onNewSale}>
                  New sale
                </Button>
              </>
            ) : confirmAbandon ? (
              <>
                <Text size="small" className="text-ui-fg-subtle">
                  The QR code stays payable until MixPay's deadline. Abandon this sale?
                </Text>
                <Button variant="secondary" onClick={() => setConfirmAbandon(false)}>
                  Keep waiting
                </Button>
                <Button variant="danger" data-testid="mixpay-terminal-abandon-confirm" onClick={onNewSale}>
                  Abandon sale
                </Button>
              </>
            ) : (
              <>
                <Button variant="secondary" data-testid="mixpay-terminal-check-now" onClick={status.checkNow}>
                  Check now
                </Button>
                <Button
                  variant="secondary"
                  data-testid="mixpay-terminal-abandon"
                  onClick={() => setConfirmAbandon(true)}
                >
                  Cancel sale
                </Button>
              </>
            )}
          </div>
          <Text size="xsmall" className="text-ui-fg-muted font-mono" data-testid="mixpay-terminal-trace-id">
            {display.label} · {sale.trace_id}
          </Text>
        </>
      )}
    </Container>
  );
}

/** "Paid X of Y, Z still due", in the sale's currency and in the crypto asset the customer pays with. */
function Underpaid({ sale }: { sale: TerminalSale }) {
  const lines = underpaidLines(sale);
  if (!lines.sale && !lines.crypto) return null;
  return (
    <div className="flex flex-col gap-y-1" data-testid="mixpay-terminal-underpaid">
      {lines.sale ? (
        <Text size="large" weight="plus" data-testid="mixpay-terminal-underpaid-sale">
          {lines.sale}
        </Text>
      ) : null}
      {lines.crypto ? (
        <Text size="base" className="text-ui-fg-subtle" data-testid="mixpay-terminal-underpaid-crypto">
          {lines.crypto}
        </Text>
      ) : null}
    </div>
  );
}

/** An ended sale: whether money arrived (and so is owed back), and what MixPay said. */
function Ended({ sale }: { sale: TerminalSale }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Text size="large" weight="plus" data-testid="mixpay-terminal-received">
        {moneyArrivedText(sale)}
      </Text>
      {sale.reason ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-terminal-reason">
          {sale.reason}
          {sale.failure_code ? ` (MixPay code ${sale.failure_code})` : ""}
        </Text>
      ) : null}
    </div>
  );
}

function Guidance({ sale, phase }: { sale: TerminalSale; phase: SalePhase }) {
  const d = paymentDisplay(sale);
  const text = phase === "expiring" ? afterDeadlineText(sale.status) : d.guidance;
  const variant = d.refundDue || d.tone === "ended" ? "error" : d.tone === "problem" ? "warning" : "info";
  return (
    <Alert
      variant={variant}
      data-testid="mixpay-terminal-guidance"
      data-status={sale.status}
      className={clx(phase === "waiting" && "bg-ui-bg-subtle")}
    >
      {text}
    </Alert>
  );
}

function Receipt({
  sale,
  shopName,
  completing,
  onNewSale,
}: {
  sale: TerminalSale;
  shopName: string | undefined;
  completing: boolean;
  onNewSale: () => void;
}) {
  const [printedAt] = useState(() => new Date());
  const line = (label: string, value: string, testId?: string) => (
    <div className="flex justify-between gap-x-4">
      <span className="text-ui-fg-subtle">{label}</span>
      <span className="text-right break-all" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  return (
    <div className="flex flex-col gap-y-4">
      {/* Only while a receipt is on screen: printing then shows the receipt alone. */}
      <style>{PRINT_CSS}</style>
      <div
        data-testid="mixpay-terminal-receipt"
        data-mixpay-receipt
        data-completing={String(completing)}
        className="txt-compact-small mx-auto flex w-full flex-col gap-y-2 rounded-lg border p-4"
        style={{ maxWidth: 384 }}
      >
        <div className="text-center">
          <div className="txt-compact-medium-plus">{shopName ?? "Receipt"}</div>
          <div className="text-ui-fg-subtle">{printedAt.toLocaleString()}</div>
        </div>
        <div
          className="text-center"
          style={{ fontSize: 30, fontWeight: 600, fontVariantNumeric: "tabular-nums" }}
          data-testid="mixpay-terminal-receipt-amount"
        >
          {formatAmount(sale.amount ?? sale.quote_amount, sale.currency_code ?? sale.quote_asset_id)}
        </div>
        <div style={{ display: "flex", justifyContent: "center" }}>
          <MixpayStatusBadge payment={sale} />
        </div>
        {line(
          "Paid with",
          sale.paid_amount ? formatAmount(sale.paid_amount, sale.paid_symbol) : "—",
          "mixpay-terminal-receipt-paid",
        )}
        {line(
          "Order",
          completing ? "creating…" : sale.order_display_id ? `#${sale.order_display_id}` : (sale.order_id ?? "—"),
          "mixpay-terminal-receipt-order",
        )}
        {line("MixPay trace", sale.trace_id)}
        {sale.txid ? line("Transaction", sale.txid, "mixpay-terminal-receipt-txid") : null}
        <div className="text-ui-fg-subtle pt-2 text-center">Paid with MixPay · thank you</div>
      </div>
      <div className="flex justify-center gap-x-2" data-mixpay-no-print>
        <Button variant="secondary" data-testid="mixpay-terminal-print" onClick={() => window.print()}>
          Print receipt
        </Button>
        <Button data-testid="mixpay-terminal-new-sale" onClick={onNewSale}>
          New sale
        </Button>
      </div>
    </div>
  );
}
