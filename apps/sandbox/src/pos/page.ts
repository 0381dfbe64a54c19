import type { PosConfig } from "./config";

/** JSON for a <script type="application/json"> block: "<" escaped so no value can close the tag. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

const STYLE = `
:root { --bg:#f4f4f5; --card:#fff; --ink:#18181b; --muted:#71717a; --line:#e4e4e7; --accent:#2563eb; --ok:#16a34a; --warn:#d97706; --bad:#dc2626; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; align-items:center; justify-content:space-between; padding:12px 20px; background:var(--ink); color:#fff; }
header h1 { font-size:18px; margin:0; } header select { font-size:15px; padding:4px 8px; border-radius:6px; }
main { display:grid; grid-template-columns: 1fr 360px; gap:16px; padding:16px; max-width:1100px; margin:0 auto; }
.card { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:16px; }
.products { display:grid; grid-template-columns: repeat(auto-fill, minmax(150px,1fr)); gap:10px; }
.product { border:1px solid var(--line); border-radius:10px; padding:14px; background:#fafafa; cursor:pointer; text-align:left; font:inherit; }
.product:hover { border-color:var(--accent); } .product .price { color:var(--muted); display:block; margin-top:6px; }
.keypad { display:grid; grid-template-columns: repeat(3,1fr); gap:6px; margin-top:10px; }
.keypad button, .btn { font:inherit; padding:10px; border-radius:8px; border:1px solid var(--line); background:#fff; cursor:pointer; }
.btn.primary { background:var(--accent); border-color:var(--accent); color:#fff; font-weight:600; }
.btn.primary:disabled { opacity:.5; cursor:not-allowed; }
.amount-display { font-size:28px; text-align:right; padding:8px; border:1px solid var(--line); border-radius:8px; min-height:48px; }
.ticket-line { display:flex; justify-content:space-between; align-items:center; padding:6px 0; border-bottom:1px dashed var(--line); }
.ticket-line .qty button { width:28px; padding:2px; }
.total { display:flex; justify-content:space-between; font-size:22px; font-weight:700; margin:12px 0; }
.banner { padding:10px 14px; border-radius:8px; margin-bottom:12px; }
.banner.error { background:#fef2f2; color:var(--bad); border:1px solid #fecaca; }
.banner.warn { background:#fffbeb; color:var(--warn); border:1px solid #fde68a; }
.overlay { position:fixed; inset:0; background:rgba(24,24,27,.6); display:flex; align-items:center; justify-content:center; }
.sheet { background:#fff; border-radius:16px; padding:24px; width:min(520px, 94vw); text-align:center; }
.qr svg, .qr img { width:300px; height:300px; }
.big-amount { font-size:34px; font-weight:700; margin:8px 0; }
.status { font-size:20px; font-weight:600; margin:10px 0; }
.status.paid { color:var(--ok); } .status.bad { color:var(--bad); } .status.warn { color:var(--warn); }
.share { font-size:18px; font-weight:600; margin:6px 0; font-variant-numeric: tabular-nums; }
.countdown { color:var(--muted); font-variant-numeric: tabular-nums; }
.receipt { text-align:left; font-family: ui-monospace, monospace; border-top:2px dashed var(--line); border-bottom:2px dashed var(--line); padding:12px 0; margin:12px 0; }
.muted { color:var(--muted); font-size:14px; } a { color:var(--accent); }
@media print { header, .no-print { display:none !important; } .overlay { position:static; background:none; } }
`;

/**
 * The POS page: a single HTML document; its ES modules (pos.js, over the sale engine's browser build) talk to
 * Medusa's store API with the publishable key.
 */
export function renderPosPage(config: PosConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MixPay POS — ${escapeHtml(config.storeName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>MixPay POS · ${escapeHtml(config.storeName)}</h1>
  <label>Region <select id="region" data-testid="region-select"></select></label>
</header>
<main>
  <section class="card">
    <div id="banner"></div>
    <h2>Products</h2>
    <div class="products" id="products" data-testid="products"><p class="muted">Loading products…</p></div>
    <h2>Key in an amount</h2>
    <div class="amount-display" id="amount-display" data-testid="amount-display">0</div>
    <div class="keypad" id="keypad"></div>
    <button class="btn" id="add-amount" data-testid="add-amount" style="margin-top:8px;width:100%">Add amount to the sale</button>
  </section>
  <section class="card">
    <h2>Sale</h2>
    <div id="ticket" data-testid="ticket"><p class="muted">Tap a product or key in an amount.</p></div>
    <div class="total"><span>Total</span><span id="total" data-testid="total">0.00</span></div>
    <button class="btn primary" id="charge" data-testid="charge-button" style="width:100%" disabled>Charge with MixPay</button>
    <p class="muted">The customer scans the QR code with their phone and pays in crypto; MixPay settles to the merchant.</p>
  </section>
</main>
<div id="overlay"></div>
<script type="application/json" id="pos-config">${embedJson(config)}</script>
<script type="module" src="/pos/assets/pos.js"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
