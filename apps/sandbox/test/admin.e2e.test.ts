import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAdminSession, control, openAdminSession, type Running, Sandbox, SHOTS } from "./harness";
import { checkTerminalOnScreen } from "./terminal-screens";

/**
 * The plugin's admin screens (@mixpay-pos/admin-ui mounted by the plugin's src/admin shells) in the sandbox's real
 * Medusa admin, in headless Chromium: Settings → MixPay, the MixPay terminal, and the order page widget.
 */

const box = new Sandbox();
/** The two screens every till flow is checked at: a tablet and a phone. */
const SIZES: [string, number, number][] = [
  ["tablet", 1024, 768],
  ["phone", 390, 844],
];
let sandbox: Running;
let browser: Browser;
let page: Page;
let token: string;

async function simulatorPayments(): Promise<
  { traceId: string; status: string; createdAt?: string; result: { paymentSymbol: string } }[]
> {
  const res = await fetch(`${sandbox.info.simulatorUrl}/_control/payments`);
  const body = (await res.json()) as
    | { payments: { traceId: string; status: string }[] }
    | { traceId: string; status: string }[];
  return Array.isArray(body) ? body : body.payments;
}

/** A terminal sale from the keypad: returns its trace id once the QR code shows. */
async function keyInSale(keys: string[]): Promise<string> {
  await page.goto(`${sandbox.info.medusaUrl}/app/mixpay-terminal`);
  await page.waitForSelector("[data-testid=mixpay-terminal-keypad]", { timeout: 30_000 });
  for (const key of keys) await page.click(`[data-testid=mixpay-keypad-key-${key}]`);
  await page.click("[data-testid=mixpay-terminal-charge]");
  await page.waitForSelector("[data-testid=mixpay-qr]", { timeout: 30_000 });
  const trace = (await page.textContent("[data-testid=mixpay-terminal-trace-id]"))?.match(/[0-9a-f-]{36}/)?.[0];
  expect(trace).toBeTruthy();
  return trace as string;
}

beforeAll(async () => {
  ({ sandbox, browser, token, page } = await openAdminSession(box));
}, 300_000);

afterAll(() => closeAdminSession(box, { sandbox, browser }), 60_000);

