/* The payment side of the POS page: the cart's MixPay payment, watched by the sale engine (the pushed stream when
 * the page is given one, else polling with an overlap guard, backoff and a pause while the tab is hidden), and drawn
 * from the engine's saleView, the same decisions the admin terminal draws: no QR code and no countdown once a
 * payment ended, "paid X of Y, Z still due", refund due, "checking confirmations". */

import { showChargeBusy, showChargeError } from "./pos-charge.js";
import { renderReceipt } from "./pos-receipt.js";
import {
  browserStorage,
  CANCEL_REFUSED_PAID_TEXT,
  createOpenSaleStore,
  isSaleSettled,
  saleView,
  watchSale,
} from "./sale-engine.js";

const $ = (id) => document.getElementById(id);
const EXTRAS_KEY = "mixpay-pos:pos:ticket";
const TONE = { success: "paid", problem: "warn", ended: "bad", waiting: "" };

/** The POS's answer of the store's status route (`{ payment, mixpay_error? }`), checked before use. */
function parseStatusBody(json) {
  if (typeof json?.payment?.status !== "string") throw new Error("not a payment status");
  return json;
}

export function createSaleController({ api, config, ticket, banner, cancelled }) {
  const openSales = createOpenSaleStore(browserStorage(), "mixpay-pos:pos:open-sale");
  let sale = null; // { cartId, traceId, payUrl, qrSvg, expiresAt, amount, currency, lines }
  let payment = null;
  let mixpayError = null;
  let watch = null;
  let ticker = null;
  let drawn = null;
  let note = null; // a sentence for the cashier that outlives a redraw (Cancel answered "already paid")

  const stopWatching = () => {
    watch?.stop();
    watch = null;
    clearInterval(ticker);
    ticker = null;
  };

  function remember() {
    openSales.save({
      trace_id: sale.traceId,
      expires_at: sale.expiresAt ?? null,
      amount: sale.amount,
      currency_code: sale.currency,
      cart_id: sale.cartId,
    });
    try {
      localStorage.setItem(EXTRAS_KEY, JSON.stringify({ lines: sale.lines, qrSvg: sale.qrSvg, payUrl: sale.payUrl }));
    } catch {
      // storage full or off: the sale works, it just will not survive a reload
    }
  }
  function forget() {
    if (sale) openSales.clear(sale.traceId);
    try {
      localStorage.removeItem(EXTRAS_KEY);
    } catch {}
  }

  /** A fresh MixPay payment for the ticket's cart (the same cart again for "Try again": a new trace). */
  async function charge() {
    banner();
    showChargeError(null);
    const idle = showChargeBusy($("charge"));
    try {
      let cartId = sale?.cartId;
      if (!cartId) {
        const items = ticket.lines.map((l) =>
          l.variantId
            ? { variant_id: l.variantId, quantity: l.quantity }
            : { title: l.title, amount: l.amount, quantity: l.quantity },
        );
        const { cart } = await api.call("POST", "/pos/carts", { region_id: ticket.region.id, items });
        cartId = cart.id;
        sale = {
          cartId,
          lines: ticket.lines.map((l) => ({ ...l })),
          amount: ticket.total(),
          currency: ticket.region.currency_code,
        };
      }
      const { payment_collection: collection } = await api.call("POST", "/store/payment-collections", {
        cart_id: cartId,
      });
      const session = await api.call("POST", `/store/payment-collections/${collection.id}/payment-sessions`, {
        provider_id: config.providerId,
      });
      const data = session.payment_collection.payment_sessions.find((s) => s.provider_id === config.providerId).data;
      sale = { ...sale, traceId: data.trace_id, payUrl: data.pay_url, qrSvg: data.qr_svg, expiresAt: data.expires_at };
      remember();
      show({ trace_id: data.trace_id, status: "unpaid", final: false });
      startWatching();
    } catch (error) {
      showChargeError(error, () => charge());
      idle({ enable: true });
      return;
    }
    idle({ enable: false });
  }

  function startWatching() {
    stopWatching();
    const traceId = sale.traceId;
    const streamPath = config.saleStreamPath?.replace("{traceId}", encodeURIComponent(traceId));
    watch = watchSale({
      check: async (signal) =>
        parseStatusBody(await api.call("GET", `/store/mixpay/payments/${traceId}`, undefined, signal)),
      onResult: (body) => {
        if (sale?.traceId !== traceId) return;
        mixpayError = body.mixpay_error ?? null;
        show(body.payment);
      },
      onError: (error) => warn("medusa-unreachable", `${error.message} — still trying.`),
      onModeChange: (mode) => {
        $("overlay").dataset.updates = mode; // "stream" while pushed updates arrive, "poll" otherwise
      },
      isDone: (body) => isSaleSettled(body.payment),
      stream: streamPath ? { url: streamPath, headers: api.headers, parse: parseStatusBody } : null,
    });
    watch.start();
  }

  /** The sale as the screen reads it: what the status route said, over what the sale was created with. */
  function current() {
    return {
      ...payment,
      amount: payment.amount ?? sale.amount,
      currency_code: payment.currency_code ?? sale.currency,
      expires_at: payment.expires_at ?? sale.expiresAt,
    };
  }

  function show(next) {
    payment = next;
    const view = saleView(current(), Date.now());
    if (view.phase === "paid") {
      return finishSale().catch((error) => {
        // The sale is paid and its order exists; only showing it failed: say so and try again shortly.
        draw({ ...view, phase: "completing" });
        warn("medusa-unreachable", `The order could not be shown yet (${error.message}) — trying again.`);
        setTimeout(() => payment === next && show(next), 3000);
      });
    }
    draw(view);
    clearInterval(ticker);
    ticker = view.showCountdown ? setInterval(tick, 1000) : null;
  }

  /** Each second: the countdown's text, or a redraw when the deadline changes what is on screen. */
  function tick() {
    const view = saleView(current(), Date.now());
    if (view.phase !== drawn?.phase || view.showQr !== drawn?.showQr || !view.showCountdown) return show(payment);
    const el = document.querySelector("[data-testid=countdown]");
    if (el) el.textContent = countdownLine(view);
  }

  const countdownLine = (view) => (view.deadlinePassed ? view.countdownText : `Expires in ${view.countdownText}`);

  function draw(view) {
    drawn = view;
    const p = payment;
    const ended = view.phase === "ended";
    const isCancelled = view.phase === "cancelled";
    $("overlay").innerHTML = `
      <div class="overlay"><div class="sheet" data-testid="payment-sheet" data-phase="${view.phase}" data-refund-due="${view.display.refundDue}">
        ${view.showQr ? `<div class="muted">Scan to pay with MixPay</div><div class="qr" data-testid="qr"><img alt="MixPay QR code"></div>` : ""}
        <div class="big-amount" data-testid="payment-amount"></div>
        <div class="status ${TONE[view.display.tone] ?? ""}" data-testid="payment-status" data-status="${p.status}"></div>
        ${view.underpaid?.sale ? `<div class="share" data-testid="payment-underpaid-sale"></div>` : ""}
        ${view.underpaid?.crypto ? `<div class="muted" data-testid="payment-underpaid-crypto"></div>` : ""}
        ${view.confirmations ? `<div class="share" data-testid="payment-confirmations"></div>` : ""}
        ${ended ? `<div class="share" data-testid="payment-received"></div>` : ""}
        ${view.ended?.reason ? `<div class="muted" data-testid="payment-reason"></div>` : ""}
        ${ended || isCancelled ? `<div class="muted" data-testid="payment-trace"></div>` : ""}
        <div class="muted" data-testid="payment-detail"></div>
        ${view.showCountdown ? `<div class="countdown" data-testid="countdown"></div>` : ""}
        <div id="payment-warning"></div>
        ${view.showQr ? `<p class="muted">Customer's phone (sandbox): <a data-testid="pay-link" target="_blank" rel="noopener"></a></p>` : ""}
        <div class="no-print" style="display:flex;gap:8px;justify-content:center">
          ${
            ended
              ? `<button class="btn primary" data-testid="retry-sale">Try again</button><button class="btn" data-testid="new-sale">New sale</button>`
              : isCancelled
                ? `<button class="btn" data-testid="cancelled-back">Back to the ticket</button><button class="btn primary" data-testid="new-sale">New sale</button>`
                : `<button class="btn" data-testid="cancel-sale">Cancel</button>`
          }
        </div>
      </div></div>`;
    const sheet = $("overlay");
    const put = (testid, value) => {
      const el = sheet.querySelector(`[data-testid=${testid}]`);
      if (el) el.textContent = value ?? "";
    };
    // The QR code as an image: the SVG is never inserted as markup.
    const img = sheet.querySelector("[data-testid=qr] img");
    if (img && sale.qrSvg) img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(sale.qrSvg)}`;
    put("payment-amount", view.amountText);
    put("payment-status", view.phase === "completing" ? "Paid — creating the order…" : view.display.label);
    put("payment-underpaid-sale", view.underpaid?.sale);
    put("payment-underpaid-crypto", view.underpaid?.crypto);
    put("payment-confirmations", view.confirmations);
    put("payment-received", view.ended?.moneyArrived);
    put("payment-reason", view.ended?.reason);
    put("payment-trace", `Trace id: ${p.trace_id}`);
    put("payment-detail", view.guidance);
    put("countdown", view.showCountdown ? countdownLine(view) : "");
    const link = sheet.querySelector("[data-testid=pay-link]");
    if (link) {
      link.href = p.pay_url ?? sale.payUrl;
      link.textContent = "open the checkout page";
    }
    if (isCancelled) $("payment-warning").before(cancelled.watchedLine);
    if (note) warn("cancel-note", note);
    if (mixpayError)
      warn("mixpay-unreachable", "MixPay is unreachable right now — still checking. The payment is not lost.");
    const on = (testid, run) => {
      const el = sheet.querySelector(`[data-testid=${testid}]`);
      if (el) el.onclick = run;
    };
    on("cancel-sale", (event) => cancelSale(event.currentTarget));
    on("cancelled-back", () => end({ keepTicket: true }));
    on("new-sale", () => end({ keepTicket: false }));
    on("retry-sale", () => retry());
  }

  function warn(testid, text, role = "status") {
    const box = $("payment-warning");
    if (!box) return;
    box.innerHTML = `<div class="banner warn" role="${role}" data-testid="${testid}"></div>`;
    box.firstChild.textContent = text;
  }

  /**
   * Cancel: the server marks the sale cancelled (its QR code comes down at once) and the page keeps watching it in
   * the background until MixPay's deadline. Already paid (409): the paid sale is shown instead, in plain words.
   */
  async function cancelSale(button) {
    button.disabled = true;
    const current = sale;
    try {
      const body = await api.call("POST", `/store/mixpay/payments/${current.traceId}/cancel`, {
        cart_id: current.cartId,
      });
      stopWatching();
      cancelled.add(current, body.payment);
      forget();
      show(body.payment);
    } catch (error) {
      button.disabled = false;
      if (error.status !== 409) return warn("cancel-failed", `Could not cancel: ${error.message}`, "alert");
      note = CANCEL_REFUSED_PAID_TEXT;
      warn("cancel-note", note);
      startWatching();
      watch.checkNow();
    }
  }

  /** "Try again": a fresh payment (new trace) for the same cart and amount. */
  function retry() {
    stopWatching();
    forget();
    payment = null;
    $("overlay").innerHTML = "";
    return charge();
  }

  async function finishSale() {
    stopWatching();
    // The plugin already completed the cart; completing again is idempotent and returns the order.
    const done = await api.call("POST", `/store/carts/${sale.cartId}/complete`, {});
    const order = done.order;
    forget();
    renderReceipt({ order, payment, storeName: config.storeName, currency: sale.currency, note });
    $("overlay").querySelector("[data-testid=new-sale]").onclick = () => end({ keepTicket: false });
  }

  function end({ keepTicket }) {
    stopWatching();
    forget();
    note = null;
    sale = null;
    payment = null;
    $("overlay").innerHTML = "";
    if (keepTicket) ticket.render();
    else ticket.clear();
  }

  /** A reload in the middle of a payment resumes it. */
  function resume() {
    const open = openSales.load();
    if (!open?.cart_id) return;
    let extras = {};
    try {
      extras = JSON.parse(localStorage.getItem(EXTRAS_KEY) ?? "{}") ?? {};
    } catch {}
    sale = {
      cartId: open.cart_id,
      traceId: open.trace_id,
      expiresAt: open.expires_at,
      amount: open.amount,
      currency: open.currency_code,
      lines: Array.isArray(extras.lines) ? extras.lines : [],
      qrSvg: typeof extras.qrSvg === "string" ? extras.qrSvg : null,
      payUrl: typeof extras.payUrl === "string" ? extras.payUrl : null,
    };
    ticket.lines = sale.lines.map((l) => ({ ...l }));
    ticket.render();
    show({ trace_id: sale.traceId, status: "unpaid", final: false });
    startWatching();
  }

  return { charge, resume };
}
