/* The POS page's receipt for a paid order: the engine's receipt lines (store name, amount in the sale's currency,
 * what was paid in crypto, any surplus, a shortened trace id) with the order's items, and the engine's print
 * stylesheet, so "Print receipt" prints the receipt alone on an 80 mm roll. */
import {
  currencyDecimals,
  decimalFromNumber,
  formatAmount,
  formatDecimal,
  RECEIPT_PRINT_CSS,
  receiptLines,
} from "./sale-engine.js";

const decimal = (n) => decimalFromNumber(Number(n)) ?? "0";

export function renderReceipt({ order, payment, storeName, currency, note }) {
  const code = order?.currency_code ?? currency;
  const digits = currencyDecimals(code);
  const items = (order?.items ?? []).map(
    (i) => `${i.quantity} × ${i.title}  ${formatDecimal(decimal(i.total ?? i.unit_price * i.quantity), digits)}`,
  );
  const receipt = receiptLines(
    { ...payment, amount: payment.amount ?? decimal(order?.total ?? 0), currency_code: payment.currency_code ?? code },
    storeName,
    { order: order?.display_id ? `#${order.display_id}` : null },
  );
  const overlay = document.getElementById("overlay");
  overlay.innerHTML = `
    <div class="overlay"><div class="sheet" data-testid="receipt">
      <style></style>
      <div class="status paid" data-mixpay-no-print>Paid ✓</div>
      <div class="big-amount" data-mixpay-no-print>Order #<span data-testid="order-number"></span></div>
      <div class="banner warn" role="status" data-testid="cancel-note" data-mixpay-no-print hidden></div>
      <div class="receipt" data-mixpay-receipt data-testid="receipt-paper">
        <div style="text-align:center;font-weight:700" data-testid="receipt-store"></div>
        <div style="text-align:center" class="muted" data-testid="receipt-date"></div>
        <pre data-testid="receipt-lines" style="white-space:pre-wrap;margin:8px 0"></pre>
        <div data-testid="receipt-details"></div>
        <div style="text-align:center;margin-top:8px" class="muted" data-testid="receipt-footer"></div>
      </div>
      <div class="no-print" data-mixpay-no-print style="display:flex;gap:8px;justify-content:center;margin-top:12px">
        <button class="btn" data-testid="print">Print receipt</button>
        <button class="btn primary" data-testid="new-sale">New sale</button>
      </div>
    </div></div>`;
  const put = (testid, text) => {
    overlay.querySelector(`[data-testid=${testid}]`).textContent = text;
  };
  overlay.querySelector("style").textContent = RECEIPT_PRINT_CSS;
  put("order-number", String(order?.display_id ?? ""));
  put("receipt-store", receipt.title);
  put("receipt-date", new Date().toLocaleString());
  put("receipt-lines", `${items.join("\n")}\n\nTotal ${formatAmount(decimal(order?.total ?? 0), code)}`);
  put("receipt-footer", receipt.footer);
  overlay.querySelector("[data-testid=receipt-details]").replaceChildren(
    ...receipt.lines.map((line) => {
      const row = document.createElement("div");
      row.dataset.testid = `receipt-${line.key}`;
      row.style.cssText = "display:flex;justify-content:space-between;gap:8px";
      const label = document.createElement("span");
      label.textContent = line.label;
      const value = document.createElement("span");
      value.textContent = line.value;
      value.style.textAlign = "right";
      row.append(label, value);
      return row;
    }),
  );
  if (note) {
    const el = overlay.querySelector("[data-testid=cancel-note]");
    el.hidden = false;
    el.textContent = note;
  }
  overlay.querySelector("[data-testid=print]").onclick = () => window.print();
}