describe("MixPay in the Medusa admin, in Chromium", () => {
  // The sandbox runs Medusa exactly as `npm start` does (production mode, plain http on localhost): the login form
  // must work there, on a tablet and on a phone, with a session cookie the browser keeps.
  it.each([
    ["tablet", 1024, 768],
    ["phone", 390, 844],
  ])("the admin login form works at %s size (%i×%i), as `npm start` runs Medusa", async (_name, width, height) => {
    const context = await browser.newContext({ viewport: { width, height } });
    try {
      const login = await context.newPage();
      await login.goto(`${sandbox.info.medusaUrl}/app/login`);
      await login.fill("input[name=email]", sandbox.info.adminEmail);
      await login.fill("input[name=password]", sandbox.info.adminPassword);
      await login.click("button[type=submit]");
      await login.waitForURL(/\/app(\/orders)?\/?$/, { timeout: 60_000 });
      const cookie = (await context.cookies()).find((c) => c.name === "connect.sid");
      expect(cookie).toMatchObject({ httpOnly: true, secure: false, sameSite: "Lax" });
      // The session holds: a reload stays in the admin instead of going back to the login form.
      await login.goto(`${sandbox.info.medusaUrl}/app/orders`);
      await login.waitForURL(/\/app\/orders/, { timeout: 30_000 });
      expect(login.url()).not.toMatch(/login/);
      const me = await login.evaluate(async () => (await fetch("/admin/users/me", { credentials: "include" })).status);
      expect(me).toBe(200);
    } finally {
      await context.close();
    }
  });

  it("Settings → MixPay: a bad payee is refused in place; the connection check and save work", async () => {
    await page.goto(`${sandbox.info.medusaUrl}/app/settings/mixpay`);
    const payee = await page.waitForSelector("[data-testid=mixpay-settings-payee-id]", { timeout: 30_000 });
    const original = await payee.inputValue();
    expect(original).toMatch(/^[0-9a-f-]{36}$/);

    await payee.fill("not-a-uuid");
    await page.click("[data-testid=mixpay-settings-save]");
    await page.waitForSelector("[data-testid=mixpay-settings-payee-id-error]");
    await page.screenshot({ path: join(SHOTS, "admin-settings-invalid.png") });
    const stored = await fetch(`${sandbox.info.medusaUrl}/admin/mixpay/settings`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json());
    expect(stored.settings.payee_id).toBe(original); // nothing was saved

    await payee.fill(original);
    await page.click("[data-testid=mixpay-settings-test-connection]");
    const result = await page.waitForSelector("[data-testid=mixpay-settings-test-result]", { timeout: 30_000 });
    expect(await result.getAttribute("data-ok")).toBe("true");
    await page.click("[data-testid=mixpay-settings-save]");
    await page.waitForSelector("[data-testid=mixpay-settings-saved]", { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, "admin-settings.png") });
  });

  it("the MixPay terminal: keypad → QR with countdown → the customer pays → receipt", async () => {
    const traceId = await keyInSale(["1", "2", "dot", "5", "0"]);
    expect(await page.textContent("[data-testid=mixpay-terminal-sale-amount]")).toContain("12.50");
    await page.waitForSelector("[data-testid=mixpay-countdown]");
    await page.screenshot({ path: join(SHOTS, "admin-terminal-qr.png") });
    await control(sandbox.info, `payments/${traceId}`, { action: "pay" });
    await page.waitForSelector("[data-testid=mixpay-terminal-receipt]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=mixpay-terminal-receipt-amount]")).toContain("12.50");
    expect(await page.textContent("[data-testid=mixpay-terminal-receipt-store]")).toBe("MixPay Coffee Bar");
    expect(await page.textContent("[data-testid=mixpay-terminal-receipt-trace]")).toBe(
      `${traceId.slice(0, 8)}…${traceId.slice(-4)}`,
    );
    await page.screenshot({ path: join(SHOTS, "admin-terminal-receipt.png") });
    // Printing shows the receipt alone, at most 80 mm (≈ 302 CSS px) wide: not the admin's menu or the buttons.
    await page.emulateMedia({ media: "print" });
    try {
      const width = (await page.locator("[data-mixpay-receipt]").boundingBox())?.width ?? 0;
      expect(width).toBeGreaterThan(200);
      expect(width).toBeLessThanOrEqual(303);
      const visibleOutside = await page.evaluate(() => {
        const receipt = document.querySelector("[data-mixpay-receipt]");
        return [...document.body.querySelectorAll("*")]
          .filter((el) => !receipt?.contains(el) && !el.contains(receipt))
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === "visible";
          }).length;
      });
      expect(visibleOutside).toBe(0);
      await page.screenshot({ path: join(SHOTS, "admin-terminal-receipt-print.png") });
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it.each(SIZES)(
    "the MixPay terminal at %s size (%i×%i): Cancel takes the QR code down; paid anyway, an alert, and the payment is flagged with no order",
    async (name, width, height) => {
      await page.setViewportSize({ width, height });
      await page.click("[data-testid=mixpay-terminal-new-sale]", { timeout: 1000 }).catch(() => undefined); // a sale left open
      const traceId = await keyInSale(["4"]);
      await page.click("[data-testid=mixpay-terminal-abandon]");
      await page.click("[data-testid=mixpay-terminal-abandon-confirm]");
      await page.waitForSelector("[data-testid=mixpay-terminal-sale][data-phase=cancelled]", { timeout: 30_000 });
      expect(await page.$("[data-testid=mixpay-qr]")).toBeNull();
      expect(await page.$("[data-testid=mixpay-countdown]")).toBeNull();
      await control(sandbox.info, `payments/${traceId}`, { action: "pay" });
      const alert = await page.waitForSelector("[role=alert][data-testid=mixpay-terminal-late-payment]", {
        timeout: 30_000,
      });
      expect(await alert.textContent()).toContain("No order was made.");
      expect(await alert.textContent()).toContain('"Make the order"');
      if (name === "tablet") await page.screenshot({ path: join(SHOTS, "admin-terminal-paid-after-cancel.png") });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const res = await fetch(`${sandbox.info.medusaUrl}/admin/mixpay/payments/${traceId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { payment } = (await res.json()) as { payment: Record<string, unknown> };
      expect(payment).toMatchObject({
        status: "paid",
        cancelled: true,
        completed: false,
        attention: "paid_after_cancel",
      });
      expect(payment.order_id).toBeNull();
      await page.click("[data-testid=mixpay-terminal-late-payment-dismiss]");
      await page.click("[data-testid=mixpay-terminal-new-sale]");
    },
  );

  it.each(SIZES)(
    "the MixPay terminal at %s size (%i×%i): an underpaid sale says what to do; topped up, it ends with the receipt",
    async (name, width, height) => {
      await page.setViewportSize({ width, height });
      await page.click("[data-testid=mixpay-terminal-new-sale]", { timeout: 1000 }).catch(() => undefined); // a sale left open
      const traceId = await keyInSale(["8"]);
      await control(sandbox.info, `payments/${traceId}`, { action: "underpay", amount: "3" });
      const guidance = await page.waitForSelector("[data-testid=mixpay-terminal-guidance][data-status=underpaid]", {
        timeout: 30_000,
      });
      expect(await guidance.textContent()).toMatch(/\S/);
      const atMixPay = (await simulatorPayments()).find((p) => p.traceId === traceId);
      expect(atMixPay?.status).toBe("paid_less");
      // Paid 3 of the crypto asked for 8.00 (in the terminal's region currency): the rest is shown in both the sale's
      // currency and the crypto.
      const sale = await page.textContent("[data-testid=mixpay-terminal-underpaid-sale]");
      expect(sale).toMatch(/^Paid [0-9.]+ ([A-Z]{3}) of 8\.00 \1, [0-9.]+ \1 still due$/);
      const crypto = await page.textContent("[data-testid=mixpay-terminal-underpaid-crypto]");
      const symbol = atMixPay?.result.paymentSymbol;
      expect(crypto).toMatch(new RegExp(`^Paid 3 ${symbol} of [0-9.]+ ${symbol}, [0-9.]+ ${symbol} still due$`));
      if (name === "tablet") await page.screenshot({ path: join(SHOTS, "admin-terminal-underpaid.png") });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // The customer pays the rest with the same QR code: the sale ends with its receipt and order.
      await control(sandbox.info, `payments/${traceId}`, { action: "pay" });
      await page.waitForSelector("[data-testid=mixpay-terminal-receipt]", { timeout: 30_000 });
      expect(await page.textContent("[data-testid=mixpay-terminal-receipt-amount]")).toContain("8.00");
      await page.click("[data-testid=mixpay-terminal-new-sale]");
    },
  );

  it.each([
    ["tablet", 1024, 768],
    ["phone", 390, 844],
  ])(
    "the MixPay terminal at %s size (%i×%i): no screen wider than the viewport, the QR code whole, 44 px targets, a modal sale screen, hardware keys",
    async (_name, width, height) => {
      const context = await browser.newContext({
        viewport: { width, height },
        // The admin session (its cookie), without the open sale the tests above left in localStorage.
        storageState: { cookies: (await page.context().storageState()).cookies, origins: [] },
      });
      try {
        const terminal = await context.newPage();
        await checkTerminalOnScreen(terminal, `${sandbox.info.medusaUrl}/app/mixpay-terminal`, {
          pay: (trace) => control(sandbox.info, `payments/${trace}`, { action: "pay" }),
          expire: (trace) => control(sandbox.info, `payments/${trace}`, { action: "expire" }),
        });
        if (width < 640) await terminal.screenshot({ path: join(SHOTS, "admin-terminal-phone-keypad.png") });
      } finally {
        await context.close();
      }
    },
  );

  it.each([
    ["tablet", 1024, 768],
    ["phone", 390, 844],
  ])(
    "a draft order charged with MixPay on its admin page becomes the paid order (%s, %i×%i)",
    async (name, width, height) => {
      const medusa = sandbox.info.medusaUrl;
      const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
        fetch(`${medusa}${path}`, {
          method: init.method ?? "GET",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          ...(init.body ? { body: JSON.stringify(init.body) } : {}),
        }).then(async (r) => ({ status: r.status, body: await r.json() }));
      // A POS app's sale: a draft order made with Medusa's own admin API, in a region that offers MixPay.
      const { body: terminal } = await api("/admin/mixpay/terminal");
      const region = terminal.regions.find((r: { currency_code: string }) => r.currency_code === "usd");
      const { body: channels } = await api("/admin/sales-channels");
      const created = await api("/admin/draft-orders", {
        method: "POST",
        body: {
          email: "walk-in@mixpay.local",
          region_id: region.id,
          sales_channel_id: channels.sales_channels[0].id,
          items: [{ title: "Flat white", quantity: 2, unit_price: 3.15 }],
        },
      });
      expect(created.status).toBe(200);
      const draftId: string = created.body.draft_order.id;
      const total = Number(created.body.draft_order.total); // 6.30 and the region's tax, if any
      expect(total).toBeGreaterThanOrEqual(6.3);

      const context = await browser.newContext({
        viewport: { width, height },
        storageState: { cookies: (await page.context().storageState()).cookies, origins: [] },
      });
      try {
        const admin = await context.newPage();
        await admin.goto(`${medusa}/app/draft-orders/${draftId}`);
        const charge = await admin.waitForSelector("[data-testid=mixpay-draft-charge]", { timeout: 60_000 });
        expect(await charge.textContent()).toContain(total.toFixed(2));
        await charge.click();
        await admin.waitForSelector("[data-testid=mixpay-draft-order-charge] [data-testid=mixpay-qr]", {
          timeout: 30_000,
        });
        expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const { body: sales } = await api(`/admin/mixpay/payments?draft_order_id=${draftId}`);
        expect(sales.payments).toHaveLength(1);
        expect(sales.payments[0]).toMatchObject({ status: "unpaid", currency_code: "usd" });
        expect(Number(sales.payments[0].amount)).toBeCloseTo(total, 2);
        await control(sandbox.info, `payments/${sales.payments[0].trace_id}`, { action: "pay" });

        // Paid: the widget links the order, which is the draft converted, with the MixPay payment captured on it.
        const link = await admin.waitForSelector("[data-testid=mixpay-draft-order-link]", { timeout: 30_000 });
        expect(await link.getAttribute("href")).toContain(draftId);
        if (name === "phone") await admin.screenshot({ path: join(SHOTS, "admin-draft-order-paid-phone.png") });
        else await admin.screenshot({ path: join(SHOTS, "admin-draft-order-paid.png") });
        const { body: order } = await api(
          `/admin/orders/${draftId}?fields=id,status,is_draft_order,total,*payment_collections`,
        );
        expect(order.order).toMatchObject({ id: draftId, is_draft_order: false });
        expect(Number(order.order.total)).toBeCloseTo(total, 2);
        expect(order.order.payment_collections).toHaveLength(1);
        expect(Number(order.order.payment_collections[0].captured_amount)).toBeCloseTo(total, 2);
      } finally {
        await context.close();
      }
    },
  );

  it("the order page shows the MixPay payment of a paid order", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const { payments } = await fetch(`${sandbox.info.medusaUrl}/admin/mixpay/payments?status=paid`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json());
    const paid = payments.find((p: { order_id: string | null }) => p.order_id);
    expect(paid).toBeTruthy();
    await page.goto(`${sandbox.info.medusaUrl}/app/orders/${paid.order_id}`);
    const widget = await page.waitForSelector("[data-testid=mixpay-payment-widget]", { timeout: 30_000 });
    await page.waitForSelector("[data-testid=mixpay-status-badge][data-status=paid]", { timeout: 30_000 });
    expect(await widget.textContent()).toContain(paid.trace_id);
    await page.screenshot({ path: join(SHOTS, "admin-order-widget.png") });
  });
});
