// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayDraftOrderCharge } from "../src/components/MixpayDraftOrderCharge";
import { type MixpayAdminClient, MixpayApiError } from "../src/lib/client";
import type { MixpayPayment, TerminalSale } from "../src/lib/schemas";
import { payment } from "./payment-fixture";
import { fakeClient, renderWith } from "./render";
import { SVG, TRACE, terminalSale } from "./sale-fixture";

afterEach(cleanup);

const DRAFT = "order_draft1";
const draftSale = (over: Partial<TerminalSale> = {}) =>
  terminalSale({ amount: "30", cart_id: null, draft_order_id: DRAFT, ...over });
const noSales = async () => ({ payments: [] as MixpayPayment[], count: 0 });

describe("MixpayDraftOrderCharge", () => {
  it("charges the draft's total: QR code and countdown, live status, then a link to the converted order", async () => {
    const expires_at = draftSale().expires_at;
    let polled: Partial<TerminalSale> = { status: "unpaid" };
    const listPayments = vi.fn<MixpayAdminClient["listPayments"]>(noSales);
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => draftSale({ qr_svg: SVG, expires_at }));
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async () => draftSale({ expires_at, ...polled }));
    renderWith(
      <MixpayDraftOrderCharge draftOrderId={DRAFT} total="30" currencyCode="usd" pollIntervalMs={20} />,
      fakeClient({ listPayments, createSale, getSale }),
    );
    const button = await screen.findByTestId("mixpay-draft-charge");
    expect(listPayments).toHaveBeenCalledWith({ draftOrderId: DRAFT, limit: 1 });
    expect(button.textContent).toBe("Charge 30.00 USD with MixPay");
    fireEvent.click(button);
    await waitFor(() => expect(createSale).toHaveBeenCalledWith({ draft_order_id: DRAFT, amount: "30" }));

    const qr = await screen.findByTestId("mixpay-qr");
    expect(qr.getAttribute("src")).toContain(encodeURIComponent("<svg"));
    expect(screen.getByTestId("mixpay-countdown")).toBeTruthy();
    expect(screen.getByTestId("mixpay-draft-status").getAttribute("aria-live")).toBe("polite");
    expect(screen.getByTestId("mixpay-draft-status").textContent).toMatch(/Waiting for the customer/);
    expect(screen.queryByTestId("mixpay-draft-charge")).toBeNull();
    await waitFor(() => expect(getSale).toHaveBeenCalledWith(TRACE, expect.anything()));

    // Paid: MixPay verified it, the plugin is converting the draft.
    polled = { status: "paid", completed: false };
    await waitFor(() => expect(screen.getByTestId("mixpay-draft-status").textContent).toMatch(/Converting the draft/));
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    expect(screen.queryByTestId("mixpay-draft-order-link")).toBeNull();

    // Converted: the order (same id as the draft) is linked, and polling stops.
    polled = { status: "paid", completed: true, order_id: DRAFT, order_display_id: 7 };
    const link = await screen.findByTestId("mixpay-draft-order-link");
    expect(link.textContent).toBe("View order #7");
    expect(link.getAttribute("href")).toBe(`../orders/${DRAFT}`);
    expect(screen.getByTestId("mixpay-draft-status").textContent).toMatch(/now an order/);
    const calls = getSale.mock.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(getSale.mock.calls.length).toBe(calls);
    expect(screen.queryByTestId("mixpay-draft-charge")).toBeNull();
  });

  it("resumes the draft's open sale after a reload, asking for its QR code", async () => {
    const getSale = vi.fn<MixpayAdminClient["getSale"]>(async (_trace, opts) =>
      draftSale({ qr_svg: opts?.qr ? SVG : null }),
    );
    renderWith(
      <MixpayDraftOrderCharge draftOrderId={DRAFT} pollIntervalMs={20} />,
      fakeClient({
        listPayments: async () => ({ payments: [payment({ status: "unpaid", draft_order_id: DRAFT })], count: 1 }),
        getSale,
      }),
    );
    await screen.findByTestId("mixpay-qr");
    expect(getSale).toHaveBeenCalledWith(TRACE, expect.objectContaining({ qr: true }));
    expect(screen.queryByTestId("mixpay-draft-charge")).toBeNull();
  });

  it("an expired sale shows no QR code, says no money arrived, and offers to try again", async () => {
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => draftSale({ qr_svg: SVG }));
    renderWith(
      <MixpayDraftOrderCharge draftOrderId={DRAFT} pollIntervalMs={20} />,
      fakeClient({
        listPayments: async () => ({ payments: [payment({ status: "expired", final: true })], count: 1 }),
        getSale: async () => draftSale({ status: "expired", final: true }),
        createSale,
      }),
    );
    const again = await screen.findByTestId("mixpay-draft-charge");
    expect(again.textContent).toBe("Try again: charge with MixPay");
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
    expect(screen.queryByTestId("mixpay-countdown")).toBeNull();
    expect(screen.getByTestId("mixpay-draft-status").textContent).toMatch(/No money arrived/);
    fireEvent.click(again);
    await waitFor(() => expect(createSale).toHaveBeenCalledWith({ draft_order_id: DRAFT }));
  });

  it("a paid sale recorded without an order (the draft grew meanwhile) says the rest is due and charges it", async () => {
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => draftSale({ amount: "10", qr_svg: SVG }));
    const paidShort = draftSale({ status: "paid", final: true, completed: true, order_id: null });
    renderWith(
      <MixpayDraftOrderCharge draftOrderId={DRAFT} total="40" currencyCode="usd" pollIntervalMs={20} />,
      fakeClient({
        listPayments: async () => ({ payments: [payment({ status: "paid", draft_order_id: DRAFT })], count: 1 }),
        getSale: async () => paidShort,
        createSale,
      }),
    );
    const rest = await screen.findByTestId("mixpay-draft-charge");
    expect(rest.textContent).toBe("Charge the rest with MixPay");
    expect(screen.getByTestId("mixpay-draft-status").textContent).toMatch(
      /Paid 30\.00 USD, but the draft's total grew/,
    );
    expect(screen.queryByTestId("mixpay-draft-order-link")).toBeNull();
    fireEvent.click(rest);
    // No amount: the plugin charges what is still due.
    await waitFor(() => expect(createSale).toHaveBeenCalledWith({ draft_order_id: DRAFT }));
  });

  it("shows the plugin's refusal in plain words next to the button, and MixPay busy as 'try again'", async () => {
    let refusal = new MixpayApiError("draft_order_id: …", 400, [
      { field: "draft_order_id", message: "order_x is not a draft order any more (its status is pending)" },
    ]);
    const createSale = vi.fn<MixpayAdminClient["createSale"]>(async () => Promise.reject(refusal));
    renderWith(
      <MixpayDraftOrderCharge draftOrderId={DRAFT} pollIntervalMs={20} />,
      fakeClient({ listPayments: noSales, createSale }),
    );
    fireEvent.click(await screen.findByTestId("mixpay-draft-charge"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("order_x is not a draft order any more (its status is pending)");

    refusal = new MixpayApiError("MixPay is busy", 503, [], { type: "mixpay_busy", retryAfterSeconds: 4 });
    fireEvent.click(screen.getByTestId("mixpay-draft-charge"));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("MixPay is busy, try again in 4 seconds."));
    expect(screen.queryByTestId("mixpay-qr")).toBeNull();
  });
});
