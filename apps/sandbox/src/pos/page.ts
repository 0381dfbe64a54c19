import type { PosConfig } from "./config";

/** JSON for a <script type="application/json"> block: "<" escaped so no value can close the tag. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

const STYLE = `
:root { --bg:#f4f4f5; --card:#fff; --ink:#18181b; --muted:#71717a; --line:#e4e4e7; --accent:#2563eb; --ok:#16a34a; --warn:#d97706; --bad:#dc2626; --tap:44px; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; flex-wrap:wrap; gap:8px; align-items:center; justify-content:space-between; padding:12px 20px; background:var(--ink); color:#fff; }
header h1 { font-size:18px; margin:0; min-width:0; overflow-wrap:anywhere; }
header select { font-size:16px; min-height:var(--tap); padding:4px 8px; border-radius:6px; max-width:100%; }
main { display:grid; grid-template-columns: minmax(0,1fr) 360px; gap:16px; padding:16px; max-width:1100px; margin:0 auto; }
main > * { min-width:0; }
.card { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:16px; }
.products { display:grid; grid-template-columns: repeat(auto-fill, minmax(150px,1fr)); gap:10px; }
.product { border:1px solid var(--line); border-radius:10px; padding:14px; min-height:var(--tap); background:#fafafa; cursor:pointer; text-align:left; font:inherit; color:inherit; }
.product:hover { border-color:var(--accent); } .product .price { color:var(--muted); display:block; margin-top:6px; }
.keypad { display:grid; grid-template-columns: repeat(3,1fr); gap:6px; margin-top:10px; }
.keypad button, .btn { font:inherit; color:inherit; min-height:var(--tap); min-width:var(--tap); padding:10px; border-radius:8px; border:1px solid var(--line); background:#fff; cursor:pointer; }
.keypad button { font-size:20px; min-height:52px; }
button:focus-visible, a:focus-visible, select:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
.btn.primary { background:var(--accent); border-color:var(--accent); color:#fff; font-weight:600; }
.btn.primary:disabled { opacity:.5; cursor:not-allowed; }
.btn[aria-busy=true] { cursor:progress; }
.amount-display { font-size:28px; text-align:right; padding:8px; border:1px solid var(--line); border-radius:8px; min-height:48px; overflow-wrap:anywhere; }
.ticket-line { display:flex; justify-content:space-between; align-items:center; gap:8px; padding:6px 0; border-bottom:1px dashed var(--line); }
.ticket-line .name { min-width:0; overflow-wrap:anywhere; }
.ticket-line .qty { white-space:nowrap; } .ticket-line .qty button { width:var(--tap); height:var(--tap); padding:2px; }
.charge-bar { background:var(--card); }
.total { display:flex; justify-content:space-between; font-size:22px; font-weight:700; margin:12px 0; }
.field-error { color:var(--bad); font-size:15px; margin-top:8px; }
.field-error:empty { display:none; }
.banner { padding:10px 14px; border-radius:8px; margin-bottom:12px; overflow-wrap:anywhere; }
.banner.error { background:#fef2f2; color:var(--bad); border:1px solid #fecaca; }
.banner.warn { background:#fffbeb; color:var(--warn); border:1px solid #fde68a; }
.overlay { position:fixed; inset:0; z-index:10; background:rgba(24,24,27,.6); display:flex; align-items:center; justify-content:center; overflow-y:auto; }
.sheet { background:#fff; border-radius:16px; padding:24px; width:min(520px, 94vw); max-height:100%; overflow-y:auto; text-align:center; overflow-wrap:anywhere; }
.sheet .actions { display:flex; flex-wrap:wrap; gap:8px; justify-content:center; }
.qr img { display:block; margin:0 auto; width:300px; height:300px; max-width:100%; }
.big-amount { font-size:34px; font-weight:700; margin:8px 0; }
.status { font-size:20px; font-weight:600; margin:10px 0; }
.status.paid { color:var(--ok); } .status.bad { color:var(--bad); } .status.warn { color:var(--warn); }
.share { font-size:18px; font-weight:600; margin:6px 0; font-variant-numeric: tabular-nums; }
.countdown { color:var(--muted); font-variant-numeric: tabular-nums; }
.receipt { text-align:left; font-family: ui-monospace, monospace; border-top:2px dashed var(--line); border-bottom:2px dashed var(--line); padding:12px 0; margin:12px 0; }
.receipt pre { white-space:pre-wrap; overflow-wrap:anywhere; margin:0; }
.muted { color:var(--muted); font-size:14px; } a { color:var(--accent); }
.sr-only { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0,0,0,0); white-space:nowrap; border:0; }
/* Phones: one column, the total and Charge stuck to the bottom, the payment sheet full-screen with a full-width QR. */
@media (max-width: 639.98px) {
  header { padding:10px 12px; }
  main { grid-template-columns: minmax(0,1fr); gap:12px; padding:12px 12px 0; }
  .card { padding:12px; }
  .products { grid-template-columns: repeat(auto-fill, minmax(140px,1fr)); }
  body { padding-bottom:132px; }
  .charge-bar { position:fixed; left:0; right:0; bottom:0; z-index:1; padding:8px 12px 12px; border-top:1px solid var(--line); box-shadow:0 -4px 12px rgba(24,24,27,.08); }
  .charge-bar .total { margin:4px 0 8px; }
  .overlay { align-items:stretch; }
  .sheet { width:100%; min-height:100%; border-radius:0; padding:16px 12px; }
  .qr img { width:100%; height:auto; aspect-ratio:1; }
  .big-amount { font-size:28px; }
}
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
    <div class="amount-display" id="amount-display" data-testid="amount-display" aria-label="Keyed amount">0</div>
    <div class="keypad" id="keypad" role="group" aria-label="Keypad"></div>
    <button class="btn" id="add-amount" data-testid="add-amount" style="margin-top:8px;width:100%">Add amount to the sale</button>
  </section>
  <section class="card">
    <h2>Sale</h2>
    <div id="ticket" data-testid="ticket"><p class="muted">Tap a product or key in an amount.</p></div>
    <p class="muted">The customer scans the QR code with their phone and pays in crypto; MixPay settles to the merchant.</p>
    <div class="charge-bar" data-testid="charge-bar">
      <div class="total"><span>Total</span><span id="total" data-testid="total">0.00</span></div>
      <button class="btn primary" id="charge" data-testid="charge-button" style="width:100%" disabled>Charge with MixPay</button>
      <div class="field-error" id="charge-error" data-testid="charge-error" role="alert"></div>
    </div>
  </section>
</main>
<div id="overlay"></div>
<div class="sr-only" id="live" data-testid="live-status" aria-live="polite" aria-atomic="true"></div>
<script type="application/json" id="pos-config">${embedJson(config)}</script>
<script type="module" src="/pos/assets/pos.js"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
