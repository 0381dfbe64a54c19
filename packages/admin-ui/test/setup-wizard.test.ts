import { describe, expect, it } from "vitest";
import { checkPayeeRef } from "../src/lib/payee";
import type { MixpaySettings, PayeeLookup, RegionQuote } from "../src/lib/schemas";
import {
  payeeDescription,
  settingsFromWizard,
  stepBlocker,
  testPaymentRegion,
  unquotedRegions,
  type WizardChoices,
} from "../src/lib/setup-wizard";

const USDT = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";
const PAYEE = "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e";
const asset = (id: string, symbol: string, isFiat = false) => ({
  id,
  symbol,
  name: null,
  iconUrl: null,
  chain: null,
  chainIconUrl: null,
  isFiat,
});
const lookup: PayeeLookup = {
  payee: { payee_id: PAYEE, from: "mixin-id", mixin_id: "7000104111", kind: "bot" },
  settlement: [asset(USDT, "USDT")],
  fiat_available: false,
};
const region = (over: Partial<RegionQuote>): RegionQuote => ({
  id: "reg_usd",
  name: "Till",
  currency_code: "usd",
  mixpay_enabled: true,
  quote: { asset_id: "usd", symbol: "USD", direct: true },
  ...over,
});
const choices = (over: Partial<WizardChoices> = {}): WizardChoices => ({
  payee: lookup,
  settlementAssetId: USDT,
  quoteAssetId: "",
  publicBaseUrl: "https://shop.example.com/",
  ...over,
});

describe("checkPayeeRef: what the wizard accepts before asking MixPay", () => {
  it("takes a Mixin ID or a UUID (normalised), and explains anything else", () => {
    expect(checkPayeeRef(" 37160854 ")).toEqual({ ok: true, value: "37160854" });
    expect(checkPayeeRef(PAYEE.replace(/-/g, "").toUpperCase())).toEqual({ ok: true, value: PAYEE });
    for (const bad of ["", "abc", "123", "1234567890123", "37160854; drop table"]) {
      expect(checkPayeeRef(bad)).toMatchObject({ ok: false, message: expect.stringMatching(/Mixin ID/) });
    }
  });
});

describe("setup wizard rules", () => {
  it("says what a payee is in a merchant's words", () => {
    expect(payeeDescription(lookup.payee)).toBe("Mixin bot with Mixin ID 7000104111");
    expect(payeeDescription({ ...lookup.payee, from: "uuid", mixin_id: null, kind: "unknown" })).toMatch(
      /user, bot or multisig group/,
    );
  });

  it("blocks each step until its choice is made and valid", () => {
    expect(stepBlocker("payee", choices({ payee: null }), null)).toMatch(/Look up/);
    expect(stepBlocker("payee", choices(), null)).toBeNull();
    expect(stepBlocker("settlement", choices({ settlementAssetId: "" }), null)).toMatch(/Choose/);
    expect(
      stepBlocker("settlement", choices({ settlementAssetId: "c6d0c728-2624-429b-8e0d-d9d19b6592fa" }), null),
    ).toMatch(/does not settle/);
    expect(stepBlocker("settlement", choices(), null)).toBeNull();
    expect(stepBlocker("regions", choices({ publicBaseUrl: "shop.example.com" }), [region({})])).toMatch(/http/);
    expect(stepBlocker("regions", choices({ publicBaseUrl: "" }), [region({})])).toBeNull();
    expect(stepBlocker("regions", choices(), [region({ mixpay_enabled: false })])).toMatch(/No region/);
    expect(stepBlocker("regions", choices(), [region({ currency_code: "gbp", quote: null })])).toMatch(/fallback/);
  });

  it("saves the choices and keeps what it does not ask about", () => {
    expect(settingsFromWizard(choices(), null)).toEqual({
      enabled: true,
      payee_id: PAYEE,
      settlement_asset_id: USDT,
      quote_asset_id: null,
      expiry_minutes: 15,
      strict_mode: false,
      public_base_url: "https://shop.example.com",
      api_base_url: null,
      checkout_base_url: null,
    });
    const saved = {
      id: "set_1",
      enabled: false,
      payee_id: "old",
      settlement_asset_id: "old",
      quote_asset_id: null,
      expiry_minutes: 30,
      strict_mode: true,
      public_base_url: null,
      api_base_url: "http://sim.test/v1",
      checkout_base_url: "http://sim.test",
    } as MixpaySettings;
    expect(settingsFromWizard(choices({ quoteAssetId: "usd", publicBaseUrl: " " }), saved)).toMatchObject({
      enabled: true,
      payee_id: PAYEE,
      quote_asset_id: "usd",
      expiry_minutes: 30,
      strict_mode: true,
      public_base_url: null,
      api_base_url: "http://sim.test/v1",
      checkout_base_url: "http://sim.test",
    });
  });

  it("makes the test payment where MixPay quotes the region's own currency, if it can", () => {
    const gbp = region({
      id: "reg_gbp",
      currency_code: "gbp",
      quote: { asset_id: "usd", symbol: "USD", direct: false },
    });
    const eur = region({
      id: "reg_eur",
      currency_code: "eur",
      quote: { asset_id: "eur", symbol: "EUR", direct: true },
    });
    const off = region({ id: "reg_off", mixpay_enabled: false });
    expect(testPaymentRegion([off, gbp, eur])?.id).toBe("reg_eur");
    expect(testPaymentRegion([off, gbp])?.id).toBe("reg_gbp");
    expect(testPaymentRegion([off])).toBeNull();
    expect(unquotedRegions([off, region({ id: "x", quote: null }), eur]).map((r) => r.id)).toEqual(["x"]);
  });
});
