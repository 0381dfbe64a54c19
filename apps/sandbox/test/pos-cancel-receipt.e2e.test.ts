import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchChromium,
  adminToken as login,
  type Running,
  Sandbox,
  SHOTS,
  control as simulatorControl,
} from "./harness";

/**
 * The POS page's Cancel and receipt (#14 items 3 and 6), in Chromium at a tablet's and a phone's size: Cancel takes
 * the QR code down at once, a payment that still arrives raises an alert on the till and is flagged, never an
 * order; "Print receipt" prints the receipt alone, at most 80 mm wide.
 */

const box = new Sandbox();
let sandbox: Running;
let browser: Browser;
let adminToken: string;

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${sandbox.info.medusaUrl}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const traceOf = (payUrl: string) => payUrl.split("/code/")[1] as string;

async function openPos(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(sandbox.info.posUrl);
  await page.waitForSelector("[data-testid=product-flat-white]");
  return page;
}

/** A flat white (3.50 USD), charged: the QR code is up; returns the pay link. */
async function chargeFlatWhite(page: Page): Promise<string> {
  await page.click("[data-testid=product-flat-white]");
  await expect.poll(() => page.textContent("[data-testid=total]")).toBe("3.50 USD");
  await page.click("[data-testid=charge-button]");
  await page.waitForSelector("[data-testid=qr] img");
  return (await page.getAttribute("[data-testid=pay-link]", "href")) as string;
}

beforeAll(async () => {
  sandbox = await box.start();
  browser = await launchChromium();
  adminToken = await login(sandbox.info);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (sandbox) await box.stop(sandbox);
  box.remove();
}, 60_000);

const SIZES = [
  { name: "tablet", width: 1024, height: 768 },
  { name: "phone", width: 390, height: 844 },
];

describe.each(SIZES)("the POS page at $width×$height", (size) => {
  it("Cancel takes the QR code down; paid anyway, the till raises an alert and the admin shows paid_after_cancel with no order", async () => {
    const page = await openPos(size);
    const payUrl = await chargeFlatWhite(page);
    const trace = traceOf(payUrl);
    await page.click("[data-testid=cancel-sale]");
    await page.waitForSelector("[data-testid=payment-sheet][data-phase=cancelled]");
    expect(await page.$("[data-testid=qr]")).toBeNull();
    expect(await page.$("[data-testid=countdown]")).toBeNull();
    expect(await page.textContent("[data-testid=payment-status]")).toBe("Cancelled");
    expect(await page.textContent("[data-testid=payment-detail]")).toContain("stays payable at MixPay");
    expect(await page.textContent("[data-testid=cancelled-watched]")).toBe(
      "Watching 1 cancelled sale until MixPay's deadline.",
    );
    const stored = await fetch(`${sandbox.info.medusaUrl}/store/mixpay/payments/${trace}`, {
      headers: { "x-publishable-api-key": sandbox.info.publishableKey },
    }).then((r) => r.json());
    expect(stored.payment).toMatchObject({ cancelled: true, completed: false });

    // Back to the ticket, then a reload: the cancelled sale is still watched.
    await page.click("[data-testid=cancelled-back]");
    expect(await page.$("[data-testid=payment-sheet]")).toBeNull();
    await page.reload();
    await page.waitForSelector("[data-testid=product-flat-white]");

    // The customer pays the cancelled sale's QR code anyway.
    await simulatorControl(sandbox.info, `payments/${trace}`, { action: "pay" });
    const alert = await page.waitForSelector("[role=alert][data-testid=late-payment]", { timeout: 30_000 });
    expect(await alert.isVisible()).toBe(true);
    expect(await page.textContent("[data-testid=late-payment-arrived]")).toMatch(
      /^\S+ \S+ arrived for the cancelled sale of 3\.50 USD \(trace [0-9a-f]{8}…[0-9a-f]{4}\)\. No order was made\.$/,
    );
    const action = await page.textContent("[data-testid=late-payment-action]");
    expect(action).toContain('"Make the order"');
    expect(action).toContain("refund the customer");
    await page.screenshot({ path: join(SHOTS, `pos-paid-after-cancel-${size.name}.png`) });

    const { payment } = await admin<{
      payment: { status: string; cancelled: boolean; completed: boolean; attention: string; order_id: string | null };
    }>(`/admin/mixpay/payments/${trace}`);
    expect(payment).toMatchObject({
      status: "paid",
      cancelled: true,
      completed: false,
      attention: "paid_after_cancel",
      order_id: null,
    });

    // It stays until the cashier dismisses it, across a reload.
    await page.reload();
    await page.waitForSelector("[data-testid=late-payment]", { timeout: 30_000 });
    await page.click("[data-testid=late-payment-dismiss]");
    expect(await page.$("[data-testid=late-payment]")).toBeNull();
    await page.close();
  });

  it("prints only the receipt, at most 80 mm wide: store name, amount, crypto paid, surplus, short trace", async () => {
    const page = await openPos(size);
    const payUrl = await chargeFlatWhite(page);
    await simulatorControl(sandbox.info, `payments/${traceOf(payUrl)}`, { action: "overpay", amount: "10" });
    await page.waitForSelector("[data-testid=receipt]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=receipt-store]")).toMatch(/\S/);
    expect(await page.textContent("[data-testid=receipt-amount]")).toBe("Amount3.50 USD");
    expect(await page.textContent("[data-testid=receipt-paid]")).toMatch(/^Paid in crypto[0-9.]+ \S+$/);
    expect(await page.textContent("[data-testid=receipt-surplus]")).toMatch(/^Overpaid[0-9.]+ \S+$/);
    expect(await page.textContent("[data-testid=receipt-trace]")).toMatch(/^MixPay trace[0-9a-f]{8}…[0-9a-f]{4}$/);

    await page.emulateMedia({ media: "print" });
    const paper = await page.$("[data-testid=receipt-paper]");
    const width = (await paper?.boundingBox())?.width ?? 0;
    expect(width).toBeGreaterThan(200);
    expect(width).toBeLessThanOrEqual(303); // 80 mm ≈ 302 CSS px
    expect(await paper?.isVisible()).toBe(true);
    // Nothing outside the receipt is visible: not the products, the ticket, the buttons or the header.
    const visibleOutside = await page.evaluate(() => {
      const receipt = document.querySelector("[data-testid=receipt-paper]");
      return [...document.body.querySelectorAll("*")]
        .filter((el) => !receipt?.contains(el) && !el.contains(receipt))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === "visible";
        })
        .map((el) => el.getAttribute("data-testid") ?? el.tagName);
    });
    expect(visibleOutside).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `pos-receipt-print-${size.name}.png`) });
    await page.emulateMedia({ media: "screen" });
    expect(await page.isVisible("[data-testid=print]")).toBe(true);
    await page.close();
  });
});
