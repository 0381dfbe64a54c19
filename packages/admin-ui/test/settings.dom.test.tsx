// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpaySettingsForm } from "../src/components/MixpaySettingsForm";
import { type MixpayAdminClient, MixpayApiError } from "../src/lib/client";
import type { SettingsResponse } from "../src/lib/schemas";
import { fakeClient, renderWith } from "./render";

afterEach(cleanup);

const USDT = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";
const saved: SettingsResponse = {
  settings: {
    id: "mxset_1",
    enabled: true,
    payee_id: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
    settlement_asset_id: USDT,
    quote_asset_id: null,
    expiry_minutes: 15,
    strict_mode: false,
    public_base_url: null,
    api_base_url: "http://127.0.0.1:4010/v1",
    checkout_base_url: null,
  },
  callback_url: null,
};
const assets = async () => ({
  settlement: [
    {
      id: USDT,
      symbol: "USDT",
      name: "Tether USD",
      iconUrl: null,
      chain: "Ethereum(ERC20)",
      chainIconUrl: null,
      isFiat: false,
    },
  ],
  quote: [{ id: "usd", symbol: "USD", name: null, iconUrl: null, chain: null, chainIconUrl: null, isFiat: true }],
  fetched_at: null,
});

describe("MixpaySettingsForm", () => {
  it("shows loading, then the saved settings", async () => {
    renderWith(<MixpaySettingsForm />, fakeClient({ getSettings: async () => saved, listAssets: assets }));
    expect(screen.getByTestId("mixpay-settings-loading")).toBeTruthy();
    const payee = (await screen.findByTestId("mixpay-settings-payee-id")) as HTMLInputElement;
    expect(payee.value).toBe(saved.settings?.payee_id);
    expect(screen.getByTestId("mixpay-settings-settlement-asset").getAttribute("data-value")).toBe(USDT);
  });

  it("checks the payee UUID inline and sends nothing while it is wrong", async () => {
    const saveSettings = vi.fn<MixpayAdminClient["saveSettings"]>();
    renderWith(
      <MixpaySettingsForm />,
      fakeClient({ getSettings: async () => saved, listAssets: assets, saveSettings }),
    );
    const payee = await screen.findByTestId("mixpay-settings-payee-id");
    fireEvent.change(payee, { target: { value: "7000104111" } });
    fireEvent.blur(payee);
    expect((await screen.findByTestId("mixpay-settings-payee-id-error")).textContent).toMatch(/Mixin ID/);
    fireEvent.click(screen.getByTestId("mixpay-settings-save"));
    await new Promise((r) => setTimeout(r, 20));
    expect(saveSettings).not.toHaveBeenCalled();
    fireEvent.change(payee, { target: { value: "5B2D4E8A1C3F4A6B9D7E2F8A0C1B3D5E" } });
    expect(screen.queryByTestId("mixpay-settings-payee-id-error")).toBeNull();
  });

  it("saves the normalised values and says so", async () => {
    const saveSettings = vi.fn<MixpayAdminClient["saveSettings"]>(async (input) => ({
      settings: { id: "mxset_1", ...input },
      callback_url: input.public_base_url ? `${input.public_base_url}/hooks/mixpay` : null,
    }));
    renderWith(
      <MixpaySettingsForm />,
      fakeClient({ getSettings: async () => saved, listAssets: assets, saveSettings }),
    );
    const payee = await screen.findByTestId("mixpay-settings-payee-id");
    fireEvent.change(payee, { target: { value: " 5B2D4E8A-1C3F-4A6B-9D7E-2F8A0C1B3D5E " } });
    fireEvent.change(screen.getByTestId("mixpay-settings-expiry"), { target: { value: "30" } });
    fireEvent.change(screen.getByTestId("mixpay-settings-public-base-url"), {
      target: { value: "https://shop.example.com/" },
    });
    fireEvent.click(screen.getByTestId("mixpay-settings-save"));
    await screen.findByTestId("mixpay-settings-saved");
    expect(saveSettings).toHaveBeenCalledWith({
      enabled: true,
      payee_id: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
      settlement_asset_id: USDT,
      quote_asset_id: null,
      expiry_minutes: 30,
      strict_mode: false,
      public_base_url: "https://shop.example.com",
      api_base_url: "http://127.0.0.1:4010/v1",
      checkout_base_url: null,
    });
  });

  it("puts the server's field error next to its field", async () => {
    const saveSettings = vi.fn(async () => {
      throw new MixpayApiError("settlement_asset_id: MixPay does not settle in x", 400, [
        { field: "settlement_asset_id", message: "MixPay does not settle in x" },
      ]);
    });
    renderWith(
      <MixpaySettingsForm />,
      fakeClient({ getSettings: async () => saved, listAssets: assets, saveSettings }),
    );
    await screen.findByTestId("mixpay-settings-payee-id");
    fireEvent.click(screen.getByTestId("mixpay-settings-save"));
    const fieldError = await screen.findByTestId("mixpay-settings-settlement-asset-error");
    expect(fieldError.textContent).toBe("MixPay does not settle in x");
    expect(screen.getByTestId("mixpay-settings-error").textContent).toMatch(/fix the fields/);
    expect(screen.queryByTestId("mixpay-settings-saved")).toBeNull();
  });

  it("tests the connection with what is typed (not what is saved) and shows what MixPay said", async () => {
    const testConnection = vi.fn<MixpayAdminClient["testConnection"]>(async (input) => ({
      ok: false,
      api_base_url: input.api_base_url ?? "https://api.mixpay.me/v1",
      latency_ms: 12,
      settlement_assets: 9,
      quote_assets: 4,
      payee: {
        id: input.payee_id ?? "",
        known: false,
        message: "MixPay does not know this payee (10001 User does not exist).",
      },
      settlement_asset: { id: USDT, listed: true, symbol: "USDT" },
      quote_asset: null,
      error: null,
    }));
    renderWith(
      <MixpaySettingsForm />,
      fakeClient({ getSettings: async () => saved, listAssets: assets, testConnection }),
    );
    await screen.findByTestId("mixpay-settings-payee-id");
    fireEvent.change(screen.getByTestId("mixpay-settings-api-base-url"), {
      target: { value: "http://127.0.0.1:4011/v1" },
    });
    fireEvent.click(screen.getByTestId("mixpay-settings-test-connection"));
    const result = await screen.findByTestId("mixpay-settings-test-result");
    expect(testConnection).toHaveBeenCalledWith({
      api_base_url: "http://127.0.0.1:4011/v1",
      payee_id: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
      settlement_asset_id: USDT,
      quote_asset_id: null,
    });
    expect(result.getAttribute("data-ok")).toBe("false");
    expect(result.textContent).toContain("9 settlement and 4 quote assets");
    expect(result.textContent).toContain("does not know this payee");
  });

  it("fills the pickers from the API base in the form, once the field is left", async () => {
    const listAssets = vi.fn<MixpayAdminClient["listAssets"]>(assets);
    renderWith(<MixpaySettingsForm />, fakeClient({ getSettings: async () => saved, listAssets }));
    await screen.findByTestId("mixpay-settings-payee-id");
    await waitFor(() => expect(listAssets).toHaveBeenCalledWith({ apiBaseUrl: "http://127.0.0.1:4010/v1" }));
    const base = screen.getByTestId("mixpay-settings-api-base-url");
    fireEvent.change(base, { target: { value: "http://127.0.0.1:4011/v1/" } });
    expect(listAssets).toHaveBeenCalledTimes(1); // not on every key
    fireEvent.blur(base);
    await waitFor(() => expect(listAssets).toHaveBeenLastCalledWith({ apiBaseUrl: "http://127.0.0.1:4011/v1" }));
    fireEvent.change(base, { target: { value: "" } });
    fireEvent.blur(base);
    await waitFor(() => expect(listAssets).toHaveBeenLastCalledWith({}));
  });

  it("shows a load error with a retry, and an asset-list error without blocking the form", async () => {
    const getSettings = vi
      .fn<MixpayAdminClient["getSettings"]>()
      .mockRejectedValueOnce(new Error("Unauthorized"))
      .mockResolvedValue({ settings: null, callback_url: null });
    renderWith(
      <MixpaySettingsForm />,
      fakeClient({
        getSettings,
        listAssets: async () => {
          throw new Error("MixPay is unreachable");
        },
      }),
    );
    const loadError = await screen.findByTestId("mixpay-settings-load-error");
    expect(loadError.textContent).toContain("Unauthorized");
    fireEvent.click(screen.getByText("Try again"));
    // Nothing saved yet: the setup wizard comes first; the full form is one click away.
    fireEvent.click(await screen.findByTestId("mixpay-wizard-skip"));
    await screen.findByTestId("mixpay-settings-first-run");
    // The asset lists are retried once (a second later) before the error shows.
    await waitFor(
      () => expect(screen.getByTestId("mixpay-settings-assets-error").textContent).toContain("unreachable"),
      { timeout: 4000 },
    );
    expect(screen.getByTestId("mixpay-settings-save")).toBeTruthy();
  });
});
