import { Alert, Button, Container, Text } from "@medusajs/ui";
import { CANCEL_REFUSED_PAID_TEXT, canCloseSaleScreen, saleView } from "@mixpay-pos/sale-engine";
import { useEffect, useRef, useState } from "react";
import { useMixpayClient } from "../../hooks/context";
import { type SaleStreamSource, useNow, useSaleStatus } from "../../hooks/sale-status";
import { MixpayApiError } from "../../lib/client";
import type { TerminalSale } from "../../lib/schemas";
import { MixpayCountdown, MixpayQrCode, MixpayStatusBadge } from "../shared";
import { Receipt } from "./Receipt";
import { SaleActions } from "./SaleActions";
import { Ended, Guidance, Underpaid } from "./SaleDetails";
import { useModalDialog } from "./use-modal-dialog";

export interface SaleScreenProps {
  traceId: string;
  created: TerminalSale | null;
  resumed: boolean;
  pollIntervalMs: number | undefined;
  stream: ((traceId: string) => SaleStreamSource | null) | null;
  shopName: string | undefined;
  onNewSale: () => void;
  /** Cancel succeeded: the sale (as the server answered) is watched in the background from now on. */
  onCancelled: (sale: TerminalSale) => void;
  onRetry: (sale: TerminalSale) => void;
  retrying: boolean;
  /** Each status the cashier should hear (the terminal's one aria-live region says it). */
  onAnnounce?: (text: string) => void;
}

/**
 * One sale, live: drawn from the engine's `saleView` (which says whether the QR code and the countdown are up, and
 * every sentence), so this screen and the POS page cannot disagree.
 */
