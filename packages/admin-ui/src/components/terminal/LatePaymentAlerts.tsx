import { Alert, Button, Text } from "@medusajs/ui";
import type { LatePaymentNotice } from "@mixpay-pos/sale-engine";

/**
 * Payments that arrived on sales the cashier cancelled, in the engine's words (what arrived, that no order was
 * made, what to do), each a role=alert until dismissed, with a link to the admin's MixPay payments.
 */
export function LatePaymentAlerts({
  notices,
  watchingCount,
  paymentsHref,
  onDismiss,
}: {
  notices: LatePaymentNotice[];
  watchingCount: number;
  paymentsHref: string;
  onDismiss: (traceId: string) => void;
}) {
  if (!notices.length && !watchingCount) return null;
  return (
    <div className="flex flex-col gap-y-2" data-mixpay-no-print data-testid="mixpay-terminal-cancelled">
      {notices.map(({ traceId, alert }) => (
        <Alert
          key={traceId}
          variant="error"
          role="alert"
          data-testid="mixpay-terminal-late-payment"
          data-trace={traceId}
        >
          <div className="flex flex-col gap-y-1">
            <strong>{alert.title}</strong>
            <span data-testid="mixpay-terminal-late-payment-arrived">{alert.arrived}</span>
            <span data-testid="mixpay-terminal-late-payment-action">{alert.action}</span>
            <div className="flex gap-x-2 pt-1">
              <a href={paymentsHref} className="text-ui-fg-interactive underline">
                Open MixPay payments
              </a>
              <Button
                size="small"
                variant="secondary"
                data-testid="mixpay-terminal-late-payment-dismiss"
                onClick={() => onDismiss(traceId)}
              >
                Dismiss
              </Button>
            </div>
          </div>
        </Alert>
      ))}
      {watchingCount ? (
        <Text size="xsmall" className="text-ui-fg-muted" data-testid="mixpay-terminal-cancelled-watched">
          Watching {watchingCount} cancelled sale{watchingCount === 1 ? "" : "s"} until MixPay's deadline.
        </Text>
      ) : null}
    </div>
  );
}
