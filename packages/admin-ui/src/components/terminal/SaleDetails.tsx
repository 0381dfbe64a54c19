import { Alert, clx, Text } from "@medusajs/ui";
import type { SaleView } from "@mixpay-pos/sale-engine";

/** "Paid X of Y, Z still due", in the sale's currency and in the crypto asset the customer pays with. */
export function Underpaid({ lines }: { lines: NonNullable<SaleView["underpaid"]> }) {
  return (
    <div className="flex flex-col gap-y-1" data-testid="mixpay-terminal-underpaid">
      {lines.sale ? (
        <Text size="large" weight="plus" data-testid="mixpay-terminal-underpaid-sale">
          {lines.sale}
        </Text>
      ) : null}
      {lines.crypto ? (
        <Text size="base" className="text-ui-fg-subtle" data-testid="mixpay-terminal-underpaid-crypto">
          {lines.crypto}
        </Text>
      ) : null}
    </div>
  );
}

/** An ended sale: whether money arrived (and so is owed back), and what MixPay said. */
export function Ended({ ended }: { ended: NonNullable<SaleView["ended"]> }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Text size="large" weight="plus" data-testid="mixpay-terminal-received">
        {ended.moneyArrived}
      </Text>
      {ended.reason ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="mixpay-terminal-reason">
          {ended.reason}
        </Text>
      ) : null}
    </div>
  );
}

/** What to do next, coloured by how bad it is. */
export function Guidance({ view, status }: { view: SaleView; status: string }) {
  const d = view.display;
  const variant = d.refundDue || d.tone === "ended" ? "error" : d.tone === "problem" ? "warning" : "info";
  return (
    <Alert
      variant={variant}
      data-testid="mixpay-terminal-guidance"
      data-status={status}
      className={clx(view.phase === "waiting" && "bg-ui-bg-subtle")}
    >
      {view.guidance}
    </Alert>
  );
}
