import { Button, Container, Heading, Text } from "@medusajs/ui";
import {
  chargeErrorText,
  formatAmount,
  isSaleSettled,
  moneyArrivedText,
  paymentDisplay,
  salePhase,
} from "@mixpay-pos/sale-engine";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useMixpayClient } from "../hooks/context";
import { mixpayKeys, useCreateSale } from "../hooks/queries";
import { useNow, useSaleStatus } from "../hooks/sale-status";
import type { MixpayApiError } from "../lib/client";
import type { TerminalSale } from "../lib/schemas";
import { MixpayCountdown, MixpayQrCode, MixpayStatusBadge } from "./shared";

export interface MixpayDraftOrderChargeProps {
  draftOrderId: string;
  /** The draft's total as the page shows it (a decimal string): sent with the first charge, so a draft changed meanwhile is refused. */
  total?: string | null;
  currencyCode?: string | null;
  /** Where the converted order's page is (default: the admin's orders page, next to the draft orders page). */
  orderHref?: (orderId: string) => string;
  /** Milliseconds between status checks (tests shorten it). */
  pollIntervalMs?: number;
}

const defaultOrderHref = (orderId: string) => `../orders/${encodeURIComponent(orderId)}`;

/** What a failed "Charge" says, in plain words (the engine's wording, as on the terminal). */
function chargeFailureText(error: MixpayApiError): string {
  return chargeErrorText({
    status: error.status,
    retryAfterSeconds: error.retryAfterSeconds,
    fieldMessage: error.fieldErrors[0]?.message ?? null,
    message: error.message,
  });
}

/**
 * The draft-order page's "Charge with MixPay": starts a terminal sale for the draft (the plugin charges its total
 * and, once paid, converts it into an order with the payment captured), shows the QR code, the countdown and the
 * live status until the outcome is known, then links the order. A sale already open for the draft (a reload) is
 * resumed; an ended one can be tried again.
 */
export function MixpayDraftOrderCharge({
  draftOrderId,
  total,
  currencyCode,
  orderHref = defaultOrderHref,
  pollIntervalMs,
}: MixpayDraftOrderChargeProps) {
  const client = useMixpayClient();
  const createSale = useCreateSale();
  const [created, setCreated] = useState<TerminalSale | null>(null);
  const latest = useQuery({
    queryKey: mixpayKeys.payments({ draftOrderId, limit: 1 }),
    queryFn: async () => (await client.listPayments({ draftOrderId, limit: 1 })).payments[0] ?? null,
  });
  const traceId = created?.trace_id ?? latest.data?.trace_id ?? null;
  const status = useSaleStatus(traceId, created, pollIntervalMs ? { intervalMs: pollIntervalMs } : {});
  const now = useNow(1000);
  const sale = status.sale;

  const phase = sale ? salePhase(sale, now) : null;
  // Paid and recorded, but the draft is no order: its total grew after the sale started, the rest is still due.
  const restDue = phase === "paid" && !sale?.order_id;
  const canCharge = !latest.isLoading && (!sale || restDue || (phase === "ended" && isSaleSettled(sale)));
  const charge = () =>
    createSale.mutate(
      // The first charge sends the total shown (refused if the draft changed meanwhile); a retry or the rest of a
      // grown draft sends none, and the plugin charges what is due.
      { draft_order_id: draftOrderId, ...(total && !sale ? { amount: total } : {}) },
      { onSuccess: (next) => setCreated(next) },
    );
  const display = sale ? paymentDisplay(sale) : null;

  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="mixpay-draft-order-charge">
      <div className="flex items-center justify-between">
        <Heading level="h2">MixPay</Heading>
        {sale ? <MixpayStatusBadge payment={sale} /> : null}
      </div>
      <div aria-live="polite" data-testid="mixpay-draft-status">
        {sale && phase ? (
          <Text size="small">
            {restDue
              ? `Paid ${formatAmount(sale.amount, sale.currency_code)}, but the draft's total grew after this sale started: the rest is still due.`
              : phaseText(sale, phase, display?.guidance ?? "")}
          </Text>
        ) : null}
      </div>
      {sale && (phase === "waiting" || phase === "attention") ? (
        <>
          <MixpayCountdown expiresAt={sale.expires_at} status={sale.status} />
          <MixpayQrCode svg={sale.qr_svg} payUrl={sale.pay_url} size={220} />
        </>
      ) : null}
      {sale?.order_id && phase === "paid" ? (
        <a href={orderHref(sale.order_id)} data-testid="mixpay-draft-order-link" className="text-ui-fg-interactive">
          View order {sale.order_display_id ? `#${sale.order_display_id}` : sale.order_id}
        </a>
      ) : null}
      {canCharge ? (
        <Button
          variant="primary"
          size="small"
          onClick={charge}
          isLoading={createSale.isPending}
          disabled={createSale.isPending}
          data-testid="mixpay-draft-charge"
        >
          {createSale.isPending
            ? "Creating payment…"
            : restDue
              ? "Charge the rest with MixPay"
              : chargeLabel(Boolean(sale), total, currencyCode)}
        </Button>
      ) : null}
      {createSale.error ? (
        <Text size="small" className="text-ui-fg-error" role="alert" data-testid="mixpay-draft-charge-error">
          {chargeFailureText(createSale.error)}
        </Text>
      ) : null}
      {status.error ? (
        <Text size="small" className="text-ui-fg-subtle">
          Could not reach the server ({status.error.message}). Retrying…
        </Text>
      ) : null}
    </Container>
  );
}

function chargeLabel(again: boolean, total: string | null | undefined, currencyCode: string | null | undefined) {
  const amount = total && currencyCode ? ` ${formatAmount(total, currencyCode.toUpperCase())}` : "";
  return again ? `Try again: charge${amount} with MixPay` : `Charge${amount} with MixPay`;
}

/** One line for where the sale stands (the status wording and guidance come from the sale engine). */
function phaseText(sale: TerminalSale, phase: ReturnType<typeof salePhase>, guidance: string): string {
  switch (phase) {
    case "waiting":
      return "Waiting for the customer to scan and pay.";
    case "completing":
      return "Paid. Converting the draft into an order…";
    case "paid":
      return "Paid. The draft is now an order.";
    case "expiring":
      return "The deadline passed; MixPay is still checking confirmations.";
    case "attention":
      return guidance;
    case "ended":
      return `${guidance} ${moneyArrivedText(sale)}`.trim();
    case "cancelled":
      return guidance;
  }
}
