import {
  Alert,
  Button,
  Container,
  Copy,
  Heading,
  Hint,
  Input,
  Label,
  Text,
  TooltipProvider,
  toast,
} from "@medusajs/ui";
import {
  attentionText,
  confirmationsText,
  formatAmount,
  isDecimalString,
  isPositiveDecimal,
  paymentDisplay,
  refundDueText,
  underpaidLines,
} from "@mixpay-pos/sale-engine";
import { type FormEvent, useState } from "react";
import { useOrderMixpayPayments, useRecheckMixpayPayment, useRecordManualRefund } from "../hooks/queries";
import type { ManualRefund, MixpayPayment } from "../lib/schemas";
import { formatTime, MixpayStatusBadge, Row } from "./shared";

export interface MixpayPaymentWidgetProps {
  /** The Medusa order whose MixPay payments are shown. */
  orderId: string;
}

export const MANUAL_REFUND_GUIDANCE =
  "MixPay has no refund API: a refund made in Medusa moves no money. Send the amount back to the customer from the merchant's Mixin wallet, then record the transaction hash here so the books show how it was paid back.";

/**
 * Order page panel: every MixPay payment of the order with its trace id, status and history, quoted vs paid vs
 * settled amounts, transaction hash, expiry, a "Re-check now" button and the manual-refund guidance and form.
 * Renders nothing for orders that were not paid with MixPay.
 */
export function MixpayPaymentWidget({ orderId }: MixpayPaymentWidgetProps) {
  const payments = useOrderMixpayPayments(orderId);
  if (payments.isPending) return null; // most orders are not MixPay's: no flash of an empty panel
  if (payments.isError) {
    return (
      <Container data-testid="mixpay-payment-widget" data-state="error" className="p-4">
        <Alert variant="error">
          MixPay payments could not be loaded: {payments.error.message}{" "}
          <button type="button" className="underline" onClick={() => void payments.refetch()}>
            Try again
          </button>
        </Alert>
      </Container>
    );
  }
  if (payments.data.length === 0) return null;
  return (
    // The dashboard has a TooltipProvider too; this one keeps the widget usable on any page (Copy uses a tooltip).
    <TooltipProvider>
      <Container data-testid="mixpay-payment-widget" data-state="ready" className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h2">MixPay</Heading>
        </div>
        {payments.data.map((p) => (
          <PaymentPanel key={p.trace_id} payment={p} />
        ))}
      </Container>
    </TooltipProvider>
  );
}

