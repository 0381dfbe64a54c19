// @vitest-environment happy-dom

import { CREATING_PAYMENT_TEXT, MemoryStorage } from "@mixpay-pos/sale-engine";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayTerminal } from "../src/components/MixpayTerminal";
import type { MixpayAdminClient } from "../src/lib/client";
import type { TerminalSale } from "../src/lib/schemas";
import { fakeClient, renderWith } from "./render";
import { SVG, terminalSale } from "./sale-fixture";

afterEach(cleanup);

const config = async () => ({
  ready: true,
  problem: null,
  regions: [{ id: "reg_1", name: "Till", currency_code: "usd" }],
  default_region_id: "reg_1",
});

const key = (k: string, opts: { shiftKey?: boolean } = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key: k, ...opts });
const entry = () => screen.getByTestId("mixpay-terminal-amount").getAttribute("data-entry");

async function openSale(sale: TerminalSale, getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => sale)) {
  const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => sale);
  renderWith(
    <MixpayTerminal storage={new MemoryStorage()} pollIntervalMs={20} />,
    fakeClient({ terminalConfig: config, createSale, getSale }),
  );
  await screen.findByTestId("mixpay-terminal-keypad");
  for (const k of ["7", "Enter"]) key(k);
  return { dialog: await screen.findByRole("dialog"), createSale };
}

describe("MixpayTerminal from the keyboard", () => {
  it("types the amount with digit keys through the engine's keypad: dot, Backspace, Esc clears, no third decimal", async () => {
    renderWith(<MixpayTerminal storage={new MemoryStorage()} />, fakeClient({ terminalConfig: config }));
    await screen.findByTestId("mixpay-terminal-keypad");
    for (const k of ["1", "2", ".", "3", "4", "5"]) key(k);
    expect(entry()).toBe("12.34");
    key("Backspace");
    expect(entry()).toBe("12.3");
    key("Escape");
    expect(entry()).toBe("");
    key("9");
    expect(screen.getByTestId("mixpay-terminal-amount").getAttribute("data-amount")).toBe("9.00");
  });

  it("leaves keys typed into a text field alone", async () => {
    renderWith(
      <div>
        <input data-testid="note" />
        <MixpayTerminal storage={new MemoryStorage()} />
      </div>,
      fakeClient({ terminalConfig: config }),
    );
    await screen.findByTestId("mixpay-terminal-keypad");
    fireEvent.keyDown(screen.getByTestId("note"), { key: "5" });
    expect(entry()).toBe("");
  });

  it("Enter charges; Charge says 'Creating payment…' and is busy until the sale exists, and the live region says so", async () => {
    let finish: (sale: TerminalSale) => void = () => {};
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(
      () => new Promise<TerminalSale>((resolve) => (finish = resolve)),
    );
    renderWith(
      <MixpayTerminal storage={new MemoryStorage()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, createSale, getSale: async () => terminalSale({ qr_svg: SVG }) }),
    );
    await screen.findByTestId("mixpay-terminal-keypad");
    key("4");
    key("Enter");
    await waitFor(() =>
      expect(createSale).toHaveBeenCalledWith({ amount: "4.00", currency_code: "usd", region_id: "reg_1" }),
    );
    const charge = screen.getByTestId("mixpay-terminal-charge");
    expect(charge.textContent).toBe(CREATING_PAYMENT_TEXT);
    expect(charge.getAttribute("aria-busy")).toBe("true");
    expect(charge).toHaveProperty("disabled", true);
    expect(screen.getByTestId("mixpay-terminal-live").textContent).toBe(CREATING_PAYMENT_TEXT);
    key("Enter");
    expect(createSale).toHaveBeenCalledTimes(1);
    finish(terminalSale({ qr_svg: SVG }));
    await screen.findByRole("dialog");
  });

  it("the sale screen is a named modal dialog that takes focus, keeps Tab and Shift+Tab inside, and announces its status", async () => {
    const { dialog } = await openSale(terminalSale({ qr_svg: SVG }));
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.getAttribute("aria-label")).toBe("MixPay payment");
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    const focusable = [...dialog.querySelectorAll<HTMLElement>("button:not([disabled]), a[href]")];
    expect(focusable.length).toBeGreaterThan(1);
    const last = focusable[focusable.length - 1] as HTMLElement;
    last.focus();
    key("Tab");
    expect(document.activeElement).toBe(focusable[0]);
    key("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(last);
    await waitFor(() => expect(screen.getByTestId("mixpay-terminal-live").textContent).toMatch(/\S/));
    // Digits do not reach the keypad behind the dialog.
    key("5");
    expect(screen.queryByTestId("mixpay-terminal-keypad")).toBeNull();
  });

  it("Esc on an ended sale closes it and gives focus back to the keypad", async () => {
    const { dialog } = await openSale(terminalSale({ status: "expired", final: true }));
    await waitFor(() => expect(dialog.getAttribute("data-phase")).toBe("ended"));
    key("Escape");
    await screen.findByTestId("mixpay-terminal-keypad");
    await waitFor(() => expect(document.activeElement?.getAttribute("data-testid")).toMatch(/^mixpay-keypad-key-/));
  });

  it("Esc on an open sale asks before abandoning it (the QR code stays payable)", async () => {
    const { dialog } = await openSale(terminalSale({ qr_svg: SVG }));
    key("Escape");
    await screen.findByTestId("mixpay-terminal-abandon-confirm");
    expect(screen.getByRole("dialog")).toBe(dialog);
  });

  it("Esc does not close the screen while a paid sale's order is being created", async () => {
    const { dialog } = await openSale(terminalSale({ status: "paid", final: true, completed: false }));
    await waitFor(() => expect(dialog.getAttribute("data-phase")).toBe("completing"));
    key("Escape");
    expect(screen.getByRole("dialog")).toBe(dialog);
    expect(screen.queryByTestId("mixpay-terminal-keypad")).toBeNull();
  });
});
