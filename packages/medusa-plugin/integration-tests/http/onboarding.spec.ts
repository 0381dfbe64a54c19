import { createRegionsWorkflow } from "@medusajs/medusa/core-flows";
import { ASSET_IDS } from "@mixpay-pos/core";
import { DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import { expectMixpayDown, ledger, mixpayIntegrationSuite, mixpayService, PROVIDER_ID, waitFor } from "../helpers";

jest.setTimeout(120_000);

const BOB = "9c4e2a7b-3d1f-4b8a-8e6c-5a2d7f9b1c3e"; // approved for fiat settlement in the simulator

/**
 * The setup wizard's routes, from empty settings to a paid test payment: the payee lookup, saving (an unknown
 * payee is refused and nothing is half-saved), each region's quote, and a small test sale that arrives.
 */
mixpayIntegrationSuite({ configure: false }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };
  const admin = () => ({ ...ctx.shop.adminHeaders, ...noThrow });
  const apiBase = () => `${ctx.simulator.url}/v1`;
  const lookup = (ref: string) =>
    api.get(`/admin/mixpay/payees/${encodeURIComponent(ref)}`, { ...admin(), params: { api_base_url: apiBase() } });

  it("a Mixin ID or UUID is resolved with its kind and what MixPay settles into for it", async () => {
    const demo = await lookup("7000104111");
    expect(demo.status).toBe(200);
    expect(demo.data.payee).toEqual({ payee_id: DEMO_PAYEE_ID, from: "mixin-id", mixin_id: "7000104111", kind: "bot" });
    expect(demo.data.fiat_available).toBe(false);
    const usdt = demo.data.settlement.find((a: { assetId: string }) => a.assetId === ASSET_IDS.USDT_ERC20);
    expect(usdt).toMatchObject({ symbol: "USDT", isAsset: true });

    const byUuid = await lookup(DEMO_PAYEE_ID.toUpperCase());
    expect(byUuid.data.payee).toEqual({ payee_id: DEMO_PAYEE_ID, from: "uuid", mixin_id: null, kind: "unknown" });

    // Fiat settlement is listed only for a payee MixPay approved for it.
    const bob = await lookup("31293745");
    expect(bob.data).toMatchObject({ payee: { payee_id: BOB, kind: "user" }, fiat_available: true });
    expect(bob.data.settlement.filter((a: { isAsset: boolean }) => a.isAsset === false)).toEqual([
      expect.objectContaining({ symbol: "USD", isAsset: false }),
    ]);
  });

  it("unknown, malformed and unreachable lookups are clear errors", async () => {
    const unknownId = await lookup("12345678");
    expect(unknownId.status).toBe(404);
    expect(unknownId.data.message).toMatch(/MixPay has no user with Mixin ID 12345678/);
    const unknownUuid = await lookup("0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de");
    expect(unknownUuid.status).toBe(404);
    expect(unknownUuid.data.message).toMatch(/does not know the payee/);
    for (const bad of ["abc", "123", "7000104111; drop table mixpay_setting", "<script>", "\u0000"]) {
      const res = await lookup(bad);
      expect(res.status).toBe(400);
      expect(res.data.errors).toEqual([{ field: "payee", message: expect.stringMatching(/Mixin ID/) }]);
    }
    const badBase = await api.get("/admin/mixpay/payees/7000104111", {
      ...admin(),
      params: { api_base_url: "ftp://x" },
    });
    expect(badBase.status).toBe(400);
    expect(badBase.data.errors).toEqual([{ field: "api_base_url", message: "must be an http(s) URL" }]);

    ctx.simulator.simulator.setFaults({ down: true });
    const down = await lookup("7000104111");
    ctx.simulator.simulator.setFaults({ down: false });
    expectMixpayDown(down);
    expect(down.data.message).toMatch(/MixPay could not be asked/);
    expect((await api.get("/admin/mixpay/payees/7000104111", noThrow)).status).toBe(401);
  });

  it("saving an unknown payee is refused with a clear message and nothing is half-saved", async () => {
    const settings = {
      payee_id: "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de",
      settlement_asset_id: ASSET_IDS.USDT_ERC20,
      api_base_url: apiBase(),
    };
    const refused = await api.post("/admin/mixpay/settings", settings, admin());
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual([
      { field: "payee_id", message: expect.stringMatching(/does not know the payee/) },
    ]);
    expect((await api.get("/admin/mixpay/settings", admin())).data.settings).toBeNull();

    // Fiat settlement is accepted for the payee MixPay approved it for, and refused for another.
    const fiat = (await lookup("31293745")).data.settlement.find(
      (a: { isAsset: boolean }) => a.isAsset === false,
    ).assetId;
    const notApproved = await api.post(
      "/admin/mixpay/settings",
      { ...settings, payee_id: DEMO_PAYEE_ID, settlement_asset_id: fiat },
      admin(),
    );
    expect(notApproved.status).toBe(400);
    expect(notApproved.data.errors[0].field).toBe("settlement_asset_id");
    expect((await api.get("/admin/mixpay/settings", admin())).data.settings).toBeNull();
    const approved = await api.post(
      "/admin/mixpay/settings",
      { ...settings, payee_id: BOB, settlement_asset_id: fiat },
      admin(),
    );
    expect(approved.status).toBe(200);
    expect(approved.data.settings).toMatchObject({ payee_id: BOB, settlement_asset_id: fiat });

    // MixPay unreachable: the payee cannot be checked, so nothing changes and the reason is given.
    ctx.simulator.simulator.setFaults({ down: true });
    const down = await api.post("/admin/mixpay/settings", { ...settings, payee_id: DEMO_PAYEE_ID }, admin());
    ctx.simulator.simulator.setFaults({ down: false });
    expectMixpayDown(down);
    expect(down.data.message).toMatch(/Not saved: MixPay could not be asked/);
    expect((await api.get("/admin/mixpay/settings", admin())).data.settings).toMatchObject({ payee_id: BOB });
  });

  it("each region's quote: its own currency when MixPay quotes it, else the fallback, else refused", async () => {
    await createRegionsWorkflow(getContainer()).run({
      input: {
        regions: [
          { name: "Europe", currency_code: "eur", countries: ["de"] },
          { name: "United Kingdom", currency_code: "gbp", countries: ["gb"], payment_providers: [PROVIDER_ID] },
        ],
      },
    });
    const regions = async (params: Record<string, string>) =>
      (await api.get("/admin/mixpay/regions", { ...admin(), params: { api_base_url: apiBase(), ...params } })).data;

    const plain = await regions({});
    expect(plain.quoted_fiats).toEqual(expect.arrayContaining(["USD", "EUR"]));
    expect(plain.regions).toEqual([
      expect.objectContaining({
        name: "Europe",
        currency_code: "eur",
        mixpay_enabled: false,
        quote: { asset_id: "eur", symbol: "EUR", direct: true },
      }),
      expect.objectContaining({
        name: "Till",
        currency_code: "usd",
        mixpay_enabled: true,
        quote: { asset_id: "usd", symbol: "USD", direct: true },
      }),
      expect.objectContaining({ name: "United Kingdom", currency_code: "gbp", mixpay_enabled: true, quote: null }),
    ]);
    const withFallback = await regions({ quote_asset_id: "USD" });
    expect(withFallback.regions[2].quote).toEqual({ asset_id: "usd", symbol: "USD", direct: false });
    const bad = await api.get("/admin/mixpay/regions", { ...admin(), params: { quote_asset_id: "<b>" } });
    expect(bad.status).toBe(400);
  });

  it("the test payment: a small sale in a MixPay region is paid and arrives as exactly one order", async () => {
    const saved = await api.post(
      "/admin/mixpay/settings",
      {
        payee_id: DEMO_PAYEE_ID,
        settlement_asset_id: ASSET_IDS.USDT_ERC20,
        public_base_url: api.defaults.baseURL,
        api_base_url: apiBase(),
        checkout_base_url: ctx.simulator.url,
      },
      admin(),
    );
    expect(saved.status).toBe(200);
    const created = await api.post(
      "/admin/mixpay/terminal/sales",
      { amount: "1", currency_code: "usd", region_id: ctx.shop.regionId, title: "MixPay test payment" },
      admin(),
    );
    expect(created.status).toBe(200);
    const { trace_id: traceId, pay_url: payUrl, quote_amount: quoteAmount } = created.data.sale;
    expect(quoteAmount).toBe("1");
    expect(payUrl.startsWith(ctx.simulator.url)).toBe(true);

    ctx.simulator.simulator.act(traceId, { action: "pay" });
    const sale = await waitFor(
      async () => {
        const res = await api.get(`/admin/mixpay/terminal/sales/${traceId}`, admin());
        return res.data.sale.completed ? res.data.sale : null;
      },
      20_000,
      "the test payment to arrive",
    );
    expect(sale).toMatchObject({ status: "paid", completed: true });
    const record = await mixpayService(getContainer()).retrievePaymentByTrace(traceId);
    const books = await ledger(getContainer(), sale.cart_id, record?.payment_session_id ?? "");
    expect(books.orders.map((o: { order_id: string }) => o.order_id)).toEqual([sale.order_id]);
    expect(books.captures).toHaveLength(1);
  });
});
