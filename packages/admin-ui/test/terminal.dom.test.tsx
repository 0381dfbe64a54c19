// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayTerminal } from "../src/components/MixpayTerminal";
import type { MixpayAdminClient } from "../src/lib/client";
import { createOpenSaleStore, OPEN_SALE_KEY } from "../src/lib/open-sale-store";
import type { TerminalSale } from "../src/lib/schemas";
import { MemoryStorage } from "./memory-storage";
import { fakeClient, renderWith } from "./render";
import { SVG, TRACE, terminalSale } from "./sale-fixture";

afterEach(cleanup);

const config = async () => ({
  ready: true,
  problem: null,
  regions: [{ id: "reg_1", name: "Till", currency_code: "usd" }],
});

function press(keys: string[]) {
  for (const k of keys) fireEvent.click(screen.getByTestId(`mixpay-keypad-key-${k}`));
}

describe("MixpayTerminal", () => {
  it("keypad → sale with the typed amount as a decimal string → QR and countdown → live status → receipt", async () => {
    const storage = new MemoryStorage();
    let status: Partial<TerminalSale> = { status: "unpaid" };
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => terminalSale({ qr_svg: SVG }));
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale(status));
    renderWith(
      <MixpayTerminal storage={storage} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, createSale, getSale }),
    );
    await screen.findByTestId("mixpay-terminal-keypad");
    expect(screen.getByTestId("mixpay-terminal-charge")).toHaveProperty("disabled", true);
    press(["1", "2", "dot", "5"]);
    expect(screen.getByTestId("mixpay-terminal-amount").getAttribute("data-amount")).toBe("12.50");
    fireEvent.click(screen.getByTestId("mixpay-terminal-charge"));
    await screen.findByTestId("mixpay-terminal-sale");
    expect(createSale).toHaveBeenCalledWith({ amount: "12.50", currency_code: "usd", region_id: "reg_1" });
    const qr = screen.getByTestId("mixpay-qr");
    expect(qr.getAttribute("src")).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}`);
    expect(screen.getByTestId("mixpay-countdown").getAttribute("data-remaining-seconds")).toMatch(/^(899|900)$/);
    expect(screen.getByTestId("mixpay-terminal-sale-amount").textContent).toBe("12.50 USD");
    expect(JSON.parse(storage.getItem(OPEN_SALE_KEY) ?? "null")).toMatchObject({ trace_id: TRACE, amount: "12.5" });
    // the created sale had its QR code: polls do not ask for it again
    await waitFor(() => expect(getSale).toHaveBeenCalled());
    expect(getSale.mock.calls[0]?.[1]).toMatchObject({ qr: false });

    status = {
      status: "paid",
      completed: true,
      order_id: "order_1",
      order_display_id: 42,
      paid_amount: "12.5",
      paid_symbol: "USDT",
      txid: "0xabc",
    };
    const receipt = await screen.findByTestId("mixpay-terminal-receipt");
    expect(receipt.textContent).toContain("12.50 USD");
    expect(screen.getByTestId("mixpay-terminal-receipt-order").textContent).toBe("#42");
    expect(screen.getByTestId("mixpay-terminal-receipt-txid").textContent).toBe("0xabc");
    // polling stopped once the outcome was final
    const calls = getSale.mock.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(getSale.mock.calls.length).toBe(calls);

    fireEvent.click(screen.getByTestId("mixpay-terminal-new-sale"));
    await screen.findByTestId("mixpay-terminal-keypad");
    expect(storage.getItem(OPEN_SALE_KEY)).toBeNull();
  });

  it("after a reload mid-payment it resumes the open sale (fetching its QR code) instead of a new keypad", async () => {
    const storage = new MemoryStorage();
    createOpenSaleStore(storage).save({
      trace_id: TRACE,
      expires_at: terminalSale().expires_at,
      amount: "12.5",
      currency_code: "usd",
    });
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async (_t, o) => terminalSale(o?.qr ? { qr_svg: SVG } : {}));
    const terminalConfig = vi.fn(config);
    renderWith(<MixpayTerminal storage={storage} pollIntervalMs={20} />, fakeClient({ terminalConfig, getSale }));
    await screen.findByTestId("mixpay-terminal-resumed");
    await screen.findByTestId("mixpay-qr");
    expect(getSale.mock.calls[0]).toEqual([TRACE, expect.objectContaining({ qr: true })]);
    await waitFor(() => expect(getSale.mock.calls.length).toBeGreaterThan(1));
    expect(getSale.mock.calls.at(-1)?.[1]).toMatchObject({ qr: false });
    expect(screen.queryByTestId("mixpay-terminal-keypad")).toBeNull();
  });

  it("underpaid: keeps the QR and tells the cashier how much is still owed", async () => {
    const storage = new MemoryStorage();
    createOpenSaleStore(storage).save({
      trace_id: TRACE,
      expires_at: terminalSale().expires_at,
      amount: "12.5",
      currency_code: "usd",
    });
    const getSale = async () =>
      terminalSale({
        status: "underpaid",
        qr_svg: SVG,
        paid_amount: "10",
        paid_symbol: "USDT",
        shortfall_amount: "2.5",
        shortfall_symbol: "USDT",
      });
    renderWith(
      <MixpayTerminal storage={storage} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    const guidance = await screen.findByTestId("mixpay-terminal-guidance");
    expect(guidance.getAttribute("data-status")).toBe("underpaid");
    expect(guidance.textContent).toContain("still owes 2.5 USDT");
    expect(screen.getByTestId("mixpay-qr")).toBeTruthy();
    expect(screen.getByTestId("mixpay-terminal-sale").getAttribute("data-phase")).toBe("attention");
  });

  it("expired: says what to do and offers a new sale for the same cart", async () => {
    const storage = new MemoryStorage();
    createOpenSaleStore(storage).save({
      trace_id: TRACE,
      expires_at: terminalSale().expires_at,
      amount: "12.5",
      currency_code: "usd",
    });
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () =>
      terminalSale({ trace_id: "11111111-2222-3333-4444-555555555555", qr_svg: SVG }),
    );
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async (t) =>
      t === TRACE
        ? terminalSale({ status: "expired", final: true, qr_svg: SVG })
        : terminalSale({ trace_id: t, qr_svg: SVG }),
    );
    renderWith(
      <MixpayTerminal storage={storage} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale, createSale }),
    );
    const guidance = await screen.findByTestId("mixpay-terminal-guidance");
    expect(guidance.textContent).toMatch(/Start a new sale/);
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    fireEvent.click(screen.getByTestId("mixpay-terminal-retry"));
    await waitFor(() => expect(createSale).toHaveBeenCalledWith({ cart_id: "cart_1" }));
    await waitFor(() =>
      expect(JSON.parse(storage.getItem(OPEN_SALE_KEY) ?? "null")?.trace_id).toBe(
        "11111111-2222-3333-4444-555555555555",
      ),
    );
  });

  it("pauses status checks while the tab is hidden and checks at once when it is shown again", async () => {
    const storage = new MemoryStorage();
    createOpenSaleStore(storage).save({
      trace_id: TRACE,
      expires_at: terminalSale().expires_at,
      amount: "12.5",
      currency_code: "usd",
    });
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale({ qr_svg: SVG }));
    renderWith(
      <MixpayTerminal storage={storage} pollIntervalMs={30} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    await screen.findByTestId("mixpay-qr");
    let hidden = true;
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
    await screen.findByTestId("mixpay-terminal-paused");
    const before = getSale.mock.calls.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(getSale.mock.calls.length).toBe(before);
    hidden = false;
    document.dispatchEvent(new Event("visibilitychange"));
    await waitFor(() => expect(getSale.mock.calls.length).toBe(before + 1));
    await waitFor(() => expect(screen.queryByTestId("mixpay-terminal-paused")).toBeNull());
    Reflect.deleteProperty(document, "hidden");
  });

  it("says what is missing when MixPay cannot sell yet", async () => {
    renderWith(
      <MixpayTerminal storage={new MemoryStorage()} />,
      fakeClient({
        terminalConfig: async () => ({
          ready: false,
          problem: "MixPay is not configured: save a payee UUID.",
          regions: [],
        }),
      }),
    );
    const notReady = await screen.findByTestId("mixpay-terminal-not-ready");
    expect(notReady.textContent).toContain("MixPay is not configured");
  });

  it("shows why a sale could not be started and stays on the keypad", async () => {
    const createSale = vi.fn(async () => {
      throw new Error("MixPay could not create the payment: MixPay is down");
    });
    renderWith(<MixpayTerminal storage={new MemoryStorage()} />, fakeClient({ terminalConfig: config, createSale }));
    await screen.findByTestId("mixpay-terminal-keypad");
    press(["5"]);
    fireEvent.click(screen.getByTestId("mixpay-terminal-charge"));
    const error = await screen.findByTestId("mixpay-terminal-error");
    expect(error.textContent).toContain("MixPay is down");
    expect(screen.getByTestId("mixpay-terminal-amount").getAttribute("data-amount")).toBe("5.00");
  });
});