export function SaleScreen(props: SaleScreenProps) {
  const { traceId, onNewSale } = props;
  const status = useSaleStatus(traceId, props.created, {
    ...(props.pollIntervalMs ? { intervalMs: props.pollIntervalMs } : {}),
    stream: props.stream,
  });
  const now = useNow(1000);
  const sale = status.sale;
  const view = sale ? saleView(sale, now) : null;
  const dialogRef = useRef<HTMLDivElement>(null);
  useModalDialog(dialogRef, { open: Boolean(view), canClose: view ? canCloseSaleScreen(view.phase) : false });
  const spoken = view?.display.label ?? "";
  const { onAnnounce } = props;
  useEffect(() => {
    if (spoken) onAnnounce?.(spoken);
  }, [spoken, onAnnounce]);
  const client = useMixpayClient();
  const [cancelling, setCancelling] = useState(false);
  const [cancelNote, setCancelNote] = useState<{ text: string; failed: boolean } | null>(null);

  const cancel = async () => {
    setCancelling(true);
    setCancelNote(null);
    try {
      const next = await client.cancelSale(traceId);
      status.accept(next);
      props.onCancelled(next);
    } catch (error) {
      if (error instanceof MixpayApiError && error.status === 409) {
        // Already paid: the paid sale is shown instead (its receipt once the order exists).
        setCancelNote({ text: CANCEL_REFUSED_PAID_TEXT, failed: false });
        status.checkNow();
      } else {
        setCancelNote({
          text: `Could not cancel: ${error instanceof Error ? error.message : String(error)}`,
          failed: true,
        });
      }
    } finally {
      setCancelling(false);
    }
  };

  if (!sale) {
    if (status.error && status.error.status === 404) {
      return (
        <Container className="flex flex-col gap-y-3 p-6" data-testid="mixpay-terminal-sale-missing">
          <Alert variant="warning">The open sale {traceId} no longer exists on the server.</Alert>
          <div>
            <Button size="small" data-testid="mixpay-terminal-new-sale" onClick={onNewSale}>
              New sale
            </Button>
          </div>
        </Container>
      );
    }
    return (
      <Container className="flex flex-col gap-y-3 p-6" data-testid="mixpay-terminal-resuming">
        <Text size="small" className="text-ui-fg-subtle">
          Resuming the open sale…
        </Text>
        {status.error ? (
          <Alert variant="error" data-testid="mixpay-terminal-poll-error">
            {status.error.message} — retrying.
          </Alert>
        ) : null}
      </Container>
    );
  }

  if (!view) return null;
  const { phase } = view;
  return (
    <Container
      ref={dialogRef}
      role="dialog"
      aria-modal="true"
      aria-label={phase === "paid" || phase === "completing" ? "Receipt" : "MixPay payment"}
      tabIndex={-1}
      className="flex min-w-0 flex-col gap-y-4 p-6"
      style={{ maxWidth: "100%", overflowWrap: "anywhere" }}
      data-testid="mixpay-terminal-sale"
      data-phase={phase}
      data-status={sale.status}
      data-refund-due={String(view.display.refundDue)}
      data-updates={status.mode}
    >
      {props.resumed ? (
        <Alert variant="info" data-testid="mixpay-terminal-resumed" data-mixpay-no-print>
          Resumed the sale that was open before the page reloaded.
        </Alert>
      ) : null}
      {cancelNote ? (
        <Alert
          variant={cancelNote.failed ? "error" : "warning"}
          role={cancelNote.failed ? "alert" : "status"}
          data-testid="mixpay-terminal-cancel-note"
          data-mixpay-no-print
        >
          {cancelNote.text}
        </Alert>
      ) : null}
      {phase === "paid" || phase === "completing" ? (
        <Receipt sale={sale} shopName={props.shopName} completing={phase === "completing"} onNewSale={onNewSale} />
      ) : (
        <>
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="flex flex-col">
              <Text size="small" className="text-ui-fg-subtle">
                {phase === "ended" || phase === "cancelled" ? "Sale amount" : "Amount due"}
              </Text>
              <span
                className="text-ui-fg-base"
                style={{ fontSize: 36, lineHeight: 1.2, fontWeight: 600, fontVariantNumeric: "tabular-nums" }}
                data-testid="mixpay-terminal-sale-amount"
              >
                {view.amountText}
              </span>
            </div>
            <div className="flex flex-col items-end gap-y-1">
              {phase === "cancelled" ? <MixpayStatusBadge status="cancelled" /> : <MixpayStatusBadge payment={sale} />}
              {view.showCountdown ? (
                <MixpayCountdown expiresAt={sale.expires_at} status={sale.status} style={{ fontSize: 24 }} />
              ) : null}
            </div>
          </div>
          {view.confirmations ? (
            <Text size="base" weight="plus" data-testid="mixpay-terminal-confirmations">
              {view.confirmations}
            </Text>
          ) : null}
          {view.underpaid ? <Underpaid lines={view.underpaid} /> : null}
          {view.showQr ? (
            <MixpayQrCode svg={sale.qr_svg} payUrl={sale.pay_url} size={360} fluid className="py-2" />
          ) : null}
          {view.ended ? <Ended ended={view.ended} /> : null}
          <Guidance view={view} status={sale.status} />
          {status.state === "paused" ? (
            <Text size="xsmall" className="text-ui-fg-muted" data-testid="mixpay-terminal-paused">
              Status checks are paused while this tab is hidden.
            </Text>
          ) : null}
          {status.error ? (
            <Alert variant="warning" data-testid="mixpay-terminal-poll-error">
              Could not reach the server ({status.error.message}). Retrying…
            </Alert>
          ) : null}
          <SaleActions
            ended={phase === "ended"}
            cancelled={phase === "cancelled"}
            onCancel={cancel}
            cancelling={cancelling}
            canRetry={view.canRetry && Boolean(sale.cart_id)}
            retrying={props.retrying}
            onRetry={() => props.onRetry(sale)}
            onNewSale={onNewSale}
            onCheckNow={status.checkNow}
          />
          <Text size="xsmall" className="text-ui-fg-muted font-mono" data-testid="mixpay-terminal-trace-id">
            {view.display.label} · {sale.trace_id}
          </Text>
        </>
      )}
    </Container>
  );
}
