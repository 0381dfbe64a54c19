/* The POS page's cancelled sales: each is watched quietly by the sale engine (watchCancelledSales, persisted across
 * reloads) until MixPay's deadline plus a margin, since MixPay cannot void a QR code. A payment that still arrives
 * shows as an alert (role=alert) over the page, in the engine's words, until the cashier dismisses it. */
import { browserStorage, createCancelledSaleStore, watchCancelledSales } from "./sale-engine.js";

const BOX_STYLE =
  "position:fixed;top:8px;left:8px;right:8px;z-index:1000;display:flex;flex-direction:column;gap:8px;max-width:640px;margin:0 auto";

export function createCancelledSales({ api }) {
  const box = document.createElement("div");
  box.id = "late-payments";
  box.dataset.testid = "late-payments";
  box.dataset.mixpayNoPrint = "";
  box.setAttribute("style", BOX_STYLE);
  document.body.append(box);
  const watched = document.createElement("div");
  watched.className = "muted";
  watched.dataset.testid = "cancelled-watched";
  watched.dataset.mixpayNoPrint = "";

  const watcher = watchCancelledSales({
    store: createCancelledSaleStore(browserStorage(), "mixpay-pos:pos:cancelled-sales"),
    check: async (traceId, signal) =>
      (await api.call("GET", `/store/mixpay/payments/${traceId}`, undefined, signal)).payment,
    onChange: (notices, watching) => {
      box.replaceChildren(...notices.map(drawNotice));
      watched.textContent = watching.length
        ? `Watching ${watching.length} cancelled sale${watching.length === 1 ? "" : "s"} until MixPay's deadline.`
        : "";
    },
  });

  function drawNotice({ traceId, alert }) {
    const div = document.createElement("div");
    div.className = "banner error";
    div.setAttribute("role", "alert");
    div.dataset.testid = "late-payment";
    div.dataset.trace = traceId;
    div.style.boxShadow = "0 4px 16px rgba(0,0,0,.25)";
    const title = document.createElement("strong");
    title.textContent = alert.title;
    const arrived = document.createElement("div");
    arrived.dataset.testid = "late-payment-arrived";
    arrived.textContent = alert.arrived;
    const action = document.createElement("div");
    action.dataset.testid = "late-payment-action";
    action.textContent = alert.action;
    const dismiss = document.createElement("button");
    dismiss.className = "btn";
    dismiss.dataset.testid = "late-payment-dismiss";
    dismiss.textContent = "Dismiss";
    dismiss.onclick = () => watcher.dismiss(traceId);
    div.append(title, arrived, action, dismiss);
    return div;
  }

  return {
    start: () => watcher.start(),
    /** Starts watching a sale the cashier cancelled (`sale`: the page's sale, `payment`: the cancel's answer). */
    add: (sale, payment) =>
      watcher.add({
        trace_id: sale.traceId,
        cart_id: sale.cartId,
        amount: payment.amount ?? sale.amount,
        currency_code: payment.currency_code ?? sale.currency,
        expires_at: payment.expires_at ?? sale.expiresAt ?? null,
      }),
    /** "Watching 1 cancelled sale…": a line the cancelled sale's sheet shows. */
    watchedLine: watched,
  };
}
