/* The ticket side of the POS page: products, the keyed-in amount, the lines and the total. Every amount is a
 * decimal string in the region's currency, formatted and summed by the sale engine (minor units per currency,
 * never float × 100). */
import {
  currencyDecimals,
  decimalFromNumber,
  entryToAmount,
  formatAmount,
  formatDecimal,
  KEYPAD_KEYS,
  keyFromKeyboard,
  lineAmount,
  pressKey,
  sumAmounts,
} from "./sale-engine.js";

const $ = (id) => document.getElementById(id);
const KEY_TEXT = { backspace: "⌫", clear: "C" };
const KEY_TESTID = { ".": "dot", backspace: "back", clear: "clear" };
const KEY_LABEL = { ".": "Decimal point", backspace: "Delete last digit", clear: "Clear" };

/** The ticket: `lines` of { key, title, amount (unit, decimal string), quantity, variantId? }. */
export function createTicket({ region, onChange }) {
  const ticket = { region, lines: [], keyed: "", products: [] };
  const decimals = () => currencyDecimals(ticket.region.currency_code);
  const money = (amount) => formatAmount(amount, ticket.region.currency_code);

  ticket.total = () => sumAmounts(ticket.lines.map((l) => lineAmount(l.amount, l.quantity)));

  ticket.setProducts = (products) => {
    ticket.products = products
      .map((p) => ({ p, v: p.variants?.[0] }))
      .map(({ p, v }) => ({ p, v, amount: decimalFromNumber(Number(v?.calculated_price?.calculated_amount)) }))
      .filter(({ v, amount }) => v?.calculated_price?.calculated_amount != null && amount !== null)
      .map(({ p, v, amount }) => ({ title: p.title, handle: p.handle, variantId: v.id, amount }));
    renderProducts();
  };

  function renderProducts() {
    const el = $("products");
    el.innerHTML = "";
    for (const product of ticket.products) {
      const btn = document.createElement("button");
      btn.className = "product";
      btn.dataset.testid = `product-${product.handle}`;
      btn.innerHTML = `<strong></strong><span class="price"></span>`;
      btn.querySelector("strong").textContent = product.title;
      btn.querySelector(".price").textContent = money(product.amount);
      btn.onclick = () => ticket.add({ key: product.variantId, ...product });
      el.append(btn);
    }
    if (ticket.products.length === 0) el.innerHTML = `<p class="muted">No products in this region.</p>`;
  }

  ticket.add = (line) => {
    const existing = ticket.lines.find((l) => l.key === line.key);
    if (existing) existing.quantity += 1;
    else ticket.lines.push({ ...line, quantity: 1 });
    ticket.render();
  };

  ticket.clear = () => {
    ticket.lines = [];
    ticket.render();
  };

  ticket.render = () => {
    const el = $("ticket");
    el.innerHTML = "";
    for (const line of ticket.lines) {
      const row = document.createElement("div");
      row.className = "ticket-line";
      row.innerHTML = `<span class="name"></span><span class="qty"><button class="btn" aria-label="One less">−</button> <b></b> <button class="btn" aria-label="One more">+</button></span><span class="sum"></span>`;
      row.querySelector(".name").textContent = line.title;
      row.querySelector("b").textContent = String(line.quantity);
      row.querySelector(".sum").textContent = formatDecimal(lineAmount(line.amount, line.quantity), decimals());
      const [minus, plus] = row.querySelectorAll("button");
      minus.onclick = () => {
        line.quantity -= 1;
        ticket.lines = ticket.lines.filter((l) => l.quantity > 0);
        ticket.render();
      };
      plus.onclick = () => {
        line.quantity += 1;
        ticket.render();
      };
      el.append(row);
    }
    if (ticket.lines.length === 0) el.innerHTML = `<p class="muted">Tap a product or key in an amount.</p>`;
    const total = ticket.total();
    $("total").textContent = money(total);
    $("charge").disabled = total === "0";
    onChange?.();
  };

  function showKeyed() {
    $("amount-display").textContent = ticket.keyed || formatDecimal("0", decimals());
  }
  function press(key) {
    ticket.keyed = pressKey(ticket.keyed, key, { decimals: decimals() });
    showKeyed();
  }
  function addKeyed() {
    const amount = entryToAmount(ticket.keyed, decimals());
    if (!amount) return;
    ticket.add({ key: `amount-${Date.now()}`, title: "Amount", amount });
    ticket.keyed = "";
    showKeyed();
  }

  ticket.renderKeypad = () => {
    for (const key of KEYPAD_KEYS.filter((k) => k !== "00")) {
      const btn = document.createElement("button");
      btn.textContent = KEY_TEXT[key] ?? key;
      btn.dataset.testid = `key-${KEY_TESTID[key] ?? key}`;
      if (KEY_LABEL[key]) btn.setAttribute("aria-label", KEY_LABEL[key]);
      btn.onclick = () => press(key);
      if (key === ".") btn.disabled = decimals() === 0; // no decimals in JPY
      $("keypad").append(btn);
    }
    $("add-amount").onclick = addKeyed;
    document.addEventListener("keydown", (e) => {
      if (document.getElementById("overlay").childElementCount > 0) return; // a payment is on screen
      if (["INPUT", "SELECT", "TEXTAREA"].includes(e.target?.tagName)) return;
      if (e.key === "Enter") {
        if (["BUTTON", "A"].includes(e.target?.tagName)) return; // Enter presses the focused control
        // Enter charges: a keyed amount goes on the ticket first.
        addKeyed();
        if (!$("charge").disabled) $("charge").click();
        return;
      }
      const key = keyFromKeyboard(e.key);
      if (key) {
        e.preventDefault();
        press(key);
      }
    });
    showKeyed();
  };

  ticket.setRegion = (next) => {
    ticket.region = next;
    ticket.lines = [];
    ticket.keyed = "";
    for (const btn of document.querySelectorAll("#keypad [data-testid=key-dot]")) btn.disabled = decimals() === 0;
    showKeyed();
    ticket.render();
  };

  return ticket;
}
