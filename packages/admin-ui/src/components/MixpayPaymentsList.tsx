import { Alert, Button, Container, Copy, Heading, Table, Text, TooltipProvider, toast } from "@medusajs/ui";
import {
  attentionText,
  formatAmount,
  isPaymentEnded,
  isPositiveDecimal,
  paymentDisplay,
  underpaidLines,
} from "@mixpay-pos/sale-engine";
import { useState } from "react";
import { useCompleteCancelledPayment, useMixpayPaymentList, useRecheckMixpayPayment } from "../hooks/queries";
import type { MixpayPayment } from "../lib/schemas";
import { formatTime, MixpayStatusBadge } from "./shared";

export type MixpayPaymentsFilter = "attention" | "all";

export interface MixpayPaymentsListProps {
  /** Where a payment's order opens (default `/app/orders/:id`). */
  orderHref?: (orderId: string) => string;
  /** The tab shown first (default "attention": the payments someone has to look at). */
  initialFilter?: MixpayPaymentsFilter;
  /** How many payments are listed (default 50, newest first). */
  limit?: number;
  /** Refresh pace in ms (default 30 000; 0 refreshes only on demand). */
  refreshIntervalMs?: number;
}

const TABS: { id: MixpayPaymentsFilter; label: string }[] = [
  { id: "attention", label: "Needs attention" },
  { id: "all", label: "All payments" },
];

const EMPTY: Record<MixpayPaymentsFilter, string> = {
  attention: "No MixPay payment needs attention.",
  all: "No MixPay payments yet.",
};

/** Newest first by `created_at` (the server already orders them; this keeps it so whatever it sends). */
function newestFirst(payments: MixpayPayment[]): MixpayPayment[] {
  return payments
    .map((p, i) => ({ p, i, t: p.created_at ? Date.parse(p.created_at) : Number.NaN }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? a.i - b.i : b.t - a.t || a.i - b.i))
    .map((x) => x.p);
}

/**
 * The admin's MixPay payments page: `GET /admin/mixpay/payments`, newest first, opening on **Needs attention**
 * (`?attention=true`: late payment, underpaid, review, paid after cancel, refund due). Each row shows the status
 * (a refund due is marked as such), the sale amount, what arrived, the attention flag in words, the next step,
 * the trace id to copy, a re-check, and a link to the order when there is one.
 */
export function MixpayPaymentsList({
  orderHref = (id) => `/app/orders/${encodeURIComponent(id)}`,
  initialFilter = "attention",
  limit = 50,
  refreshIntervalMs = 30_000,
}: MixpayPaymentsListProps) {
  const [filter, setFilter] = useState<MixpayPaymentsFilter>(initialFilter);
  const list = useMixpayPaymentList(filter === "attention" ? { attention: true, limit } : { limit }, {
    refetchIntervalMs: refreshIntervalMs,
  });
  const payments = list.data ? newestFirst(list.data.payments) : [];

  return (
    <TooltipProvider>
      <Container className="divide-y p-0" data-testid="mixpay-payments-list" data-filter={filter}>
        <div className="flex items-center justify-between gap-x-3 px-6 py-4">
          <div className="flex flex-col">
            <Heading level="h1">MixPay payments</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Newest first. A refund due means money arrived for a sale that will not complete.
            </Text>
          </div>
          <Button
            size="small"
            variant="secondary"
            data-testid="mixpay-payments-refresh"
            isLoading={list.isFetching}
            onClick={() => void list.refetch()}
          >
            Refresh
          </Button>
        </div>
        <div className="flex gap-x-2 px-6 py-3" role="tablist" aria-label="Which payments">
          {TABS.map((t) => (
            <Button
              key={t.id}
              type="button"
              size="small"
              role="tab"
              aria-selected={filter === t.id}
              variant={filter === t.id ? "primary" : "secondary"}
              data-testid={`mixpay-payments-tab-${t.id}`}
              onClick={() => setFilter(t.id)}
            >
              {t.label}
            </Button>
          ))}
        </div>
        {list.isPending ? (
          <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="mixpay-payments-loading">
            Loading MixPay payments…
          </Text>
        ) : list.isError ? (
          <div className="px-6 py-4">
            <Alert variant="error" data-testid="mixpay-payments-error">
              MixPay payments could not be loaded: {list.error.message}
            </Alert>
          </div>
        ) : payments.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="mixpay-payments-empty">
            {EMPTY[filter]}
          </Text>
        ) : (
          <>
            <Table data-testid="mixpay-payments-table">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Amount</Table.HeaderCell>
                  <Table.HeaderCell>Arrived</Table.HeaderCell>
                  <Table.HeaderCell>What to do</Table.HeaderCell>
                  <Table.HeaderCell>Created</Table.HeaderCell>
                  <Table.HeaderCell>Order</Table.HeaderCell>
                  <Table.HeaderCell />
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {payments.map((p) => (
                  <PaymentRow key={p.trace_id} payment={p} orderHref={orderHref} />
                ))}
              </Table.Body>
            </Table>
            <Text size="xsmall" className="text-ui-fg-muted px-6 py-3" data-testid="mixpay-payments-count">
              {payments.length === list.data.count
                ? `${payments.length} payment${payments.length === 1 ? "" : "s"}`
                : `Showing the newest ${payments.length} of ${list.data.count} payments`}
            </Text>
          </>
        )}
      </Container>
    </TooltipProvider>
  );
}

