import { Alert, Badge, Button, Container, Heading, Input, Select, Table, Text, toast } from "@medusajs/ui";
import { isSaleSettled, moneyArrivedText, paymentDisplay } from "@mixpay-pos/sale-engine";
import { type FormEvent, useState } from "react";
import {
  useCreateSale,
  useLookupPayee,
  useMixpayAssets,
  useRegionQuotes,
  useSaveMixpaySettings,
} from "../hooks/queries";
import { useSaleStatus } from "../hooks/sale-status";
import { checkPayeeRef } from "../lib/payee";
import type { MixpaySettings, PayeeLookup, RegionQuote, TerminalSale } from "../lib/schemas";
import {
  payeeDescription,
  settingsFromWizard,
  stepBlocker,
  TEST_PAYMENT_AMOUNT,
  TEST_PAYMENT_TITLE,
  testPaymentRegion,
  unquotedRegions,
  WIZARD_STEP_TITLES,
  WIZARD_STEPS,
  type WizardChoices,
  type WizardStep,
} from "../lib/setup-wizard";
import { AssetSelect, Field, MixpayQrCode, MixpayStatusBadge } from "./shared";

export interface MixpaySetupWizardProps {
  /** What is saved now (null on a first run): fields the wizard does not ask about are kept. */
  saved: MixpaySettings | null;
  /** The origin MixPay's callbacks should go to, offered as the callback base URL (the admin's own origin). */
  suggestedPublicBaseUrl?: string | null;
  /** The wizard is finished (with or without a test payment). */
  onDone: () => void;
  /** The merchant prefers the full settings form. */
  onSkip?: () => void;
  /** How often the test payment's status is asked for (ms). */
  pollIntervalMs?: number;
}

/**
 * The first-run setup: Mixin ID or payee UUID → the payee MixPay knows → the asset MixPay pays out in (fiat when
 * MixPay approved it) → how each region's prices are quoted, then save → a small test payment that the merchant
 * pays from their own wallet and sees arrive.
 */
