/* The sandbox POS page: a thin DOM view over @mixpay-pos/sale-engine (served next to this file as
 * /pos/assets/sale-engine.js). The ticket (pos-ticket.js) and the payment (pos-sale.js) draw what the engine
 * decides; Medusa is reached through the store API with the publishable key (pos-api.js). */
import { storeApi } from "./pos-api.js";
import { createCancelledSales } from "./pos-cancelled.js";
import { manageDialog } from "./pos-dialog.js";
import { createSaleController } from "./pos-sale.js";
import { createTicket } from "./pos-ticket.js";

const config = JSON.parse(document.getElementById("pos-config").textContent);
const $ = (id) => document.getElementById(id);
const api = storeApi(config.publishableKey);

function banner(kind, text, action) {
  const el = $("banner");
  el.innerHTML = "";
  if (!text) return;
  const div = document.createElement("div");
  div.className = `banner ${kind}`;
  div.dataset.testid = `banner-${kind}`;
  if (kind === "error") div.setAttribute("role", "alert");
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

const ticket = createTicket({ region: config.regions[0] });
// The payment sheet is a modal dialog; closing it gives focus back to Charge (or the keypad when the ticket is empty).
manageDialog($("overlay"), () => ($("charge").disabled ? $("keypad").querySelector("button") : $("charge")));
const cancelled = createCancelledSales({ api });
const sales = createSaleController({ api, config, ticket, banner, cancelled });

async function loadProducts() {
  const params = new URLSearchParams({
    region_id: ticket.region.id,
    fields: "id,title,handle,*variants,*variants.calculated_price",
    limit: "50",
  });
  const { products } = await api.call("GET", `/store/products?${params}`);
  ticket.setProducts(products);
}

function renderRegions() {
  const select = $("region");
  for (const region of config.regions) {
    const option = document.createElement("option");
    option.value = region.id;
    option.textContent = `${region.name} (${region.currency_code.toUpperCase()})`;
    select.append(option);
  }
  select.onchange = async () => {
    ticket.setRegion(config.regions.find((r) => r.id === select.value));
    await loadProducts().catch((error) => banner("error", `Could not load products: ${error.message}`));
  };
}

async function start() {
  renderRegions();
  ticket.renderKeypad();
  ticket.render();
  $("charge").onclick = () => sales.charge();
  try {
    await loadProducts();
  } catch (error) {
    banner("error", `Could not load products: ${error.message}`);
  }
  sales.resume();
  cancelled.start();
}

start();
