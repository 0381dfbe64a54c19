import { Button, Text } from "@medusajs/ui";
import { useState } from "react";
import { TOUCH_TARGET } from "./touch";

/**
 * The sale's buttons. Ended or cancelled: "Try again" (a fresh payment for the same sale) and "New sale". Open:
 * "Check now" and "Cancel sale", which asks first, as the QR code stays payable until MixPay's deadline (the till
 * then keeps watching it).
 */
export function SaleActions({
  ended,
  cancelled,
  canRetry,
  retrying,
  onRetry,
  onNewSale,
  onCheckNow,
  onCancel,
  cancelling,
}: {
  ended: boolean;
  /** Cancelled: only "New sale" (the cancelled sale is watched in the background). */
  cancelled: boolean;
  canRetry: boolean;
  retrying: boolean;
  onRetry: () => void;
  onNewSale: () => void;
  onCheckNow: () => void;
  onCancel: () => void;
  cancelling: boolean;
}) {
  const [confirmAbandon, setConfirmAbandon] = useState(false);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2" data-mixpay-no-print>
      {cancelled ? (
        <Button data-testid="mixpay-terminal-new-sale" onClick={onNewSale}>
          New sale
        </Button>
      ) : ended ? (
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
            MixPay cannot void the QR code: it stays payable until MixPay's deadline, and this till keeps watching it.
            Cancel this sale?
          </Text>
          <Button variant="secondary" style={TOUCH_TARGET} onClick={() => setConfirmAbandon(false)}>
            Keep waiting
          </Button>
          <Button
            variant="danger"
            style={TOUCH_TARGET}
            data-testid="mixpay-terminal-abandon-confirm"
            isLoading={cancelling}
            onClick={() => {
              setConfirmAbandon(false);
              onCancel();
            }}
          >
            Cancel sale
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
            isLoading={cancelling}
            onClick={() => setConfirmAbandon(true)}
          >
            Cancel sale
          </Button>
        </>
      )}
    </div>
  );
}
