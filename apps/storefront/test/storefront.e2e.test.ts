import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  adminToken,
  launchChromium,
  payOnPhone,
  type Running,
  Sandbox,
  control as simulatorControl,
} from "@mixpay-pos/sandbox/test/harness";
import { expectNoWiderThanViewport, expectTouchTargets, VIEWPORTS } from "@mixpay-pos/sandbox/test/layout";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The example storefront as a customer uses it, in headless Chromium at a tablet's and a phone's size, against the
 * whole sandbox run as `npm start` runs it (Medusa, the plugin, the MixPay simulator, PostgreSQL): order, pay with
 * MixPay through `@mixpay-pos/storefront-react`, and the order Medusa made, read back through the admin API.
 */

const APP = join(import.meta.dirname, "..");
const SHOTS = join(APP, ".reports", "screenshots");
const box = new Sandbox();
let sandbox: Running;
let storefront: { child: ChildProcess; url: string };
let browser: Browser;
let token: string;

async function startStorefront(info: Running["info"]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(APP, "scripts", "serve.mjs")], {
    cwd: APP,
    env: {
      ...process.env,
      PORT: "0",
      MEDUSA_BACKEND_URL: info.medusaUrl,
      MEDUSA_PUBLISHABLE_KEY: info.publishableKey,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = /on (http:\/\/localhost:\d+)/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the storefront exited ${code}: ${output}`)));
  });
  return { child, url };
}

const control = (path: string, body: unknown) => simulatorControl(sandbox.info, path, body);

interface AdminOrder {
  id: string;
  display_id: number;
  email: string;
  total: number;
  payment_status: string;
  items: { title: string; quantity: number }[];
}

/** The orders Medusa holds for a customer's email (each test uses a new one). */
async function ordersOf(email: string): Promise<AdminOrder[]> {
  const res = await fetch(
    `${sandbox.info.medusaUrl}/admin/orders?fields=id,display_id,email,total,payment_status,*items&order=-created_at&limit=50`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!res.ok) throw new Error(`admin orders: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { orders: AdminOrder[] }).orders.filter((o) => o.email === email);
}

let customers = 0;
const newEmail = () => `customer-${Date.now()}-${++customers}@example.com`;

const traceOf = async (page: Page) =>
  ((await page.getAttribute("[data-testid=mixpay-pay-link]", "href")) as string).split("/code/")[1] as string;

/**
 * A flat white and a croissant (3.50 + 2.80 USD), the customer's details, then the MixPay step: the QR code, the
 * link to the wallet, the amount and the countdown. Returns the payment's trace id.
 */
async function orderTwoAndPayWithMixpay(page: Page, email: string, shots?: string): Promise<string> {
  await page.goto(storefront.url);
  await page.click("[data-testid=add-flat-white]");
  await expect.poll(() => page.textContent("[data-testid=cart-total]")).toBe("3.50 USD");
  await page.click("[data-testid=add-croissant]");
  await expect.poll(() => page.textContent("[data-testid=cart-total]")).toBe("6.30 USD");
  await expectNoWiderThanViewport(page, "menu");
  await expectTouchTargets(page, ["[data-testid^=add-]", "[data-testid=checkout]"]);
  if (shots) await page.screenshot({ path: join(shots, "menu.png"), fullPage: true });
  await page.click("[data-testid=checkout]");

  await page.fill("[data-testid=email]", email);
  await page.fill("[data-testid=first-name]", "Ada");
  await page.fill("[data-testid=last-name]", "Lovelace");
  expect(await page.textContent("[data-testid=details-total]")).toBe("6.30 USD");
  await expectNoWiderThanViewport(page, "details");
  await page.click("[data-testid=pay-with-mixpay]");

  await page.waitForSelector("[data-testid=mixpay-qr]");
  expect(await page.textContent("[data-testid=mixpay-amount]")).toBe("6.30 USD");
  expect(await page.textContent("[data-testid=mixpay-countdown]")).toMatch(/^Time left 1[45]:\d\d$/);
  expect(await page.textContent("[data-testid=mixpay-title]")).toBe("Scan to pay");
  expect(await page.getAttribute("[data-testid=mixpay-pay-link]", "href")).toMatch(
    new RegExp(`^${sandbox.info.simulatorUrl}/code/`),
  );
  // Updates come pushed over the store's event stream (polling only while it is down).
  await page.waitForSelector("[data-testid=mixpay-checkout][data-mode=stream]");
  await expectNoWiderThanViewport(page, "payment");
  await expectTouchTargets(page, ["[data-testid=mixpay-pay-link]", "[data-testid=mixpay-cancel]"]);
  if (shots) await page.screenshot({ path: join(shots, "pay.png"), fullPage: true });
  return traceOf(page);
}