/** What arrived: "Paid 10 USDT of 12.5 USDT, 2.5 USDT still due" when underpaid, else the amount, else "Nothing". */
function arrivedText(p: MixpayPayment): string {
  if (p.status === "underpaid") {
    const lines = underpaidLines(p);
    if (lines.crypto) return lines.crypto;
  }
  if (isPositiveDecimal(p.paid_amount)) return formatAmount(p.paid_amount, p.paid_symbol);
  return isPaymentEnded(p) || p.status === "paid" ? "Nothing" : "Nothing yet";
}

function PaymentRow({ payment, orderHref }: { payment: MixpayPayment; orderHref: (orderId: string) => string }) {
  const recheck = useRecheckMixpayPayment();
  const display = paymentDisplay(payment);
  const attention = attentionText(payment.attention);
  const sale = payment.status === "underpaid" ? underpaidLines(payment).sale : null;
  return (
    <Table.Row
      data-testid="mixpay-payments-row"
      data-trace-id={payment.trace_id}
      data-status={payment.status}
      data-refund-due={String(display.refundDue)}
      data-attention={payment.attention ?? ""}
      className="align-top"
    >
      <Table.Cell className="py-2">
        <div className="flex flex-col items-start gap-y-1">
          <MixpayStatusBadge payment={payment} />
          <span className="txt-compact-xsmall text-ui-fg-muted inline-flex items-center gap-x-1 font-mono">
            <span data-testid="mixpay-payments-row-trace">{payment.trace_id.slice(0, 8)}…</span>
            <Copy content={payment.trace_id} />
          </span>
        </div>
      </Table.Cell>
      <Table.Cell className="py-2" data-testid="mixpay-payments-row-amount">
        {formatAmount(payment.amount ?? payment.quote_amount, payment.currency_code ?? payment.quote_asset_id)}
      </Table.Cell>
      <Table.Cell className="py-2">
        <div className="flex flex-col">
          <span data-testid="mixpay-payments-row-arrived">{arrivedText(payment)}</span>
          {sale ? (
            <span className="txt-compact-xsmall text-ui-fg-subtle" data-testid="mixpay-payments-row-sale-share">
              {sale}
            </span>
          ) : null}
        </div>
      </Table.Cell>
      <Table.Cell className="py-2" style={{ whiteSpace: "normal", maxWidth: 420 }}>
        <div className="flex flex-col gap-y-1">
          {attention ? (
            <span className="txt-compact-small-plus" data-testid="mixpay-payments-row-attention">
              {attention}
            </span>
          ) : null}
          <span className="txt-compact-small text-ui-fg-subtle" data-testid="mixpay-payments-row-next-step">
            {display.guidance}
          </span>
        </div>
      </Table.Cell>
      <Table.Cell className="py-2" data-testid="mixpay-payments-row-created">
        {formatTime(payment.created_at)}
      </Table.Cell>
      <Table.Cell className="py-2">
        {payment.order_id ? (
          <a
            href={orderHref(payment.order_id)}
            className="text-ui-fg-interactive txt-compact-small-plus"
            data-testid="mixpay-payments-row-order"
          >
            Open order
          </a>
        ) : (
          <span className="text-ui-fg-muted">—</span>
        )}
      </Table.Cell>
      <Table.Cell className="py-2">
        {payment.attention === "paid_after_cancel" && !payment.order_id ? <MakeOrderButton payment={payment} /> : null}
        <Button
          size="small"
          variant="transparent"
          data-testid="mixpay-payments-row-recheck"
          isLoading={recheck.isPending}
          onClick={() =>
            recheck.mutate(payment.trace_id, {
              onSuccess: (data) => {
                if (data.mixpay_error) toast.error(`MixPay could not be asked: ${data.mixpay_error}`);
                else toast.success(`MixPay says: ${paymentDisplay(data.payment).label}`);
              },
              onError: (e) => toast.error(`Re-check failed: ${e.message}`),
            })
          }
        >
          Re-check
        </Button>
      </Table.Cell>
    </Table.Row>
  );
}

/**
 * The merchant's choice for a payment that arrived after its sale was cancelled: make the order after all (the
 * completion workflow, exactly once). The other choice, a refund by hand, is recorded on the order's MixPay panel.
 */
function MakeOrderButton({ payment }: { payment: MixpayPayment }) {
  const complete = useCompleteCancelledPayment();
  return (
    <Button
      size="small"
      variant="secondary"
      data-testid="mixpay-payments-row-make-order"
      isLoading={complete.isPending}
      onClick={() =>
        complete.mutate(payment.trace_id, {
          onSuccess: () => toast.success("The order was made; the payment is captured on it."),
          onError: (e) => toast.error(e.message),
        })
      }
    >
      Make the order
    </Button>
  );
}
