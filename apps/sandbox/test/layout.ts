import type { ElementHandle, Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Layout and accessibility checks shared by the browser tests of both tills (the POS page and the admin terminal):
 * nothing wider than the viewport, touch targets of at least 44 × 44 px, an element fully on screen, and a modal
 * dialog that keeps focus inside.
 */

export const VIEWPORTS = [
  { name: "tablet", width: 1024, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

export const MIN_TARGET = 44;

/** `document.documentElement.scrollWidth` is not more than the viewport's width. */
export async function expectNoWiderThanViewport(page: Page, screen: string): Promise<void> {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scrollWidth, `${screen}: ${scrollWidth} px wide in a ${width} px viewport`).toBeLessThanOrEqual(width);
}

async function boxOf(el: ElementHandle, what: string) {
  const box = await el.boundingBox();
  if (!box) throw new Error(`${what} is not rendered`);
  return box;
}

/** Every element matching each selector (at least one per selector) is at least 44 × 44 px. */
export async function expectTouchTargets(page: Page, selectors: readonly string[]): Promise<void> {
  for (const selector of selectors) {
    const elements = await page.$$(selector);
    expect(elements.length, `${selector} is on screen`).toBeGreaterThan(0);
    for (const el of elements) {
      const box = await boxOf(el, selector);
      expect(Math.round(box.width), `${selector} width`).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(Math.round(box.height), `${selector} height`).toBeGreaterThanOrEqual(MIN_TARGET);
    }
  }
}

/** The element lies inside the viewport horizontally (nothing cut off) and is at least `minWidth` px wide. */
export async function expectFullyVisibleWidth(page: Page, selector: string, minWidth: number): Promise<void> {
  const el = await page.waitForSelector(selector);
  const box = await boxOf(el, selector);
  const width = page.viewportSize()?.width ?? 0;
  expect(box.x, `${selector} left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${selector} right edge`).toBeLessThanOrEqual(width + 0.5);
  expect(box.width, `${selector} width`).toBeGreaterThanOrEqual(minWidth);
  expect(box.height, `${selector} is square`).toBeCloseTo(box.width, 0);
}

/** The dialog has role=dialog, aria-modal and a name, holds focus, and Tab / Shift+Tab cycle inside it. */
export async function expectModalDialog(page: Page, selector: string): Promise<void> {
  const dialog = await page.waitForSelector(selector);
  expect(await dialog.getAttribute("role")).toBe("dialog");
  expect(await dialog.getAttribute("aria-modal")).toBe("true");
  const name = (await dialog.getAttribute("aria-label")) ?? (await dialog.getAttribute("aria-labelledby"));
  expect(name, "the dialog has an accessible name").toBeTruthy();
  // Queried each time: the POS page redraws its sheet (a new element) on every status it receives.
  const focusInside = () => page.$eval(selector, (el) => el.contains(document.activeElement));
  await expect.poll(focusInside, { timeout: 5_000 }).toBe(true);
  for (const key of ["Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    expect(await focusInside(), `focus stays in the dialog after ${key}`).toBe(true);
  }
}

/** The element that has focus, by its data-testid. */
export const focusedTestid = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.testid ?? null);
