import { Button } from "@medusajs/ui";
import { RECEIPT_PRINT_CSS, receiptLines } from "@mixpay-pos/sale-engine";
import { useState } from "react";
import type { TerminalSale } from "../../lib/schemas";
import { MixpayStatusBadge } from "../shared";
import { TOUCH_TARGET } from "./touch";

/**
 * A paid sale's receipt (while its order is created, "creating…"): the engine's receipt lines, printable on its own
 * on an 80 mm roll (the engine's print stylesheet).
 */
export function Receipt({
  sale,
  shopName,
  completing,
  onNewSale,
}: {
  sale: TerminalSale;
  shopName: string | undefined;
  completing: boolean;
  onNewSale: () => void;
}) {
  const [printedAt] = useState(() => new Date());
  const order = completing
    ? "creating…"
    : sale.order_display_id
      ? `#${sale.order_display_id}`
      : (sale.order_id ?? null);
  const receipt = receiptLines(sale, shopName, { order });
  return (
    <div className="flex flex-col gap-y-4">
      {/* Only while a receipt is on screen: printing then shows the receipt alone. */}
      <style>{RECEIPT_PRINT_CSS}</style>
      <div
        data-testid="mixpay-terminal-receipt"
        data-mixpay-receipt
        data-completing={String(completing)}
        className="txt-compact-small mx-auto flex w-full flex-col gap-y-2 rounded-lg border p-4"
        style={{ maxWidth: 384 }}
      >
        <div className="text-center">
          <div className="txt-compact-medium-plus" data-testid="mixpay-terminal-receipt-store">
            {receipt.title}
          </div>
          <div className="text-ui-fg-subtle">{printedAt.toLocaleString()}</div>
        </div>
        <div style={{ display: "flex", justifyContent: "center" }} data-mixpay-no-print>
          <MixpayStatusBadge payment={sale} />
        </div>
        {receipt.lines.map((line) => (
          <div key={line.key} className="flex justify-between gap-x-4">
            <span className="text-ui-fg-subtle">{line.label}</span>
            <span className="text-right break-all" data-testid={`mixpay-terminal-receipt-${line.key}`}>
              {line.value}
            </span>
          </div>
        ))}
        {sale.txid ? (
          <div className="flex justify-between gap-x-4">
            <span className="text-ui-fg-subtle">Transaction</span>
            <span className="text-right break-all" data-testid="mixpay-terminal-receipt-txid">
              {sale.txid}
            </span>
          </div>
        ) : null}
        <div className="text-ui-fg-subtle pt-2 text-center">{receipt.footer}</div>
      </div>
      <div className="flex justify-center gap-x-2" data-mixpay-no-print>
        <Button
          variant="secondary"
          style={TOUCH_TARGET}
          data-testid="mixpay-terminal-print"
          onClick={() => window.print()}
        >
          Print receipt
        </Button>
        <Button style={TOUCH_TARGET} data-testid="mixpay-terminal-new-sale" data-dismiss onClick={onNewSale}>
          New sale
        </Button>
      </div>
    </div>
  );
}
