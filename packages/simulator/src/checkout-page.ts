import type { FieldErrors } from "./envelope.js";

/**
 * Server-rendered checkout HTML: small, readable, works without JavaScript, tidy on a phone. Stable
 * data-testid attributes (status, amount, asset-select, pay-button, pay-less-button, pay-unconfirmed-button,
 * fail-button, confirm-button, paid, payable, remaining, confirmations, refund-due, deadline, return-link) are
 * there for browser tests.
 */

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f8;color:#1d2130}
main{max-width:420px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:14px;box-shadow:0 2px 12px rgba(20,30,60,.08);padding:20px}
.brand{font-size:13px;letter-spacing:.04em;text-transform:uppercase;color:#6b7185;margin-bottom:12px}
h1{font-size:20px;margin:0 0 4px}
.amount{font-size:34px;font-weight:700;margin:12px 0 4px}
.muted{color:#6b7185;font-size:14px}
.status{display:inline-block;padding:2px 10px;border-radius:999px;font-size:13px;font-weight:600;background:#eef0f6}
.status-success{background:#dff5e6;color:#17663a}.status-failed{background:#fde4e4;color:#9b1c1c}
.status-pending,.status-auditing,.status-confirming,.status-paid_less{background:#fff2d6;color:#8a5a00}
label{display:block;font-size:14px;margin:16px 0 6px}
select,input{width:100%;padding:10px;border:1px solid #ccd1de;border-radius:10px;font-size:16px;background:#fff}
.buttons{display:grid;gap:8px;margin-top:16px}
button{padding:12px;border:0;border-radius:10px;font-size:16px;font-weight:600;cursor:pointer}
.primary{background:#3d5afe;color:#fff}.secondary{background:#eef0f6;color:#1d2130}.danger{background:#fff;color:#b42318;border:1px solid #f1b4ae}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;font-size:14px;margin:16px 0 0}dt{color:#6b7185}dd{margin:0;word-break:break-all}
a.button{display:block;text-align:center;padding:12px;border-radius:10px;background:#3d5afe;color:#fff;text-decoration:none;font-weight:600;margin-top:16px}
ul.errors{color:#9b1c1c;padding-left:18px}
footer{font-size:12px;color:#8a90a3;text-align:center;margin-top:16px}
`;

export function layout(title: string, body: string, extraHead = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${extraHead}<style>${CSS}</style>
</head>
<body>
<main>
<div class="card">
<div class="brand">MixPay · simulator</div>
${body}
</div>
<footer>Offline MixPay simulator. No real money moves.</footer>
</main>
</body>
</html>
`;
}

export interface AssetOption {
  assetId: string;
  label: string;
  amount: string;
  symbol: string;
  selected: boolean;
}

export interface CheckoutModel {
  traceId: string;
  orderId?: string;
  payeeName: string;
  quoteAmount: string;
  quoteSymbol: string;
  status: string;
  /** "underpaid", "awaiting confirmations", … shown next to the status. */
  detail: string;
  remark?: string;
  failureReason?: string;
  paidAmount: string;
  paidSymbol: string;
  /** The whole amount due in the payment asset, shown with the remaining amount of a partial payment. */
  payable?: string;
  remaining?: string;
  /** Confirmations seen and required while the payment is confirming. */
  confirmations?: { seen: number; required: number };
  /** Money that arrived on a failed payment: MixPay owes it back to the payer. */
  refundDue?: string;
  surplusAmount: string;
  /** The payment deadline (ISO 8601). */
  expiresAt?: string;
  assets: AssetOption[];
  canPay: boolean;
  /** Also offer paying in full with a transaction that waits for its confirmations (current lifecycle). */
  canPayUnconfirmed: boolean;
  /** "Pay the rest" after a partial payment. */
  payLabel: string;
  canConfirm: boolean;
  canFail: boolean;
  /** What the page posts to an embedding iframe's parent (MIXPAY_PAYMENT data), or null for nothing. */
  iframeMessage: Record<string, string> | null;
  returnTo?: string;
  failedReturnTo?: string;
  /** Where the action forms come back to. */
  back: string;
}

function button(action: string, label: string, testId: string, style: string): string {
  return `<button type="submit" name="action" value="${action}" class="${style}" data-testid="${testId}">${label}</button>`;
}

export function renderCheckout(m: CheckoutModel): string {
  const rows: string[] = [];
  if (m.orderId) rows.push(`<dt>Order</dt><dd>${escapeHtml(m.orderId)}</dd>`);
  rows.push(`<dt>Trace</dt><dd>${escapeHtml(m.traceId)}</dd>`);
  if (m.remark) rows.push(`<dt>Remark</dt><dd>${escapeHtml(m.remark)}</dd>`);
  if (m.paidAmount !== "0") {
    rows.push(`<dt>Paid</dt><dd data-testid="paid">${escapeHtml(m.paidAmount)} ${escapeHtml(m.paidSymbol)}</dd>`);
  }
  if (m.payable) {
    rows.push(`<dt>Due</dt><dd data-testid="payable">${escapeHtml(m.payable)} ${escapeHtml(m.paidSymbol)}</dd>`);
  }
  if (m.remaining) {
    rows.push(
      `<dt>Remaining</dt><dd data-testid="remaining">${escapeHtml(m.remaining)} ${escapeHtml(m.paidSymbol)}</dd>`,
    );
  }
  if (m.confirmations) {
    rows.push(
      `<dt>Confirmations</dt><dd data-testid="confirmations">${m.confirmations.seen} of ${m.confirmations.required}</dd>`,
    );
  }
  if (m.surplusAmount !== "0") {
    rows.push(`<dt>Overpaid</dt><dd>${escapeHtml(m.surplusAmount)} ${escapeHtml(m.paidSymbol)} (refund pending)</dd>`);
  }
  if (m.expiresAt) rows.push(`<dt>Pay before</dt><dd data-testid="deadline">${escapeHtml(m.expiresAt)}</dd>`);
  if (m.failureReason) rows.push(`<dt>Reason</dt><dd data-testid="failure-reason">${escapeHtml(m.failureReason)}</dd>`);
  if (m.refundDue) {
    rows.push(
      `<dt>Refund due</dt><dd data-testid="refund-due">${escapeHtml(m.refundDue)} ${escapeHtml(m.paidSymbol)} arrived and goes back to the payer on request</dd>`,
    );
  }

  let form = "";
  if (m.canPay || m.canConfirm || m.canFail) {
    const options = m.assets
      .map(
        (a) =>
          `<option value="${escapeHtml(a.assetId)}"${a.selected ? " selected" : ""}>${escapeHtml(a.label)} — ${escapeHtml(a.amount)} ${escapeHtml(a.symbol)}</option>`,
      )
      .join("");
    const picker = m.canPay
      ? `<label for="assetId">Pay with</label><select id="assetId" name="assetId" data-testid="asset-select">${options}</select>`
      : "";
    const buttons = [
      m.canPay ? button("pay", m.payLabel, "pay-button", "primary") : "",
      m.canPay ? button("underpay", "Pay less", "pay-less-button", "secondary") : "",
      m.canPay && m.canPayUnconfirmed
        ? button("pay-unconfirmed", "Pay, wait for confirmations", "pay-unconfirmed-button", "secondary")
        : "",
      m.canConfirm ? button("confirm", "Confirm", "confirm-button", "primary") : "",
      m.canFail ? button("fail", "Fail", "fail-button", "danger") : "",
    ].join("");
    form = `<form method="post" action="/pay-action/${escapeHtml(m.traceId)}">
<input type="hidden" name="back" value="${escapeHtml(m.back)}">
${picker}
<div class="buttons">${buttons}</div>
</form>`;
  }

  let outcome = "";
  if (m.status === "success") {
    outcome = `<p data-testid="paid-state"><strong>Paid.</strong> Thank you.</p>${
      m.returnTo
        ? `<a class="button" data-testid="return-link" href="${escapeHtml(m.returnTo)}">Back to the shop</a>`
        : ""
    }`;
  } else if (m.status === "failed" && m.failedReturnTo) {
    outcome = `<a class="button" data-testid="return-link" href="${escapeHtml(m.failedReturnTo)}">Back to the shop</a>`;
  }

  const waiting = ["confirming", "pending", "auditing"].includes(m.status);
  const head = waiting ? `<meta http-equiv="refresh" content="5">\n` : "";
  // Like MixPay's page, tell an embedding iframe's parent about the payment (a UI hint, never proof of payment).
  const notify = m.iframeMessage
    ? `<script>if (window.parent !== window) window.parent.postMessage({type:"MIXPAY_PAYMENT",data:${JSON.stringify(m.iframeMessage).replace(/</g, "\\u003c")}}, "*");</script>`
    : "";

  const body = `<h1>Pay ${escapeHtml(m.payeeName)}</h1>
<div class="amount" data-testid="amount">${escapeHtml(m.quoteAmount)} ${escapeHtml(m.quoteSymbol)}</div>
<div><span class="status status-${escapeHtml(m.status)}" data-testid="status">${escapeHtml(m.status)}</span> <span class="muted">${escapeHtml(m.detail)}</span></div>
<dl>${rows.join("")}</dl>
${outcome}
${form}
${notify}`;
  return layout(`Pay ${m.payeeName} · ${m.quoteAmount} ${m.quoteSymbol}`, body, head);
}

export function renderError(title: string, message: string, fields: FieldErrors = {}, back?: string): string {
  const list = Object.entries(fields)
    .map(
      ([field, messages]) =>
        `<li data-field="${escapeHtml(field)}"><strong>${escapeHtml(field)}</strong>: ${escapeHtml(messages.join(" "))}</li>`,
    )
    .join("");
  const body = `<h1 data-testid="error-title">${escapeHtml(title)}</h1>
<p data-testid="error-message">${escapeHtml(message)}</p>
${list ? `<ul class="errors" data-testid="error-fields">${list}</ul>` : ""}
${back ? `<a class="button" href="${escapeHtml(back)}">Back</a>` : ""}`;
  return layout(title, body);
}

/** A pay link without amount/quoteAmount: the payer types the amount (MixPay: "blank means the payer types an amount"). */
export function renderAmountForm(payeeName: string, quoteSymbol: string, query: URLSearchParams): string {
  const hidden = [...query]
    .filter(([key]) => key !== "amount" && key !== "quoteAmount")
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const body = `<h1>Pay ${escapeHtml(payeeName)}</h1>
<form method="get" action="/pay">
${hidden}
<label for="amount">Amount (${escapeHtml(quoteSymbol)})</label>
<input id="amount" name="amount" inputmode="decimal" required data-testid="amount-input">
<div class="buttons"><button type="submit" class="primary" data-testid="continue-button">Continue</button></div>
</form>`;
  return layout(`Pay ${payeeName}`, body);
}
