import { Modules } from "@medusajs/framework/utils";
import { createCartWorkflow, createRegionsWorkflow } from "@medusajs/medusa/core-flows";
import { ASSET_IDS } from "@mixpay-pos/core";
import { DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import {
  configureMixpay,
  expectMixpayDown,
  ledger,
  mixpayIntegrationSuite,
  mixpayService,
  PROVIDER_ID,
  waitFor,
} from "../helpers";

jest.setTimeout(120_000);

interface Sale {
  trace_id: string;
  status: string;
  completed: boolean;
  cart_id: string | null;
  order_id: string | null;
  order_display_id: number | null;
  amount: string;
  quote_amount: string;
  currency_code: string;
  qr_svg: string | null;
  pay_url: string;
  expires_at: string;
}

/** The admin's cashier terminal: config, sales from an amount or an open cart, live status, and "test connection". */
mixpayIntegrationSuite({ configure: false }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };
  const admin = () => ({ ...ctx.shop.adminHeaders, ...noThrow });

  async function pollSale(traceId: string, until: (s: Sale) => boolean): Promise<Sale> {
    return waitFor(
      async () => {
        const res = await api.get(`/admin/mixpay/terminal/sales/${traceId}`, ctx.shop.adminHeaders);
        const sale: Sale = res.data.sale;
        return until(sale) ? sale : null;
      },
      20_000,
      `sale ${traceId}`,
    );
  }

  it("terminal config says what is missing until MixPay can sell", async () => {
    const before = await api.get("/admin/mixpay/terminal", ctx.shop.adminHeaders);
    expect(before.data).toMatchObject({ ready: false, problem: expect.stringMatching(/not configured/) });
    await configureMixpay(api, ctx.shop, ctx.simulator);
    const after = await api.get("/admin/mixpay/terminal", ctx.shop.adminHeaders);
    expect(after.data).toEqual({
      ready: true,
      problem: null,
      regions: [{ id: ctx.shop.regionId, name: "Till", currency_code: "usd" }],
      default_region_id: null,
    });
    expect((await api.get("/admin/mixpay/terminal", noThrow)).status).toBe(401);

    // The store's default region is where the terminal opens, when it offers MixPay.
    const stores = getContainer().resolve(Modules.STORE);
    const [store] = await stores.listStores();
    await stores.updateStores(store.id, { default_region_id: ctx.shop.regionId });
    const withDefault = await api.get("/admin/mixpay/terminal", ctx.shop.adminHeaders);
    expect(withDefault.data.default_region_id).toBe(ctx.shop.regionId);
  });

  it("a keypad amount becomes a cart, a MixPay payment with its QR code, and — once paid — exactly one order", async () => {
    const container = getContainer();
    await configureMixpay(api, ctx.shop, ctx.simulator, { public_base_url: null }); // no callbacks: polling completes it
    const res = await api.post(
      "/admin/mixpay/terminal/sales",
      { amount: "12.50", currency_code: "USD" },
      ctx.shop.adminHeaders,
    );
    const sale: Sale = res.data.sale;
    expect(sale).toMatchObject({
      status: "unpaid",
      completed: false,
      amount: "12.5",
      quote_amount: "12.5",
      currency_code: "usd",
      cart_id: expect.stringMatching(/^cart_/),
      pay_url: expect.stringContaining(ctx.simulator.url),
    });
    expect(sale.qr_svg).toMatch(/^<svg/);
    expect(Date.parse(sale.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000);

    // The typed amount is what the customer is asked, taxes included.
    const query = container.resolve("query");
    const { data: carts } = await query.graph({
      entity: "cart",
      fields: ["id", "total", "metadata", "items.title", "items.requires_shipping"],
      filters: { id: sale.cart_id as string },
    });
    expect(Number(carts[0]?.total)).toBe(12.5);
    expect(carts[0]?.items?.[0]).toMatchObject({ title: "Sale", requires_shipping: false });

    // Polls are small; the QR code comes back on request (a terminal resumed after a reload).
    const polled = await api.get(`/admin/mixpay/terminal/sales/${sale.trace_id}`, ctx.shop.adminHeaders);
    expect(polled.data.sale.qr_svg).toBeNull();
    const resumed = await api.get(`/admin/mixpay/terminal/sales/${sale.trace_id}?qr=true`, ctx.shop.adminHeaders);
    expect(resumed.data.sale.qr_svg).toMatch(/^<svg/);

    ctx.simulator.simulator.act(sale.trace_id, { action: "pay" });
    const done = await pollSale(sale.trace_id, (s) => s.completed);
    expect(done).toMatchObject({ status: "paid", order_id: expect.stringMatching(/^order_/) });
    expect(done.order_display_id).toEqual(expect.any(Number));
    const record = await mixpayService(container).retrievePaymentByTrace(sale.trace_id);
    const books = await ledger(container, sale.cart_id as string, record?.payment_session_id as string);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
    expect(books.orders[0]?.order_id).toBe(done.order_id);

    // The order page widget finds the payment by its order.
    const byOrder = await api.get(`/admin/mixpay/payments?order_id=${done.order_id}`, ctx.shop.adminHeaders);
    expect(byOrder.data.payments.map((p: { trace_id: string }) => p.trace_id)).toEqual([sale.trace_id]);
    const other = await api.get("/admin/mixpay/payments?order_id=order_none", ctx.shop.adminHeaders);
    expect(other.data.payments).toEqual([]);
  });

  it("refuses bad sales with the field named, and leaves no cart behind when MixPay is down", async () => {
    await configureMixpay(api, ctx.shop, ctx.simulator);
    const post = (body: Record<string, unknown>) => api.post("/admin/mixpay/terminal/sales", body, admin());
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amount: "12.505", currency_code: "usd" }, 400, "amount"],
      [{ amount: "0.00", currency_code: "usd" }, 400, "amount"],
      [{ amount: 12.5, currency_code: "usd" }, 400, "amount"],
      [{ amount: "1e3", currency_code: "usd" }, 400, "amount"],
      [{ amount: "12.50" }, 400, "currency_code"],
      [{ amount: "12.50", currency_code: "eur" }, 400, "currency_code"],
      [{ amount: "12.50", currency_code: "usd", region_id: "reg_nope" }, 400, "region_id"],
      [{ cart_id: "cart_1", amount: "1" }, 400, "amount"],
      [{ cart_id: "cart_nope" }, 404, "cart_id"],
      [{}, 400, "amount"],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect({ body, status: res.status, field: res.data.errors?.[0]?.field }).toEqual({ body, status, field });
      expect(res.data.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(/\S/) }]));
    }

    ctx.simulator.simulator.setFaults({ down: true });
    const down = await post({ amount: "5", currency_code: "usd" });
    ctx.simulator.simulator.setFaults({ down: false });
    expectMixpayDown(down);
    expect(down.data.message).toMatch(/MixPay could not create the payment/);
    const query = getContainer().resolve("query");
    const { data: carts } = await query.graph({ entity: "cart", fields: ["id"], filters: {} });
    expect(carts).toEqual([]);

    // The compensation deletes only a cart the sale made: a customer's open cart stays.
    const { result: open } = await createCartWorkflow(getContainer()).run({
      input: {
        region_id: ctx.shop.regionId,
        sales_channel_id: ctx.shop.salesChannelId,
        currency_code: "usd",
        items: [{ title: "Flat white", quantity: 1, unit_price: 4, requires_shipping: false }],
      },
    });
    ctx.simulator.simulator.setFaults({ down: true });
    const openDown = await post({ cart_id: open.id });
    ctx.simulator.simulator.setFaults({ down: false });
    expectMixpayDown(openDown);
    const { data: kept } = await query.graph({ entity: "cart", fields: ["id", "deleted_at"], filters: {} });
    expect(kept).toEqual([{ id: open.id, deleted_at: null }]);
  });

  it("an open cart can be charged from the picker; an expired sale is tried again on the same cart", async () => {
    const container = getContainer();
    await configureMixpay(api, ctx.shop, ctx.simulator);
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: ctx.shop.regionId,
        sales_channel_id: ctx.shop.salesChannelId,
        email: "walk-in@mixpay.test",
        currency_code: "usd",
        items: [{ title: "Flat white", quantity: 2, unit_price: 12.5, requires_shipping: false }],
      },
    });
    // A cart in a region without MixPay, an empty cart and a terminal's own cart are not offered.
    const {
      result: [other],
    } = await createRegionsWorkflow(container).run({
      input: { regions: [{ name: "Elsewhere", currency_code: "eur", countries: ["de"] }] },
    });
    await createCartWorkflow(container).run({
      input: { region_id: other.id, currency_code: "eur", items: [{ title: "x", quantity: 1, unit_price: 3 }] },
    });
    await createCartWorkflow(container).run({ input: { region_id: ctx.shop.regionId, currency_code: "usd" } });
    await api.post("/admin/mixpay/terminal/sales", { amount: "3", currency_code: "usd" }, ctx.shop.adminHeaders);

    const listed = await api.get("/admin/mixpay/terminal/carts", ctx.shop.adminHeaders);
    expect(listed.data.carts).toEqual([
      {
        id: cart.id,
        email: "walk-in@mixpay.test",
        currency_code: "usd",
        region_id: ctx.shop.regionId,
        total: "25",
        item_count: 1,
        created_at: expect.any(String),
      },
    ]);

    const first: Sale = (await api.post("/admin/mixpay/terminal/sales", { cart_id: cart.id }, ctx.shop.adminHeaders))
      .data.sale;
    expect(first).toMatchObject({ amount: "25", cart_id: cart.id, status: "unpaid" });
    ctx.simulator.simulator.act(first.trace_id, { action: "expire" });
    await pollSale(first.trace_id, (s) => s.status === "expired");

    const again: Sale = (await api.post("/admin/mixpay/terminal/sales", { cart_id: cart.id }, ctx.shop.adminHeaders))
      .data.sale;
    expect(again.trace_id).not.toBe(first.trace_id);
    expect((await mixpayService(container).retrievePaymentByTrace(first.trace_id))?.abandoned_at).toBeTruthy();
    ctx.simulator.simulator.act(again.trace_id, { action: "pay" });
    const done = await pollSale(again.trace_id, (s) => s.completed);
    expect(done.order_id).toMatch(/^order_/);
    const after = await api.get("/admin/mixpay/terminal/carts", ctx.shop.adminHeaders);
    expect(after.data.carts).toEqual([]);
    const completedAgain = await api.post("/admin/mixpay/terminal/sales", { cart_id: cart.id }, admin());
    expect(completedAgain.status).toBe(400);
    expect(completedAgain.data).toMatchObject({
      type: "not_allowed",
      errors: [{ field: "cart_id", message: expect.stringMatching(/is completed$/) }],
    });
  });

  it("the asset lists can come from an API base typed in the form before it is saved", async () => {
    const res = await api.get(
      `/admin/mixpay/assets?api_base_url=${encodeURIComponent(`${ctx.simulator.url}/v1/`)}`,
      ctx.shop.adminHeaders,
    );
    expect(res.data.settlement.map((a: { assetId: string }) => a.assetId)).toContain(ASSET_IDS.USDT_ERC20);
    const bad = await api.get("/admin/mixpay/assets?api_base_url=ftp://x", admin());
    expect(bad.status).toBe(400);
  });

  it("every route that asks MixPay answers 503 with Retry-After when MixPay cannot be reached", async () => {
    await configureMixpay(api, ctx.shop, ctx.simulator);
    ctx.simulator.simulator.setFaults({ down: true });
    const assets = await api.get("/admin/mixpay/assets?refresh=true", admin());
    const payee = await api.get("/admin/mixpay/payees/7000104111", admin());
    // The regions step reads the asset lists through their 10-minute cache: an API base not asked before is a cold one.
    const regions = await api.get("/admin/mixpay/regions", {
      ...admin(),
      params: { api_base_url: `${ctx.simulator.url}/v1/cold` },
    });
    const save = await api.post(
      "/admin/mixpay/settings",
      { payee_id: DEMO_PAYEE_ID, settlement_asset_id: ASSET_IDS.USDT_ERC20, api_base_url: `${ctx.simulator.url}/v1` },
      admin(),
    );
    const sale = await api.post("/admin/mixpay/terminal/sales", { amount: "5", currency_code: "usd" }, admin());
    ctx.simulator.simulator.setFaults({ down: false });
    for (const res of [assets, payee, regions, save, sale]) expectMixpayDown(res);
    expect(assets.data.message).toMatch(/^MixPay's asset lists could not be loaded: /);
    expect(regions.data.message).toMatch(/^MixPay's quote list could not be loaded: /);
  });

  it("test connection reports what MixPay (the simulator) says about the typed settings", async () => {
    const apiBase = `${ctx.simulator.url}/v1`;
    const test = (body: Record<string, unknown>) => api.post("/admin/mixpay/settings/check", body, admin());

    const good = await test({
      api_base_url: apiBase,
      payee_id: DEMO_PAYEE_ID,
      settlement_asset_id: ASSET_IDS.USDT_ERC20,
      quote_asset_id: "usd",
    });
    expect(good.status).toBe(200);
    expect(good.data).toMatchObject({
      ok: true,
      api_base_url: apiBase,
      settlement_assets: expect.any(Number),
      quote_assets: expect.any(Number),
      payee: { id: DEMO_PAYEE_ID, known: true },
      settlement_asset: { id: ASSET_IDS.USDT_ERC20, listed: true, symbol: "USDT" },
      quote_asset: { id: "usd", listed: true },
      error: null,
    });
    expect(good.data.settlement_assets).toBeGreaterThan(0);

    const strangers = await test({
      api_base_url: apiBase,
      payee_id: "00000000-0000-4000-8000-000000000000",
      settlement_asset_id: "3596ab64-a575-39ad-964e-43b37f44e8cb",
    });
    expect(strangers.data).toMatchObject({
      ok: false,
      payee: { known: false, message: expect.stringMatching(/MixPay does not know the payee/) },
      settlement_asset: { listed: false },
    });

    ctx.simulator.simulator.setFaults({ down: true });
    const down = await test({ api_base_url: apiBase });
    ctx.simulator.simulator.setFaults({ down: false });
    expect(down.data).toMatchObject({
      ok: false,
      settlement_assets: null,
      error: expect.stringMatching(/could not be reached/),
    });

    const bad = await test({ payee_id: "7000104111" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual([{ field: "payee_id", message: expect.stringMatching(/payee UUID/) }]);
    // Nothing was saved.
    expect((await api.get("/admin/mixpay/settings", ctx.shop.adminHeaders)).data.settings).toBeNull();
    expect(PROVIDER_ID).toBe("pp_mixpay_mixpay");
  });
});
