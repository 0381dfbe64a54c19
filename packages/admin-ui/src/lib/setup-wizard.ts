import { checkBaseUrl } from "./payee";
import type { MixpaySettings, PayeeLookup, RegionQuote, SettingsInput } from "./schemas";

/**
 * The first-run setup wizard's rules, apart from its screens: the steps, when each may be left, what is saved,
 * and where the test payment is made.
 */

export const WIZARD_STEPS = ["payee", "settlement", "regions", "test"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const WIZARD_STEP_TITLES: Record<WizardStep, string> = {
  payee: "Who gets paid",
  settlement: "What you receive",
  regions: "Prices per region",
  test: "Test payment",
};

export interface WizardChoices {
  payee: PayeeLookup | null;
  settlementAssetId: string;
  /** Fallback quote asset for currencies MixPay does not quote; "" for none. */
  quoteAssetId: string;
  /** The callback base URL as typed; "" for none (payments are then checked by polling). */
  publicBaseUrl: string;
}

/** What the resolved payee is, in a merchant's words. */
export function payeeDescription(payee: PayeeLookup["payee"]): string {
  const kind =
    payee.kind === "bot" ? "Mixin bot" : payee.kind === "user" ? "Mixin user" : "Payee (user, bot or multisig group)";
  return payee.from === "mixin-id" && payee.mixin_id ? `${kind} with Mixin ID ${payee.mixin_id}` : kind;
}

/** Why the merchant cannot go on from `step` yet, or null when they can. */
export function stepBlocker(step: WizardStep, choices: WizardChoices, regions: RegionQuote[] | null): string | null {
  switch (step) {
    case "payee":
      return choices.payee ? null : "Look up your Mixin ID or payee UUID first.";
    case "settlement": {
      if (!choices.settlementAssetId) return "Choose the asset MixPay pays you in.";
      const listed = choices.payee?.settlement.some(
        (a) => a.id.toLowerCase() === choices.settlementAssetId.toLowerCase(),
      );
      return listed ? null : "MixPay does not settle in that asset for this payee; choose one from the list.";
    }
    case "regions":
      if (checkBaseUrl(choices.publicBaseUrl) === false) return "The callback URL must be an http(s) URL, or empty.";
      if (regions && !regions.some((r) => r.mixpay_enabled && r.quote)) {
        return "No region can take MixPay yet: enable the MixPay payment provider on a region (Settings → Regions), and choose a fallback quote asset if MixPay does not quote its currency.";
      }
      return null;
    case "test":
      return null;
  }
}

/** The regions whose sales MixPay would refuse: they offer MixPay, but MixPay quotes neither their currency nor a fallback. */
export function unquotedRegions(regions: RegionQuote[]): RegionQuote[] {
  return regions.filter((r) => r.mixpay_enabled && !r.quote);
}

/**
 * What the wizard saves: the merchant's choices; everything it does not ask (expiry, strict mode, API and
 * checkout bases) as already saved, else at the plugin's defaults.
 */
export function settingsFromWizard(choices: WizardChoices, saved: MixpaySettings | null): SettingsInput {
  if (!choices.payee) throw new Error("settingsFromWizard: no payee yet");
  const base = checkBaseUrl(choices.publicBaseUrl);
  return {
    enabled: true,
    payee_id: choices.payee.payee.payee_id,
    settlement_asset_id: choices.settlementAssetId,
    quote_asset_id: choices.quoteAssetId || null,
    expiry_minutes: saved?.expiry_minutes ?? 15,
    strict_mode: saved?.strict_mode ?? false,
    public_base_url: base || null,
    api_base_url: saved?.api_base_url ?? null,
    checkout_base_url: saved?.checkout_base_url ?? null,
  };
}

/** Where the test payment is made: the first region that offers MixPay, priced in its own currency if possible. */
export function testPaymentRegion(regions: RegionQuote[]): RegionQuote | null {
  const usable = regions.filter((r) => r.mixpay_enabled && r.quote);
  return usable.find((r) => r.quote?.direct) ?? usable[0] ?? null;
}

/** A small amount MixPay accepts in every quote currency it lists (its USD minimum is 0.1). */
export const TEST_PAYMENT_AMOUNT = "1";
export const TEST_PAYMENT_TITLE = "MixPay test payment";
