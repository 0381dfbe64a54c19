// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpaySetupWizard } from "../src/components/MixpaySetupWizard";
import { type MixpayAdminClient, MixpayApiError } from "../src/lib/client";
import type { PayeeLookup, RegionQuotes, TerminalSale } from "../src/lib/schemas";
import { fakeClient, renderWith } from "./render";
import { SVG, terminalSale } from "./sale-fixture";

afterEach(cleanup);

const PAYEE = "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e";
const USDT = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";

const found = (fiat: boolean): PayeeLookup => ({
  payee: { payee_id: PAYEE, from: "mixin-id", mixin_id: "37160854", kind: "user" },
  settlement: [
    { id: USDT, symbol: "USDT", name: "Tether USD", iconUrl: null, chain: "ERC20", chainIconUrl: null, isFiat: false },
    ...(fiat
      ? [
          {
            id: "f1a7c0de-5e77-4c1e-9d0a-00000000e5d0",
            symbol: "USD",
            name: "US Dollar (bank payout)",
            iconUrl: null,
            chain: null,
            chainIconUrl: null,
            isFiat: true,
          },
        ]
      : []),
  ],
  fiat_available: fiat,
});
const regions: RegionQuotes = {
  regions: [
    {
      id: "reg_eu",
      name: "Europe",
      currency_code: "eur",
      mixpay_enabled: false,
      quote: { asset_id: "eur", symbol: "EUR", direct: true },
    },
    {
      id: "reg_us",
      name: "Till",
      currency_code: "usd",
      mixpay_enabled: true,
      quote: { asset_id: "usd", symbol: "USD", direct: true },
    },
  ],
  quoted_fiats: ["USD", "EUR"],
};
/** The wizard's test payment: 1 USD, with its QR code. */
const sale = (over: Partial<TerminalSale> = {}): TerminalSale =>
  terminalSale({ qr_svg: SVG, amount: "1", quote_amount: "1", ...over });

/** Radix Select in happy-dom: open with a pointer press, then pick the option. */
async function pick(testId: string, assetId: string) {
  fireEvent.pointerDown(screen.getByTestId(testId), { button: 0, ctrlKey: false, pointerType: "mouse" });
  const option = await waitFor(() => {
    const el = document.querySelector(`[data-testid=${testId}-option][data-asset-id="${assetId}"]`);
    if (!el) throw new Error(`no option ${assetId}`);
    return el;
  });
  fireEvent.click(option);
}

