import { Button } from "@medusajs/ui";
import { formatAmount } from "@mixpay-pos/sale-engine";
import { useState } from "react";
import type { TerminalSale } from "../../lib/schemas";
import { MixpayStatusBadge } from "../shared";
import { TOUCH_TARGET } from "./touch";

const PRINT_CSS = `@media print {
  body * { visibility: hidden !important; }
  [data-mixpay-receipt], [data-mixpay-receipt] * { visibility: visible !important; }
  [data-mixpay-receipt] { position: absolute; inset: 0 auto auto 0; width: 80mm; padding: 4mm; }
  [data-mixpay-no-print] { display: none !important; }
}`;

/** A paid sale's receipt (while its order is created, "creating…"), printable on its own. */
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
  const line = (label: string, value: string, testId?: string) => (
    <div className="flex justify-between gap-x-4">
      <span className="text-ui-fg-subtle">{label}</span>
      <span className="text-right break-all" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  return (
    <div className="flex flex-col gap-y-4">
      {/* Only while a receipt is on screen: printing then shows the receipt alone. */}
      <style>{PRINT_CSS}</style>
      <div
        data-testid="mixpay-terminal-receipt"
        data-mixpay-receipt
        data-completing={String(completing)}
        className="txt-compact-small mx-auto flex w-full flex-col gap-y-2 rounded-lg border p-4"
        style={{ maxWidth: 384 }}
      >
        <div className="text-center">
          <div className="txt-compact-medium-plus">{shopName ?? "Receipt"}</div>
          <div className="text-ui-fg-subtle">{printedAt.toLocaleString()}</div>
        </div>
        <div
          className="text-center"
          style={{ fontSize: 30, fontWeight: 600, fontVariantNumeric: "tabular-nums" }}
          data-testid="mixpay-terminal-receipt-amount"
        >
          {formatAmount(sale.amount ?? sale.quote_amount, sale.currency_code ?? sale.quote_asset_id)}
        </div>
        <div style={{ display: "flex", justifyContent: "center" }}>
          <MixpayStatusBadge payment={sale} />
        </div>
        {line(
          "Paid with",
          sale.paid_amount ? formatAmount(sale.paid_amount, sale.paid_symbol) : "—",
          "mixpay-terminal-receipt-paid",
        )}
        {line(
          "Order",
          completing ? "creating…" : sale.order_display_id ? `#${sale.order_display_id}` : (sale.order_id ?? "—"),
          "mixpay-terminal-receipt-order",
        )}
        {line("MixPay trace", sale.trace_id)}
        {sale.txid ? line("Transaction", sale.txid, "mixpay-terminal-receipt-txid") : null}
        <div className="text-ui-fg-subtle pt-2 text-center">Paid with MixPay · thank you</div>
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
