import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import {
  expectFullyVisibleWidth,
  expectModalDialog,
  expectNoWiderThanViewport,
  expectTouchTargets,
  focusedTestid,
} from "./layout";

/**
 * Every screen of a POS sale at the page's viewport: the keypad, the payment sheet with its QR code, the paid
 * receipt and an ended payment. Each fits the viewport, its controls are 44 px touch targets, the sheet is a modal
 * dialog (focus in, trapped, back to Charge on Esc), statuses reach the aria-live region, and the keyboard's digit
 * keys type the amount. At phone width (`shots` set) the screens are photographed for the README.
 */
export async function checkPosOnScreen(
  page: Page,
  sim: { pay: (trace: string) => Promise<unknown>; expire: (trace: string) => Promise<unknown>; shots: string | null },
): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const phone = width < 640;
  const traceOnScreen = async () =>
    ((await page.getAttribute("[data-testid=pay-link]", "href")) as string).split("/code/")[1] as string;

  // The keypad: fits, targets, the Charge bar on screen without scrolling on a phone.
  await expectNoWiderThanViewport(page, "keypad");
  await expectTouchTargets(page, ["#keypad button", "[data-testid^=product-]", "[data-testid=charge-button]"]);
  if (phone) {
    const bar = await page.$eval("[data-testid=charge-bar]", (el) => el.getBoundingClientRect().bottom);
    expect(bar).toBeLessThanOrEqual(844);
    expect(await page.$eval("[data-testid=charge-bar]", (el) => getComputedStyle(el).position)).toBe("fixed");
  }

  // Hardware keys go through the engine's keypad: "12.345" is 12.34 in USD; Backspace, Esc clears.
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  await page.keyboard.type("12.345");
  expect(await page.textContent("[data-testid=amount-display]")).toBe("12.34");
  await page.keyboard.press("Backspace");
  expect(await page.textContent("[data-testid=amount-display]")).toBe("12.3");
  await page.keyboard.press("Escape");
  expect(await page.textContent("[data-testid=amount-display]")).toBe("0.00");
  await page.keyboard.type("4.2");
  if (phone && sim.shots) await page.screenshot({ path: join(sim.shots, "pos-phone-keypad.png") });

  // Enter charges; Charge is busy ("Creating payment…") until the payment exists.
  await page.route("**/store/payment-collections", async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=charge-button][aria-busy=true]");
  expect(await page.textContent("[data-testid=charge-button]")).toBe("Creating payment…");
  await page.unroute("**/store/payment-collections");
  expect(await page.textContent("[data-testid=total]")).toBe("4.20 USD");

  // The payment sheet: a modal dialog, the QR code whole (the full width on a phone), the status announced.
  await page.waitForSelector("[data-testid=qr] img");
  if (phone && sim.shots) await page.screenshot({ path: join(sim.shots, "pos-phone-qr.png") });
  await expectModalDialog(page, "[data-testid=payment-sheet]");
  await expectFullyVisibleWidth(page, "[data-testid=qr] img", phone ? width - 32 : 280);
  await expectNoWiderThanViewport(page, "payment sheet");
  await expectTouchTargets(page, ["[data-testid=cancel-sale]"]);
  await expect.poll(() => page.textContent("#live")).toBe(await page.textContent("[data-testid=payment-status]"));
  expect(await page.getAttribute("#live", "aria-live")).toBe("polite");
  // The sheet covers the page, the fixed Charge bar included.
  const bottom = { x: width / 2, y: (page.viewportSize()?.height ?? 0) - 10 };
  expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("#overlay") !== null, bottom)).toBe(
    true,
  );

  // Esc does not cancel a payment the customer may be scanning: the sheet stays, QR code and all.
  await page.keyboard.press("Escape");
  await page.waitForTimeout(300);
  expect(await page.getAttribute("[data-testid=payment-sheet]", "data-phase")).toBe("waiting");
  expect(await page.isVisible("[data-testid=qr] img")).toBe(true);
  // Cancel is a button press; then Esc closes the cancelled sale back to the ticket, focus on Charge.
  await page.click("[data-testid=cancel-sale]");
  await page.waitForSelector("[data-testid=payment-sheet][data-phase=cancelled]");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=payment-sheet]", { state: "detached" });
  expect(await focusedTestid(page)).toBe("charge-button");

  // Charge again, the customer pays: the receipt fits and is a dialog too.
  await page.click("[data-testid=charge-button]");
  await page.waitForSelector("[data-testid=qr] img");
  // "Paid" is on the till within a second of the customer's payment: the sale stream pushes it (no poll interval).
  const trace = await traceOnScreen();
  await page.waitForSelector("#overlay[data-updates=stream]", { state: "attached" });
  const paidAt = Date.now();
  await sim.pay(trace);
  await page.waitForSelector("[data-testid=payment-sheet][data-phase=completing], [data-testid=receipt]", {
    timeout: 30_000,
  });
  expect(Date.now() - paidAt).toBeLessThan(1000);
  await page.waitForSelector("[data-testid=receipt]", { timeout: 30_000 });
  await expectModalDialog(page, "[data-testid=receipt]");
  await expectNoWiderThanViewport(page, "receipt");
  await expectTouchTargets(page, ["[data-testid=print]", "[data-testid=new-sale]"]);
  await expect.poll(() => page.textContent("#live")).toMatch(/^Paid\. Order \d+\.$/);
  if (phone && sim.shots) await page.screenshot({ path: join(sim.shots, "pos-phone-receipt.png") });
  await page.click("[data-testid=new-sale]");

  // An ended payment: fits, its buttons are targets, Esc starts a new sale.
  await page.click("[data-testid=product-flat-white]");
  await page.click("[data-testid=charge-button]");
  await page.waitForSelector("[data-testid=qr] img");
  await sim.expire(await traceOnScreen());
  await page.waitForSelector("[data-testid=payment-sheet][data-phase=ended]", { timeout: 30_000 });
  await expectModalDialog(page, "[data-testid=payment-sheet]");
  await expectNoWiderThanViewport(page, "ended payment");
  await expectTouchTargets(page, ["[data-testid=retry-sale]", "[data-testid=new-sale]"]);
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=payment-sheet]", { state: "detached" });
  expect(await page.textContent("[data-testid=total]")).toBe("0.00 USD");
}
