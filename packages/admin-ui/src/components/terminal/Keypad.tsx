import { Alert, Button, Container, Heading, Select, Text } from "@medusajs/ui";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/protocol";
import {
  chargeErrorText,
  currencyDecimals,
  entryToAmount,
  formatDecimal,
  initialRegionId,
  type KeypadKey,
  pressKey,
  recallRegion,
  rememberRegion,
  type StorageLike,
} from "@mixpay-pos/sale-engine";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTerminalConfig } from "../../hooks/queries";
import { MixpayApiError } from "../../lib/client";
import type { CreateSaleInput, TerminalConfig } from "../../lib/schemas";
import { KeypadKeys } from "./KeypadKeys";
import { OpenCarts } from "./OpenCarts";
import { TOUCH_TARGET } from "./touch";
import { useHardwareKeys } from "./use-hardware-keys";

const BIG_AMOUNT = { fontSize: 48, lineHeight: 1.1, fontVariantNumeric: "tabular-nums" } as const;

/** The terminal's first screen: loading, not ready (with a link to the settings), or the keypad. */
export function KeypadScreen({
  storage,
  settingsHref,
  onCharge,
  creating,
  error,
  takeFocus = false,
}: {
  storage: StorageLike | null;
  settingsHref: string;
  onCharge: (input: CreateSaleInput) => void;
  creating: boolean;
  error: Error | null;
  /** Focus Charge (or the first key while there is no amount) on mount: the sale's screen just closed. */
  takeFocus?: boolean;
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
  return (
    <Keypad
      storage={storage}
      config={config.data}
      onCharge={onCharge}
      creating={creating}
      error={error}
      takeFocus={takeFocus}
    />
  );
}

function Keypad({
  storage,
  config,
  onCharge,
  creating,
  error,
  takeFocus,
}: {
  storage: StorageLike | null;
  config: TerminalConfig;
  onCharge: (input: CreateSaleInput) => void;
  creating: boolean;
  error: Error | null;
  takeFocus: boolean;
}) {
  // The plugin names the fields it refuses (`errors` of its answer): each is shown next to what the cashier set.
  const apiError = error instanceof MixpayApiError ? error : null;
  const amountError = apiError?.fieldError("amount") ?? apiError?.fieldError("currency_code");
  const regionError = apiError?.fieldError("region_id");
  const unplacedError =
    error && !amountError && !regionError
      ? chargeErrorText({
          status: apiError ? apiError.status : null,
          retryAfterSeconds: apiError?.retryAfterSeconds ?? null,
          message: apiError?.message ?? null,
        })
      : null;
  const keypadRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!takeFocus) return;
    const keys = keypadRef.current;
    const target =
      keys?.querySelector<HTMLElement>("[data-testid=mixpay-terminal-charge]:not(:disabled)") ??
      keys?.querySelector<HTMLElement>("[data-testid^=mixpay-keypad-key-]");
    target?.focus();
  }, [takeFocus]);
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

  useHardwareKeys(press, charge);

  return (
    <Container ref={keypadRef} className="flex min-w-0 flex-col gap-y-4 p-6" data-testid="mixpay-terminal-keypad">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Heading level="h2">New sale</Heading>
        {config.regions.length > 1 ? (
          <Select value={region?.id ?? ""} onValueChange={chooseRegion}>
            <Select.Trigger
              data-testid="mixpay-terminal-region"
              style={{ width: 224, maxWidth: "100%", minHeight: 44 }}
            >
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
        style={{ overflowWrap: "anywhere" }}
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
      <KeypadKeys
        decimals={decimals}
        currency={currency}
        amount={amount}
        creating={creating}
        onPress={press}
        onCharge={charge}
      />
      {unplacedError ? (
        <Alert variant="error" data-testid="mixpay-terminal-error" role="alert">
          The sale could not be started: {unplacedError}
        </Alert>
      ) : null}
      <div className="border-t pt-3">
        <Button
          type="button"
          variant="transparent"
          size="small"
          style={TOUCH_TARGET}
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