/** The confirmation within 30 s of the payment, and exactly one captured order of 6.30 USD in Medusa. */
async function expectOnePaidOrder(page: Page, email: string): Promise<AdminOrder> {
  await page.waitForSelector("[data-testid=order-placed]", { timeout: 30_000 });
  const displayId = Number((await page.textContent("[data-testid=order-number]"))?.replace("#", ""));
  expect(displayId).toBeGreaterThan(0);
  expect(await page.textContent("[data-testid=order-total]")).toBe("6.30 USD");
  expect(await page.textContent("[data-testid=order-lines]")).toContain("1 × Flat white");
  await expectNoWiderThanViewport(page, "confirmation");
  const orders = await ordersOf(email);
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ display_id: displayId, payment_status: "captured", total: 6.3 });
  expect(orders[0]?.items.map((i) => i.title).sort()).toEqual(["Butter croissant", "Flat white"]);
  return orders[0] as AdminOrder;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sandbox = await box.start();
  storefront = await startStorefront(sandbox.info);
  browser = await launchChromium();
  token = await adminToken(sandbox.info);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  storefront?.child.kill("SIGTERM");
  if (sandbox) await box.stop(sandbox);
  box.remove();
}, 60_000);

describe("the example storefront pays with MixPay, in Chromium, against the sandbox", () => {
  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}×${viewport.height}`;
    const shots = viewport.name === "phone" ? join(SHOTS, "phone") : undefined;
    if (shots) mkdirSync(shots, { recursive: true });

    it(`at ${size}: order, pay on the phone's wallet page, and the order is placed once, captured; a reload mid-payment comes back to the same payment`, async () => {
      const page = await browser.newPage({ viewport });
      const email = newEmail();
      const trace = await orderTwoAndPayWithMixpay(page, email, shots);

      // The customer leaves for their wallet app and comes back: the same payment, not a new one.
      await page.reload();
      await page.waitForSelector("[data-testid=mixpay-qr]");
      expect(await traceOf(page)).toBe(trace);

      await payOnPhone(browser, (await page.getAttribute("[data-testid=mixpay-pay-link]", "href")) as string);
      await expectOnePaidOrder(page, email);
      if (shots) await page.screenshot({ path: join(shots, "placed.png"), fullPage: true });

      // The cart is done: a reload starts a new order.
      await page.reload();
      await page.waitForSelector("[data-testid=add-flat-white]");
      expect(await page.textContent("[data-testid=cart-total]")).toBe("0.00 USD");
      await page.close();
    });

    it(`at ${size}: underpaid, the QR code stays with what is still due; topped up with the page closed, the plugin makes the order and the storefront shows it`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const email = newEmail();
      const trace = await orderTwoAndPayWithMixpay(page, email);

      await control(`payments/${trace}`, { action: "underpay", amount: "3" });
      await page.waitForSelector("[data-testid=mixpay-checkout][data-phase=attention]", { timeout: 30_000 });
      expect(await page.textContent("[data-testid=mixpay-title]")).toBe("Part of the amount is still due");
      expect(await page.textContent("[data-testid=mixpay-underpaid]")).toMatch(
        /^Paid [0-9.]+ USD of 6\.30 USD, [0-9.]+ USD still due/,
      );
      expect(await page.$("[data-testid=mixpay-qr]")).not.toBeNull();
      expect(await page.$("[data-testid=mixpay-cancel]")).toBeNull();
      expect(await ordersOf(email)).toHaveLength(0);
      await expectNoWiderThanViewport(page, "underpaid");
      if (shots) await page.screenshot({ path: join(shots, "underpaid.png"), fullPage: true });

      // The customer closes the tab and pays the rest from their wallet: the plugin makes the order without the page.
      await page.close();
      await control(`payments/${trace}`, { action: "pay" });
      await expect.poll(async () => (await ordersOf(email)).length, { timeout: 30_000 }).toBe(1);
      // Back on the storefront, the order is there.
      const back = await context.newPage();
      await back.goto(storefront.url);
      await expectOnePaidOrder(back, email);
      await context.close();
    });

    it(`at ${size}: expired, no QR code and no countdown, nothing charged; a new payment on a new trace is paid into the order`, async () => {
      const page = await browser.newPage({ viewport });
      const email = newEmail();
      const first = await orderTwoAndPayWithMixpay(page, email);

      await control(`payments/${first}`, { action: "expire" });
      await page.waitForSelector("[data-testid=mixpay-checkout][data-phase=ended]", { timeout: 30_000 });
      for (let i = 0; i < 2; i++) {
        expect(await page.$("[data-testid=mixpay-qr]")).toBeNull();
        expect(await page.$("[data-testid=mixpay-pay-link]")).toBeNull();
        expect(await page.$("[data-testid=mixpay-countdown]")).toBeNull();
        if (i === 0) await page.waitForTimeout(1200);
      }
      expect(await page.textContent("[data-testid=mixpay-title]")).toBe("The payment expired");
      expect(await page.textContent("[data-testid=mixpay-message]")).toMatch(/nothing was charged/);
      await expectNoWiderThanViewport(page, "expired");
      await expectTouchTargets(page, ["[data-testid=mixpay-retry]"]);
      if (shots) await page.screenshot({ path: join(shots, "expired.png"), fullPage: true });

      await page.click("[data-testid=mixpay-retry]");
      await page.waitForSelector("[data-testid=mixpay-qr]");
      const second = await traceOf(page);
      expect(second).not.toBe(first);
      expect(await page.textContent("[data-testid=mixpay-amount]")).toBe("6.30 USD");
      await page.waitForSelector("[data-testid=mixpay-checkout][data-mode=stream]");

      await control(`payments/${second}`, { action: "pay" });
      await expectOnePaidOrder(page, email);
      await page.close();
    });
  }
});
