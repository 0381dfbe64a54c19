/* The sandbox POS page. Plain browser JavaScript, no build step: it talks to Medusa's store API with the
 * publishable key, to the sandbox's POST /pos/carts for the till's cart, and to the MixPay plugin's status route.
 * Money is handled as integer minor units (cents) or decimal strings — never float sums. */
(() => {
  const config = JSON.parse(document.getElementById("pos-config").textContent);
  const $ = (id) => document.getElementById(id);
  const STORE_HEADERS = { "content-type": "application/json", "x-publishable-api-key": config.publishableKey };
  const SALE_KEY = "mixpay-pos-open-sale";
  const POLL_MS = 2000;

  const state = {
    region: config.regions[0],
    products: [],
    lines: [],
    keyed: "",
    sale: null,
    payment: null,
    poll: null,
    countdown: null,
  };

  // ---- money: decimal strings ⇄ integer cents ------------------------------------------------------------------
  function toCents(decimal) {
    const [whole, frac = ""] = String(decimal).split(".");
    return Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  }
  function fromCents(cents) {
    const sign = cents < 0 ? "-" : "";
    const abs = Math.abs(cents);
    return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  }
  const money = (cents) => `${fromCents(cents)} ${state.region.currency_code.toUpperCase()}`;
  /** Minor-unit digits of a currency (the protocol's table: 2 unless listed). */
  const ZERO_DECIMAL = "bif clp djf gnf isk jpy kmf krw pyg rwf ugx vnd vuv xaf xof xpf".split(" ");
  const THREE_DECIMAL = "bhd iqd jod kwd lyd omr tnd".split(" ");
  const minorUnits = (code) =>
    ZERO_DECIMAL.includes(code.toLowerCase()) ? 0 : THREE_DECIMAL.includes(code.toLowerCase()) ? 3 : 2;
  /** A decimal string padded to `digits` fraction digits, with string operations only ("6.3", 2 → "6.30"). */
  function padDecimal(amount, digits) {
    const [whole, frac = ""] = String(amount).split(".");
    const kept = frac.replace(/0+$/, "");
    const padded = kept.length >= digits ? kept : kept + "0".repeat(digits - kept.length);
    return padded ? `${whole}.${padded}` : whole;
  }
  /** An amount in a sale currency ("6.3", "usd" → "6.30 USD"); a crypto amount keeps its digits ("2.5 USDT"). */
  const quoteText = (amount, asset) =>
    /^[a-z]{3}$/i.test(asset)
      ? `${padDecimal(amount, minorUnits(asset))} ${asset.toUpperCase()}`
      : `${amount} ${asset}`;
  const cryptoText = (amount, symbol) => (symbol ? `${amount} ${symbol}` : String(amount));
  const isPositive = (amount) => typeof amount === "string" && /^\d+(\.\d+)?$/.test(amount) && /[1-9]/.test(amount);

  // ---- HTTP -------------------------------------------------------------------------------------------------------
  class ApiError extends Error {}
  async function call(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: STORE_HEADERS,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(`Medusa is unreachable (${error.message})`);
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(data.message || `${method} ${path} answered ${res.status}`);
    return data;
  }

  function banner(kind, text, action) {
    const el = $("banner");
    el.innerHTML = "";
    if (!text) return;
    const div = document.createElement("div");
    div.className = `banner ${kind}`;
    div.dataset.testid = `banner-${kind}`;
    div.textContent = text;
    if (action) {
      const btn = document.createElement("button");
      btn.className = "btn";
      btn.style.marginLeft = "12px";
      btn.textContent = action.label;
      btn.dataset.testid = action.testid;
      btn.onclick = action.run;
      div.append(btn);
    }
    el.append(div);
  }

  // ---- catalogue and ticket ---------------------------------------------------------------------------------------
  async function loadProducts() {
    const params = new URLSearchParams({
      region_id: state.region.id,
      fields: "id,title,handle,*variants,*variants.calculated_price",
      limit: "50",
    });
    const { products } = await call("GET", `/store/products?${params}`);
    state.products = products
      .map((p) => ({ p, v: p.variants?.[0] }))
      .filter(({ v }) => v?.calculated_price?.calculated_amount != null)
      .map(({ p, v }) => ({
        title: p.title,
        handle: p.handle,
        variantId: v.id,
        cents: Math.round(Number(v.calculated_price.calculated_amount) * 100),
      }));
    renderProducts();
  }

  function renderProducts() {
    const el = $("products");
    el.innerHTML = "";
    for (const product of state.products) {
      const btn = document.createElement("button");
      btn.className = "product";
      btn.dataset.testid = `product-${product.handle}`;
      btn.innerHTML = `<strong></strong><span class="price"></span>`;
      btn.querySelector("strong").textContent = product.title;
      btn.querySelector(".price").textContent = money(product.cents);
      btn.onclick = () =>
        addLine({ key: product.variantId, title: product.title, cents: product.cents, variantId: product.variantId });
      el.append(btn);
    }
    if (state.products.length === 0) el.innerHTML = `<p class="muted">No products in this region.</p>`;
  }

  function addLine(line) {
    const existing = state.lines.find((l) => l.key === line.key);
    if (existing) existing.quantity += 1;
    else state.lines.push({ ...line, quantity: 1 });
    renderTicket();
  }

  function renderTicket() {
    const el = $("ticket");
    el.innerHTML = "";
    for (const line of state.lines) {
      const row = document.createElement("div");
      row.className = "ticket-line";
      row.innerHTML = `<span class="name"></span><span class="qty"><button>−</button> <b></b> <button>+</button></span><span class="sum"></span>`;
      row.querySelector(".name").textContent = line.title;
      row.querySelector("b").textContent = String(line.quantity);
      row.querySelector(".sum").textContent = fromCents(line.cents * line.quantity);
      const [minus, plus] = row.querySelectorAll("button");
      minus.onclick = () => {
        line.quantity -= 1;
        state.lines = state.lines.filter((l) => l.quantity > 0);
        renderTicket();
      };
      plus.onclick = () => {
        line.quantity += 1;
        renderTicket();
      };
      el.append(row);
    }
    if (state.lines.length === 0) el.innerHTML = `<p class="muted">Tap a product or key in an amount.</p>`;
    const total = state.lines.reduce((sum, l) => sum + l.cents * l.quantity, 0);
    $("total").textContent = money(total);
    $("charge").disabled = total <= 0;
  }

  function renderKeypad() {
    const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "⌫"];
    for (const key of keys) {
      const btn = document.createElement("button");
      btn.textContent = key;
      btn.dataset.testid = `key-${key === "." ? "dot" : key === "⌫" ? "back" : key}`;
      btn.onclick = () => {
        if (key === "⌫") state.keyed = state.keyed.slice(0, -1);
        else if (key === "." && (state.keyed.includes(".") || state.keyed === "")) return;
        else if (/\.\d\d$/.test(state.keyed))
          return; // two decimals at most
        else if (state.keyed.replace(".", "").length >= 9) return;
        else state.keyed += key;
        $("amount-display").textContent = state.keyed || "0";
      };
      $("keypad").append(btn);
    }
    $("add-amount").onclick = () => {
      const cents = state.keyed ? toCents(state.keyed) : 0;
      if (cents <= 0) return;
      addLine({ key: `amount-${Date.now()}`, title: "Amount", cents, amount: fromCents(cents) });
      state.keyed = "";
      $("amount-display").textContent = "0";
    };
  }

  // ---- the sale: cart → payment session → QR → status → order ------------------------------------------------------
  async function charge() {
    banner();
    $("charge").disabled = true;
    try {
      let cartId = state.sale?.cartId;
      if (!cartId) {
        const items = state.lines.map((l) =>
          l.variantId
            ? { variant_id: l.variantId, quantity: l.quantity }
            : { title: l.title, amount: l.amount, quantity: l.quantity },
        );
        const { cart } = await call("POST", "/pos/carts", { region_id: state.region.id, items });
        cartId = cart.id;
        state.sale = { cartId, lines: state.lines.map((l) => ({ ...l })), regionId: state.region.id };
      }
      const { payment_collection: collection } = await call("POST", "/store/payment-collections", { cart_id: cartId });
      const session = await call("POST", `/store/payment-collections/${collection.id}/payment-sessions`, {
        provider_id: config.providerId,
      });
      const data = session.payment_collection.payment_sessions.find((s) => s.provider_id === config.providerId).data;
      state.sale = {
        ...state.sale,
        traceId: data.trace_id,
        payUrl: data.pay_url,
        qrSvg: data.qr_svg,
        expiresAt: data.expires_at,
        quote: quoteText(data.quote_amount, data.quote_asset_id),
      };
      localStorage.setItem(SALE_KEY, JSON.stringify(state.sale));
      showPayment({ status: "unpaid" });
      startPolling();
    } catch (error) {
      banner("error", `Could not start the MixPay payment: ${error.message}`, {
        label: "Try again",
        testid: "retry-charge",
        run: () => charge(),
      });
      $("charge").disabled = false;
    }
  }

  // ---- what the screen says (MixPay's 2026-08-13 lifecycle; the admin terminal's lib/status.ts says the same) ------
  // Only MixPay's final answer ends a payment: a countdown reaching zero does not. Money that arrived on a payment
  // that will not complete is a refund due. The server's `next_step` is what the cashier does next.
  const ENDED = ["failed", "expired", "cancelled"];
  const STATUS_TEXT = {
    unpaid: ["Waiting for the customer to pay…", ""],
    processing: ["Payment seen — confirming…", "warn"],
    review: ["MixPay is reviewing this payment. Do not hand over the goods yet.", "warn"],
    underpaid: ["Paid too little.", "bad"],
    paid: ["Paid — creating the order…", "paid"],
    failed: ["The payment failed.", "bad"],
    expired: ["The payment expired.", "bad"],
    cancelled: ["The payment was cancelled.", "bad"],
  };
  const REFUND_DUE_TEXT = ["Refund due — do not hand over the goods.", "bad"];
  /** The next step when the server sent none (an older plugin). */
  const NEXT_STEP = {
    unpaid: "Let the customer scan the QR code and pay before the deadline.",
    processing: "Wait: the payment is not complete until MixPay confirms it, even after the countdown ends.",
    review: "Wait for MixPay's review; do not hand over the goods until it reports the payment paid.",
    underpaid: "Ask the customer to pay the rest with the same QR code before the deadline.",
    paid: "Hand over the goods.",
    failed: "Start a new payment if the customer still wants to pay.",
    expired: "Start a new payment if the customer still wants to pay.",
    cancelled: "Start a new payment if the customer still wants to pay.",
    refund:
      "Do not hand over the goods. MixPay holds this money and returns it on request: give the customer the trace id and ask them to contact MixPay support.",
  };
  const AFTER_DEADLINE = {
    processing:
      "MixPay's deadline has passed, but it can still confirm a payment it has seen: checking confirmations. Keep this screen open and do not take another payment.",
    underpaid:
      "MixPay's deadline has passed with part of the amount paid; the rest can no longer be paid with this QR code. Waiting for MixPay's final answer: if the sale fails, the money that arrived is owed back to the customer.",
    other:
      "MixPay's deadline has passed. Waiting for MixPay's final answer before this sale is closed; do not take another payment for it yet.",
  };

  /** The server's refund_due; an older plugin's answer is read from it (ended with money in it). */
  const isRefundDue = (p) =>
    typeof p.refund_due === "boolean" ? p.refund_due : ENDED.includes(p.status) && isPositive(p.paid_amount);
  const isEnded = (p) => ENDED.includes(p.status) || isRefundDue(p);
  /** MixPay's own deadline once it reported it, else the one the sale was created with. */
  const deadlineOf = (p) => p.expires_at || state.sale?.expiresAt || null;
  const deadlinePassed = (p) => {
    const end = deadlineOf(p) ? new Date(deadlineOf(p)).getTime() : Number.NaN;
    return Number.isFinite(end) && end <= Date.now();
  };
  /** waiting (QR + countdown) · attention (underpaid: QR kept; review) · expiring (deadline passed, not final) · ended · completing */
  function phaseOf(p) {
    if (p.status === "paid") return "completing";
    if (isEnded(p)) return "ended";
    if (p.status === "review") return "attention";
    if (deadlinePassed(p)) return "expiring";
    return p.status === "underpaid" ? "attention" : "waiting";
  }
  /** "Paid 10.00 USD of 12.50 USD, 2.50 USD still due" and "Paid 10.02 USDT of 12.525 USDT, 2.505 USDT still due". */
  function underpaidLines(p) {
    const code = p.currency_code;
    const share = p.sale_share;
    const sale =
      share && code && share.paid != null && share.due != null
        ? `Paid ${quoteText(share.paid, code)}${p.amount != null ? ` of ${quoteText(p.amount, code)}` : ""}, ${quoteText(share.due, code)} still due`
        : null;
    const crypto =
      p.paid_amount != null
        ? `Paid ${cryptoText(p.paid_amount, p.paid_symbol)}${p.payable_amount != null ? ` of ${cryptoText(p.payable_amount, p.paid_symbol)}` : ""}${p.shortfall_amount != null ? `, ${cryptoText(p.shortfall_amount, p.shortfall_symbol ?? p.paid_symbol)} still due` : ""}`
        : null;
    return { sale, crypto };
  }
  function moneyArrivedText(p) {
    if (!isRefundDue(p)) return "No money arrived for this payment.";
    return isPositive(p.paid_amount)
      ? `Received ${cryptoText(p.paid_amount, p.paid_symbol)}; it is owed back to the customer.`
      : "Money arrived for this payment; it is owed back to the customer.";
  }
  const confirmationsText = (p) =>
    p.status === "processing" && Number.isInteger(p.confirmations)
      ? `Confirming… ${p.confirmations} confirmation${p.confirmations === 1 ? "" : "s"}`
      : "";
  /** The countdown line: "Expires in m:ss" until MixPay's deadline; at zero what the status means, never "Expired". */
  function countdownText(p) {
    const end = new Date(deadlineOf(p)).getTime();
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    if (left > 0) return `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    if (p.status === "processing") return "Checking confirmations";
    return "Deadline passed — waiting for MixPay's final answer";
  }

  function showPayment(payment, mixpayError) {
    const sale = state.sale;
    state.payment = payment;
    const phase = phaseOf(payment);
    const refundDue = isRefundDue(payment);
    const [text, tone] = refundDue ? REFUND_DUE_TEXT : (STATUS_TEXT[payment.status] ?? [payment.status, ""]);
    // Shown while nothing (or too little) has been paid; never while MixPay confirms a payment it has seen.
    const showQr =
      (phase === "waiting" && payment.status !== "processing") ||
      (phase === "attention" && payment.status === "underpaid");
    const showCountdown = phase !== "ended" && phase !== "completing" && Boolean(deadlineOf(payment));
    const nextStep =
      phase === "expiring"
        ? (AFTER_DEADLINE[payment.status] ?? AFTER_DEADLINE.other)
        : payment.next_step || (refundDue ? NEXT_STEP.refund : (NEXT_STEP[payment.status] ?? ""));
    const lines = payment.status === "underpaid" && phase !== "ended" ? underpaidLines(payment) : null;
    $("overlay").innerHTML = `
      <div class="overlay"><div class="sheet" data-testid="payment-sheet" data-phase="${phase}" data-refund-due="${refundDue}">
        ${showQr ? `<div class="muted">Scan to pay with MixPay</div><div class="qr" data-testid="qr"></div>` : ""}
        <div class="big-amount" data-testid="payment-amount"></div>
        <div class="status ${tone}" data-testid="payment-status" data-status="${payment.status}"></div>
        ${lines?.sale ? `<div class="share" data-testid="payment-underpaid-sale"></div>` : ""}
        ${lines?.crypto ? `<div class="muted" data-testid="payment-underpaid-crypto"></div>` : ""}
        ${confirmationsText(payment) ? `<div class="share" data-testid="payment-confirmations"></div>` : ""}
        ${phase === "ended" ? `<div class="share" data-testid="payment-received"></div>` : ""}
        ${phase === "ended" && payment.reason ? `<div class="muted" data-testid="payment-reason"></div>` : ""}
        ${phase === "ended" ? `<div class="muted" data-testid="payment-trace"></div>` : ""}
        <div class="muted" data-testid="payment-detail"></div>
        ${showCountdown ? `<div class="countdown" data-testid="countdown"></div>` : ""}
        <div id="payment-warning"></div>
        ${showQr ? `<p class="muted">Customer's phone (sandbox): <a data-testid="pay-link" target="_blank" rel="noopener"></a></p>` : ""}
        <div class="no-print" style="display:flex;gap:8px;justify-content:center">
          <button class="btn" data-testid="cancel-sale">${phase === "ended" ? "New payment" : "Cancel"}</button>
        </div>
      </div></div>`;
    const sheet = $("overlay");
    const put = (testid, value) => {
      const el = sheet.querySelector(`[data-testid=${testid}]`);
      if (el) el.textContent = value;
    };
    if (showQr) sheet.querySelector(".qr").innerHTML = sale.qrSvg ?? "";
    put("payment-amount", sale.quote);
    put("payment-status", text);
    put("payment-underpaid-sale", lines?.sale ?? "");
    put("payment-underpaid-crypto", lines?.crypto ?? "");
    put("payment-confirmations", confirmationsText(payment));
    put("payment-received", moneyArrivedText(payment));
    put(
      "payment-reason",
      `${payment.reason ?? ""}${payment.failure_code ? ` (MixPay code ${payment.failure_code})` : ""}`,
    );
    put("payment-trace", `Trace id: ${payment.trace_id}`);
    put("payment-detail", nextStep);
    const link = sheet.querySelector("[data-testid=pay-link]");
    if (link) {
      link.href = sale.payUrl;
      link.textContent = "open the checkout page";
    }
    const warning = $("payment-warning");
    if (mixpayError) {
      warning.innerHTML = `<div class="banner warn" data-testid="mixpay-unreachable"></div>`;
      warning.firstChild.textContent = "MixPay is unreachable right now — still checking. The payment is not lost.";
    }
    sheet.querySelector("[data-testid=cancel-sale]").onclick = () => endSale({ keepTicket: true });
    tickCountdown();
  }

  /** Ticks the countdown to MixPay's deadline; none after an ended state (the element is not there). */
  function tickCountdown() {
    clearInterval(state.countdown);
    const el = document.querySelector("[data-testid=countdown]");
    if (!el || !state.payment) return;
    const update = () => {
      const text = countdownText(state.payment);
      el.textContent = text;
      // At zero, re-render once: the QR code goes and the screen says it waits for MixPay's final answer.
      if (!text.startsWith("Expires in")) {
        clearInterval(state.countdown);
        if (phaseOf(state.payment) === "expiring" && el.dataset.zero !== "1") {
          el.dataset.zero = "1";
          if (document.querySelector("[data-testid=qr]")) showPayment(state.payment);
        }
      }
    };
    update();
    state.countdown = setInterval(update, 1000);
  }

  function startPolling() {
    stopPolling();
    const tick = async () => {
      if (!state.sale?.traceId) return;
      if (document.hidden) return; // paused while the tab is hidden; visibilitychange re-checks
      try {
        const res = await call("GET", `/store/mixpay/payments/${state.sale.traceId}`);
        const payment = res.payment;
        if (payment.completed) return finishSale(payment);
        showPayment(payment, res.mixpay_error);
        // Paid keeps polling until its order exists; an ended payment (or another final one) stops.
        if (isEnded(payment) || (payment.final && payment.status !== "paid")) stopPolling();
      } catch (error) {
        const warning = $("payment-warning");
        if (warning) warning.innerHTML = `<div class="banner warn" data-testid="medusa-unreachable"></div>`;
        if (warning?.firstChild) warning.firstChild.textContent = `${error.message} — still trying.`;
      }
    };
    state.poll = setInterval(tick, POLL_MS);
    tick();
  }
  function stopPolling() {
    clearInterval(state.poll);
    state.poll = null;
  }
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.poll) startPolling();
  });

  async function finishSale(payment) {
    stopPolling();
    clearInterval(state.countdown);
    // The plugin already completed the cart; completing again is idempotent and returns the order.
    const done = await call("POST", `/store/carts/${state.sale.cartId}/complete`, {});
    const order = done.order;
    localStorage.removeItem(SALE_KEY);
    const lines = (order?.items ?? []).map(
      (i) => `${i.quantity} × ${i.title}  ${Number(i.total ?? i.unit_price * i.quantity).toFixed(2)}`,
    );
    $("overlay").innerHTML = `
      <div class="overlay"><div class="sheet" data-testid="receipt">
        <div class="status paid">Paid ✓</div>
        <div class="big-amount">Order #<span data-testid="order-number"></span></div>
        <div class="receipt"><pre data-testid="receipt-lines"></pre></div>
        <div class="muted" data-testid="receipt-paid"></div>
        <div class="no-print" style="display:flex;gap:8px;justify-content:center;margin-top:12px">
          <button class="btn" onclick="window.print()">Print receipt</button>
          <button class="btn primary" data-testid="new-sale">New sale</button>
        </div>
      </div></div>`;
    $("overlay").querySelector("[data-testid=order-number]").textContent = String(
      order?.display_id ?? payment.order_id,
    );
    $("overlay").querySelector("[data-testid=receipt-lines]").textContent =
      `${config.storeName}\n${new Date().toLocaleString()}\n\n${lines.join("\n")}\n\nTotal ${Number(order?.total ?? 0).toFixed(2)} ${String(order?.currency_code ?? "").toUpperCase()}`;
    $("overlay").querySelector("[data-testid=receipt-paid]").textContent =
      `Paid with MixPay: ${payment.paid_amount ?? ""} ${payment.paid_symbol ?? ""} · trace ${payment.trace_id}`;
    $("overlay").querySelector("[data-testid=new-sale]").onclick = () => endSale({ keepTicket: false });
  }

  function endSale({ keepTicket }) {
    stopPolling();
    clearInterval(state.countdown);
    localStorage.removeItem(SALE_KEY);
    state.sale = null;
    state.payment = null;
    if (!keepTicket) state.lines = [];
    $("overlay").innerHTML = "";
    renderTicket();
  }

  // ---- start ------------------------------------------------------------------------------------------------------
  function renderRegions() {
    const select = $("region");
    for (const region of config.regions) {
      const option = document.createElement("option");
      option.value = region.id;
      option.textContent = `${region.name} (${region.currency_code.toUpperCase()})`;
      select.append(option);
    }
    select.onchange = async () => {
      state.region = config.regions.find((r) => r.id === select.value);
      state.lines = [];
      renderTicket();
      await loadProducts();
    };
  }

  async function start() {
    renderRegions();
    renderKeypad();
    renderTicket();
    $("charge").onclick = () => charge();
    try {
      await loadProducts();
    } catch (error) {
      banner("error", `Could not load products: ${error.message}`);
    }
    // A reload in the middle of a payment resumes it.
    const open = localStorage.getItem(SALE_KEY);
    if (open) {
      state.sale = JSON.parse(open);
      state.lines = state.sale.lines ?? [];
      renderTicket();
      showPayment({ status: "unpaid" });
      startPolling();
    }
  }
  start();
})();
