import { ASSET_IDS } from "@mixpay-pos/core";
import { reconcileMixpayPayments } from "../../src/lib/reconcile";
import { ledger, mixpayIntegrationSuite, mixpayService, PROVIDER_ID, sleep, startSale, waitFor } from "../helpers";

jest.setTimeout(120_000);

// Alice, a real payee in the simulator's directory, but not this ctx.shop.
const FOREIGN_PAYEE = "3f1c9a2e-6b4d-4e8f-a1c2-7d9e0b3a5c6f";

/** Every way a sale can end other than "paid", and every way MixPay or a forger can misbehave: nothing is lost. */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };

  const record = (traceId: string) => mixpayService(getContainer()).retrievePaymentByTrace(traceId);
  const settled = (traceId: string, status: string) =>
    waitFor(
      async () => {
        const p = await record(traceId);
        return p?.status === status ? p : null;
      },
      15_000,
      `${traceId} to become ${status}`,
    );
  const completeCart = (cartId: string) =>
    api.post(`/store/carts/${cartId}/complete`, {}, { ...ctx.shop.storeHeaders, ...noThrow });
  const sessionStatus = async (sessionId: string) => {
    const payment = getContainer().resolve("payment");
    const [session] = await payment.listPaymentSessions({ id: sessionId });
    return session?.status;
  };

  it("underpaid: no order, the shortfall is recorded and flagged; paying the rest completes the sale", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "underpay", amount: "10" });
    await reconcileMixpayPayments(container);
    const payment = await record(sale.traceId);
    expect(payment).toMatchObject({ status: "underpaid", attention: "underpaid", completed_at: null });
    expect(Number(payment?.shortfall_amount)).toBeGreaterThan(0);

    const attempt = await completeCart(sale.cartId);
    expect(attempt.data.type).not.toBe("order");
    expect(await sessionStatus(sale.sessionId)).toBe("requires_more");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    await settled(sale.traceId, "paid");
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 15_000, "completion");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(1);
  });

  it("an underpayment is called back (callbackEvent paid_less): screens show it before their own check is due", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    const createdAt = new Date((await record(sale.traceId))?.created_at ?? 0).getTime();
    const handle = ctx.simulator.simulator.handle;
    let checks = 0;
    ctx.simulator.simulator.handle = (request, meta) => {
      if (new URL(request.url).pathname === "/v1/payments_result") checks++;
      return handle(request, meta);
    };
    try {
      ctx.simulator.simulator.act(sale.traceId, { action: "underpay", amount: "10" });
      const seen = await waitFor(
        async () => {
          const res = await api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders);
          return res.data.payment.status === "underpaid" ? res.data.payment : null;
        },
        15_000,
        "the status route to show the underpayment",
      );
      // Screens ask MixPay only once callbackGraceMs (10 s in the test config) has passed since the payment was
      // made: seeing it sooner, with a single check, means the callback brought it.
      expect(Date.now() - createdAt).toBeLessThan(10_000);
      expect(checks).toBe(1);
      expect(seen).toMatchObject({ status: "underpaid", completed: false });
    } finally {
      ctx.simulator.simulator.handle = handle;
    }
  });

  it.each([
    ["fail", "failed", "error"],
    ["expire", "expired", "canceled"],
  ] as const)(
    "%s: the callback records %s, the session is %s and no order is made",
    async (action, status, session) => {
      const container = getContainer();
      const sale = await startSale(container, api, ctx.shop);
      ctx.simulator.simulator.act(sale.traceId, { action });
      const payment = await settled(sale.traceId, status);
      expect(payment.final).toBe(true);
      const attempt = await completeCart(sale.cartId);
      expect(attempt.data.type).not.toBe("order");
      expect(await sessionStatus(sale.sessionId)).toBe(session);
      const books = await ledger(container, sale.cartId, sale.sessionId);
      expect(books.orders).toHaveLength(0);
      expect(books.payments).toHaveLength(0);
    },
  );

  it("held in MixPay's audit: review, flagged for the merchant, no order", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "audit" });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status: "review", attention: "review", completed_at: null });
    expect((await completeCart(sale.cartId)).data.type).not.toBe("order");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);
  });

  it("forged callbacks change nothing: success claimed for an unpaid trace, a foreign payee, an unknown trace", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    const claims = [
      { orderId: sale.sessionId, traceId: sale.traceId, payeeId: String(sale.data.payee_id) },
      { orderId: sale.sessionId, traceId: sale.traceId, payeeId: FOREIGN_PAYEE },
      { orderId: sale.sessionId, traceId: "", payeeId: FOREIGN_PAYEE },
      { orderId: "someone-elses-order", traceId: "7a1c1d4e-2f3b-4c5d-8e9f-0a1b2c3d4e5f", payeeId: FOREIGN_PAYEE },
    ];
    for (const claim of claims) {
      const res = await api.post("/hooks/mixpay", claim, noThrow);
      expect({ status: res.status, body: res.data }).toEqual({ status: 200, body: { code: "SUCCESS" } });
    }
    // A real, paid MixPay payment — but to another merchant — named in a callback to us.
    const foreign = await fetch(`${ctx.simulator.url}/v1/one_time_payment`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        payeeId: FOREIGN_PAYEE,
        quoteAssetId: "usd",
        quoteAmount: "25",
        settlementAssetId: ASSET_IDS.USDT_ERC20,
        orderId: "foreign-order-1",
      }),
    }).then((r) => r.json());
    const foreignTrace = String(foreign.data.code);
    ctx.simulator.simulator.act(foreignTrace, { action: "pay" });
    const res = await api.post(
      "/hooks/mixpay",
      { orderId: "foreign-order-1", traceId: foreignTrace, payeeId: FOREIGN_PAYEE },
      noThrow,
    );
    expect(res.data).toEqual({ code: "SUCCESS" });

    expect(await record(sale.traceId)).toMatchObject({ status: "unpaid", completed_at: null });
    expect(await record(foreignTrace)).toBeNull();
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    const malformed = await api.post("/hooks/mixpay", [1, 2, 3], noThrow);
    expect(malformed.status).toBe(400);
    expect(malformed.data.code).toBe("FAIL");
  });

  it("a payment MixPay reports for other terms than asked is never marked paid", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);
    // The record says 25 USD was asked; tamper it as if MixPay's answer no longer matched (e.g. an edited link).
    const service = mixpayService(container);
    const payment = await record(sale.traceId);
    await service.updateMixpayPayments({ id: payment!.id, quote_amount: "30" });
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status: "review", attention: "review", completed_at: null });
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);
  });

  it("MixPay down at checkout: a clear error, no session left behind; it works once MixPay is back", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ down: true });
    const failed = await startSale(container, api, ctx.shop).catch((error) => error);
    // Medusa's own store route: a 400 (intended), with the provider's code for programs.
    expect(failed.response?.status).toBe(400);
    expect(failed.response?.data.code).toBe("mixpay_unavailable");
    expect(failed.response?.data.message).toBe(
      "MixPay could not create the payment: MixPay could not be reached (the connection failed). Nothing was charged; try again in a moment.",
    );
    const [, count] = await mixpayService(container).listAndCountMixpayPayments({});
    expect(count).toBe(0);

    ctx.simulator.simulator.setFaults({ down: false });
    const sale = await startSale(container, api, ctx.shop);
    expect(sale.data.status).toBe("unpaid");
  });

  it("MixPay rate-limits checkout (1429): a clear error within the interactive deadline, nothing created", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ rateLimited: true });
    const started = Date.now();
    const failed = await startSale(container, api, ctx.shop).catch((error) => error);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Never a 500: MixPay's 1429 blocks the shop's budget for a minute, and the checkout is told so in plain words.
    expect(failed.response?.status).toBe(400);
    expect(failed.response?.data.code).toBe("mixpay_busy");
    expect(failed.response?.data.message).toBe("MixPay is busy right now. Nothing was charged; try again in 60 s.");
    const [, count] = await mixpayService(container).listAndCountMixpayPayments({});
    expect(count).toBe(0);
  });

  it("MixPay down after the customer paid: nothing is lost, the job completes the sale when it is back", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await startSale(container, api, ctx.shop);
    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    ctx.simulator.simulator.setFaults({ down: true });

    const attempt = await completeCart(sale.cartId);
    expect(attempt.data.type).not.toBe("order");
    const report = await reconcileMixpayPayments(container);
    expect(report.errors).toHaveLength(1);
    expect(await record(sale.traceId)).toMatchObject({ status: "unpaid", completed_at: null });

    ctx.simulator.simulator.setFaults({ down: false });
    expect(await reconcileMixpayPayments(container)).toMatchObject({ completed: 1, errors: [] });
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
  });

  it("a replaced (canceled) session that is paid anyway is recorded and flagged, never lost or auto-ordered", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    // Choosing a payment provider again replaces the session: Medusa deletes the old one.
    await api.post(
      `/store/payment-collections/${sale.collectionId}/payment-sessions`,
      { provider_id: PROVIDER_ID },
      ctx.shop.storeHeaders,
    );
    const old = await record(sale.traceId);
    expect(old?.abandoned_at).not.toBeNull();

    ctx.simulator.simulator.act(sale.traceId, { action: "pay" });
    const paid = await settled(sale.traceId, "paid");
    await sleep(300);
    expect(paid.attention).toBe("paid_after_cancel");
    const admin = await api.get("/admin/mixpay/payments?attention=true", ctx.shop.adminHeaders);
    expect(admin.data.payments.map((p: { trace_id: string }) => p.trace_id)).toContain(sale.traceId);
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);
  });

  it("without settings, checkout says exactly what to configure", async () => {
    const container = getContainer();
    const service = mixpayService(container);
    const [settings] = await service.listMixpaySettings({});
    await service.deleteMixpaySettings(settings.id);
    const failed = await startSale(container, api, ctx.shop).catch((error) => error);
    expect(failed.response?.status).toBeGreaterThanOrEqual(400);
    expect(failed.response?.data.message).toMatch(/MixPay is not configured: set the payee UUID and settlement asset/);
  });
});