describe("MixpaySetupWizard", () => {
  it("Mixin ID → payee shown → payout asset → regions → saved → test payment arrives", async () => {
    const lookupPayee = vi.fn<MixpayAdminClient["lookupPayee"]>(async () => found(false));
    const saveSettings = vi.fn<MixpayAdminClient["saveSettings"]>(async (input) => ({
      settings: { id: "set_1", ...input },
      callback_url: null,
    }));
    let paid = false;
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => sale());
    const onDone = vi.fn();
    renderWith(
      <MixpaySetupWizard
        saved={null}
        suggestedPublicBaseUrl="https://shop.example.com"
        onDone={onDone}
        pollIntervalMs={20}
      />,
      fakeClient({
        lookupPayee,
        saveSettings,
        createSale,
        regionQuotes: async () => regions,
        listAssets: async () => ({ settlement: [], quote: [], fetched_at: null }),
        getSale: async () =>
          paid
            ? sale({
                status: "paid",
                final: true,
                completed: true,
                paid_amount: "1",
                paid_symbol: "USDT",
                order_display_id: 7,
              })
            : sale(),
      }),
    );

    // Step 1: a typo is caught before MixPay is asked; the Mixin ID is looked up and the payee shown back.
    const next = screen.getByTestId("mixpay-wizard-next");
    expect(next.hasAttribute("disabled")).toBe(true);
    fireEvent.change(screen.getByTestId("mixpay-wizard-payee"), { target: { value: "my-shop" } });
    fireEvent.click(screen.getByTestId("mixpay-wizard-lookup"));
    await screen.findByTestId("mixpay-wizard-payee-error");
    expect(lookupPayee).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("mixpay-wizard-payee"), { target: { value: " 37160854 " } });
    fireEvent.click(screen.getByTestId("mixpay-wizard-lookup"));
    const card = await screen.findByTestId("mixpay-wizard-payee-found");
    expect(lookupPayee).toHaveBeenCalledWith("37160854");
    expect(card.textContent).toContain("Mixin user with Mixin ID 37160854");
    expect(card.textContent).toContain(PAYEE);
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));

    // Step 2: no fiat approved → how to apply; the payout asset must be chosen.
    expect((await screen.findByTestId("mixpay-wizard-fiat")).getAttribute("data-available")).toBe("false");
    expect(screen.getByTestId("mixpay-wizard-next").hasAttribute("disabled")).toBe(true);
    await pick("mixpay-wizard-settlement", USDT);
    await waitFor(() => expect(screen.getByTestId("mixpay-wizard-next").hasAttribute("disabled")).toBe(false));
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));

    // Step 3: each region and what it is priced in; the callback URL is offered; save.
    await screen.findByTestId("mixpay-wizard-regions");
    const rows = screen.getAllByTestId("mixpay-wizard-region");
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Europe.*EUR.*not enabled.*EUR/),
      expect.stringMatching(/Till.*USD.*enabled.*USD/),
    ]);
    expect((screen.getByTestId("mixpay-wizard-public-base-url") as HTMLInputElement).value).toBe(
      "https://shop.example.com",
    );
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));
    await screen.findByTestId("mixpay-wizard-test");
    expect(saveSettings).toHaveBeenCalledWith({
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

    // Step 4: a small sale in the MixPay region; the QR shows, then the payment arrives.
    fireEvent.click(screen.getByTestId("mixpay-wizard-test-start"));
    await screen.findByTestId("mixpay-qr");
    expect(createSale).toHaveBeenCalledWith({
      amount: "1",
      currency_code: "usd",
      region_id: "reg_us",
      title: "MixPay test payment",
    });
    paid = true;
    const arrived = await screen.findByTestId("mixpay-wizard-test-arrived", {}, { timeout: 3000 });
    expect(arrived.textContent).toContain("order #7");
    fireEvent.click(screen.getByTestId("mixpay-wizard-finish"));
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it("an unknown Mixin ID is said in MixPay's words; fiat payouts appear when MixPay approved them", async () => {
    const lookupPayee = vi
      .fn<MixpayAdminClient["lookupPayee"]>()
      .mockRejectedValueOnce(new MixpayApiError("MixPay has no user with Mixin ID 12345678. Check the number…", 404))
      .mockResolvedValue(found(true));
    renderWith(<MixpaySetupWizard saved={null} onDone={() => undefined} />, fakeClient({ lookupPayee }));
    fireEvent.change(screen.getByTestId("mixpay-wizard-payee"), { target: { value: "12345678" } });
    fireEvent.click(screen.getByTestId("mixpay-wizard-lookup"));
    expect((await screen.findByTestId("mixpay-wizard-payee-error")).textContent).toMatch(
      /no user with Mixin ID 12345678/,
    );
    expect(screen.getByTestId("mixpay-wizard-next").hasAttribute("disabled")).toBe(true);

    fireEvent.change(screen.getByTestId("mixpay-wizard-payee"), { target: { value: "37160854" } });
    fireEvent.click(screen.getByTestId("mixpay-wizard-lookup"));
    await screen.findByTestId("mixpay-wizard-payee-found");
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));
    const fiat = await screen.findByTestId("mixpay-wizard-fiat");
    expect(fiat.getAttribute("data-available")).toBe("true");
    expect(fiat.textContent).toContain("US Dollar (bank payout)");
  });

  it("a refused save stays on the regions step with MixPay's reason, and nothing moves on", async () => {
    const saveSettings = vi.fn<MixpayAdminClient["saveSettings"]>(async () => {
      throw new MixpayApiError("payee_id: MixPay does not know the payee", 400, [
        { field: "payee_id", message: "MixPay does not know the payee" },
      ]);
    });
    renderWith(
      <MixpaySetupWizard saved={null} onDone={() => undefined} />,
      fakeClient({
        lookupPayee: async () => found(false),
        saveSettings,
        regionQuotes: async () => regions,
      }),
    );
    fireEvent.change(screen.getByTestId("mixpay-wizard-payee"), { target: { value: "37160854" } });
    fireEvent.click(screen.getByTestId("mixpay-wizard-lookup"));
    await screen.findByTestId("mixpay-wizard-payee-found");
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));
    await pick("mixpay-wizard-settlement", USDT);
    await waitFor(() => expect(screen.getByTestId("mixpay-wizard-next").hasAttribute("disabled")).toBe(false));
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));
    await screen.findByTestId("mixpay-wizard-regions");
    fireEvent.click(screen.getByTestId("mixpay-wizard-next"));
    expect((await screen.findByTestId("mixpay-wizard-save-error")).textContent).toContain("does not know the payee");
    expect(screen.getByTestId("mixpay-wizard").getAttribute("data-step")).toBe("regions");
  });
});
