// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayPaymentWidget } from "../src/components/MixpayPaymentWidget";
import { type MixpayAdminClient, MixpayApiError } from "../src/lib/client";
import { payment, TRACE } from "./payment-fixture";
import { fakeClient, renderWith } from "./render";

afterEach(cleanup);

describe("MixpayPaymentWidget", () => {
  it("renders nothing for an order without MixPay payments", async () => {
    const listPayments = vi.fn(async () => ({ payments: [], count: 0 }));
    const { container } = renderWith(<MixpayPaymentWidget orderId="order_9" />, fakeClient({ listPayments }));
    await waitFor(() => expect(listPayments).toHaveBeenCalledWith({ orderId: "order_9", limit: 20 }));
    await new Promise((r) => setTimeout(r, 10));
    expect(container.innerHTML).toBe("");
  });

  it("shows trace id, status history, quoted vs paid vs settled, transaction and expiry", async () => {
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({ listPayments: async () => ({ payments: [payment()], count: 1 }) }),
    );
    await screen.findByTestId("mixpay-payment-widget");
    expect(screen.getByTestId("mixpay-trace-id").textContent).toContain(TRACE);
    expect(screen.getByTestId("mixpay-amount-quoted").textContent).toBe("25.00 USD");
    expect(screen.getByTestId("mixpay-amount-paid").textContent).toBe("25.01 USDT");
    expect(screen.getByTestId("mixpay-amount-settled").textContent).toBe("24.9 USDT");
    expect(screen.getByTestId("mixpay-amount-surplus").textContent).toBe("0.01 USDT");
    expect(screen.getByTestId("mixpay-txid").textContent).toBe("0xfeed");
    expect(screen.getByTestId("mixpay-expires-at").textContent).not.toBe("—");
    const history = screen.getAllByTestId("mixpay-status-history-entry").map((e) => e.getAttribute("data-status"));
    expect(history).toEqual(["unpaid", "paid"]);
    expect(screen.getAllByTestId("mixpay-status-badge")[0]?.getAttribute("data-status")).toBe("paid");
    expect(screen.getByTestId("mixpay-refund-guidance").textContent).toMatch(/no refund API/);
  });

  it("re-check now asks the plugin and shows the new status", async () => {
    const recheckPayment = vi.fn<MixpayAdminClient["recheckPayment"]>(async () => ({
      payment: payment({ status: "paid", txid: "0xnew" }),
      completion: { outcome: "completed" },
      mixpay_error: null,
    }));
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({
        listPayments: async () => ({ payments: [payment({ status: "processing", txid: null })], count: 1 }),
        recheckPayment,
      }),
    );
    await screen.findByTestId("mixpay-payment-widget");
    expect(screen.getAllByTestId("mixpay-status-badge")[0]?.getAttribute("data-status")).toBe("processing");
    fireEvent.click(screen.getByTestId("mixpay-recheck"));
    await waitFor(() => expect(screen.getByTestId("mixpay-txid").textContent).toBe("0xnew"));
    expect(recheckPayment).toHaveBeenCalledWith(TRACE);
    expect(screen.getAllByTestId("mixpay-status-badge")[0]?.getAttribute("data-status")).toBe("paid");
  });

  it("adds the transaction hash to a refund Medusa recorded, and validates a new manual refund", async () => {
    const recordRefund = vi.fn<MixpayAdminClient["recordRefund"]>(async () => []);
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({
        listPayments: async () => ({
          payments: [
            payment({
              manual_refunds: [
                { amount: "5", reference: null, note: null, refund_id: "ref_1", recorded_at: "2026-11-25T11:00:00Z" },
              ],
            }),
          ],
          count: 1,
        }),
        recordRefund,
      }),
    );
    const row = await screen.findByTestId("mixpay-manual-refund");
    expect(row.getAttribute("data-has-reference")).toBe("false");
    fireEvent.click(screen.getByTestId("mixpay-refund-add-reference"));
    expect(screen.queryByTestId("mixpay-refund-amount")).toBeNull(); // the amount is Medusa's
    fireEvent.click(screen.getByTestId("mixpay-refund-submit"));
    expect((await screen.findByTestId("mixpay-refund-reference-error")).textContent).toMatch(/transaction hash/);
    expect(recordRefund).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("mixpay-refund-reference"), { target: { value: " 0xabc " } });
    fireEvent.click(screen.getByTestId("mixpay-refund-submit"));
    await waitFor(() => expect(recordRefund).toHaveBeenCalledWith(TRACE, { refund_id: "ref_1", reference: "0xabc" }));

    fireEvent.click(await screen.findByTestId("mixpay-refund-new"));
    fireEvent.change(screen.getByTestId("mixpay-refund-amount"), { target: { value: "1e3" } });
    fireEvent.change(screen.getByTestId("mixpay-refund-reference"), { target: { value: "0xdef" } });
    fireEvent.click(screen.getByTestId("mixpay-refund-submit"));
    expect((await screen.findByTestId("mixpay-refund-amount-error")).textContent).toMatch(/like 12.50/);
    fireEvent.change(screen.getByTestId("mixpay-refund-amount"), { target: { value: "2.50" } });
    fireEvent.click(screen.getByTestId("mixpay-refund-submit"));
    await waitFor(() => expect(recordRefund).toHaveBeenLastCalledWith(TRACE, { amount: "2.50", reference: "0xdef" }));
  });

  it("shows the server's refusal of a refund next to its field", async () => {
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({
        listPayments: async () => ({ payments: [payment()], count: 1 }),
        recordRefund: async () => {
          throw new MixpayApiError("amount: required when no refund_id names an existing manual refund", 400, [
            { field: "amount", message: "required when no refund_id names an existing manual refund" },
          ]);
        },
      }),
    );
    fireEvent.click(await screen.findByTestId("mixpay-refund-new"));
    fireEvent.change(screen.getByTestId("mixpay-refund-amount"), { target: { value: "3" } });
    fireEvent.change(screen.getByTestId("mixpay-refund-reference"), { target: { value: "0x1" } });
    fireEvent.click(screen.getByTestId("mixpay-refund-submit"));
    expect((await screen.findByTestId("mixpay-refund-amount-error")).textContent).toMatch(/required when no refund_id/);
  });

  it("flags what the merchant must look at", async () => {
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({
        listPayments: async () => ({ payments: [payment({ attention: "late_payment" })], count: 1 }),
      }),
    );
    const flag = await screen.findByTestId("mixpay-attention");
    expect(flag.getAttribute("data-attention")).toBe("late_payment");
  });

  it("a refund due: an alert with the amount received and the next step, the badge says 'Refund due'", async () => {
    const step =
      "Do not hand over the goods. MixPay holds this money and returns it on request: give the customer the trace id and ask them to contact MixPay support (customer@mixpay.me) for a refund; Mixin wallet payments come back automatically.";
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({
        listPayments: async () => ({
          payments: [
            payment({
              status: "failed",
              final: true,
              reason: "The payment failed after 8.5 USDT arrived: Deadline passed with insufficient recognized amount.",
              next_step: step,
              refund_due: true,
              failure_code: "40024",
              attention: "refund_due",
              paid_amount: "8.5",
              paid_symbol: "USDT",
              payable_amount: "10",
              settle_amount: null,
              surplus_amount: null,
              txid: null,
              completed: false,
            }),
          ],
          count: 1,
        }),
      }),
    );
    const alert = await screen.findByTestId("mixpay-refund-due");
    expect(screen.getByTestId("mixpay-refund-due-received").textContent).toBe(
      "Refund due: 8.5 USDT arrived, but this sale will not complete (MixPay code 40024).",
    );
    expect(alert.textContent).toContain(step);
    expect(screen.getByTestId("mixpay-next-step").textContent).toBe(step);
    const badge = screen.getAllByTestId("mixpay-status-badge")[0];
    expect(badge?.textContent).toBe("Refund due");
    expect(badge?.getAttribute("data-status")).toBe("failed");
    expect(screen.getByTestId("mixpay-amount-paid").textContent).toBe("8.5 USDT");
    expect(screen.getByTestId("mixpay-amount-payable").textContent).toBe("10 USDT");
    // the refund alert says it all: the attention flag is not repeated
    expect(screen.queryByTestId("mixpay-attention")).toBeNull();
  });

  it("no refund alert when nothing arrived; the next step is the server's", async () => {
    renderWith(
      <MixpayPaymentWidget orderId="order_1" />,
      fakeClient({
        listPayments: async () => ({
          payments: [
            payment({
              status: "processing",
              final: false,
              confirmations: 3,
              next_step: "Wait: the payment is not complete until MixPay confirms it, even after the countdown ends.",
            }),
          ],
          count: 1,
        }),
      }),
    );
    await screen.findByTestId("mixpay-payment-widget");
    expect(screen.queryByTestId("mixpay-refund-due")).toBeNull();
    expect(screen.getByTestId("mixpay-confirmations").textContent).toBe("Confirming… 3 confirmations");
    expect(screen.getByTestId("mixpay-next-step").textContent).toBe(
      "Wait: the payment is not complete until MixPay confirms it, even after the countdown ends.",
    );
  });
});
