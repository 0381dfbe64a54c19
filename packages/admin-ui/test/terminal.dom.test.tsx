// @vitest-environment happy-dom

import {
  createOpenSaleStore,
  MemoryStorage,
  OPEN_SALE_KEY,
  rememberRegion,
  type StreamFetch,
} from "@mixpay-pos/sale-engine";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayTerminal } from "../src/components/MixpayTerminal";
import { type MixpayAdminClient, MixpayApiError } from "../src/lib/client";
import type { TerminalSale } from "../src/lib/schemas";
import { fakeClient, renderWith } from "./render";
import { SVG, TRACE, terminalSale } from "./sale-fixture";

afterEach(cleanup);

const config = async () => ({
  ready: true,
  problem: null,
  regions: [{ id: "reg_1", name: "Till", currency_code: "usd" }],
  default_region_id: "reg_1",
});

/** Storage holding an open sale, so the terminal resumes it (and polls `getSale`) at once. */
function resumable(expiresAt: string | null = terminalSale().expires_at): MemoryStorage {
  const storage = new MemoryStorage();
  createOpenSaleStore(storage).save({ trace_id: TRACE, expires_at: expiresAt, amount: "12.5", currency_code: "usd" });
  return storage;
}

function press(keys: string[]) {
  for (const k of keys) fireEvent.click(screen.getByTestId(`mixpay-keypad-key-${k}`));
}

