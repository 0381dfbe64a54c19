import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchChromium,
  adminToken as login,
  payOnPhone as payOnCheckoutPage,
  type Running,
  Sandbox,
  SHOTS,
  control as simulatorControl,
} from "./harness";
import { checkPosOnScreen } from "./pos-screens";

/**
 * The sandbox as a user runs it (scripts/sandbox.mjs, embedded PostgreSQL, its own data folder), driven in real
 * headless Chromium: the POS page sells, the simulator's checkout page pays, Medusa's admin API shows the order.
 */

const box = new Sandbox();
const startSandbox = () => box.start();
const stopSandbox = (running: Running) => box.stop(running);

let sandbox: Running;
let browser: Browser;
let adminToken: string;

async function admin<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${sandbox.info.medusaUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const control = (path: string, body: unknown) => simulatorControl(sandbox.info, path, body);
const payOnPhone = (payUrl: string, screenshot?: string) => payOnCheckoutPage(browser, payUrl, screenshot);

async function openPos(viewport = { width: 1200, height: 820 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(sandbox.info.posUrl);
  await page.waitForSelector("[data-testid=product-flat-white]");
  return page;
}

const traceOf = (payUrl: string) => payUrl.split("/code/")[1] as string;

/** An ended payment's sheet: no QR code and no countdown, now and a second later (nothing still ticking). */
async function expectEndedSheet(page: Page): Promise<void> {
  await page.waitForSelector("[data-testid=payment-sheet][data-phase=ended]", { timeout: 30_000 });
  for (let i = 0; i < 2; i++) {
    expect(await page.$("[data-testid=qr]")).toBeNull();
    expect(await page.$("[data-testid=pay-link]")).toBeNull();
    expect(await page.$("[data-testid=countdown]")).toBeNull();
    if (i === 0) await page.waitForTimeout(1200);
  }
}

/** Rings up a flat white and a croissant (3.50 + 2.80 USD) and presses Charge; returns the MixPay pay link. */
async function ringUpTwoProducts(page: Page): Promise<string> {
  await page.click("[data-testid=product-flat-white]");
  await page.click("[data-testid=product-croissant]");
  await expect.poll(() => page.textContent("[data-testid=total]")).toBe("6.30 USD");
  await page.click("[data-testid=charge-button]");
  await page.waitForSelector("[data-testid=qr] img");
  expect(await page.textContent("[data-testid=payment-amount]")).toBe("6.30 USD");
  expect(await page.textContent("[data-testid=countdown]")).toMatch(/^Expires in 1[45]:\d\d$/);
  const payUrl = await page.getAttribute("[data-testid=pay-link]", "href");
  expect(payUrl).toMatch(new RegExp(`^${sandbox.info.simulatorUrl}/code/`));
  return payUrl as string;
}

interface AdminOrder {
  id: string;
  display_id: number;
  payment_status: string;
  status: string;
  total: number;
  items: { title: string; quantity: number }[];
}

beforeAll(async () => {
  sandbox = await startSandbox();
  browser = await launchChromium();
  adminToken = await login(sandbox.info);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (sandbox) await stopSandbox(sandbox);
  box.remove();
}, 60_000);

describe("the sandbox, end to end in Chromium", () => {
  it("prints every URL and login, and writes them to sandbox.json", () => {
    const out = sandbox.output();
    for (const url of [sandbox.info.posUrl, `${sandbox.info.medusaUrl}/app`, sandbox.info.simulatorUrl]) {
      expect(out).toContain(url);
    }
    expect(out).toContain(sandbox.info.adminEmail);
    expect(sandbox.info.publishableKey).toMatch(/^pk_/);
  });

  it("sells two products on the POS page; the customer pays on the checkout page; Medusa has the paid order", async () => {
    const page = await openPos();
    await page.screenshot({ path: join(SHOTS, "pos-products.png") });
    const payUrl = await ringUpTwoProducts(page);
    await page.screenshot({ path: join(SHOTS, "pos-qr.png") });
    await payOnPhone(payUrl, "checkout.png");

    await page.waitForSelector("[data-testid=receipt]", { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, "pos-receipt.png") });
    const displayId = Number(await page.textContent("[data-testid=order-number]"));
    expect(displayId).toBeGreaterThan(0);
    const receipt = await page.textContent("[data-testid=receipt-lines]");
    expect(receipt).toContain("1 × Flat white  3.50");
    expect(receipt).toContain("1 × Butter croissant  2.80");
    expect(receipt).toContain("Total 6.30 USD");

    const { orders } = await admin<{ orders: AdminOrder[] }>(
      `/admin/orders?fields=id,display_id,payment_status,status,total,*items&order=-created_at&limit=5`,
    );
    const order = orders.find((o) => o.display_id === displayId);
    expect(order).toMatchObject({ payment_status: "captured", total: 6.3 });
    expect(order?.items.map((i) => i.title).sort()).toEqual(["Butter croissant", "Flat white"]);
    await page.close();
  });

  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 390, height: 844 },
  ]) {
    const tablet = viewport.width >= 640;
    it(`at ${viewport.width}×${viewport.height}: an expired payment shows no QR code and no countdown; Try again pays the same cart with a new trace; underpaid, then topped up, it ends with the order`, async () => {
      const page = await openPos(viewport);
      const first = traceOf(await ringUpTwoProducts(page));
      await control(`payments/${first}`, { action: "expire" });
      await expectEndedSheet(page);
      expect(await page.getAttribute("[data-testid=payment-sheet]", "data-refund-due")).toBe("false");
      expect(await page.textContent("[data-testid=payment-received]")).toBe("No money arrived for this payment.");
      expect(await page.textContent("[data-testid=payment-detail]")).toMatch(/\S/);
      if (tablet) await page.screenshot({ path: join(SHOTS, "pos-expired.png") });

      await page.click("[data-testid=retry-sale]");
      await page.waitForSelector("[data-testid=qr] img");
      const second = traceOf((await page.getAttribute("[data-testid=pay-link]", "href")) as string);
      expect(second).not.toBe(first);
      expect(await page.textContent("[data-testid=payment-amount]")).toBe("6.30 USD");

      await control(`payments/${second}`, { action: "underpay", amount: "3" });
      const share = await page.waitForSelector("[data-testid=payment-underpaid-sale]", { timeout: 30_000 });
      expect(await share.textContent()).toMatch(/^Paid [0-9.]+ USD of 6\.30 USD, [0-9.]+ USD still due$/);
      expect(await page.textContent("[data-testid=payment-underpaid-crypto]")).toMatch(
        /^Paid 3 \S+ of [0-9.]+ \S+, [0-9.]+ \S+ still due$/,
      );
      expect(await page.$("[data-testid=qr] img")).not.toBeNull(); // the rest is paid with the same code
      if (tablet) await page.screenshot({ path: join(SHOTS, "pos-underpaid.png") });

      await control(`payments/${second}`, { action: "pay" });
      await page.waitForSelector("[data-testid=receipt]", { timeout: 30_000 });
      const displayId = Number(await page.textContent("[data-testid=order-number]"));
      expect(displayId).toBeGreaterThan(0);
      expect(await page.textContent("[data-testid=receipt-lines]")).toContain("Total 6.30 USD");
      const { orders } = await admin<{ orders: AdminOrder[] }>(
        `/admin/orders?fields=id,display_id,payment_status,total&order=-created_at&limit=5`,
      );
      expect(orders.find((o) => o.display_id === displayId)).toMatchObject({ payment_status: "captured", total: 6.3 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.close();
    });
  }

  it("money that arrived on a payment that then expired is a refund due: no QR code, no countdown, how much arrived", async () => {
    const page = await openPos();
    const trace = traceOf(await ringUpTwoProducts(page));
    await control(`payments/${trace}`, { action: "underpay", amount: "1" });
    await page.waitForSelector("[data-testid=payment-underpaid-sale]", { timeout: 30_000 });
    await control(`payments/${trace}`, { action: "expire" });
    await expectEndedSheet(page);
    expect(await page.getAttribute("[data-testid=payment-sheet]", "data-refund-due")).toBe("true");
    expect(await page.textContent("[data-testid=payment-status]")).toBe("Refund due");
    expect(await page.textContent("[data-testid=payment-received]")).toMatch(
      /^Received 1 \S+; it is owed back to the customer\.$/,
    );
    expect(await page.textContent("[data-testid=payment-detail]")).toMatch(/\S/);
    await page.screenshot({ path: join(SHOTS, "pos-refund-due.png") });
    await page.click("[data-testid=new-sale]");
    expect(await page.$("[data-testid=payment-sheet]")).toBeNull();
    await page.close();
  });

  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width}×${viewport.height}: no screen wider than the viewport, the QR code whole, 44 px targets, a modal payment sheet, hardware keys`, async () => {
      const page = await browser.newPage({ viewport });
      await page.goto(sandbox.info.posUrl);
      await page.waitForSelector("[data-testid=product-flat-white]");
      await checkPosOnScreen(page, {
        pay: (trace) => control(`payments/${trace}`, { action: "pay" }),
        expire: (trace) => control(`payments/${trace}`, { action: "expire" }),
        shots: viewport.width < 640 ? SHOTS : null,
      });
      await page.close();
    });
  }

  it("serves the POS page's modules and the engine's browser build, and nothing else; a keyed amount has the currency's decimals", async () => {
    const base = `${sandbox.info.medusaUrl}/pos/assets`;
    const engine = await fetch(`${base}/sale-engine.js`);
    expect(engine.status).toBe(200);
    expect(engine.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await engine.text()).toMatch(/\bas saleView\b/);
    for (const name of ["package.json", "..%2Fpackage.json", "..%2F..%2Fmedusa-config.ts", "pos.ts"]) {
      expect((await fetch(`${base}/${name}`)).status, name).toBe(404);
    }
    const headers = { "content-type": "application/json", "x-publishable-api-key": sandbox.info.publishableKey };
    const { regions } = await fetch(`${sandbox.info.medusaUrl}/store/regions`, { headers }).then((r) => r.json());
    const usd = regions.find((r: { currency_code: string }) => r.currency_code === "usd");
    const cart = (amount: string) =>
      fetch(`${sandbox.info.medusaUrl}/pos/carts`, {
        method: "POST",
        headers,
        body: JSON.stringify({ region_id: usd.id, items: [{ title: "Amount", amount, quantity: 1 }] }),
      });
    const refused = await cart("1.005");
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toBe("items.0.amount: USD amounts have at most 2 decimals");
    expect((await cart("1.05")).status).toBe(200);
  });

  it("with MixPay's callbacks dropped and the POS page closed, the reconciliation job completes the sale", async () => {
    await control("faults", { callbacks: "drop" });
    try {
      const page = await openPos();
      const payUrl = await ringUpTwoProducts(page);
      const traceId = traceOf(payUrl);
      await page.close(); // nobody polls any more: only the job can notice the payment
      await payOnPhone(payUrl);

      const until = Date.now() + 45_000;
      let payment: { completed: boolean; order_id: string | null; status: string } | undefined;
      while (Date.now() < until) {
        ({ payment } = await admin<{ payment: typeof payment }>(`/admin/mixpay/payments/${traceId}`));
        if (payment?.completed) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(payment).toMatchObject({ status: "paid", completed: true });
      const { order } = await admin<{ order: AdminOrder }>(
        `/admin/orders/${payment?.order_id}?fields=id,payment_status,total`,
      );
      expect(order).toMatchObject({ payment_status: "captured", total: 6.3 });
      const mine = (await fetch(`${sandbox.info.simulatorUrl}/_control/payments/${traceId}`).then((r) => r.json())) as {
        deliveries: { ok: boolean; dropped?: boolean }[];
      };
      expect(mine.deliveries.length).toBeGreaterThan(0);
      expect(mine?.deliveries.every((d) => !d.ok)).toBe(true); // no callback ever reached Medusa
    } finally {
      await control("faults", { callbacks: "normal" });
    }
  });

  it("shows clearly when MixPay is unreachable and recovers when it is back", async () => {
    const page = await openPos();
    await page.click("[data-testid=product-cold-brew]");
    await control("faults", { down: true });
    try {
      await page.click("[data-testid=charge-button]");
      const alert = await page.waitForSelector("[data-testid=charge-error-text]", { timeout: 30_000 });
      expect(await page.getAttribute("[data-testid=charge-error]", "role")).toBe("alert");
      expect(await alert.textContent()).toMatch(
        /Could not start the MixPay payment: MixPay could not create the payment/,
      );
      await page.screenshot({ path: join(SHOTS, "pos-mixpay-down.png") });
    } finally {
      await control("faults", { down: false });
    }
    await page.click("[data-testid=retry-charge]");
    await page.waitForSelector("[data-testid=qr] img", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=payment-amount]")).toBe("4.20 USD");
    await page.close();
  });

  it("Ctrl-C stops everything cleanly; a second start keeps the data and does not duplicate the seed", async () => {
    const before = await admin<{ count: number }>("/admin/orders?fields=id&limit=1");
    expect(before.count).toBeGreaterThanOrEqual(2);
    expect(await stopSandbox(sandbox)).toBe(0);
    await expect(fetch(`${sandbox.info.medusaUrl}/health`)).rejects.toThrow();
    sandbox = await startSandbox();
    const headers = { "x-publishable-api-key": sandbox.info.publishableKey };
    const products = await fetch(`${sandbox.info.medusaUrl}/store/products?limit=50`, { headers }).then((r) =>
      r.json(),
    );
    expect(products.count).toBe(4);
    const regions = await fetch(`${sandbox.info.medusaUrl}/store/regions`, { headers }).then((r) => r.json());
    expect(regions.regions.map((r: { currency_code: string }) => r.currency_code).sort()).toEqual(["eur", "usd"]);
    adminToken = await login(sandbox.info);
    const after = await admin<{ count: number }>("/admin/orders?fields=id&limit=1");
    expect(after.count).toBe(before.count); // the sales from before the restart are all still there
  }, 300_000);
});
