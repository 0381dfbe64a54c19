import { isQuoteAssetId } from "@mixpay-pos/protocol";
import { checkBaseUrl, isUuid, validatePayeeId } from "./payee";
import type { MixpaySettings, SettingsInput } from "./schemas";

/**
 * The settings form as plain data: what the inputs hold (strings and booleans), how they are checked before
 * anything is sent (the same rules the plugin applies, so most mistakes show inline without a round trip),
 * and how they become the POST body.
 */

export interface SettingsFormValues {
  enabled: boolean;
  payee_id: string;
  settlement_asset_id: string;
  /** "" = none. */
  quote_asset_id: string;
  expiry_minutes: string;
  strict_mode: boolean;
  public_base_url: string;
  api_base_url: string;
  checkout_base_url: string;
}

export type SettingsFormErrors = Partial<Record<keyof SettingsFormValues, string>>;

export const DEFAULT_EXPIRY_MINUTES = 15;

export function toFormValues(settings: MixpaySettings | null): SettingsFormValues {
  return {
    enabled: settings?.enabled ?? true,
    payee_id: settings?.payee_id ?? "",
    settlement_asset_id: settings?.settlement_asset_id ?? "",
    quote_asset_id: settings?.quote_asset_id ?? "",
    expiry_minutes: String(settings?.expiry_minutes ?? DEFAULT_EXPIRY_MINUTES),
    strict_mode: settings?.strict_mode ?? false,
    public_base_url: settings?.public_base_url ?? "",
    api_base_url: settings?.api_base_url ?? "",
    checkout_base_url: settings?.checkout_base_url ?? "",
  };
}

/** Checks every field; an empty object means the form can be saved. */
export function validateSettingsForm(v: SettingsFormValues): SettingsFormErrors {
  const errors: SettingsFormErrors = {};
  const payee = validatePayeeId(v.payee_id);
  if (!payee.ok) errors.payee_id = payee.message;
  if (v.settlement_asset_id.trim() === "") errors.settlement_asset_id = "Choose the asset MixPay settles into.";
  else if (!isUuid(v.settlement_asset_id)) errors.settlement_asset_id = "Must be an asset UUID from MixPay's list.";
  const quote = v.quote_asset_id.trim();
  if (quote !== "" && !isQuoteAssetId(quote)) {
    errors.quote_asset_id = "Must be a fiat code like usd or an asset UUID.";
  }
  const expiry = v.expiry_minutes.trim();
  if (!/^[0-9]+$/.test(expiry) || Number(expiry) < 1 || Number(expiry) > 2880) {
    errors.expiry_minutes = "Whole minutes from 1 to 2880 (48 hours).";
  }
  for (const field of ["public_base_url", "api_base_url", "checkout_base_url"] as const) {
    if (checkBaseUrl(v[field]) === false) errors[field] = "Must be an http(s) URL, or empty.";
  }
  return errors;
}

/** The POST body for valid values (call validateSettingsForm first). */
export function toSettingsInput(v: SettingsFormValues): SettingsInput {
  const payee = validatePayeeId(v.payee_id);
  const url = (s: string) => {
    const checked = checkBaseUrl(s);
    return checked === false ? null : checked;
  };
  return {
    enabled: v.enabled,
    payee_id: payee.ok ? payee.value : v.payee_id.trim(),
    settlement_asset_id: v.settlement_asset_id.trim().toLowerCase(),
    quote_asset_id: v.quote_asset_id.trim() === "" ? null : v.quote_asset_id.trim().toLowerCase(),
    expiry_minutes: Number.parseInt(v.expiry_minutes.trim(), 10),
    strict_mode: v.strict_mode,
    public_base_url: url(v.public_base_url),
    api_base_url: url(v.api_base_url),
    checkout_base_url: url(v.checkout_base_url),
  };
}

/** Whether the form differs from what is saved. */
export function isDirty(values: SettingsFormValues, saved: MixpaySettings | null): boolean {
  const base = toFormValues(saved);
  return (Object.keys(base) as (keyof SettingsFormValues)[]).some((k) => base[k] !== values[k]);
}