describe("MixpayTerminal", () => {
  it("opens on the store's default region, then on the cashier's last choice", async () => {
    const twoRegions = async () => ({
      ready: true,
      problem: null,
      // By name, Europe comes first; the store sells in US dollars by default.
      regions: [
        { id: "reg_eur", name: "Europe", currency_code: "eur" },
        { id: "reg_usd", name: "United States", currency_code: "usd" },
      ],
      default_region_id: "reg_usd",
    });
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => terminalSale({ qr_svg: SVG }));
    renderWith(
      <MixpayTerminal storage={new MemoryStorage()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: twoRegions, createSale }),
    );
    await screen.findByTestId("mixpay-terminal-keypad");
    expect(screen.getByTestId("mixpay-terminal-region").textContent).toContain("United States");
    press(["5"]);
    fireEvent.click(screen.getByTestId("mixpay-terminal-charge"));
    await waitFor(() =>
      expect(createSale).toHaveBeenCalledWith({ amount: "5.00", currency_code: "usd", region_id: "reg_usd" }),
    );
    cleanup();

    // The cashier picked Europe last time (remembered in this browser): the next visit opens there.
    const nextVisit = new MemoryStorage();
    rememberRegion(nextVisit, "reg_eur");
    renderWith(<MixpayTerminal storage={nextVisit} pollIntervalMs={20} />, fakeClient({ terminalConfig: twoRegions }));
    await screen.findByTestId("mixpay-terminal-keypad");
    expect(screen.getByTestId("mixpay-terminal-region").textContent).toContain("Europe");
  });

  it("keypad → sale with the typed amount as a decimal string → QR and countdown → live status → receipt", async () => {
    const storage = new MemoryStorage();
    // one deadline for the created sale and every poll (a fresh "now + 15 min" per poll would drift)
    const expires_at = terminalSale().expires_at;
    let status: Partial<TerminalSale> = { status: "unpaid" };
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => terminalSale({ qr_svg: SVG, expires_at }));
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale({ expires_at, ...status }));
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

  it("with streamUrl, pushed updates (the poll route's body as SSE) drive the screen and nothing is polled", async () => {
    let push: ((text: string) => void) | null = null;
    const urls: string[] = [];
    const streamFetch: StreamFetch = async (url) => {
      urls.push(url);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (text) => controller.enqueue(new TextEncoder().encode(text));
        },
      });
      return { ok: true, status: 200, headers: new Headers({ "content-type": "text/event-stream" }), body };
    };
    const send = (sale: TerminalSale) => push?.(`event: sale\ndata: ${JSON.stringify({ sale })}\n\n`);
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale());
    renderWith(
      <MixpayTerminal
        storage={resumable()}
        pollIntervalMs={20}
        streamUrl={(id) => ({ url: `/admin/mixpay/terminal/sales/${id}/stream`, fetch: streamFetch })}
      />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    await waitFor(() => expect(push).not.toBeNull());
    expect(urls).toEqual([`/admin/mixpay/terminal/sales/${TRACE}/stream`]);
    send(
      terminalSale({
        status: "underpaid",
        sale_share: { paid: "10", due: "2.5" },
        paid_amount: "10",
        paid_symbol: "USDT",
        payable_amount: "12.5",
        shortfall_amount: "2.5",
      }),
    );
    const line = await screen.findByTestId("mixpay-terminal-underpaid-sale");
    expect(line.textContent).toBe("Paid 10.00 USD of 12.50 USD, 2.50 USD still due");
    expect(screen.getByTestId("mixpay-terminal-sale").getAttribute("data-updates")).toBe("stream");
    send(
      terminalSale({ status: "paid", completed: true, order_display_id: 7, paid_amount: "12.5", paid_symbol: "USDT" }),
    );
    await screen.findByTestId("mixpay-terminal-receipt");
    expect(screen.getByTestId("mixpay-terminal-receipt-order").textContent).toBe("#7");
    expect(getSale).not.toHaveBeenCalled(); // the stream carried every update
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

  it("underpaid: keeps the QR and says 'Paid X of Y, Z still due' in the sale's currency and in crypto", async () => {
    const getSale = async () =>
      terminalSale({
        status: "underpaid",
        qr_svg: SVG,
        paid_amount: "10.02",
        paid_symbol: "USDT",
        payable_amount: "12.525",
        shortfall_amount: "2.505",
        shortfall_symbol: "USDT",
        sale_share: { paid: "10", due: "2.5" },
        next_step: "Ask the customer to pay the remaining 2.505 USDT with the same QR code before the deadline.",
      });
    renderWith(
      <MixpayTerminal storage={resumable()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    const share = await screen.findByTestId("mixpay-terminal-underpaid-sale");
    expect(share.textContent).toBe("Paid 10.00 USD of 12.50 USD, 2.50 USD still due");
    expect(screen.getByTestId("mixpay-terminal-underpaid-crypto").textContent).toBe(
      "Paid 10.02 USDT of 12.525 USDT, 2.505 USDT still due",
    );
    const guidance = screen.getByTestId("mixpay-terminal-guidance");
    expect(guidance.getAttribute("data-status")).toBe("underpaid");
    expect(guidance.textContent).toBe(
      "Ask the customer to pay the remaining 2.505 USDT with the same QR code before the deadline.",
    );
    // the customer pays the rest with the same code
    expect(screen.getByTestId("mixpay-qr").getAttribute("src")).toContain(encodeURIComponent(SVG));
    expect(screen.getByTestId("mixpay-countdown").textContent).toMatch(/^1[45]:\d\d$/);
    expect(screen.getByTestId("mixpay-terminal-sale").getAttribute("data-phase")).toBe("attention");
    expect(screen.getByTestId("mixpay-status-badge").textContent).toBe("Underpaid");
  });

  it("confirming shows the confirmations counted so far", async () => {
    const getSale = async () => terminalSale({ status: "processing", qr_svg: SVG, confirmations: 2 });
    renderWith(
      <MixpayTerminal storage={resumable()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    expect((await screen.findByTestId("mixpay-terminal-confirmations")).textContent).toBe(
      "Confirming… 2 confirmations",
    );
    expect(screen.getByTestId("mixpay-terminal-sale").getAttribute("data-phase")).toBe("waiting");
    // Paid, being confirmed: no QR code to invite a second payment.
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
  });

  it("confirming past MixPay's deadline: 'Checking confirmations', keeps polling, never 'Expired'", async () => {
    const past = new Date(Date.now() - 5 * 60_000).toISOString();
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () =>
      terminalSale({ status: "processing", qr_svg: SVG, expires_at: past, confirmations: 1 }),
    );
    renderWith(
      <MixpayTerminal storage={resumable(past)} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    const countdown = await screen.findByTestId("mixpay-countdown");
    await waitFor(() => expect(countdown.textContent).toBe("Checking confirmations"));
    const sale = screen.getByTestId("mixpay-terminal-sale");
    expect(sale.getAttribute("data-phase")).toBe("expiring");
    expect(screen.getByTestId("mixpay-terminal-guidance").textContent).toBe(
      "MixPay's deadline has passed, but it can still confirm a payment it has seen: checking confirmations. Keep this screen open and do not take another payment.",
    );
    expect(screen.getByTestId("mixpay-terminal-confirmations").textContent).toBe("Confirming… 1 confirmation");
    expect(sale.textContent).not.toMatch(/Expired/);
    expect(screen.getByTestId("mixpay-status-badge").textContent).toBe("Confirming");
    // a payment that can no longer be paid into shows no QR code, and is still asked about
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    expect(screen.queryByTestId("mixpay-terminal-retry")).toBeNull();
    const calls = getSale.mock.calls.length;
    await waitFor(() => expect(getSale.mock.calls.length).toBeGreaterThan(calls));
  });

  it("unpaid past MixPay's deadline: 'Deadline passed', waiting for MixPay's final answer, no 'Expired'", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const getSale = async () => terminalSale({ status: "unpaid", qr_svg: SVG, expires_at: past });
    renderWith(
      <MixpayTerminal storage={resumable(past)} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    const countdown = await screen.findByTestId("mixpay-countdown");
    await waitFor(() => expect(countdown.textContent).toBe("Deadline passed"));
    expect(screen.getByTestId("mixpay-terminal-guidance").textContent).toBe(
      "MixPay's deadline has passed. Waiting for MixPay's final answer before this sale is closed; do not take another payment for it yet.",
    );
    expect(screen.getByTestId("mixpay-terminal-sale").textContent).not.toMatch(/Expired/);
  });

  it("refund due: no QR code, no countdown; says how much arrived and what to do next", async () => {
    const step =
      "Do not hand over the goods. MixPay holds this money and returns it on request: give the customer the trace id and ask them to contact MixPay support (customer@mixpay.me) for a refund; Mixin wallet payments come back automatically.";
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () =>
      terminalSale({
        status: "failed",
        final: true,
        qr_svg: SVG,
        refund_due: true,
        failure_code: "40000",
        paid_amount: "12.525",
        paid_symbol: "USDT",
        payable_amount: "12.525",
        reason: "The payment failed after 12.525 USDT arrived: it was not confirmed by MixPay's confirmation deadline.",
        next_step: step,
      }),
    );
    renderWith(
      <MixpayTerminal storage={resumable()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    const received = await screen.findByTestId("mixpay-terminal-received");
    expect(received.textContent).toBe("Received 12.525 USDT; it is owed back to the customer.");
    expect(screen.getByTestId("mixpay-terminal-reason").textContent).toBe(
      "The payment failed after 12.525 USDT arrived: it was not confirmed by MixPay's confirmation deadline. (MixPay code 40000)",
    );
    expect(screen.getByTestId("mixpay-terminal-guidance").textContent).toBe(step);
    const badge = screen.getByTestId("mixpay-status-badge");
    expect(badge.textContent).toBe("Refund due");
    expect(badge.getAttribute("data-status")).toBe("failed");
    expect(badge.getAttribute("data-refund-due")).toBe("true");
    const sale = screen.getByTestId("mixpay-terminal-sale");
    expect(sale.getAttribute("data-phase")).toBe("ended");
    expect(sale.textContent).not.toMatch(/no money/i);
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    expect(screen.queryByTestId("mixpay-countdown")).toBeNull();
    // the outcome is final: polling stopped
    const calls = getSale.mock.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(getSale.mock.calls.length).toBe(calls);
  });

  it("cancelled without money: no QR, says no money arrived", async () => {
    const getSale = async () =>
      terminalSale({ status: "cancelled", final: true, qr_svg: SVG, refund_due: false, failure_code: "40032" });
    renderWith(
      <MixpayTerminal storage={resumable()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale }),
    );
    expect((await screen.findByTestId("mixpay-terminal-received")).textContent).toBe(
      "No money arrived for this payment.",
    );
    expect(screen.getByTestId("mixpay-status-badge").textContent).toBe("Cancelled");
    expect(screen.getByTestId("mixpay-terminal-guidance").textContent).toBe(
      "The payment was cancelled and no money arrived for it. Start a new sale if the customer still wants to pay.",
    );
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    expect(screen.queryByTestId("mixpay-countdown")).toBeNull();
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
          default_region_id: null,
        }),
      }),
    );
    const notReady = await screen.findByTestId("mixpay-terminal-not-ready");
    expect(notReady.textContent).toContain("MixPay is not configured");
  });

  it("shows why a sale could not be started, in plain words, and stays on the keypad", async () => {
    const createSale = vi.fn(async () => {
      throw new MixpayApiError("MixPay is busy right now", 503, [], { type: "mixpay_busy", retryAfterSeconds: 5 });
    });
    renderWith(<MixpayTerminal storage={new MemoryStorage()} />, fakeClient({ terminalConfig: config, createSale }));
    await screen.findByTestId("mixpay-terminal-keypad");
    press(["5"]);
    fireEvent.click(screen.getByTestId("mixpay-terminal-charge"));
    const error = await screen.findByTestId("mixpay-terminal-error");
    expect(error.textContent).toBe("The sale could not be started: MixPay is busy, try again in 5 seconds.");
    expect(error.getAttribute("role")).toBe("alert");
    expect(screen.getByTestId("mixpay-terminal-amount").getAttribute("data-amount")).toBe("5.00");
  });

  it("never shows a server's internal message when a sale could not be started", async () => {
    const createSale = vi.fn(async () => {
      throw new MixpayApiError("TypeError: Cannot read properties of undefined (reading 'id')", 500);
    });
    renderWith(<MixpayTerminal storage={new MemoryStorage()} />, fakeClient({ terminalConfig: config, createSale }));
    await screen.findByTestId("mixpay-terminal-keypad");
    press(["5"]);
    fireEvent.click(screen.getByTestId("mixpay-terminal-charge"));
    const error = await screen.findByTestId("mixpay-terminal-error");
    expect(error.textContent).not.toContain("TypeError");
    expect(error.textContent).toContain("Try again in a few seconds");
  });

  it("shows each field the plugin refused next to it, from the answer's errors list", async () => {
    const createSale = vi.fn(async () => {
      throw new MixpayApiError("amount: USD has 2 decimal places; region_id: region reg_x does not offer MixPay", 400, [
        { field: "amount", message: "USD has 2 decimal places" },
        { field: "region_id", message: "region reg_x does not offer MixPay" },
      ]);
    });
    renderWith(<MixpayTerminal storage={new MemoryStorage()} />, fakeClient({ terminalConfig: config, createSale }));
    await screen.findByTestId("mixpay-terminal-keypad");
    press(["5"]);
    fireEvent.click(screen.getByTestId("mixpay-terminal-charge"));
    expect((await screen.findByTestId("mixpay-terminal-amount-error")).textContent).toBe("USD has 2 decimal places");
    expect(screen.getByTestId("mixpay-terminal-region-error").textContent).toBe("region reg_x does not offer MixPay");
    // Placed next to their fields, not repeated as one sentence.
    expect(screen.queryByTestId("mixpay-terminal-error")).toBeNull();
  });
});