function PaymentPanel({ payment }: { payment: MixpayPayment }) {
  const recheck = useRecheckMixpayPayment();
  const display = paymentDisplay(payment);
  // A refund due has its own alert below; its attention flag would only repeat it.
  const attention = display.refundDue && payment.attention === "refund_due" ? null : attentionText(payment.attention);
  const confirming = confirmationsText(payment);
  const underpaid = payment.status === "underpaid" ? underpaidLines(payment) : { sale: null, crypto: null };
  const quoteUnit = payment.currency_code ?? payment.quote_asset_id;
  const onRecheck = () =>
    recheck.mutate(payment.trace_id, {
      onSuccess: (data) => {
        if (data.mixpay_error) toast.error(`MixPay could not be asked: ${data.mixpay_error}`);
        else toast.success(`MixPay says: ${paymentDisplay(data.payment).label}`);
      },
    });
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="mixpay-payment" data-trace-id={payment.trace_id}>
      <div className="flex items-center justify-between gap-x-2">
        <MixpayStatusBadge payment={payment} />
        <Button
          size="small"
          variant="secondary"
          data-testid="mixpay-recheck"
          isLoading={recheck.isPending}
          onClick={onRecheck}
        >
          Re-check now
        </Button>
      </div>
      {payment.reason ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-status-guidance">
          {payment.reason}
        </Text>
      ) : null}
      {confirming ? (
        <Text size="small" data-testid="mixpay-confirmations">
          {confirming}
        </Text>
      ) : null}
      {display.refundDue ? (
        <Alert variant="error" data-testid="mixpay-refund-due">
          <span className="flex flex-col gap-y-1">
            <strong data-testid="mixpay-refund-due-received">{refundDueText(payment)}</strong>
            <span data-testid="mixpay-next-step">{display.guidance}</span>
          </span>
        </Alert>
      ) : (
        <Text size="small" data-testid="mixpay-next-step">
          {display.guidance}
        </Text>
      )}
      {recheck.isError ? (
        <Alert variant="error" data-testid="mixpay-recheck-error">
          Re-check failed: {recheck.error.message}
        </Alert>
      ) : null}
      {attention ? (
        <Alert variant="warning" data-testid="mixpay-attention" data-attention={payment.attention ?? ""}>
          {attention}
        </Alert>
      ) : null}
      <div>
        <Row label="Trace id" testId="mixpay-trace-id">
          <span className="inline-flex items-center gap-x-1 font-mono">
            {payment.trace_id}
            <Copy content={payment.trace_id} />
          </span>
        </Row>
        <Row label="Quoted" testId="mixpay-amount-quoted">
          {formatAmount(payment.quote_amount, quoteUnit)}
        </Row>
        {payment.payable_amount ? (
          <Row label="To pay in crypto" testId="mixpay-amount-payable">
            {formatAmount(payment.payable_amount, payment.paid_symbol)}
          </Row>
        ) : null}
        <Row label="Paid" testId="mixpay-amount-paid">
          {payment.paid_amount ? formatAmount(payment.paid_amount, payment.paid_symbol) : "—"}
        </Row>
        <Row label="Settled" testId="mixpay-amount-settled">
          {payment.settle_amount ? formatAmount(payment.settle_amount, payment.settle_symbol) : "—"}
        </Row>
        {payment.shortfall_amount && isPositiveDecimal(payment.shortfall_amount) ? (
          <Row label="Still owed" testId="mixpay-amount-shortfall">
            {formatAmount(payment.shortfall_amount, payment.shortfall_symbol)}
          </Row>
        ) : null}
        {underpaid.sale ? (
          <Row label="In the sale's currency" testId="mixpay-amount-sale-share">
            {underpaid.sale}
          </Row>
        ) : null}
        {payment.surplus_amount && isPositiveDecimal(payment.surplus_amount) ? (
          <Row label="Overpaid" testId="mixpay-amount-surplus">
            {formatAmount(payment.surplus_amount, payment.paid_symbol)}
          </Row>
        ) : null}
        <Row label="Transaction" testId="mixpay-txid">
          {payment.txid ? <span className="font-mono">{payment.txid}</span> : "—"}
        </Row>
        <Row label="MixPay deadline" testId="mixpay-expires-at">
          {formatTime(payment.expires_at)}
        </Row>
        <Row label="Last checked" testId="mixpay-last-checked">
          {formatTime(payment.last_checked_at)}
        </Row>
      </div>
      <StatusHistory payment={payment} />
      <ManualRefunds payment={payment} />
    </div>
  );
}

