import { Alert, Button, Container, Heading, Input, Label, Switch, Text, toast } from "@medusajs/ui";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useMixpayAssets, useMixpaySettings, useSaveMixpaySettings, useTestMixpayConnection } from "../hooks/queries";
import { MixpayApiError } from "../lib/client";
import { checkBaseUrl, validatePayeeId } from "../lib/payee";
import type { ConnectionTest, MixpaySettings } from "../lib/schemas";
import {
  isDirty,
  type SettingsFormErrors,
  type SettingsFormValues,
  toFormValues,
  toSettingsInput,
  validateSettingsForm,
} from "../lib/settings-form";
import { MixpaySetupWizard } from "./MixpaySetupWizard";
import { AssetSelect, Field } from "./shared";

export interface MixpaySettingsFormProps {
  /** Called after a successful save. */
  onSaved?: () => void;
}

/**
 * Settings → MixPay: payee UUID (checked as you type), settlement and quote asset pickers from MixPay's live
 * lists, expiry, strict mode, callback base URL, API/checkout bases, a "Test connection" check and save with
 * field-level errors from the server.
 */
export function MixpaySettingsForm({ onSaved }: MixpaySettingsFormProps) {
  const settings = useMixpaySettings();
  if (settings.isPending) {
    return (
      <Container data-testid="mixpay-settings-loading" className="p-6">
        <Text size="small" className="text-ui-fg-subtle">
          Loading MixPay settings…
        </Text>
      </Container>
    );
  }
  if (settings.isError) {
    return (
      <Container data-testid="mixpay-settings-load-error" className="flex flex-col gap-y-3 p-6">
        <Alert variant="error">Could not load the MixPay settings: {settings.error.message}</Alert>
        <div>
          <Button size="small" variant="secondary" onClick={() => void settings.refetch()}>
            Try again
          </Button>
        </div>
      </Container>
    );
  }
  return <SettingsPage saved={settings.data.settings} callbackUrl={settings.data.callback_url} onSaved={onSaved} />;
}

/** The setup wizard when nothing is configured yet (or when asked for again), else the full form. */
function SettingsPage({
  saved,
  callbackUrl,
  onSaved,
}: {
  saved: MixpaySettings | null;
  callbackUrl: string | null;
  onSaved: (() => void) | undefined;
}) {
  const [mode, setMode] = useState<"wizard" | "form">(() => (saved === null ? "wizard" : "form"));
  if (mode === "wizard") {
    return (
      <MixpaySetupWizard
        saved={saved}
        suggestedPublicBaseUrl={typeof window === "undefined" ? null : window.location.origin}
        onDone={() => {
          setMode("form");
          onSaved?.();
        }}
        onSkip={() => setMode("form")}
      />
    );
  }
  return (
    <SettingsEditor saved={saved} callbackUrl={callbackUrl} onSaved={onSaved} onRunWizard={() => setMode("wizard")} />
  );
}

