/* The POS page's receipt for a paid order: its lines and total in the order's currency (minor units from the sale
 * engine) and what was paid in crypto. */
import { currencyDecimals, decimalFromNumber, formatAmount, formatDecimal } from "./sale-engine.js";

const decimal = (n) => decimalFromNumber(Number(n)) ?? "0";

export function renderReceipt({ order, payment, storeName, currency }) {
  const code = order?.currency_code ?? currency;
  const digits = currencyDecimals(code);
  const lines = (order?.items ?? []).map(
    (i) => `${i.quantity} × ${i.title}  ${formatDecimal(decimal(i.total ?? i.unit_price * i.quantity), digits)}`,
  );
  const overlay = document.getElementById("overlay");
  overlay.innerHTML = `
    <div class="overlay"><div class="sheet" data-testid="receipt">
      <div class="status paid">Paid ✓</div>
      <div class="big-amount">Order #<span data-testid="order-number"></span></div>
      <div class="receipt"><pre data-testid="receipt-lines"></pre></div>
      <div class="muted" data-testid="receipt-paid"></div>
      <div class="no-print" style="display:flex;gap:8px;justify-content:center;margin-top:12px">
        <button class="btn" data-testid="print">Print receipt</button>
        <button class="btn primary" data-testid="new-sale">New sale</button>
      </div>
    </div></div>`;
  overlay.querySelector("[data-testid=order-number]").textContent = String(order?.display_id ?? "");
  overlay.querySelector("[data-testid=receipt-lines]").textContent =
    `${storeName}\n${new Date().toLocaleString()}\n\n${lines.join("\n")}\n\nTotal ${formatAmount(decimal(order?.total ?? 0), code)}`;
  overlay.querySelector("[data-testid=receipt-paid]").textContent =
    `Paid with MixPay: ${formatAmount(payment.paid_amount, payment.paid_symbol)} · trace ${payment.trace_id}`;
  overlay.querySelector("[data-testid=print]").onclick = () => window.print();
}
