// @vitest-environment happy-dom

import {
  CANCEL_REFUSED_PAID_TEXT,
  CANCELLED_SALES_KEY,
  createOpenSaleStore,
  MemoryStorage,
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

const expires_at = new Date(Date.now() + 15 * 60_000).toISOString();

/** Storage holding an open sale, so the terminal resumes it (and polls `getSale`) at once. */
function resumable(): MemoryStorage {
  const storage = new MemoryStorage();
  createOpenSaleStore(storage).save({ trace_id: TRACE, expires_at, amount: "12.5", currency_code: "usd" });
  return storage;
}

async function pressCancel() {
  fireEvent.click(await screen.findByTestId("mixpay-terminal-abandon"));
  fireEvent.click(screen.getByTestId("mixpay-terminal-abandon-confirm"));
}

describe("MixpayTerminal: Cancel, and a payment after it", () => {
  it("Cancel takes the QR code and countdown down at once; a payment after it raises an alert, across a reload", async () => {
    const storage = resumable();
    let server: Partial<TerminalSale> = { status: "unpaid", qr_svg: SVG };
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale({ expires_at, ...server }));
    const cancelSale = vi.fn<MixpayAdminClient["cancelSale"]>(async () => {
      server = { status: "unpaid", cancelled: true };
      return terminalSale({ expires_at, ...server });
    });
    const client = fakeClient({ terminalConfig: config, getSale, cancelSale });
    renderWith(<MixpayTerminal storage={storage} pollIntervalMs={20} />, client);
    await screen.findByTestId("mixpay-qr");
    expect(screen.getByTestId("mixpay-countdown")).toBeTruthy();

    await pressCancel();
    await waitFor(() =>
      expect(screen.getByTestId("mixpay-terminal-sale").getAttribute("data-phase")).toBe("cancelled"),
    );
    expect(cancelSale).toHaveBeenCalledWith(TRACE);
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    expect(screen.queryByTestId("mixpay-countdown")).toBeNull();
    expect(screen.getByTestId("mixpay-status-badge").textContent).toBe("Cancelled");
    expect(screen.queryByTestId("mixpay-terminal-retry")).toBeNull(); // only "New sale"
    expect(screen.getByTestId("mixpay-terminal-new-sale")).toBeTruthy();
    expect(screen.getByTestId("mixpay-terminal-guidance").textContent).toContain("stays payable at MixPay");
    expect(screen.getByTestId("mixpay-terminal-cancelled-watched").textContent).toBe(
      "Watching 1 cancelled sale until MixPay's deadline.",
    );
    // no longer the open sale to resume; remembered as a watched cancelled sale instead
    expect(createOpenSaleStore(storage).load()).toBeNull();
    expect(storage.getItem(CANCELLED_SALES_KEY)).toContain(TRACE);

    // The customer pays the cancelled sale's QR code anyway.
    server = { status: "paid", final: true, cancelled: true, paid_amount: "12.5", paid_symbol: "USDT" };
    const alert = await screen.findByTestId("mixpay-terminal-late-payment");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(screen.getByTestId("mixpay-terminal-late-payment-arrived").textContent).toBe(
      "12.5 USDT arrived for the cancelled sale of 12.50 USD (trace 0b1f3c4e…5d6e). No order was made.",
    );
    expect(screen.getByTestId("mixpay-terminal-late-payment-action").textContent).toContain('"Make the order"');

    // A reload (a new terminal on the same storage): the alert is back until dismissed.
    cleanup();
    renderWith(<MixpayTerminal storage={storage} pollIntervalMs={20} />, client);
    await screen.findByTestId("mixpay-terminal-late-payment");
    fireEvent.click(screen.getByTestId("mixpay-terminal-late-payment-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("mixpay-terminal-late-payment")).toBeNull());
    expect(storage.getItem(CANCELLED_SALES_KEY)).toBeNull();
  });

  it("Cancel on a sale the customer already paid (409) shows the paid sale, in plain words", async () => {
    let server: Partial<TerminalSale> = { status: "unpaid", qr_svg: SVG };
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale({ expires_at, ...server }));
    const cancelSale = vi.fn<MixpayAdminClient["cancelSale"]>(async () => {
      server = {
        status: "paid",
        final: true,
        completed: true,
        paid_amount: "12.6",
        paid_symbol: "USDT",
        payable_amount: "12.5",
        order_display_id: 9,
      };
      throw new MixpayApiError("This sale is already paid, so it cannot be cancelled.", 409, [], {
        type: "sale_state",
      });
    });
    renderWith(
      <MixpayTerminal storage={resumable()} pollIntervalMs={20} shopName="Corner Café" />,
      fakeClient({ terminalConfig: config, getSale, cancelSale }),
    );
    await screen.findByTestId("mixpay-qr");
    await pressCancel();
    await screen.findByTestId("mixpay-terminal-receipt");
    expect(screen.getByTestId("mixpay-terminal-cancel-note").textContent).toBe(CANCEL_REFUSED_PAID_TEXT);
    expect(screen.queryByTestId("mixpay-terminal-late-payment")).toBeNull();
    // the receipt: store name, amount, crypto paid, the surplus with its unit, a short trace id
    expect(screen.getByTestId("mixpay-terminal-receipt-store").textContent).toBe("Corner Café");
    expect(screen.getByTestId("mixpay-terminal-receipt-amount").textContent).toBe("12.50 USD");
    expect(screen.getByTestId("mixpay-terminal-receipt-paid").textContent).toBe("12.6 USDT");
    expect(screen.getByTestId("mixpay-terminal-receipt-surplus").textContent).toBe("0.1 USDT");
    expect(screen.getByTestId("mixpay-terminal-receipt-trace").textContent).toBe("0b1f3c4e…5d6e");
  });

  it("a failed Cancel says so next to the sale, as an alert, and the QR code stays", async () => {
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => terminalSale({ expires_at, qr_svg: SVG }));
    const cancelSale = vi.fn<MixpayAdminClient["cancelSale"]>(async () => {
      throw new MixpayApiError("Failed to fetch", null);
    });
    renderWith(
      <MixpayTerminal storage={resumable()} pollIntervalMs={20} />,
      fakeClient({ terminalConfig: config, getSale, cancelSale }),
    );
    await screen.findByTestId("mixpay-qr");
    await pressCancel();
    const note = await screen.findByTestId("mixpay-terminal-cancel-note");
    expect(note.getAttribute("role")).toBe("alert");
    expect(note.textContent).toBe("Could not cancel: Failed to fetch");
    expect(screen.getByTestId("mixpay-qr")).toBeTruthy();
  });
});
