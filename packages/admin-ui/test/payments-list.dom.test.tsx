// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayPaymentsList } from "../src/components/MixpayPaymentsList";
import type { ListPaymentsQuery, MixpayAdminClient } from "../src/lib/client";
import type { MixpayPayment } from "../src/lib/schemas";
import { payment } from "./payment-fixture";
import { fakeClient, renderWith } from "./render";

afterEach(cleanup);

const REFUND_STEP =
  "Do not hand over the goods. MixPay holds this money and returns it on request: give the customer the trace id and ask them to contact MixPay support (customer@mixpay.me) for a refund; Mixin wallet payments come back automatically.";

const refundDue = payment({
  trace_id: "11111111-1111-4111-8111-111111111111",
  status: "failed",
  final: true,
  refund_due: true,
  failure_code: "40024",
  attention: "refund_due",
  next_step: REFUND_STEP,
  amount: "12.5",
  currency_code: "usd",
  paid_amount: "8.5",
  paid_symbol: "USDT",
  payable_amount: "12.525",
  order_id: null,
  completed: false,
  created_at: "2026-11-25T10:02:00.000Z",
});

const underpaid = payment({
  trace_id: "22222222-2222-4222-8222-222222222222",
  status: "underpaid",
  final: false,
  attention: "underpaid",
  next_step: "Ask the customer to pay the remaining 2.505 USDT with the same QR code before the deadline.",
  amount: "12.5",
  currency_code: "usd",
  paid_amount: "10.02",
  paid_symbol: "USDT",
  payable_amount: "12.525",
  shortfall_amount: "2.505",
  shortfall_symbol: "USDT",
  sale_share: { paid: "10", due: "2.5" },
  order_id: null,
  completed: false,
  created_at: "2026-11-25T10:05:00.000Z",
});

const latePaid = payment({
  trace_id: "33333333-3333-4333-8333-333333333333",
  status: "paid",
  attention: "late_payment",
  next_step: "Hand over the goods.",
  order_id: "order_42",
  created_at: "2026-11-25T09:00:00.000Z",
});

const plainPaid = payment({
  trace_id: "44444444-4444-4444-8444-444444444444",
  status: "paid",
  attention: null,
  next_step: "Hand over the goods.",
  order_id: "order_7",
  created_at: "2026-11-25T11:00:00.000Z",
});

function listing(all: MixpayPayment[]) {
  return vi.fn<MixpayAdminClient["listPayments"]>(async (q: ListPaymentsQuery = {}) => {
    // the server's order (newest first) is scrambled on purpose: the list sorts by created_at itself
    const rows = q.attention ? all.filter((p) => p.attention) : all;
    return { payments: rows, count: rows.length };
  });
}

const rows = () => screen.getAllByTestId("mixpay-payments-row");

