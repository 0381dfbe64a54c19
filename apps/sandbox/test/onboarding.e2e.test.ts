import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAdminSession, openAdminSession, payOnPhone, type Running, Sandbox, SHOTS } from "./harness";

/**
 * A merchant's first visit to Settings → MixPay, in the sandbox started with `--onboarding` (no MixPay settings),
 * in headless Chromium: the setup wizard from the Mixin ID to a paid test payment. The screenshots it takes
 * illustrate docs/merchants.md.
 */

const DEMO_MIXIN_ID = "7000104111"; // the simulator's demo shop
const USDT_ERC20 = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";

const box = new Sandbox();
let sandbox: Running;
let browser: Browser;
let page: Page;
let token: string;

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${sandbox.info.medusaUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A screenshot for the merchants guide, once the buttons have finished their colour transition. */
const shot = async (name: string) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SHOTS, name) });
};

beforeAll(async () => {
  ({ sandbox, browser, token, page } = await openAdminSession(box, ["--onboarding"]));
}, 300_000);

afterAll(() => closeAdminSession(box, { sandbox, browser }), 60_000);

describe("the MixPay setup wizard, from empty settings to a paid test payment", () => {
  it("starts with nothing configured: the settings page opens the wizard", async () => {
    expect(sandbox.output()).toContain("setup wizard");
    expect((await admin<{ settings: unknown }>("/admin/mixpay/settings")).settings).toBeNull();
    await page.goto(`${sandbox.info.medusaUrl}/app/settings/mixpay`);
    await page.waitForSelector("[data-testid=mixpay-wizard][data-step=payee]", { timeout: 30_000 });
    expect(await page.isDisabled("[data-testid=mixpay-wizard-next]")).toBe(true);
  });

  it("an unknown Mixin ID is refused in plain words; the merchant's own is found and shown back", async () => {
    await page.fill("[data-testid=mixpay-wizard-payee]", "12345678");
    await page.click("[data-testid=mixpay-wizard-lookup]");
    const error = await page.waitForSelector("[data-testid=mixpay-wizard-payee-error]", { timeout: 30_000 });
    expect(await error.textContent()).toContain("MixPay has no user with Mixin ID 12345678");
    expect(await page.isDisabled("[data-testid=mixpay-wizard-next]")).toBe(true);

    await page.fill("[data-testid=mixpay-wizard-payee]", DEMO_MIXIN_ID);
    await page.click("[data-testid=mixpay-wizard-lookup]");
    const found = await page.waitForSelector("[data-testid=mixpay-wizard-payee-found]", { timeout: 30_000 });
    expect(await found.textContent()).toContain(`Mixin bot with Mixin ID ${DEMO_MIXIN_ID}`);
    expect(await page.textContent("[data-testid=mixpay-wizard-payee-id]")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.isEnabled("[data-testid=mixpay-wizard-next]")).toBe(true);
    await shot("wizard-1-payee.png");
    await page.click("[data-testid=mixpay-wizard-next]");
  });

  it("the payout asset comes from what MixPay settles into for this payee, with fiat explained", async () => {
    await page.waitForSelector("[data-testid=mixpay-wizard][data-step=settlement]");
    const fiat = await page.waitForSelector("[data-testid=mixpay-wizard-fiat]");
    expect(await fiat.getAttribute("data-available")).toBe("false");
    expect(await fiat.textContent()).toMatch(/Contact MixPay support with your Mixin ID/);
    await page.click("[data-testid=mixpay-wizard-settlement]");
    await page.click(`[data-testid=mixpay-wizard-settlement-option][data-asset-id="${USDT_ERC20}"]`);
    await expect.poll(() => page.getAttribute("[data-testid=mixpay-wizard-settlement]", "data-value")).toBe(USDT_ERC20);
    await shot("wizard-2-settlement.png");
    await page.click("[data-testid=mixpay-wizard-next]");
  });

  it("each region shows what MixPay prices it in; saving stores exactly the choices", async () => {
    await page.waitForSelector("[data-testid=mixpay-wizard-regions]", { timeout: 30_000 });
    const rows = await page.$$eval("[data-testid=mixpay-wizard-region]", (els) => els.map((e) => e.textContent));
    expect(rows).toEqual([
      expect.stringMatching(/^Europe.*EUR.*enabled.*EUR$/),
      expect.stringMatching(/^United States.*USD.*enabled.*USD$/),
    ]);
    expect(rows.join()).not.toContain("not enabled");
    // The admin's own address is offered for MixPay's callbacks.
    expect(await page.inputValue("[data-testid=mixpay-wizard-public-base-url]")).toBe(sandbox.info.medusaUrl);
    await shot("wizard-3-regions.png");
    await page.click("[data-testid=mixpay-wizard-next]");
    await page.waitForSelector("[data-testid=mixpay-wizard-test]", { timeout: 30_000 });

    const { settings } = await admin<{ settings: Record<string, unknown> }>("/admin/mixpay/settings");
    expect(settings).toMatchObject({
      enabled: true,
      payee_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      settlement_asset_id: USDT_ERC20,
      quote_asset_id: null,
      public_base_url: sandbox.info.medusaUrl,
      api_base_url: null, // the plugin's default: here the simulator, in a shop MixPay itself
    });
  });

  it("the test payment: paid from the merchant's phone, it arrives as an order", async () => {
    // Both regions can take MixPay; the merchant picks where the test sale is made.
    await page.click("[data-testid=mixpay-wizard-test-region]");
    await page.click("[data-testid=mixpay-wizard-test-region-option] >> text=United States");
    await page.click("[data-testid=mixpay-wizard-test-start]");
    await page.waitForSelector("[data-testid=mixpay-qr]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=mixpay-wizard-test]")).toContain("Test payment of 1 USD");
    const payUrl = await page.getAttribute("[data-testid=mixpay-pay-link]", "href");
    expect(payUrl).toMatch(new RegExp(`^${sandbox.info.simulatorUrl}/code/`));
    await shot("wizard-4-test-payment.png");

    await payOnPhone(browser, payUrl as string);
    const arrived = await page.waitForSelector("[data-testid=mixpay-wizard-test-arrived]", { timeout: 30_000 });
    expect(await arrived.textContent()).toMatch(/Payment received .*: order #\d+/);
    await shot("wizard-5-arrived.png");

    const { payments } = await admin<{
      payments: { order_id: string | null; quote_amount: string; quote_asset_id: string }[];
    }>("/admin/mixpay/payments?status=paid");
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      quote_amount: "1",
      quote_asset_id: "usd",
      order_id: expect.stringMatching(/^order_/),
    });

    await page.click("[data-testid=mixpay-wizard-finish]");
    await page.waitForSelector("[data-testid=mixpay-settings-form]");
    expect(await page.inputValue("[data-testid=mixpay-settings-payee-id]")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