export function MixpaySetupWizard({
  saved,
  suggestedPublicBaseUrl,
  onDone,
  onSkip,
  pollIntervalMs,
}: MixpaySetupWizardProps) {
  const [step, setStep] = useState<WizardStep>("payee");
  const [choices, setChoices] = useState<WizardChoices>(() => ({
    payee: null,
    settlementAssetId: saved?.settlement_asset_id ?? "",
    quoteAssetId: saved?.quote_asset_id ?? "",
    publicBaseUrl: saved?.public_base_url ?? suggestedPublicBaseUrl ?? "",
  }));
  const regions = useRegionQuotes(choices.quoteAssetId || null, step === "regions" || step === "test");
  const save = useSaveMixpaySettings();
  const index = WIZARD_STEPS.indexOf(step);
  const blocker = stepBlocker(step, choices, regions.data?.regions ?? null);
  const update = (patch: Partial<WizardChoices>) => setChoices((c) => ({ ...c, ...patch }));

  const next = () => {
    if (blocker) return;
    if (step === "regions") {
      save.mutate(settingsFromWizard(choices, saved), {
        onSuccess: () => {
          toast.success("MixPay is set up");
          setStep("test");
        },
      });
      return;
    }
    const following = WIZARD_STEPS[index + 1];
    if (following) setStep(following);
  };

  return (
    <Container className="divide-y p-0" data-testid="mixpay-wizard" data-step={step}>
      <div className="flex items-start justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading level="h2">Set up MixPay</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Take crypto at the till and online, paid out to your own Mixin account. Four short steps.
          </Text>
        </div>
        {onSkip ? (
          <Button size="small" variant="transparent" data-testid="mixpay-wizard-skip" onClick={onSkip}>
            Use the full form instead
          </Button>
        ) : null}
      </div>
      <ol
        className="px-6 py-3"
        style={{ display: "flex", flexWrap: "wrap", columnGap: 24, rowGap: 8 }}
        data-testid="mixpay-wizard-steps"
      >
        {WIZARD_STEPS.map((s, i) => (
          <li
            key={s}
            className={i === index ? "txt-compact-small-plus" : "txt-compact-small text-ui-fg-subtle"}
            aria-current={i === index ? "step" : undefined}
          >
            {i + 1}. {WIZARD_STEP_TITLES[s]}
          </li>
        ))}
      </ol>
      <div className="flex flex-col gap-y-6 px-6 py-4">
        {step === "payee" ? (
          <PayeeStep
            found={choices.payee}
            onFound={(payee) =>
              update({
                payee,
                // Keep a chosen asset only if MixPay settles in it for this payee.
                settlementAssetId: payee?.settlement.some((a) => a.id === choices.settlementAssetId)
                  ? choices.settlementAssetId
                  : "",
              })
            }
          />
        ) : null}
        {step === "settlement" && choices.payee ? (
          <SettlementStep
            payee={choices.payee}
            value={choices.settlementAssetId}
            onChange={(id) => update({ settlementAssetId: id })}
          />
        ) : null}
        {step === "regions" ? (
          <RegionsStep
            choices={choices}
            update={update}
            regions={regions.data?.regions ?? null}
            loadError={regions.isError ? regions.error.message : null}
            saveError={save.error?.message ?? null}
          />
        ) : null}
        {step === "test" ? (
          <TestPaymentStep regions={regions.data?.regions ?? []} onDone={onDone} pollIntervalMs={pollIntervalMs} />
        ) : null}

        {step !== "test" ? (
          <div className="flex items-center justify-between gap-x-3">
            <Button
              size="small"
              variant="secondary"
              data-testid="mixpay-wizard-back"
              disabled={index === 0}
              onClick={() => setStep(WIZARD_STEPS[index - 1] ?? "payee")}
            >
              Back
            </Button>
            <div className="flex items-center gap-x-3">
              {blocker && (step !== "payee" || choices.payee) ? (
                <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-wizard-blocker">
                  {blocker}
                </Text>
              ) : null}
              <Button
                size="small"
                data-testid="mixpay-wizard-next"
                disabled={Boolean(blocker)}
                isLoading={save.isPending}
                onClick={next}
              >
                {step === "regions" ? "Save and continue" : "Continue"}
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </Container>
  );
}

function PayeeStep({ found, onFound }: { found: PayeeLookup | null; onFound: (payee: PayeeLookup | null) => void }) {
  const [ref, setRef] = useState(found?.payee.mixin_id ?? found?.payee.payee_id ?? "");
  const [touched, setTouched] = useState(false);
  const lookup = useLookupPayee();
  const check = checkPayeeRef(ref);
  const localError = touched && !check.ok ? check.message : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!check.ok) return;
    onFound(null);
    lookup.mutate(check.value, { onSuccess: (payee) => onFound(payee) });
  };

  return (
    <form className="flex flex-col gap-y-4" onSubmit={onSubmit} noValidate>
      <Field
        id="mixpay-wizard-payee"
        label="Your Mixin ID (or a payee UUID)"
        hint="In the Mixin app, open your profile: the number under your name is your Mixin ID. Open MixPay once with that account so MixPay knows it. A bot or multisig group UUID works too."
        error={localError ?? (lookup.isError ? (lookup.error.fieldError("payee") ?? lookup.error.message) : undefined)}
        testId="mixpay-wizard-payee"
      >
        <div className="flex items-center gap-x-2">
          <Input
            id="mixpay-wizard-payee"
            data-testid="mixpay-wizard-payee"
            placeholder="37160854"
            value={ref}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={Boolean(localError || lookup.isError)}
            onChange={(e) => {
              setRef(e.target.value);
              lookup.reset();
              if (found) onFound(null);
            }}
            onBlur={() => setTouched(ref.trim() !== "")}
          />
          <Button
            type="submit"
            size="small"
            variant="secondary"
            data-testid="mixpay-wizard-lookup"
            isLoading={lookup.isPending}
          >
            Look up
          </Button>
        </div>
      </Field>
      {found ? (
        <Alert variant="success" data-testid="mixpay-wizard-payee-found" data-kind={found.payee.kind}>
          <div className="flex flex-col gap-y-1">
            <span className="txt-compact-small-plus">MixPay knows this payee: {payeeDescription(found.payee)}.</span>
            <span>
              Payments go to{" "}
              <span className="font-mono" data-testid="mixpay-wizard-payee-id">
                {found.payee.payee_id}
              </span>
            </span>
          </div>
        </Alert>
      ) : null}
    </form>
  );
}

function SettlementStep({
  payee,
  value,
  onChange,
}: {
  payee: PayeeLookup;
  value: string;
  onChange: (assetId: string) => void;
}) {
  const fiat = payee.settlement.filter((a) => a.isFiat);
  return (
    <div className="flex flex-col gap-y-4">
      <Field
        id="mixpay-wizard-settlement"
        label="Pay me out in"
        hint="Whatever the customer pays with, MixPay converts it and sends this asset to your Mixin wallet. A stablecoin such as USDT keeps your takings steady."
        testId="mixpay-wizard-settlement"
      >
        <AssetSelect
          id="mixpay-wizard-settlement"
          testId="mixpay-wizard-settlement"
          value={value}
          options={payee.settlement}
          loading={false}
          placeholder="Choose what you receive"
          onChange={onChange}
        />
      </Field>
      {fiat.length > 0 ? (
        <Alert variant="info" data-testid="mixpay-wizard-fiat" data-available="true">
          MixPay has approved fiat payouts for you: {fiat.map((a) => a.name ?? a.symbol).join(", ")}. They are in the
          list above.
        </Alert>
      ) : (
        <Alert variant="info" data-testid="mixpay-wizard-fiat" data-available="false">
          Want a payout in dollars or euros rather than crypto? MixPay pays out in fiat only to merchants it has
          approved. Contact MixPay support with your Mixin ID to apply; once approved, the fiat option appears in this
          list. You can start with crypto and switch later in Settings → MixPay.
        </Alert>
      )}
    </div>
  );
}

