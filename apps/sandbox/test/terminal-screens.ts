import type { Page } from "playwright-core";
import { expect } from "vitest";
import {
  expectFullyVisibleWidth,
  expectModalDialog,
  expectNoWiderThanViewport,
  expectTouchTargets,
  focusedTestid,
} from "./layout";

const KEYS = "[data-testid^=mixpay-keypad-key-]";
const traceOnScreen = async (page: Page) =>
  (await page.textContent("[data-testid=mixpay-terminal-trace-id]"))?.match(/[0-9a-f-]{36}/)?.[0] as string;

/**
 * Every screen of an admin terminal sale at the page's viewport (the keypad, the sale with its QR code, the paid
 * receipt, an ended payment): each fits the viewport, its controls are 44 px touch targets, the sale screen is a modal
 * dialog, and the keyboard's digit keys, Backspace, Esc and Enter drive the engine's keypad.
 */
export async function checkTerminalOnScreen(
  page: Page,
  terminalUrl: string,
  sim: { pay: (trace: string) => Promise<unknown>; expire: (trace: string) => Promise<unknown> },
): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const phone = width < 640;
  await page.goto(terminalUrl);
  await page.waitForSelector("[data-testid=mixpay-terminal-keypad]", { timeout: 30_000 });
  await expectNoWiderThanViewport(page, "terminal keypad");
  await expectTouchTargets(page, [KEYS, "[data-testid=mixpay-terminal-charge]"]);
  const chargeBottom = await page.$eval(
    "[data-testid=mixpay-terminal-charge]",
    (el) => el.getBoundingClientRect().bottom,
  );
  expect(chargeBottom, "Charge is on screen without scrolling").toBeLessThanOrEqual(page.viewportSize()?.height ?? 0);

  // Hardware keys through the engine's keypad.
  await page.click("[data-testid=mixpay-terminal-amount]");
  await page.keyboard.type("12.345");
  const entry = () => page.getAttribute("[data-testid=mixpay-terminal-amount]", "data-entry");
  expect(await entry()).toBe("12.34");
  await page.keyboard.press("Backspace");
  expect(await entry()).toBe("12.3");
  await page.keyboard.press("Escape");
  expect(await entry()).toBe("");
  await page.keyboard.type("3");
  await page.keyboard.press("Enter");

  // The sale: a modal dialog, the QR code whole, nothing wider than the screen.
  await page.waitForSelector("[data-testid=mixpay-qr]", { timeout: 30_000 });
  await expectModalDialog(page, "[data-testid=mixpay-terminal-sale]");
  await expectFullyVisibleWidth(page, "[data-testid=mixpay-qr]", phone ? 280 : 300);
  await expectNoWiderThanViewport(page, "terminal sale with QR code");
  await expectTouchTargets(page, ["[data-testid=mixpay-terminal-check-now]", "[data-testid=mixpay-terminal-abandon]"]);
  await expect.poll(() => page.textContent("[data-testid=mixpay-terminal-live]")).toMatch(/\S/);

  // Paid: the receipt fits; New sale gives focus back to the keypad.
  // "Paid" is on the terminal within a second of the customer's payment: the sale stream pushes it.
  const trace = await traceOnScreen(page);
  await page.waitForSelector("[data-testid=mixpay-terminal-sale][data-updates=stream]");
  const paidAt = Date.now();
  await sim.pay(trace);
  await page.waitForSelector(
    "[data-testid=mixpay-terminal-sale][data-phase=completing], [data-testid=mixpay-terminal-sale][data-phase=paid]",
    { timeout: 30_000 },
  );
  expect(Date.now() - paidAt).toBeLessThan(1000);
  await page.waitForSelector("[data-testid=mixpay-terminal-receipt]", { timeout: 30_000 });
  await page.waitForSelector("[data-testid=mixpay-terminal-sale][data-phase=paid]", { timeout: 30_000 });
  await expectNoWiderThanViewport(page, "terminal receipt");
  await expectTouchTargets(page, ["[data-testid=mixpay-terminal-print]", "[data-testid=mixpay-terminal-new-sale]"]);
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=mixpay-terminal-keypad]");
  await expect.poll(() => focusedTestid(page)).toMatch(/^mixpay-keypad-key-/);

  // An ended payment fits, and its buttons are targets.
  await page.keyboard.type("2");
  await page.click("[data-testid=mixpay-terminal-charge]"); // (Enter would press the focused key)
  await page.waitForSelector("[data-testid=mixpay-qr]", { timeout: 30_000 });
  await sim.expire(await traceOnScreen(page));
  await page.waitForSelector("[data-testid=mixpay-terminal-sale][data-phase=ended]", { timeout: 30_000 });
  await expectNoWiderThanViewport(page, "terminal ended payment");
  await expectTouchTargets(page, ["[data-testid=mixpay-terminal-retry]", "[data-testid=mixpay-terminal-new-sale]"]);
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=mixpay-terminal-keypad]");
}