function SettingsEditor({
  saved,
  callbackUrl,
  onSaved,
  onRunWizard,
}: {
  saved: MixpaySettings | null;
  callbackUrl: string | null;
  onSaved: (() => void) | undefined;
  onRunWizard: () => void;
}) {
  const [values, setValues] = useState<SettingsFormValues>(() => toFormValues(saved));
  const [touched, setTouched] = useState<Partial<Record<keyof SettingsFormValues, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<SettingsFormErrors>({});
  const [savedAt, setSavedAt] = useState<number | null>(null);
  // The pickers list what the API base in the form offers (taken when the field is left, not on every key).
  const [assetsBase, setAssetsBase] = useState<string | null>(() => checkBaseUrl(saved?.api_base_url ?? "") || null);
  const assets = useMixpayAssets(assetsBase);
  const save = useSaveMixpaySettings();
  const test = useTestMixpayConnection();

  useEffect(() => {
    setValues(toFormValues(saved));
  }, [saved]);

  // Open when something is set there (e.g. the simulator's API base), so it is never a hidden surprise.
  const [advancedOpen, setAdvancedOpen] = useState(() => Boolean(saved?.api_base_url || saved?.checkout_base_url));
  const localErrors = useMemo(() => validateSettingsForm(values), [values]);
  const errorFor = (field: keyof SettingsFormValues): string | undefined =>
    serverErrors[field] ?? (touched[field] || submitted ? localErrors[field] : undefined);

  const set = <K extends keyof SettingsFormValues>(field: K, value: SettingsFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors((e) => {
      const { [field]: _drop, ...rest } = e;
      return rest;
    });
    setSavedAt(null);
  };
  const touch = (field: keyof SettingsFormValues) => setTouched((t) => ({ ...t, [field]: true }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(localErrors).length > 0) return;
    save.mutate(toSettingsInput(values), {
      onSuccess: () => {
        setServerErrors({});
        setSavedAt(Date.now());
        toast.success("MixPay settings saved");
        onSaved?.();
      },
      onError: (error) => {
        const fields: SettingsFormErrors = {};
        for (const fe of error.fieldErrors) {
          if (fe.field in values) fields[fe.field as keyof SettingsFormValues] = fe.message;
        }
        setServerErrors(fields);
        toast.error("MixPay settings were not saved");
      },
    });
  };

  const runTest = () => {
    const payee = validatePayeeId(values.payee_id);
    test.mutate({
      api_base_url: values.api_base_url.trim() || null,
      payee_id: payee.ok ? payee.value : null,
      settlement_asset_id: values.settlement_asset_id.trim() || null,
      quote_asset_id: values.quote_asset_id.trim() || null,
    });
  };

  const settlementList = assets.data?.settlement ?? [];
  const quoteList = assets.data?.quote ?? [];
  const dirty = isDirty(values, saved);
  const saveError = save.error instanceof MixpayApiError ? save.error : null;
  const unplacedServerError = saveError?.fieldErrors.every((fe) => !(fe.field in values)) ? saveError.message : null;

  return (
    <Container className="divide-y p-0" data-testid="mixpay-settings-form">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">MixPay</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Crypto payments settled straight to your Mixin account. Changes apply to the next payment.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Button
            size="small"
            variant="transparent"
            type="button"
            data-testid="mixpay-settings-run-wizard"
            onClick={onRunWizard}
          >
            Setup wizard
          </Button>
          <Label htmlFor="mixpay-enabled" className="txt-compact-small">
            Enabled
          </Label>
          <Switch
            id="mixpay-enabled"
            data-testid="mixpay-settings-enabled"
            checked={values.enabled}
            onCheckedChange={(checked) => set("enabled", checked)}
          />
        </div>
      </div>
      <form className="flex flex-col gap-y-6 px-6 py-4" onSubmit={onSubmit} noValidate>
        {saved === null ? (
          <Alert variant="info" data-testid="mixpay-settings-first-run">
            MixPay is not configured yet: enter the payee UUID and pick the asset you want to receive, or use the setup
            wizard.
          </Alert>
        ) : null}

        <Field
          id="mixpay-payee-id"
          label="Payee UUID"
          hint="The MixPay payee that receives the money: a Mixin user, bot or multisig UUID."
          error={errorFor("payee_id")}
          testId="mixpay-settings-payee-id"
        >
          <Input
            id="mixpay-payee-id"
            data-testid="mixpay-settings-payee-id"
            placeholder="8e69e534-d0c4-3e04-8b61-37a73cd9e7d7"
            value={values.payee_id}
            aria-invalid={Boolean(errorFor("payee_id"))}
            onChange={(e) => {
              set("payee_id", e.target.value);
              if (e.target.value.trim().length >= 32) touch("payee_id");
            }}
            onBlur={() => touch("payee_id")}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>

        {assets.isError ? (
          <Alert variant="warning" data-testid="mixpay-settings-assets-error">
            <div className="flex items-center justify-between gap-x-3">
              <span>
                MixPay's asset lists could not be loaded ({assets.error.message}). Check the API base URL and use "Test
                connection".
              </span>
              <Button size="small" variant="secondary" type="button" onClick={() => void assets.refetch()}>
                Retry
              </Button>
            </div>
          </Alert>
        ) : null}

        <Field
          id="mixpay-settlement-asset"
          label="Settlement asset"
          hint="The crypto MixPay settles into your account, whatever the customer pays with."
          error={errorFor("settlement_asset_id")}
          testId="mixpay-settings-settlement-asset"
        >
          <AssetSelect
            id="mixpay-settlement-asset"
            testId="mixpay-settings-settlement-asset"
            value={values.settlement_asset_id}
            options={settlementList}
            loading={assets.isPending}
            placeholder="Choose a settlement asset"
            onChange={(v) => {
              set("settlement_asset_id", v);
              touch("settlement_asset_id");
            }}
          />
        </Field>

        <Field
          id="mixpay-quote-asset"
          label="Quote asset (optional)"
          hint="Used when MixPay does not quote a cart's currency. Leave empty to refuse such carts."
          error={errorFor("quote_asset_id")}
          testId="mixpay-settings-quote-asset"
        >
          <AssetSelect
            id="mixpay-quote-asset"
            testId="mixpay-settings-quote-asset"
            value={values.quote_asset_id}
            options={quoteList}
            loading={assets.isPending}
            placeholder="None"
            allowNone
            onChange={(v) => set("quote_asset_id", v)}
          />
        </Field>

        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          <Field
            id="mixpay-expiry"
            label="Payment expiry (minutes)"
            hint="How long the customer has to pay (1–2880)."
            error={errorFor("expiry_minutes")}
            testId="mixpay-settings-expiry"
          >
            <Input
              id="mixpay-expiry"
              data-testid="mixpay-settings-expiry"
              type="number"
              min={1}
              max={2880}
              step={1}
              value={values.expiry_minutes}
              aria-invalid={Boolean(errorFor("expiry_minutes"))}
              onChange={(e) => set("expiry_minutes", e.target.value)}
              onBlur={() => touch("expiry_minutes")}
            />
          </Field>
          <div className="flex flex-col gap-y-2">
            <div className="flex items-center gap-x-2">
              <Switch
                id="mixpay-strict"
                data-testid="mixpay-settings-strict-mode"
                checked={values.strict_mode}
                onCheckedChange={(checked) => set("strict_mode", checked)}
              />
              <Label htmlFor="mixpay-strict" className="txt-compact-small-plus">
                Strict mode
              </Label>
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              Never settle in another asset when the market for the settlement asset is thin.
            </Text>
          </div>
        </div>

        <Field
          id="mixpay-public-base-url"
          label="Callback base URL"
          hint={
            callbackUrl
              ? `MixPay calls ${callbackUrl} when a payment changes.`
              : "This server's public https URL, for MixPay's callbacks. Leave empty when it is not reachable from the internet: payments are then checked by polling."
          }
          error={errorFor("public_base_url")}
          testId="mixpay-settings-public-base-url"
        >
          <Input
            id="mixpay-public-base-url"
            data-testid="mixpay-settings-public-base-url"
            placeholder="https://shop.example.com"
            value={values.public_base_url}
            aria-invalid={Boolean(errorFor("public_base_url"))}
            onChange={(e) => set("public_base_url", e.target.value)}
            onBlur={() => touch("public_base_url")}
          />
        </Field>

        <details
          className="group"
          data-testid="mixpay-settings-advanced"
          open={advancedOpen || Boolean(errorFor("api_base_url") || errorFor("checkout_base_url"))}
          onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
        >
          <summary className="txt-compact-small-plus text-ui-fg-subtle cursor-pointer">Advanced</summary>
          <div className="mt-4 grid grid-cols-1 gap-6 md:grid-cols-2">
            <Field
              id="mixpay-api-base-url"
              label="MixPay API base URL"
              hint="Empty: MixPay's own API. Point it at the simulator for tests."
              error={errorFor("api_base_url")}
              testId="mixpay-settings-api-base-url"
            >
              <Input
                id="mixpay-api-base-url"
                data-testid="mixpay-settings-api-base-url"
                value={values.api_base_url}
                aria-invalid={Boolean(errorFor("api_base_url"))}
                onChange={(e) => set("api_base_url", e.target.value)}
                onBlur={() => {
                  touch("api_base_url");
                  const base = checkBaseUrl(values.api_base_url);
                  if (base !== false) setAssetsBase(base);
                }}
              />
            </Field>
            <Field
              id="mixpay-checkout-base-url"
              label="Checkout base URL"
              hint="Where pay links point. Empty: MixPay's checkout."
              error={errorFor("checkout_base_url")}
              testId="mixpay-settings-checkout-base-url"
            >
              <Input
                id="mixpay-checkout-base-url"
                data-testid="mixpay-settings-checkout-base-url"
                value={values.checkout_base_url}
                aria-invalid={Boolean(errorFor("checkout_base_url"))}
                onChange={(e) => set("checkout_base_url", e.target.value)}
                onBlur={() => touch("checkout_base_url")}
              />
            </Field>
          </div>
        </details>

        <ConnectionResult
          pending={test.isPending}
          result={test.data ?? null}
          error={test.error instanceof Error ? test.error.message : null}
        />

        {unplacedServerError ? (
          <Alert variant="error" data-testid="mixpay-settings-error">
            {unplacedServerError}
          </Alert>
        ) : saveError ? (
          <Alert variant="error" data-testid="mixpay-settings-error">
            Not saved: fix the fields marked below.
          </Alert>
        ) : null}
        {savedAt && !dirty ? (
          <Alert variant="success" data-testid="mixpay-settings-saved">
            Saved. New payments use these settings.
          </Alert>
        ) : null}

        <div className="flex items-center justify-end gap-x-2">
          <Button
            type="button"
            variant="secondary"
            size="small"
            data-testid="mixpay-settings-test-connection"
            isLoading={test.isPending}
            onClick={runTest}
          >
            Test connection
          </Button>
          <Button type="submit" size="small" data-testid="mixpay-settings-save" isLoading={save.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Container>
  );
}

function ConnectionResult({
  pending,
  result,
  error,
}: {
  pending: boolean;
  result: ConnectionTest | null;
  error: string | null;
}) {
  if (pending) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-settings-test-pending">
        Asking MixPay…
      </Text>
    );
  }
  if (error) {
    return (
      <Alert variant="error" data-testid="mixpay-settings-test-result" data-ok="false">
        The test could not run: {error}
      </Alert>
    );
  }
  if (!result) return null;
  const lines: string[] = [];
  if (result.settlement_assets !== null) {
    lines.push(
      `MixPay answered in ${result.latency_ms} ms: ${result.settlement_assets} settlement and ${result.quote_assets ?? 0} quote assets.`,
    );
  }
  if (result.payee) lines.push(result.payee.message);
  if (result.settlement_asset) {
    lines.push(
      result.settlement_asset.listed
        ? `Settlement asset ${result.settlement_asset.symbol ?? result.settlement_asset.id} is available.`
        : `Settlement asset ${result.settlement_asset.id} is not in MixPay's settlement list.`,
    );
  }
  if (result.quote_asset) {
    lines.push(
      result.quote_asset.listed
        ? `Quote asset ${result.quote_asset.symbol ?? result.quote_asset.id} is available.`
        : `Quote asset ${result.quote_asset.id} is not in MixPay's quote list.`,
    );
  }
  if (result.error) lines.push(result.error);
  return (
    <Alert
      variant={result.ok ? "success" : "error"}
      data-testid="mixpay-settings-test-result"
      data-ok={String(result.ok)}
    >
      <div className="flex flex-col gap-y-1">
        <span className="txt-compact-small-plus">
          {result.ok ? "Connected to" : "Problem with"} {result.api_base_url}
        </span>
        {lines.map((l) => (
          <span key={l}>{l}</span>
        ))}
      </div>
    </Alert>
  );
}
