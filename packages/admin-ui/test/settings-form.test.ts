import { describe, expect, it } from "vitest";
import type { MixpaySettings } from "../src/lib/schemas";
import { isDirty, toFormValues, toSettingsInput, validateSettingsForm } from "../src/lib/settings-form";

const saved: MixpaySettings = {
  id: "mxset_1",
  enabled: true,
  payee_id: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
  settlement_asset_id: "4d8c508b-91c5-375b-92b0-ee702ed2dac5",
  quote_asset_id: null,
  expiry_minutes: 15,
  strict_mode: false,
  public_base_url: null,
  api_base_url: "http://127.0.0.1:4010/v1",
  checkout_base_url: null,
};

describe("settings form model", () => {
  it("round-trips saved settings into the POST body unchanged", () => {
    const values = toFormValues(saved);
    expect(validateSettingsForm(values)).toEqual({});
    const { id: _id, ...rest } = saved;
    expect(toSettingsInput(values)).toEqual(rest);
    expect(isDirty(values, saved)).toBe(false);
  });

  it("starts a first-time form enabled with a 15 minute expiry and nothing else", () => {
    const v = toFormValues(null);
    expect(v).toMatchObject({ enabled: true, payee_id: "", expiry_minutes: "15", strict_mode: false });
    expect(Object.keys(validateSettingsForm(v)).sort()).toEqual(["payee_id", "settlement_asset_id"]);
  });

  it("names every bad field before anything is sent", () => {
    const errors = validateSettingsForm({
      ...toFormValues(saved),
      payee_id: "7000104111",
      settlement_asset_id: "btc",
      quote_asset_id: "dollars",
      expiry_minutes: "2881",
      public_base_url: "shop.example.com",
      checkout_base_url: "ftp://x",
    });
    expect(Object.keys(errors).sort()).toEqual([
      "checkout_base_url",
      "expiry_minutes",
      "payee_id",
      "public_base_url",
      "quote_asset_id",
      "settlement_asset_id",
    ]);
    expect(errors.payee_id).toMatch(/Mixin ID/);
    for (const bad of ["0", "1.5", "", "abc", "-3"]) {
      expect(validateSettingsForm({ ...toFormValues(saved), expiry_minutes: bad }).expiry_minutes).toBeDefined();
    }
    expect(validateSettingsForm({ ...toFormValues(saved), expiry_minutes: "2880" }).expiry_minutes).toBeUndefined();
  });

  it("normalises what it sends: payee and assets lower case, empty URLs as null, trailing slashes dropped", () => {
    const input = toSettingsInput({
      ...toFormValues(saved),
      payee_id: "5B2D4E8A1C3F4A6B9D7E2F8A0C1B3D5E",
      quote_asset_id: "USD",
      public_base_url: " https://shop.example.com/ ",
      api_base_url: "",
      expiry_minutes: " 30 ",
    });
    expect(input).toMatchObject({
      payee_id: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
      quote_asset_id: "usd",
      public_base_url: "https://shop.example.com",
      api_base_url: null,
      expiry_minutes: 30,
    });
  });

  it("notices changes", () => {
    expect(isDirty({ ...toFormValues(saved), strict_mode: true }, saved)).toBe(true);
  });
});