describe("MixpayPaymentsList", () => {
  it("opens on 'Needs attention' (attention=true), newest first, with a refund due clearly marked", async () => {
    const listPayments = listing([latePaid, refundDue, underpaid, plainPaid]);
    renderWith(<MixpayPaymentsList refreshIntervalMs={0} />, fakeClient({ listPayments }));
    await screen.findByTestId("mixpay-payments-table");
    expect(listPayments).toHaveBeenCalledWith({ attention: true, limit: 50 });
    expect(screen.getByTestId("mixpay-payments-list").getAttribute("data-filter")).toBe("attention");
    expect(screen.getByTestId("mixpay-payments-tab-attention").getAttribute("aria-selected")).toBe("true");
    expect(rows().map((r) => r.getAttribute("data-trace-id"))).toEqual([
      underpaid.trace_id,
      refundDue.trace_id,
      latePaid.trace_id,
    ]);

    const [under, refund, late] = rows() as [HTMLElement, HTMLElement, HTMLElement];
    // refund due
    expect(refund.getAttribute("data-refund-due")).toBe("true");
    expect(within(refund).getByTestId("mixpay-status-badge").textContent).toBe("Refund due");
    expect(within(refund).getByTestId("mixpay-payments-row-amount").textContent).toBe("12.50 USD");
    expect(within(refund).getByTestId("mixpay-payments-row-arrived").textContent).toBe("8.5 USDT");
    expect(within(refund).getByTestId("mixpay-payments-row-attention").textContent).toBe(
      "Refund due: money arrived but the sale will not complete; the customer must get it back.",
    );
    expect(within(refund).getByTestId("mixpay-payments-row-next-step").textContent).toBe(REFUND_STEP);
    expect(within(refund).queryByTestId("mixpay-payments-row-order")).toBeNull();
    // underpaid: what arrived in crypto and in the sale's currency
    expect(within(under).getByTestId("mixpay-status-badge").textContent).toBe("Underpaid");
    expect(within(under).getByTestId("mixpay-payments-row-arrived").textContent).toBe(
      "Paid 10.02 USDT of 12.525 USDT, 2.505 USDT still due",
    );
    expect(within(under).getByTestId("mixpay-payments-row-sale-share").textContent).toBe(
      "Paid 10.00 USD of 12.50 USD, 2.50 USD still due",
    );
    expect(within(under).getByTestId("mixpay-payments-row-attention").textContent).toBe(
      "Underpaid: the customer still owes the difference.",
    );
    // late payment with its order
    expect(within(late).getByTestId("mixpay-payments-row-order").getAttribute("href")).toBe("/app/orders/order_42");
    expect(within(late).getByTestId("mixpay-payments-row-arrived").textContent).toBe("25.01 USDT");
    expect(within(late).getByTestId("mixpay-payments-row-next-step").textContent).toBe("Hand over the goods.");
    expect(screen.getByTestId("mixpay-payments-count").textContent).toBe("3 payments");
  });

  it("'All payments' lists every payment; links use the given order href", async () => {
    const listPayments = listing([latePaid, refundDue, underpaid, plainPaid]);
    renderWith(
      <MixpayPaymentsList refreshIntervalMs={0} orderHref={(id) => `/dashboard/orders/${id}`} />,
      fakeClient({ listPayments }),
    );
    await screen.findByTestId("mixpay-payments-table");
    fireEvent.click(screen.getByTestId("mixpay-payments-tab-all"));
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(listPayments).toHaveBeenLastCalledWith({ limit: 50 });
    expect(screen.getByTestId("mixpay-payments-list").getAttribute("data-filter")).toBe("all");
    const first = rows()[0] as HTMLElement;
    expect(first.getAttribute("data-trace-id")).toBe(plainPaid.trace_id);
    expect(first.getAttribute("data-refund-due")).toBe("false");
    expect(within(first).queryByTestId("mixpay-payments-row-attention")).toBeNull();
    expect(within(first).getByTestId("mixpay-payments-row-order").getAttribute("href")).toBe(
      "/dashboard/orders/order_7",
    );
  });

  it("says when nothing needs attention, and when loading failed", async () => {
    renderWith(<MixpayPaymentsList refreshIntervalMs={0} />, fakeClient({ listPayments: listing([plainPaid]) }));
    expect((await screen.findByTestId("mixpay-payments-empty")).textContent).toBe("No MixPay payment needs attention.");
    cleanup();
    renderWith(
      <MixpayPaymentsList refreshIntervalMs={0} />,
      fakeClient({
        listPayments: async () => {
          throw new Error("HTTP 500");
        },
      }),
    );
    expect((await screen.findByTestId("mixpay-payments-error")).textContent).toBe(
      "MixPay payments could not be loaded: HTTP 500",
    );
  });

  it("re-check updates the row in place", async () => {
    const recheckPayment = vi.fn<MixpayAdminClient["recheckPayment"]>(async () => ({
      payment: { ...underpaid, status: "paid", attention: null, completed: true, order_id: "order_9" },
      completion: { outcome: "completed" },
      mixpay_error: null,
    }));
    renderWith(
      <MixpayPaymentsList refreshIntervalMs={0} />,
      fakeClient({ listPayments: listing([underpaid]), recheckPayment }),
    );
    await screen.findByTestId("mixpay-payments-table");
    fireEvent.click(screen.getByTestId("mixpay-payments-row-recheck"));
    await waitFor(() => expect(rows()[0]?.getAttribute("data-status")).toBe("paid"));
    expect(recheckPayment).toHaveBeenCalledWith(underpaid.trace_id);
    expect(screen.getByTestId("mixpay-payments-row-order").getAttribute("href")).toBe("/app/orders/order_9");
  });

  it("a payment that arrived after Cancel offers 'Make the order'; making it turns the row into a paid order", async () => {
    const late = payment({
      trace_id: "33333333-3333-4333-8333-333333333333",
      status: "paid",
      final: true,
      attention: "paid_after_cancel",
      amount: "12.5",
      currency_code: "usd",
      paid_amount: "12.525",
      paid_symbol: "USDT",
      order_id: null,
      completed: false,
    });
    const server = [late, underpaid];
    const completeCancelledPayment = vi.fn<MixpayAdminClient["completeCancelledPayment"]>(async () => {
      const done = { ...late, attention: null, completed: true, order_id: "order_7" };
      server[0] = done;
      return { payment: done, completion: { outcome: "completed" }, mixpay_error: null };
    });
    renderWith(
      <MixpayPaymentsList refreshIntervalMs={0} />,
      fakeClient({ listPayments: listing(server), completeCancelledPayment }),
    );
    await screen.findByTestId("mixpay-payments-table");
    // Only the paid-after-cancel row offers it.
    expect(screen.getAllByTestId("mixpay-payments-row-make-order")).toHaveLength(1);
    const lateRow = rows().find((r) => r.getAttribute("data-trace-id") === late.trace_id) as HTMLElement;
    expect(within(lateRow).getByTestId("mixpay-payments-row-attention").textContent).toMatch(
      /^Paid after the sale was cancel/,
    );
    fireEvent.click(within(lateRow).getByTestId("mixpay-payments-row-make-order"));
    // It no longer needs attention; under "All payments" it is a paid sale with its order.
    await waitFor(() => expect(screen.queryByTestId("mixpay-payments-row-make-order")).toBeNull());
    expect(completeCancelledPayment).toHaveBeenCalledWith(late.trace_id);
    expect(rows().map((r) => r.getAttribute("data-trace-id"))).toEqual([underpaid.trace_id]);
    fireEvent.click(screen.getByTestId("mixpay-payments-tab-all"));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId("mixpay-payments-row-order").getAttribute("href")).toBe("/app/orders/order_7");
  });
});