function RegionsStep({
  choices,
  update,
  regions,
  loadError,
  saveError,
}: {
  choices: WizardChoices;
  update: (patch: Partial<WizardChoices>) => void;
  regions: RegionQuote[] | null;
  loadError: string | null;
  saveError: string | null;
}) {
  const assets = useMixpayAssets();
  const unquoted = regions ? unquotedRegions(regions) : [];
  return (
    <div className="flex flex-col gap-y-4">
      <Text size="small" className="text-ui-fg-subtle">
        Customers see your prices in the region's currency. MixPay works out how much crypto that is at the moment they
        pay.
      </Text>
      {loadError ? (
        <Alert variant="error" data-testid="mixpay-wizard-regions-error">
          The regions could not be loaded: {loadError}
        </Alert>
      ) : null}
      {regions ? (
        <Table data-testid="mixpay-wizard-regions">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Region</Table.HeaderCell>
              <Table.HeaderCell>Currency</Table.HeaderCell>
              <Table.HeaderCell>MixPay</Table.HeaderCell>
              <Table.HeaderCell>Priced in</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {regions.map((r) => (
              <Table.Row key={r.id} data-testid="mixpay-wizard-region" data-region-id={r.id}>
                <Table.Cell>{r.name}</Table.Cell>
                <Table.Cell>{r.currency_code.toUpperCase()}</Table.Cell>
                <Table.Cell>
                  {r.mixpay_enabled ? (
                    <Badge size="2xsmall" color="green">
                      enabled
                    </Badge>
                  ) : (
                    <Badge size="2xsmall" color="grey">
                      not enabled
                    </Badge>
                  )}
                </Table.Cell>
                <Table.Cell data-testid="mixpay-wizard-region-quote">
                  {r.quote
                    ? r.quote.direct
                      ? r.quote.symbol
                      : `${r.quote.symbol} (fallback: 1 ${r.currency_code.toUpperCase()} is asked as 1 ${r.quote.symbol})`
                    : "not quoted by MixPay: sales refused"}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : loadError ? null : (
        <Text size="small" className="text-ui-fg-subtle">
          Loading regions…
        </Text>
      )}
      {regions?.some((r) => !r.mixpay_enabled) ? (
        <Text size="small" className="text-ui-fg-subtle">
          To take MixPay in a region that is not enabled, add the payment provider "MixPay" to it in Settings → Regions.
        </Text>
      ) : null}
      {unquoted.length > 0 || choices.quoteAssetId ? (
        <Field
          id="mixpay-wizard-quote"
          label="Fallback quote asset"
          hint="Only for currencies MixPay does not quote: the price is then asked as the same number of this asset. Choose one only if that is what you intend."
          testId="mixpay-wizard-quote"
        >
          <AssetSelect
            id="mixpay-wizard-quote"
            testId="mixpay-wizard-quote"
            value={choices.quoteAssetId}
            options={assets.data?.quote ?? []}
            loading={assets.isPending}
            placeholder="None: refuse such sales"
            allowNone
            onChange={(v) => update({ quoteAssetId: v })}
          />
        </Field>
      ) : null}
      <Field
        id="mixpay-wizard-public-base-url"
        label="Callback URL (this server's public address)"
        hint="MixPay tells this address the moment a customer pays. Leave it empty if the server cannot be reached from the internet: payments are then checked every few seconds instead."
        testId="mixpay-wizard-public-base-url"
      >
        <Input
          id="mixpay-wizard-public-base-url"
          data-testid="mixpay-wizard-public-base-url"
          placeholder="https://shop.example.com"
          value={choices.publicBaseUrl}
          onChange={(e) => update({ publicBaseUrl: e.target.value })}
        />
      </Field>
      {saveError ? (
        <Alert variant="error" data-testid="mixpay-wizard-save-error">
          Not saved: {saveError}
        </Alert>
      ) : null}
    </div>
  );
}

function TestPaymentStep({
  regions,
  onDone,
  pollIntervalMs,
}: {
  regions: RegionQuote[];
  onDone: () => void;
  pollIntervalMs: number | undefined;
}) {
  const usable = regions.filter((r) => r.mixpay_enabled && r.quote);
  const [regionId, setRegionId] = useState<string | null>(null);
  const region = usable.find((r) => r.id === regionId) ?? testPaymentRegion(regions);
  const create = useCreateSale();
  const [sale, setSale] = useState<TerminalSale | null>(null);
  const status = useSaleStatus(sale?.trace_id ?? null, sale, pollIntervalMs ? { intervalMs: pollIntervalMs } : {});
  const current = status.sale ?? sale;

  const start = () => {
    if (!region) return;
    create.mutate(
      {
        amount: TEST_PAYMENT_AMOUNT,
        currency_code: region.currency_code,
        region_id: region.id,
        title: TEST_PAYMENT_TITLE,
      },
      { onSuccess: setSale },
    );
  };

  if (!region) {
    return (
      <div className="flex flex-col gap-y-4">
        <Alert variant="warning" data-testid="mixpay-wizard-test-no-region">
          Settings saved, but no region can take a MixPay payment yet. Enable MixPay on a region, then make a test sale
          from the MixPay terminal.
        </Alert>
        <div className="flex justify-end">
          <Button size="small" data-testid="mixpay-wizard-finish" onClick={onDone}>
            Finish
          </Button>
        </div>
      </div>
    );
  }

  const arrived = current?.status === "paid" && current.completed;
  return (
    <div className="flex flex-col gap-y-4" data-testid="mixpay-wizard-test">
      <Text size="small" className="text-ui-fg-subtle">
        Settings saved. Now pay {TEST_PAYMENT_AMOUNT} {region.currency_code.toUpperCase()} from your own wallet to see a
        payment arrive. It is a real sale in {region.name} (an order titled "{TEST_PAYMENT_TITLE}"), paid out to you
        like any other.
      </Text>
      {!current && usable.length > 1 ? (
        <Field id="mixpay-wizard-test-region" label="Region" testId="mixpay-wizard-test-region">
          <Select value={region.id} onValueChange={setRegionId}>
            <Select.Trigger
              id="mixpay-wizard-test-region"
              data-testid="mixpay-wizard-test-region"
              data-value={region.id}
            >
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {usable.map((r) => (
                <Select.Item
                  key={r.id}
                  value={r.id}
                  data-testid="mixpay-wizard-test-region-option"
                  data-region-id={r.id}
                >
                  {r.name} ({r.currency_code.toUpperCase()})
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
      ) : null}
      {!current ? (
        <div className="flex items-center justify-between gap-x-3">
          <Button size="small" variant="transparent" data-testid="mixpay-wizard-finish" onClick={onDone}>
            Skip the test
          </Button>
          <Button size="small" data-testid="mixpay-wizard-test-start" isLoading={create.isPending} onClick={start}>
            Send a test payment
          </Button>
        </div>
      ) : (
        <div className="flex flex-col items-center gap-y-3">
          <div className="flex items-center gap-x-2">
            <Text size="small">
              Test payment of {current.amount} {(current.currency_code ?? region.currency_code).toUpperCase()}
            </Text>
            <MixpayStatusBadge payment={current} />
          </div>
          {arrived ? (
            <Alert variant="success" data-testid="mixpay-wizard-test-arrived">
              Payment received{current.paid_amount ? ` (${current.paid_amount} ${current.paid_symbol ?? ""})` : ""}
              {current.order_display_id ? `: order #${current.order_display_id}` : ""}. MixPay is ready for your
              customers.
            </Alert>
          ) : isSaleSettled(current) ? (
            <Alert variant="warning" data-testid="mixpay-wizard-test-ended">
              This test payment ended without completing ({paymentDisplay(current).label}). {moneyArrivedText(current)}{" "}
              You can send another one.
            </Alert>
          ) : (
            <>
              <MixpayQrCode svg={current.qr_svg} payUrl={current.pay_url} size={240} />
              <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-wizard-test-waiting">
                Waiting for the payment… it shows here as soon as MixPay confirms it.
              </Text>
            </>
          )}
          <div className="flex w-full items-center justify-end gap-x-2">
            {isSaleSettled(current) && !arrived ? (
              <Button size="small" variant="secondary" onClick={() => setSale(null)}>
                Send another
              </Button>
            ) : null}
            <Button
              size="small"
              variant={arrived ? "primary" : "secondary"}
              data-testid="mixpay-wizard-finish"
              onClick={onDone}
            >
              {arrived ? "Done" : "Finish without waiting"}
            </Button>
          </div>
        </div>
      )}
      {create.isError ? (
        <Alert variant="error" data-testid="mixpay-wizard-test-error">
          The test payment could not be created: {create.error.message}
        </Alert>
      ) : null}
    </div>
  );
}
