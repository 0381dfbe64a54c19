import { reconcileMixpayPayments } from "../../src/lib/reconcile";
import { ledger, mixpayIntegrationSuite, mixpayService, startSale, waitFor } from "../helpers";

jest.setTimeout(120_000);

const MINUTE = 60_000;

/**
 * MixPay's lifecycle since its 2026-08-13 release, end to end through Medusa: confirming past the deadline,
 * the confirmation deadline with the money received, paid_less with a top-up or the deadline, cancelled, and
 * review rejected. Exactly one order for money that completed; none, and a refund due, for money that did not.
 */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };
  const sim = () => ctx.simulator.simulator;
  const record = (traceId: string) => mixpayService(getContainer()).retrievePaymentByTrace(traceId);
  const storeView = async (traceId: string) =>
    (await api.get(`/store/mixpay/payments/${traceId}`, ctx.shop.storeHeaders)).data.payment;
  const completeCart = (cartId: string) =>
    api.post(`/store/carts/${cartId}/complete`, {}, { ...ctx.shop.storeHeaders, ...noThrow });
  /**
   * The storefront tries to complete the cart (Medusa asks the provider to authorize): no order may come of it, and
   * the session then holds the status the provider mapped the payment to.
   */
  const sessionAfterComplete = async (sale: { cartId: string; sessionId: string }) => {
    expect((await completeCart(sale.cartId)).data.type).not.toBe("order");
    const [session] = await getContainer().resolve("payment").listPaymentSessions({ id: sale.sessionId });
    return session?.status;
  };

  /** Each scenario is driven by the job, as if MixPay's callbacks were lost: the job alone must get it right. */
  beforeEach(() => {
    sim().setFaults({ callbacks: "drop" });
  });

  it("confirming past its deadline, then success: processing with confirmations, never expired, one order", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "pay", hold: true });
    await reconcileMixpayPayments(container);
    const confirming = await record(sale.traceId);
    expect(confirming).toMatchObject({ status: "processing", reported_status: "confirming", final: false });
    expect(confirming?.confirmations).toBeGreaterThanOrEqual(0);
    // The deadline is MixPay's own (expiredAt), which it reported.
    const deadline = new Date(confirming?.expires_at ?? 0).getTime();
    expect(Math.abs(deadline - (Date.now() + 15 * MINUTE))).toBeLessThan(MINUTE);

    sim().advanceClock(16 * MINUTE); // past expiredAt, not past the confirmation deadline
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status: "processing", final: false, completed_at: null });
    expect((await storeView(sale.traceId)).status).toBe("processing");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    sim().act(sale.traceId, { action: "confirm" });
    await reconcileMixpayPayments(container);
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 15_000, "completion");
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
  });

  it("screens count down to MixPay's own deadline from the start, even when it is earlier than the one asked", async () => {
    sim().configure({ maxPaymentWindowSeconds: 600 }); // MixPay's limit for this payment method: 10 minutes
    const sale = await startSale(getContainer(), api, ctx.shop); // the shop asks for 15
    // MixPay reports expiredAt in whole unix seconds.
    const deadline = Math.floor((sim().payment(sale.traceId)?.deadlineMs ?? 0) / 1000) * 1000;
    expect(Math.abs(deadline - (Date.now() + 10 * MINUTE))).toBeLessThan(MINUTE);
    expect(new Date((await record(sale.traceId))?.expires_at ?? 0).getTime()).toBe(deadline);
    expect(new Date((await storeView(sale.traceId)).expires_at).getTime()).toBe(deadline);
  });

  it("pending (fully paid, MixPay finishing) is not paid; success then completes one order", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "pay", hold: true });
    sim().act(sale.traceId, { action: "process" });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status: "processing", reported_status: "pending" });
    expect((await completeCart(sale.cartId)).data.type).not.toBe("order");
    sim().act(sale.traceId, { action: "confirm" });
    await reconcileMixpayPayments(container);
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 15_000, "completion");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(1);
  });

  it("confirming, then MixPay's confirmation deadline: no order, a refund due with the amount received", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "pay", hold: true });
    const paid = sim().payment(sale.traceId);
    sim().act(sale.traceId, { action: "expire" });
    await reconcileMixpayPayments(container);
    const payment = await record(sale.traceId);
    expect(payment).toMatchObject({
      status: "failed",
      final: true,
      failure_code: "40000",
      refund_due: true,
      attention: "refund_due",
      completed_at: null,
    });
    expect(Number(payment?.paid_amount)).toBeGreaterThan(0);
    expect(payment?.paid_amount).toBe(paid?.paidAmount);
    expect(payment?.next_step).toContain("customer@mixpay.me");
    expect(await sessionAfterComplete(sale)).toBe("error");
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);

    const listed = await api.get("/admin/mixpay/payments?attention=true", ctx.shop.adminHeaders);
    const row = listed.data.payments.find((p: { trace_id: string }) => p.trace_id === sale.traceId);
    expect(row).toMatchObject({ attention: "refund_due", refund_due: true, paid_amount: payment?.paid_amount });
    const view = await storeView(sale.traceId);
    expect(view).toMatchObject({ status: "failed", refund_due: true, paid_amount: payment?.paid_amount });
  });

  it("paid_less, then the rest: underpaid in crypto and in the sale's currency, then one order", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop, 12.5); // 2 × 12.50 = 25 USD
    const asked = sim().payment(sale.traceId);
    const payable = Number(asked?.payableAmount);
    sim().act(sale.traceId, { action: "underpay", amount: String(payable * 0.4) });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({
      status: "underpaid",
      reported_status: "paid_less",
      attention: "underpaid",
    });
    const view = await storeView(sale.traceId);
    expect(view).toMatchObject({ status: "underpaid", amount: "25", currency_code: "usd" });
    expect(view.sale_share).toEqual({ paid: "10", due: "15" });
    expect(Number(view.shortfall_amount)).toBeCloseTo(payable * 0.6, 6);
    expect(await sessionAfterComplete(sale)).toBe("requires_more");

    sim().act(sale.traceId, { action: "pay" });
    await reconcileMixpayPayments(container);
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 15_000, "completion");
    const books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
  });

  it("paid_less until the deadline (40024): no order, a refund due for what arrived", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "underpay" });
    const arrived = sim().payment(sale.traceId)?.paidAmount;
    sim().advanceClock(16 * MINUTE);
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({
      status: "failed",
      failure_code: "40024",
      refund_due: true,
      attention: "refund_due",
      paid_amount: arrived,
      completed_at: null,
    });
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);
  });

  it("unpaid at the deadline: expired, nothing owed, no order", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().advanceClock(16 * MINUTE);
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({
      status: "expired",
      failure_code: "40000",
      refund_due: false,
      attention: null,
    });
    expect(await sessionAfterComplete(sale)).toBe("canceled");
  });

  it.each([
    ["cancelled (40032)", "40032", "cancelled", "canceled"],
    ["review rejected (10095)", "10095", "failed", "error"],
  ] as const)("%s before anything was paid: %s, nothing owed, no order", async (_name, code, status, session) => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "fail", failureCode: code });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status, failure_code: code, refund_due: false, final: true });
    expect(await sessionAfterComplete(sale)).toBe(session);
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);
  });

  it("review rejected (10095) after the customer paid: failed with a refund due", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "audit" });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status: "review", final: false });
    sim().act(sale.traceId, { action: "fail", failureCode: "10095" });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({
      status: "failed",
      failure_code: "10095",
      refund_due: true,
      attention: "refund_due",
    });
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(0);
  });

  it("a final record is never asked about again by the job, even a final review", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    // MixPay reports success for other terms than the record asked for: a final "review", never paid.
    const service = mixpayService(container);
    const payment = await record(sale.traceId);
    await service.updateMixpayPayments({ id: payment?.id as string, quote_amount: "30" });
    sim().act(sale.traceId, { action: "pay" });
    await reconcileMixpayPayments(container);
    expect(await record(sale.traceId)).toMatchObject({ status: "review", final: true });
    const since = Date.now();
    expect(await reconcileMixpayPayments(container)).toMatchObject({ checked: 0 });
    expect(
      sim()
        .requests(since)
        .filter((r) => r.traceId === sale.traceId),
    ).toEqual([]);
  });

  it("a slow MixPay: the callback is acknowledged within callbackReplyMs and the sale still completes", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "pay" });
    sim().setFaults({ latencyMs: 6000 }); // longer than callbackReplyMs (4 s in the test config)
    const started = Date.now();
    const reply = await api.post(
      "/hooks/mixpay",
      { orderId: sale.data.mixpay_order_id, traceId: sale.traceId, payeeId: sale.data.payee_id },
      noThrow,
    );
    const took = Date.now() - started;
    expect({ status: reply.status, body: reply.data }).toEqual({ status: 200, body: { code: "SUCCESS" } });
    expect(took).toBeGreaterThanOrEqual(3900);
    expect(took).toBeLessThan(6000);
    expect((await record(sale.traceId))?.completed_at).toBeNull();
    // The work went on after the reply: the sale completes without another callback or a job run.
    await waitFor(async () => (await record(sale.traceId))?.completed_at, 20_000, "completion after the reply");
    sim().setFaults({ latencyMs: 0 });
    expect((await ledger(container, sale.cartId, sale.sessionId)).orders).toHaveLength(1);
  });
});
