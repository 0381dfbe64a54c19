import { Modules } from "@medusajs/framework/utils";
import { completePaidSale } from "../../src/lib/complete-sale";
import { reconcileMixpayPayments } from "../../src/lib/reconcile";
import { saleLockKey } from "../../src/workflows/complete-mixpay-sale";
import { ledger, mixpayIntegrationSuite, mixpayService, sleep, startSale, waitFor } from "../helpers";

jest.setTimeout(120_000);

/**
 * Paid money becomes exactly one order, whichever path notices first: MixPay's callback, the reconciliation
 * job, a POS screen polling the status route, or the storefront's own "complete cart" — and all of them at once.
 */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };

  const completed = (traceId: string) =>
    waitFor(
      async () => {
        const p = await mixpayService(getContainer()).retrievePaymentByTrace(traceId);
        return p?.completed_at ? p : null;
      },
      20_000,
      `payment ${traceId} to complete`,
    );

  const completeCart = (cartId: string) =>
    api.post(`/store/carts/${cartId}/complete`, {}, { ...ctx.shop.storeHeaders, ...noThrow });

  it("cart → MixPay session → customer pays → callback → exactly one completed order", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop, 12.5);
    expect(sale.data).toMatchObject({
      status: "unpaid",
      quote_amount: "25",
      quote_asset_id: "usd",
      session_id: sale.sessionId,
      mixpay_order_id: sale.sessionId,
      pay_url: expect.stringMatching(new RegExp(`^${ctx.simulator.url}/code/`)),
      qr_svg: expect.stringContaining("<svg"),
      qr_data_url: expect.stringMatching(/^data:image\/png;base64,/),
    });
    // MixPay was asked for exactly what the cart costs, for this merchant, with our callback.
    const asked = ctx.simulator.simulator.payment(sale.traceId);
    expect(asked).toMatchObject({ quoteAmount: "25", quoteAssetId: "usd", orderId: sale.sessionId });
    expect(asked?.callbackUrl).toBe(`${api.defaults.baseURL}/hooks/mixpay`);

    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    const payment = await completed(sale.traceId);

    expect(payment.status).toBe("paid");
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.cartCompleted).toBe(true);
    expect(books.payments).toHaveLength(1);
    expect(Number(books.payments[0].amount)).toBe(25);
    expect(books.captures).toHaveLength(1);
    expect(payment.order_id).toBe(books.orders[0].order_id);

    // MixPay got its {"code":"SUCCESS"} and stopped.
    await ctx.simulator.simulator.idle();
    const deliveries = ctx.simulator.simulator.payment(sale.traceId)?.deliveries ?? [];
    expect(deliveries.filter((d) => d.ok)).toHaveLength(1);

    // The storefront's own complete afterwards finds the same order.
    const again = await completeCart(sale.cartId);
    expect(again.data).toMatchObject({ type: "order", order: { id: books.orders[0].order_id } });
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(1);
  });

  it("callbacks lost: the reconciliation job completes the sale, once", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    await sleep(300);
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    const first = await reconcileMixpayPayments(container);
    expect(first).toMatchObject({ checked: 1, completed: 1, errors: [] });
    const second = await reconcileMixpayPayments(container);
    expect(second).toMatchObject({ checked: 0, completed: 0, errors: [] });

    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
  });

  it("the storefront completes the cart itself once paid; not before", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);

    const early = await completeCart(sale.cartId);
    expect(early.data.type).not.toBe("order");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    // Without its callback, the storefront's complete learns of the payment once the trace's window opens (10 s in
    // this test app; lib/check-rule.ts). Until then each attempt is answered from the record and costs nothing.
    const since = Date.now();
    let done = await completeCart(sale.cartId);
    while (done.data.type !== "order" && Date.now() - since < 20_000) {
      await sleep(1_000);
      done = await completeCart(sale.cartId);
    }
    expect(done.status).toBe(200);
    expect(done.data.type).toBe("order");
    expect(ctx.simulator.simulator.requests(since).filter((r) => r.traceId === sale.traceId)).toHaveLength(1);
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);

    // The job later finds nothing left to do.
    expect(await reconcileMixpayPayments(container)).toMatchObject({ completed: 0, errors: [] });
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(1);
  });

  it("ten duplicate callbacks at once end in one order, one payment, one capture", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    const body = { orderId: sale.sessionId, traceId: sale.traceId, payeeId: String(sale.data.payee_id) };
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.post("/hooks/mixpay", body, noThrow)));
    for (const a of answers)
      expect({ status: a.status, body: a.data }).toEqual({ status: 200, body: { code: "SUCCESS" } });

    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.payments).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
  });

  it("ten completions of one paid sale started at the same instant: one order, and none of them fails", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const sale = await startSale(container, api, ctx.shop);
      ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
      const checked = await mixpayService(container).checkPayment(sale.traceId, "admin");
      expect(checked?.payment).toMatchObject({ status: "paid", completed_at: null });
      const paid = checked?.payment as NonNullable<typeof checked>["payment"];
      // Each run inserts the sale's key in the locking table at the same moment (PostgreSQL locking provider).
      const runs = await Promise.allSettled(Array.from({ length: 10 }, () => completePaidSale(container, paid)));
      expect(runs.filter((r) => r.status === "rejected")).toEqual([]);
      const outcomes = runs.map((r) => (r.status === "fulfilled" ? r.value.outcome : "rejected")).sort();
      expect(outcomes).toEqual([...Array(9).fill("already-completed"), "completed"]);
      const books = await ledger(container, sale.cartId, sale.sessionId);
      expect(books.orders).toHaveLength(1);
      expect(books.payments).toHaveLength(1);
      expect(books.captures).toHaveLength(1);
    } finally {
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("a failure after the payment is authorized never cancels it: the next completion finishes the sale", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const service = mixpayService(container);
    const markCompleted = jest.spyOn(service, "markCompleted");
    try {
      const sale = await startSale(container, api, ctx.shop);
      ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
      const paid = (await service.checkPayment(sale.traceId, "admin"))?.payment;
      expect(paid).toMatchObject({ status: "paid", completed_at: null });
      // The workflow's last write fails (the database went away for a moment).
      markCompleted.mockRejectedValueOnce(new Error("connection terminated"));
      await expect(completePaidSale(container, paid as NonNullable<typeof paid>)).rejects.toThrow(
        /is paid but Medusa did not complete the sale/,
      );
      const books = await ledger(container, sale.cartId, sale.sessionId);
      expect(books.orders).toHaveLength(1);
      expect(books.payments).toHaveLength(1);
      expect(books.payments[0]).toMatchObject({ canceled_at: null, captured_at: expect.anything() });
      expect((await service.retrievePaymentByTrace(sale.traceId))?.completed_at).toBeNull();

      // The job (or the next callback) runs it again: nothing is left to do but the record.
      const again = await completePaidSale(container, paid as NonNullable<typeof paid>);
      expect(again).toMatchObject({ outcome: "already-completed", orderId: books.orders[0].order_id });
      expect((await service.retrievePaymentByTrace(sale.traceId))?.completed_at).not.toBeNull();
      expect((await ledger(container, sale.cartId, sale.sessionId)).captures).toHaveLength(1);
    } finally {
      markCompleted.mockRestore();
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("completion waits for the sale's lock in Medusa's Locking module, then makes one order", async () => {
    const container = getContainer();
    const locking = container.resolve(Modules.LOCKING);
    const sale = await startSale(container, api, ctx.shop);
    // Another process is completing this sale: it holds the sale's key.
    await locking.acquire(saleLockKey(sale.sessionId), { expire: 60 });
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    await sleep(2_000);
    expect((await mixpayService(container).retrievePaymentByTrace(sale.traceId))?.status).toBe("paid");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    await locking.release(saleLockKey(sale.sessionId));
    await completed(sale.traceId);
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
    // Both locks the workflow took (the sale's and the cart's) were given back.
    await locking.acquire([saleLockKey(sale.sessionId)], { expire: 1 });
    await locking.release(saleLockKey(sale.sessionId));
    await locking.acquire(sale.cartId, { expire: 1 });
    await locking.release(sale.cartId);
  });

  it("callbacks, the job, POS screens and the storefront racing each other make one order", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "duplicate" });
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    const body = { orderId: sale.sessionId, traceId: sale.traceId, payeeId: String(sale.data.payee_id) };
    const results = await Promise.allSettled([
      ...Array.from({ length: 4 }, () => api.post("/hooks/mixpay", body, noThrow)),
      reconcileMixpayPayments(container),
      reconcileMixpayPayments(container),
      completeCart(sale.cartId),
      completeCart(sale.cartId),
      ...Array.from({ length: 5 }, () =>
        api.get(`/store/mixpay/payments/${sale.traceId}`, { ...ctx.shop.storeHeaders, ...noThrow }),
      ),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    await completed(sale.traceId);
    await ctx.simulator.simulator.idle();

    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.payments).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
    const final = await completeCart(sale.cartId);
    expect(final.data).toMatchObject({ type: "order", order: { id: books.orders[0].order_id } });
  });

  it("a POS screen polling the status route sees the sale through when the callback is lost (after callbackGraceMs)", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);
    const before = await api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders);
    expect(before.data.payment).toMatchObject({
      status: "unpaid",
      final: false,
      completed: false,
      quote_amount: "25",
    });

    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    const after = await waitFor(
      async () => {
        const res = await api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders);
        return res.data.payment.completed ? res.data.payment : null;
      },
      25_000, // callbackGraceMs is 10 s in the test config
      "the status route to report the completed sale",
    );
    expect(after).toMatchObject({ status: "paid", final: true, completed: true });
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect((await mixpayService(container).retrievePaymentByTrace(sale.traceId))?.order_id).toBe(
      books.orders[0].order_id,
    );
    expect(books.orders).toHaveLength(1);
  });

  it("screens do not ask MixPay while a callback's check is still on its way, on this server or another", async () => {
    const container = getContainer();
    const service = mixpayService(container);
    const sale = await startSale(container, api, ctx.shop);
    await sleep(10_500); // older than callbackGraceMs (10 s here): screens would ask MixPay themselves now
    let checks = 0;
    const handle = ctx.simulator.simulator.handle;
    ctx.simulator.simulator.handle = (request, meta) => {
      if (new URL(request.url).pathname === "/v1/payments_result") checks++;
      return handle(request, meta);
    };
    try {
      ctx.simulator.simulator.setFaults({ latencyMs: 2_000 }); // the callback's check takes a while
      const paidAt = Date.now();
      ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
      // The callback's check, as soon as it starts, is news of the payment for every server sharing the database.
      const started = await waitFor(
        async () => (await service.retrievePaymentByTrace(sale.traceId))?.check_claimed_at ?? null,
        1_500,
        "the callback's check to be marked as started",
      );
      expect(new Date(started).getTime()).toBeGreaterThanOrEqual(paidAt - 1_000);
      // Screens on this server share the check in flight.
      const screens = await Promise.all(
        Array.from({ length: 10 }, () => api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders)),
      );
      expect(screens.map((s) => s.status)).toEqual(Array(10).fill(200));
      await completed(sale.traceId);
      expect(checks).toBe(1);
    } finally {
      ctx.simulator.simulator.handle = handle;
      ctx.simulator.simulator.setFaults({ latencyMs: 0 });
    }
  });

  it("reconciliation leaves recently checked payments alone, so it never crowds out checkouts", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);
    const service = mixpayService(container);
    // Due for the job (this test app's reconcileRecheckMs is 0); not due for a job running a minute ago.
    expect((await service.listOpenPayments(20)).map((p) => p.trace_id)).toContain(sale.traceId);
    expect(
      (await service.listOpenPayments(20, { now: new Date(Date.now() - 60_000) })).map((p) => p.trace_id),
    ).not.toContain(sale.traceId);
    expect(await reconcileMixpayPayments(container)).toMatchObject({ checked: 1 });
    // Two passes started together are one pass.
    const [a, b] = await Promise.all([reconcileMixpayPayments(container), reconcileMixpayPayments(container)]);
    expect(a).toBe(b);
  });
});
