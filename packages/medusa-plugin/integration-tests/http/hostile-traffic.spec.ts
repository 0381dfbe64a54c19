import { randomUUID } from "node:crypto";
import { reconcileMixpayPayments } from "../../src/lib/reconcile";
import { expectMixpayDown, ledger, mixpayIntegrationSuite, mixpayService, sleep, startSale, waitFor } from "../helpers";

jest.setTimeout(120_000);

/**
 * What a stranger with only the publishable key can make the shop do. MixPay allows 60 requests a minute for the
 * whole shop and its callbacks are unsigned: forged callbacks, status polls, storefront complete calls and Medusa's
 * generic webhook must cost at most one MixPay request per trace per window (lib/check-rule.ts; this test app's
 * window is `callbackGraceMs` = 10 s), nothing for a final payment or an unknown trace, and never a checkout.
 */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };
  const sim = () => ctx.simulator.simulator;
  const record = (traceId: string) => mixpayService(getContainer()).retrievePaymentByTrace(traceId);
  /** MixPay requests about this trace since `sinceMs`, from the simulator's own request record. */
  const asked = (traceId: string, sinceMs: number) =>
    sim()
      .requests(sinceMs)
      .filter((r) => r.traceId === traceId);
  const forgeCallback = (traceId: string, extra: Record<string, unknown> = {}) =>
    api.post("/hooks/mixpay", { traceId, orderId: "", payeeId: "", ...extra }, noThrow);

  it("the public status route carries only what a screen needs: no order, cart, session or customer", async () => {
    const sale = await startSale(getContainer(), api, ctx.shop);
    sim().act(sale.traceId, { action: "pay" });
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 15_000, "completion");
    const res = await api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders);
    expect(Object.keys(res.data.payment).sort()).toEqual(
      [
        "amount",
        "cancelled",
        "completed",
        "confirmations",
        "currency_code",
        "expires_at",
        "failure_code",
        "final",
        "last_checked_at",
        "next_step",
        "paid_amount",
        "paid_symbol",
        "payable_amount",
        "pay_url",
        "quote_amount",
        "quote_asset_id",
        "reason",
        "refund_due",
        "sale_share",
        "shortfall_amount",
        "shortfall_symbol",
        "status",
        "trace_id",
      ].sort(),
    );
    expect(res.data.payment).toMatchObject({ status: "paid", completed: true, amount: "25" });
    const text = JSON.stringify(res.data);
    expect(text).not.toContain("customer@mixpay.test");
    expect(text).not.toContain(sale.cartId);
    expect(text).not.toContain(sale.sessionId);
    expect(text).not.toMatch(/order_[0-9A-Z]{10,}/);
  });

  it("a final payment is never asked about again: callbacks, polls, complete, webhook, recheck and job", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "pay" });
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 15_000, "completion");
    await sleep(1_100); // past the one-second gap, so only finality can refuse
    const since = Date.now();
    const body = { traceId: sale.traceId, orderId: "", payeeId: "" };
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => forgeCallback(sale.traceId)),
      ...Array.from({ length: 5 }, () => api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders)),
      api.post(`/store/carts/${sale.cartId}/complete`, {}, { ...ctx.shop.storeHeaders, ...noThrow }),
      api.post("/hooks/payment/mixpay_mixpay", body, noThrow),
      api.post(`/admin/mixpay/payments/${sale.traceId}/recheck`, {}, { ...ctx.shop.adminHeaders, ...noThrow }),
    ]);
    await reconcileMixpayPayments(container);
    await sleep(500); // Medusa handles its webhook in the background
    expect(answers.every((r) => r.status < 500)).toBe(true);
    expect(answers.at(-1)?.data).toMatchObject({ checked: false, payment: { status: "paid" } });
    expect(asked(sale.traceId, since)).toEqual([]);
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
  });

  it("unknown traces cost nothing: forged callbacks and polls for them never reach MixPay", async () => {
    const since = Date.now();
    const unknown = Array.from({ length: 30 }, () => randomUUID());
    const callbacks = await Promise.all(unknown.map((traceId) => forgeCallback(traceId)));
    const polls = await Promise.all(
      unknown.slice(0, 10).map((t) => api.get(`/store/mixpay/payments/${t}`, { ...ctx.shop.storeHeaders, ...noThrow })),
    );
    expect(callbacks.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(polls.map((r) => r.status)).toEqual(Array(10).fill(404));
    expect(sim().requests(since)).toEqual([]);
  });

  it("forged callbacks on an open trace cost one check per window, and the real payment behind them still completes", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    const since = Date.now();
    // The stranger's first callback is checked at once (it could be MixPay's); 40 more over two seconds are not.
    expect((await forgeCallback(sale.traceId)).data).toEqual({ code: "SUCCESS" });
    for (let i = 0; i < 40; i += 1) {
      await forgeCallback(sale.traceId);
      await sleep(50);
    }
    expect(asked(sale.traceId, since)).toHaveLength(1);
    // Status polls and the storefront's complete share the same window.
    await Promise.all([
      ...Array.from({ length: 10 }, () => api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders)),
      ...Array.from({ length: 5 }, () =>
        api.post(`/store/carts/${sale.cartId}/complete`, {}, { ...ctx.shop.storeHeaders, ...noThrow }),
      ),
    ]);
    expect(asked(sale.traceId, since)).toHaveLength(1);
    // The customer pays; MixPay's own callback lands inside the window the stranger keeps busy. Its check is put
    // off until the window opens (10 s after the first), not dropped.
    const paidAt = Date.now();
    sim().act(sale.traceId, { action: "pay" });
    const completedAt = await waitFor(
      async () => (await record(sale.traceId))?.completed_at,
      20_000,
      "completion after the window",
    );
    expect(new Date(completedAt).getTime() - paidAt).toBeLessThan(12_000);
    const checks = asked(sale.traceId, since);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(checks.length).toBeLessThanOrEqual(3);
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
  });

  it("a genuine callback that is the first for its payment completes the sale at once", async () => {
    const sale = await startSale(getContainer(), api, ctx.shop);
    const paidAt = Date.now();
    sim().act(sale.traceId, { action: "pay" });
    const completedAt = await waitFor(async () => (await record(sale.traceId))?.completed_at, 10_000, "completion");
    expect(new Date(completedAt).getTime() - paidAt).toBeLessThan(3_000);
    expect(asked(sale.traceId, paidAt)).toHaveLength(1);
  });

  describe("MixPay's budget under pressure", () => {
    const budget = (entries: number) =>
      ctx.dbConnection.raw(
        `insert into mixpay_rate_budget (id, state) values ('mixpay', ?::jsonb)
           on conflict (id) do update set state = excluded.state`,
        [JSON.stringify({ log: Array(entries).fill(Date.now()), blockedUntil: 0 })],
      );
    afterEach(async () => {
      await budget(0);
    });

    it("a checkout gets a plain, retryable answer and never a 500 when the budget is used up", async () => {
      const container = getContainer();
      await budget(60);
      const since = Date.now();
      const started = Date.now();
      const store = await startSale(container, api, ctx.shop).then(
        () => null,
        (error: { response?: { status: number; data: { message: string } } }) => error.response,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(store?.status).toBe(400);
      expect(store?.data.message).toMatch(/^MixPay is busy right now\. Nothing was charged; try again in \d+ s\.$/);
      const terminal = await api.post(
        "/admin/mixpay/terminal/sales",
        { amount: "4.50", currency_code: "usd" },
        { ...ctx.shop.adminHeaders, ...noThrow },
      );
      // The provider's busy error comes out of Medusa's workflow with its seconds: Retry-After is the budget's wait.
      expectMixpayDown(terminal, "mixpay_busy");
      const seconds = Number(/try again in (\d+) s/.exec(terminal.data.message)?.[1]);
      expect(Number(terminal.headers["retry-after"])).toBe(seconds);
      // The admin's asset lists, on the same used-up budget: busy, 503 with Retry-After too.
      const assets = await api.get("/admin/mixpay/assets?refresh=true", { ...ctx.shop.adminHeaders, ...noThrow });
      expectMixpayDown(assets, "mixpay_busy");
      expect(sim().requests(since)).toEqual([]);
    });

    it("background checks leave the reserved slots to checkouts", async () => {
      const container = getContainer();
      const open = await startSale(container, api, ctx.shop);
      await sleep(1_100);
      await budget(45); // 60 a minute, 15 kept for checkouts: background checks have none left
      const since = Date.now();
      const recheck = await api.post(
        `/admin/mixpay/payments/${open.traceId}/recheck`,
        {},
        { ...ctx.shop.adminHeaders, ...noThrow },
      );
      expect(recheck.status).toBe(200);
      expect(recheck.data.mixpay_error).toMatch(
        /^This shop's share of MixPay's 60 requests a minute is used up; try again in \d+ s\.$/,
      );
      // Nothing was sent: not a check.
      expect(recheck.data).toMatchObject({ checked: false, payment: { status: "unpaid" } });
      expect(asked(open.traceId, since)).toEqual([]);
      // The recheck gave its window back (nothing was sent): news may ask as soon as a slot frees.
      expect((await record(open.traceId))?.check_claimed_at ?? null).toBeNull();
      // A customer's checkout still gets a slot at once.
      const sale = await startSale(container, api, ctx.shop);
      expect(
        sim()
          .requests(since)
          .filter((r) => r.path.endsWith("/one_time_payment") && r.traceId === sale.traceId),
      ).toHaveLength(1);
    });

    it("news ranks above routine checks: with 40 of 60 used, the job waits and the admin's recheck goes", async () => {
      const container = getContainer();
      const open = await startSale(container, api, ctx.shop);
      await sleep(1_100);
      await budget(40); // routine checks leave 15 + 10 free (up to 35): none left; news leaves 15 (up to 45)
      const since = Date.now();
      const job = await reconcileMixpayPayments(container);
      expect(job.checked).toBe(0);
      expect(job.errors.map((e) => e.trace_id)).toContain(open.traceId);
      expect(asked(open.traceId, since)).toEqual([]);
      const recheck = await api.post(`/admin/mixpay/payments/${open.traceId}/recheck`, {}, ctx.shop.adminHeaders);
      expect(recheck.data).toMatchObject({ checked: true, payment: { status: "unpaid" } });
      expect(recheck.data.mixpay_error).toBeUndefined();
      expect(asked(open.traceId, since)).toHaveLength(1);
    });
  });
});