function StatusHistory({ payment }: { payment: MixpayPayment }) {
  if (payment.status_history.length === 0) return null;
  return (
    <div className="flex flex-col gap-y-2">
      <Text size="small" weight="plus">
        Status history
      </Text>
      <ol className="flex flex-col gap-y-2" data-testid="mixpay-status-history">
        {payment.status_history.map((h, i) => (
          <li
            // history entries have no id; their order never changes
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
            key={i}
            className="flex flex-col"
            data-testid="mixpay-status-history-entry"
            data-status={h.status}
          >
            <span className="flex items-center gap-x-2">
              <MixpayStatusBadge status={h.status} />
              <Text size="xsmall" className="text-ui-fg-subtle">
                {formatTime(h.at)}
              </Text>
            </span>
            {h.reason ? (
              <Text size="xsmall" className="text-ui-fg-muted">
                {h.reason}
              </Text>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function ManualRefunds({ payment }: { payment: MixpayPayment }) {
  const [formFor, setFormFor] = useState<{ refundId: string | null } | null>(null);
  const refunds = payment.manual_refunds;
  if (payment.status !== "paid" && refunds.length === 0) return null;
  return (
    <div className="flex flex-col gap-y-2" data-testid="mixpay-refunds">
      <Text size="small" weight="plus">
        Refunds
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle" data-testid="mixpay-refund-guidance">
        {MANUAL_REFUND_GUIDANCE}
      </Text>
      {refunds.length > 0 ? (
        <ul className="flex flex-col gap-y-2" data-testid="mixpay-manual-refunds">
          {refunds.map((r, i) => (
            <RefundRow
              key={r.refund_id ?? `new-${i}`}
              refund={r}
              unit={payment.currency_code ?? payment.quote_asset_id}
              onAddReference={() => setFormFor({ refundId: r.refund_id })}
            />
          ))}
        </ul>
      ) : null}
      {formFor ? (
        <RefundForm
          traceId={payment.trace_id}
          refundId={formFor.refundId}
          onDone={() => setFormFor(null)}
          onCancel={() => setFormFor(null)}
        />
      ) : (
        <div>
          <Button
            size="small"
            variant="secondary"
            data-testid="mixpay-refund-new"
            onClick={() => setFormFor({ refundId: null })}
          >
            Record a refund made by hand
          </Button>
        </div>
      )}
    </div>
  );
}

function RefundRow({
  refund,
  unit,
  onAddReference,
}: {
  refund: ManualRefund;
  unit: string | null;
  onAddReference: () => void;
}) {
  return (
    <li
      className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-md px-3 py-2"
      data-testid="mixpay-manual-refund"
      data-refund-id={refund.refund_id ?? ""}
      data-has-reference={String(Boolean(refund.reference))}
    >
      <span className="txt-compact-small-plus">{formatAmount(refund.amount, unit)}</span>
      {refund.reference ? (
        <span className="txt-compact-xsmall font-mono break-all">Sent back: {refund.reference}</span>
      ) : (
        <span className="flex items-center justify-between gap-x-2">
          <Text size="xsmall" className="text-ui-tag-orange-text">
            Not paid back yet (no transaction hash recorded)
          </Text>
          {refund.refund_id ? (
            <Button
              size="small"
              variant="transparent"
              data-testid="mixpay-refund-add-reference"
              onClick={onAddReference}
            >
              Add transaction hash
            </Button>
          ) : null}
        </span>
      )}
    </li>
  );
}

function RefundForm({
  traceId,
  refundId,
  onDone,
  onCancel,
}: {
  traceId: string;
  refundId: string | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const record = useRecordManualRefund();
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; reference?: string; form?: string }>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!refundId && !(isDecimalString(amount) && isPositiveDecimal(amount))) {
      next.amount = "The amount sent back, like 12.50.";
    }
    if (reference.trim() === "") next.reference = "The transaction hash (or other proof) of the money sent back.";
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    record.mutate(
      {
        traceId,
        input: {
          ...(refundId ? { refund_id: refundId } : { amount: amount.trim() }),
          reference: reference.trim(),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      },
      {
        onSuccess: () => {
          toast.success("Refund recorded");
          onDone();
        },
        onError: (error) =>
          setErrors({
            amount: error.fieldError("amount"),
            reference: error.fieldError("reference"),
            form: error.fieldErrors.length === 0 ? error.message : undefined,
          }),
      },
    );
  };

  return (
    <form className="flex flex-col gap-y-3" onSubmit={onSubmit} data-testid="mixpay-refund-form" noValidate>
      {refundId ? null : (
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="mixpay-refund-amount" className="txt-compact-small-plus">
            Amount sent back
          </Label>
          <Input
            id="mixpay-refund-amount"
            data-testid="mixpay-refund-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
          {errors.amount ? (
            <Hint variant="error" data-testid="mixpay-refund-amount-error">
              {errors.amount}
            </Hint>
          ) : null}
        </div>
      )}
      <div className="flex flex-col gap-y-1">
        <Label htmlFor="mixpay-refund-reference" className="txt-compact-small-plus">
          Transaction hash
        </Label>
        <Input
          id="mixpay-refund-reference"
          data-testid="mixpay-refund-reference"
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          spellCheck={false}
        />
        {errors.reference ? (
          <Hint variant="error" data-testid="mixpay-refund-reference-error">
            {errors.reference}
          </Hint>
        ) : null}
      </div>
      <div className="flex flex-col gap-y-1">
        <Label htmlFor="mixpay-refund-note" className="txt-compact-small-plus">
          Note (optional)
        </Label>
        <Input
          id="mixpay-refund-note"
          data-testid="mixpay-refund-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {errors.form ? (
        <Alert variant="error" data-testid="mixpay-refund-error">
          {errors.form}
        </Alert>
      ) : null}
      <div className="flex justify-end gap-x-2">
        <Button type="button" size="small" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="small" data-testid="mixpay-refund-submit" isLoading={record.isPending}>
          Record refund
        </Button>
      </div>
    </form>
  );
}
