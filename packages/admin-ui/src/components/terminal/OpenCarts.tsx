import { Alert, Button, Text } from "@medusajs/ui";
import { formatAmount } from "@mixpay-pos/sale-engine";
import { useOpenCarts } from "../../hooks/queries";

/** The store's open carts with items in a MixPay region, each with a Charge button. */
export function OpenCarts({ onCharge, disabled }: { onCharge: (cartId: string) => void; disabled: boolean }) {
  const carts = useOpenCarts(true);
  if (carts.isPending) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-terminal-carts-loading">
        Loading open carts…
      </Text>
    );
  }
  if (carts.isError) {
    return (
      <Alert variant="error" data-testid="mixpay-terminal-carts-error">
        Open carts could not be loaded: {carts.error.message}
      </Alert>
    );
  }
  if (carts.data.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-terminal-carts-empty">
        No open carts with items in a MixPay region.
      </Text>
    );
  }
  return (
    <ul className="mt-2 flex flex-col divide-y" data-testid="mixpay-terminal-carts">
      {carts.data.map((c) => (
        <li
          key={c.id}
          className="flex items-center justify-between gap-x-3 py-2"
          data-testid="mixpay-terminal-cart"
          data-cart-id={c.id}
        >
          <div className="flex flex-col">
            <span className="txt-compact-small-plus">{formatAmount(c.total, c.currency_code)}</span>
            <span className="txt-compact-xsmall text-ui-fg-subtle">
              {c.item_count} item{c.item_count === 1 ? "" : "s"}
              {c.email ? ` · ${c.email}` : ""} · {c.id}
            </span>
          </div>
          <Button
            size="small"
            variant="secondary"
            disabled={disabled}
            data-testid="mixpay-terminal-cart-charge"
            onClick={() => onCharge(c.id)}
          >
            Charge
          </Button>
        </li>
      ))}
    </ul>
  );
}
