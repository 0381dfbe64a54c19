import { Button, Text } from "@medusajs/ui";
import { useState } from "react";
import { TOUCH_TARGET } from "./touch";

/**
 * The sale's buttons. Ended: "Try again" (a fresh payment for the same sale) and "New sale". Open: "Check now" and
 * "Cancel sale", which asks first, as the QR code stays payable until MixPay's deadline.
 */
export function SaleActions({
  ended,
  canRetry,
  retrying,
  onRetry,
  onNewSale,
  onCheckNow,
}: {
  ended: boolean;
  canRetry: boolean;
  retrying: boolean;
  onRetry: () => void;
  onNewSale: () => void;
  onCheckNow: () => void;
}) {
  const [confirmAbandon, setConfirmAbandon] = useState(false);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2" data-mixpay-no-print>
      {ended ? (
        <>
          <Button
            variant="secondary"
            style={TOUCH_TARGET}
            data-testid="mixpay-terminal-retry"
            isLoading={retrying}
            disabled={!canRetry}
            onClick={onRetry}
          >
            Try again with the same amount
          </Button>
          <Button style={TOUCH_TARGET} data-testid="mixpay-terminal-new-sale" data-dismiss onClick={onNewSale}>
            New sale
          </Button>
        </>
      ) : confirmAbandon ? (
        <>
          <Text size="small" className="text-ui-fg-subtle">
            The QR code stays payable until MixPay's deadline. Abandon this sale?
          </Text>
          <Button variant="secondary" style={TOUCH_TARGET} onClick={() => setConfirmAbandon(false)}>
            Keep waiting
          </Button>
          <Button
            variant="danger"
            style={TOUCH_TARGET}
            data-testid="mixpay-terminal-abandon-confirm"
            onClick={onNewSale}
          >
            Abandon sale
          </Button>
        </>
      ) : (
        <>
          <Button variant="secondary" style={TOUCH_TARGET} data-testid="mixpay-terminal-check-now" onClick={onCheckNow}>
            Check now
          </Button>
          <Button
            variant="secondary"
            style={TOUCH_TARGET}
            data-testid="mixpay-terminal-abandon"
            data-dismiss
            onClick={() => setConfirmAbandon(true)}
          >
            Cancel sale
          </Button>
        </>
      )}
    </div>
  );
}
