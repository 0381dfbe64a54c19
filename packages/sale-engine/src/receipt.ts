import { decimalCompare, decimalSub } from "@mixpay-pos/protocol";
import { shortTraceId } from "./cancelled-sale";
import { formatAmount, isDecimalString, isPositiveDecimal } from "./money";

/**
 * A paid sale's receipt, decided once for both tills (each draws these lines; printing shows the receipt alone,
 * 80 mm wide): the store's name, the amount in the sale's currency, what was paid in crypto, any surplus with its
 * unit, the order, and a shortened trace id.
 */

export interface ReceiptSaleLike {
  trace_id: string;
  amount?: string | null;
  currency_code?: string | null;
  quote_amount?: string | null;
  quote_asset_id?: string | null;
  paid_amount?: string | null;
  paid_symbol?: string | null;
  /** What the whole payment cost in the crypto asset: anything paid beyond it is a surplus. */
  payable_amount?: string | null;
  /** MixPay's own surplus figure, when the server sends it (the admin's view). */
  surplus_amount?: string | null;
}

export interface ReceiptLine {
  key: "amount" | "paid" | "surplus" | "order" | "trace";
  label: string;
  value: string;
}

export interface Receipt {
  /** The store's name, at the top. */
  title: string;
  lines: ReceiptLine[];
  footer: string;
}

/** What was paid beyond the price, in the crypto asset: MixPay's figure, else paid − payable; null when none. */
export function receiptSurplus(sale: ReceiptSaleLike): string | null {
  if (isPositiveDecimal(sale.surplus_amount)) return sale.surplus_amount ?? null;
  const paid = sale.paid_amount;
  const payable = sale.payable_amount;
  if (!isDecimalString(paid) || !isDecimalString(payable) || !isPositiveDecimal(payable)) return null;
  return decimalCompare(paid, payable) > 0 ? decimalSub(paid, payable) : null;
}

export function receiptLines(
  sale: ReceiptSaleLike,
  storeName: string | null | undefined,
  opts: { order?: string | null } = {},
): Receipt {
  const lines: ReceiptLine[] = [
    {
      key: "amount",
      label: "Amount",
      value: formatAmount(sale.amount ?? sale.quote_amount, sale.currency_code ?? sale.quote_asset_id),
    },
    {
      key: "paid",
      label: "Paid in crypto",
      value: isPositiveDecimal(sale.paid_amount) ? formatAmount(sale.paid_amount, sale.paid_symbol) : "—",
    },
  ];
  const surplus = receiptSurplus(sale);
  if (surplus) lines.push({ key: "surplus", label: "Overpaid", value: formatAmount(surplus, sale.paid_symbol) });
  if (opts.order) lines.push({ key: "order", label: "Order", value: opts.order });
  lines.push({ key: "trace", label: "MixPay trace", value: shortTraceId(sale.trace_id) });
  return { title: storeName?.trim() || "Receipt", lines, footer: "Paid with MixPay · thank you" };
}

/**
 * The print stylesheet both tills use: only the element marked `data-mixpay-receipt` prints, on an 80 mm roll.
 * Everything else is hidden (not just made invisible) so the printout is the receipt's height alone.
 */
export const RECEIPT_PRINT_CSS = `@media print {
  @page { size: 80mm auto; margin: 3mm; }
  body *:not([data-mixpay-receipt]):not([data-mixpay-receipt] *):not(:has([data-mixpay-receipt])) { display: none !important; }
  body, body *:has([data-mixpay-receipt]) { visibility: hidden !important; display: block !important; position: static !important; inset: auto !important; transform: none !important; margin: 0 !important; padding: 0 !important; border: 0 !important; width: auto !important; min-width: 0 !important; max-width: none !important; height: auto !important; min-height: 0 !important; background: none !important; box-shadow: none !important; }
  [data-mixpay-receipt], [data-mixpay-receipt] * { visibility: visible !important; }
  [data-mixpay-receipt] { width: 74mm !important; max-width: 74mm !important; margin: 0 !important; padding: 0 !important; border: 0 !important; box-shadow: none !important; color: #000 !important; background: #fff !important; }
  [data-mixpay-no-print] { display: none !important; }
}`;
