import { ASSET_IDS } from "@mixpay-pos/core";
import { DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import { PostgresRateLimitStore } from "../../src/lib/postgres-rate-limit-store";
import { manualRefundsOf } from "../../src/modules/mixpay/service";
import { REFUND_NOTICE } from "../../src/providers/mixpay/service";
import { configureMixpay, ledger, mixpayIntegrationSuite, mixpayService, sleep, startSale, waitFor } from "../helpers";

jest.setTimeout(120_000);

/** Settings, the admin's payment views and actions, manual refunds, and the store status route's MixPay budget. */
mixpayIntegrationSuite({ configure: false }, (ctx) => {
  const { api, getContainer, dbConnection } = ctx;
  const noThrow = { validateStatus: () => true };

  it("settings: saved and read back; bad input is a 400 naming the field and saves nothing", async () => {
    expect((await api.get("/admin/mixpay/settings", noThrow)).status).toBe(401);
    expect((await api.get("/admin/mixpay/settings", ctx.shop.adminHeaders)).data).toEqual({
      settings: null,
      callback_url: null,
    });

    const saved = await configureMixpay(api, ctx.shop, ctx.simulator, { payee_id: DEMO_PAYEE_ID.toUpperCase() });
    expect(saved.settings).toMatchObject({
      payee_id: DEMO_PAYEE_ID,
      settlement_asset_id: ASSET_IDS.USDT_ERC20,
      enabled: true,
    });
    expect(saved.callback_url).toBe(`${api.defaults.baseURL}/hooks/mixpay`);

    const post = (body: Record<string, unknown>) =>
      api.post("/admin/mixpay/settings", body, { ...ctx.shop.adminHeaders, ...noThrow });
    const valid = { payee_id: DEMO_PAYEE_ID, settlement_asset_id: ASSET_IDS.USDT_ERC20 };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...valid, payee_id: "not-a-uuid" }, /^payee_id: must be a MixPay payee UUID/],
      [{ ...valid, payee_id: "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de" }, /^payee_id: MixPay does not know the payee/],
      [
        { ...valid, settlement_asset_id: "3596ab64-a575-39ad-964e-43b37f44e8cb" },
        /settlement_asset_id: MixPay does not settle in/,
      ],
      [{ ...valid, quote_asset_id: "xyz" }, /quote_asset_id: MixPay does not quote in xyz/],
      [{ ...valid, quote_asset_id: "not a code" }, /^quote_asset_id: must be a fiat code/],
      [{ ...valid, expiry_minutes: 0 }, /^expiry_minutes: /],
      [{ ...valid, public_base_url: "ftp://shop" }, /^public_base_url: must be an http\(s\) URL/],
      // MixPay refuses an http callback URL (10061); only hosts in allowHttpCallbackHosts (localhost here) may use it.
      [
        { ...valid, public_base_url: "http://shop.example.com" },
        /^public_base_url: MixPay calls back over HTTPS only: use an https:\/\/ URL/,
      ],
      [{ ...valid, surprise: true }, /^surprise: unknown field/],
      [{ settlement_asset_id: "x" }, /^payee_id: .*; settlement_asset_id: must be a settlement asset UUID/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect({ status: res.status, message: res.data.message }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
      // The fields travel as a list; the message only repeats them for people.
      const listed = (res.data.errors as { field: string; message: string }[]).map((e) => `${e.field}: ${e.message}`);
      expect(listed.join("; ")).toMatch(message);
    }
    const after = await api.get("/admin/mixpay/settings", ctx.shop.adminHeaders);
    expect(after.data.settings).toEqual(saved.settings);
  });

  it("asset lists for the pickers come from MixPay and are cached", async () => {
    await configureMixpay(api, ctx.shop, ctx.simulator);
    const first = await api.get("/admin/mixpay/assets", ctx.shop.adminHeaders);
    expect(first.data.settlement.map((a: { assetId: string }) => a.assetId)).toContain(ASSET_IDS.USDT_ERC20);
    expect(first.data.quote.map((a: { assetId: string }) => a.assetId)).toContain("usd");
    const second = await api.get("/admin/mixpay/assets", ctx.shop.adminHeaders);
    expect(second.data.fetched_at).toBe(first.data.fetched_at);
    const refreshed = await api.get("/admin/mixpay/assets?refresh=true", ctx.shop.adminHeaders);
    expect(refreshed.data.fetched_at).not.toBe(first.data.fetched_at);
  });

  it("payments list (filter by status), one payment with its history, and re-check now", async () => {
    const container = getContainer();
    await configureMixpay(api, ctx.shop, ctx.simulator);
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const a = await startSale(container, api, ctx.shop, 5);
    const b = await startSale(container, api, ctx.shop, 7);
    ctx.simulator.simulator.act(a.traceId, { action: "pay" });

    const recheck = await api.post(`/admin/mixpay/payments/${a.traceId}/recheck`, {}, ctx.shop.adminHeaders);
    expect(recheck.data.payment).toMatchObject({ status: "paid", completed: true });
    expect(recheck.data.completion).toMatchObject({ outcome: "completed" });
    const books = await ledger(container, a.cartId, a.sessionId);
    expect(recheck.data.payment.order_id).toBe(books.orders[0].order_id);

    const paid = await api.get("/admin/mixpay/payments?status=paid", ctx.shop.adminHeaders);
    expect(paid.data.payments.map((p: { trace_id: string }) => p.trace_id)).toEqual([a.traceId]);
    const open = await api.get("/admin/mixpay/payments?status=unpaid,processing", ctx.shop.adminHeaders);
    expect(open.data.payments.map((p: { trace_id: string }) => p.trace_id)).toEqual([b.traceId]);
    const all = await api.get("/admin/mixpay/payments", ctx.shop.adminHeaders);
    expect(all.data.count).toBe(2);

    const one = await api.get(`/admin/mixpay/payments/${a.traceId}`, ctx.shop.adminHeaders);
    expect(one.data.payment.status_history.map((h: { status: string }) => h.status)).toEqual(["unpaid", "paid"]);
    expect(one.data.payment).toMatchObject({
      quote_amount: "10",
      paid_symbol: expect.any(String),
      txid: expect.any(String),
    });
    expect(
      (
        await api.get("/admin/mixpay/payments/00000000-0000-0000-0000-000000000000", {
          ...ctx.shop.adminHeaders,
          ...noThrow,
        })
      ).status,
    ).toBe(404);
  });

  it("refunds are recorded as manual — no money moves — and take the transaction hash from the admin", async () => {
    const container = getContainer();
    await configureMixpay(api, ctx.shop, ctx.simulator);
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    await waitFor(async () => (await mixpayService(container).retrievePaymentByTrace(sale.traceId))?.completed_at);
    const [payment] = (await ledger(container, sale.cartId, sale.sessionId)).payments;

    await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, ctx.shop.adminHeaders);
    const [refunded] = await container.resolve("payment").listPayments({ id: payment.id }, { select: ["id", "data"] });
    expect(refunded.data).toMatchObject({ refund_notice: REFUND_NOTICE });
    const recorded = await mixpayService(container).retrievePaymentByTrace(sale.traceId);
    const refunds = manualRefundsOf(recorded!);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: "5", reference: null, refund_id: expect.stringMatching(/^ref_/) });

    const proof = await api.post(
      `/admin/mixpay/payments/${sale.traceId}/refunds`,
      { refund_id: refunds[0].refund_id, reference: "0xabc123" },
      ctx.shop.adminHeaders,
    );
    expect(proof.data.manual_refunds).toEqual([expect.objectContaining({ amount: "5", reference: "0xabc123" })]);
    const missing = await api.post(
      `/admin/mixpay/payments/${sale.traceId}/refunds`,
      { reference: "0xdef" },
      { ...ctx.shop.adminHeaders, ...noThrow },
    );
    expect(missing.status).toBe(400);
    expect(missing.data).toMatchObject({
      type: "invalid_data",
      errors: [{ field: "amount", message: expect.stringMatching(/^required/) }],
    });
  });

  it("fifty POS screens polling one sale cost MixPay one request per window, and none while a callback is due", async () => {
    const container = getContainer();
    await configureMixpay(api, ctx.shop, ctx.simulator);
    const sale = await startSale(container, api, ctx.shop);
    let resultQueries = 0;
    const handle = ctx.simulator.simulator.handle;
    ctx.simulator.simulator.handle = (request, meta) => {
      if (new URL(request.url).pathname === "/v1/payments_result") resultQueries++;
      return handle(request, meta);
    };
    const fiftyScreens = async () => {
      const screens = await Promise.all(
        Array.from({ length: 50 }, () => api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders)),
      );
      for (const s of screens) expect(s.data.payment).toMatchObject({ trace_id: sale.traceId, status: "unpaid" });
    };
    try {
      // Callbacks configured and the payment young: the callback brings the news, screens do not ask MixPay.
      await fiftyScreens();
      expect(resultQueries).toBe(0);
      // Without callbacks, once the record is older than statusMaxAgeMs (2 s here): one request for all fifty.
      await configureMixpay(api, ctx.shop, ctx.simulator, { public_base_url: null });
      await sleep(2_100);
      await fiftyScreens();
      expect(resultQueries).toBe(1);
      await fiftyScreens();
      expect(resultQueries).toBe(1);
    } finally {
      ctx.simulator.simulator.handle = handle;
    }
    const unknown = await api.get("/store/mixpay/payments/00000000-0000-0000-0000-000000000000", {
      ...ctx.shop.storeHeaders,
      ...noThrow,
    });
    expect(unknown.status).toBe(404);
  });

  it("the PostgreSQL rate budget is shared: two servers racing never exceed it, and a 1429 block holds for both", async () => {
    const serverA = new PostgresRateLimitStore(dbConnection);
    const serverB = new PostgresRateLimitStore(dbConnection);
    const now = Date.now();
    const takes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? serverA : serverB).take("budget-test", 10, 60_000, now + i)),
    );
    expect(takes.filter((t) => t.granted)).toHaveLength(10);
    const refused = takes.filter((t) => !t.granted);
    expect(refused).toHaveLength(14);
    for (const t of refused) expect(t.waitMs).toBeGreaterThan(0);
    // After the window the budget is back.
    expect((await serverA.take("budget-test", 10, 60_000, now + 60_100)).granted).toBe(true);

    await serverA.blockUntil("blocked", now + 30_000);
    const blocked = await serverB.take("blocked", 10, 60_000, now + 1_000);
    expect(blocked).toEqual({ granted: false, waitMs: 29_000, remaining: 0 });
    expect((await serverB.take("blocked", 10, 60_000, now + 30_001)).granted).toBe(true);
  });
});
