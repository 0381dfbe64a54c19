import { ledger, mixpayIntegrationSuite, mixpayService, startSale, waitFor } from "../helpers";

jest.setTimeout(120_000);

/**
 * Cancel, as far as MixPay allows (lib/cancel-sale.ts). MixPay documents no cancellation endpoint, so the QR code
 * stays payable until its deadline: cancelling marks the sale cancelled, a payment that still arrives is recorded
 * and flagged `paid_after_cancel` and never becomes an order on its own, and the merchant then makes the order
 * after all (exactly once) or refunds by hand. From a store screen, only the caller holding the sale's cart id can
 * cancel; a stranger with the trace id from the QR code cannot, and nothing here asks MixPay.
 */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };
  const sim = () => ctx.simulator.simulator;
  const store = () => ({ ...ctx.shop.storeHeaders, ...noThrow });
  const admin = () => ({ ...ctx.shop.adminHeaders, ...noThrow });
  const record = (traceId: string) => mixpayService(getContainer()).retrievePaymentByTrace(traceId);
  const asked = (traceId: string, sinceMs: number) =>
    sim()
      .requests(sinceMs)
      .filter((r) => r.traceId === traceId);
  const cancel = (traceId: string, body: unknown) =>
    api.post(`/store/mixpay/payments/${traceId}/cancel`, body, store());

  it("a stranger with the trace id cannot cancel; the till with its cart id can, at no MixPay cost, idempotently", async () => {
    const sale = await startSale(getContainer(), api, ctx.shop);
    const since = Date.now();

    // The trace id alone (printed in every QR code), a wrong cart, junk and a huge body: refused, nothing changes.
    expect((await cancel(sale.traceId, {})).status).toBe(400);
    const wrong = await cancel(sale.traceId, { cart_id: "cart_01JZZZZZZZZZZZZZZZZZZZZZZZ" });
    expect(wrong.status).toBe(404);
    expect(wrong.data.message).toBe(`No MixPay payment with traceId ${sale.traceId}`);
    const junk = await cancel(sale.traceId, { cart_id: sale.cartId, extra: 1 });
    expect(junk.status).toBe(400);
    expect(junk.data.errors).toEqual([{ field: "extra", message: "unknown field" }]);
    const huge = await cancel(sale.traceId, { cart_id: "x".repeat(10_000) });
    expect(huge.status).toBe(413);
    const unknown = await cancel("6f0c3f5e-9b1a-4c3e-8a55-0d3c2b1a9f00", { cart_id: sale.cartId });
    expect(unknown.status).toBe(404);
    const noKey = await api.post(`/store/mixpay/payments/${sale.traceId}/cancel`, { cart_id: sale.cartId }, noThrow);
    expect(noKey.status).toBe(400);
    expect((await record(sale.traceId))?.abandoned_at).toBeNull();

    const done = await cancel(sale.traceId, { cart_id: sale.cartId });
    expect(done.status).toBe(200);
    expect(done.data.payment).toMatchObject({ trace_id: sale.traceId, status: "unpaid", cancelled: true });
    expect(JSON.stringify(done.data)).not.toContain(sale.cartId);
    const again = await cancel(sale.traceId, { cart_id: sale.cartId });
    expect(again.status).toBe(200);
    expect(again.data.payment.cancelled).toBe(true);
    expect(asked(sale.traceId, since)).toHaveLength(0);
  });

  it("a payment after Cancel is recorded and flagged, never an order on its own; the merchant makes the order exactly once", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    expect((await cancel(sale.traceId, { cart_id: sale.cartId })).status).toBe(200);

    // The customer pays the QR code anyway; MixPay's callback arrives.
    sim().act(sale.traceId, { action: "pay" });
    const flagged = await waitFor(
      async () => {
        const p = await record(sale.traceId);
        return p?.status === "paid" && p.attention === "paid_after_cancel" ? p : null;
      },
      20_000,
      "the late payment to be flagged",
    );
    expect(flagged.completed_at).toBeNull();
    let books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(0);
    expect(books.captures).toHaveLength(0);

    // The till's screen sees it: paid, cancelled, not completed (its alert).
    const seen = await api.get(`/store/mixpay/payments/${sale.traceId}`, ctx.shop.storeHeaders);
    expect(seen.data.payment).toMatchObject({ status: "paid", cancelled: true, completed: false, amount: "25" });
    // The admin's list shows it needs the merchant.
    const list = await api.get("/admin/mixpay/payments?attention=true", ctx.shop.adminHeaders);
    expect(list.data.payments.map((p: { trace_id: string }) => p.trace_id)).toContain(sale.traceId);

    // The merchant decides to make the order: exactly one, with the payment captured; twice does nothing more.
    const [first, second] = await Promise.all([
      api.post(`/admin/mixpay/payments/${sale.traceId}/complete`, {}, admin()),
      api.post(`/admin/mixpay/payments/${sale.traceId}/complete`, {}, admin()),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    const ok = first.status === 200 ? first : second;
    expect(ok.data.payment).toMatchObject({ status: "paid", completed: true, attention: null, abandoned_at: null });
    books = await ledger(container, sale.cartId, sale.sessionId);
    expect(books.orders).toHaveLength(1);
    expect(books.captures).toHaveLength(1);
    expect(Number(books.payments[0].amount)).toBe(25);
    const late = await api.post(`/admin/mixpay/payments/${sale.traceId}/complete`, {}, admin());
    expect(late.status).toBe(409);
    expect(late.data.message).toBe("This sale is already complete.");
  });

  it("a paid sale cannot be cancelled; an unpaid one cannot be 'completed after all'; the admin routes need a login", async () => {
    const container = getContainer();
    const paid = await startSale(container, api, ctx.shop);
    sim().act(paid.traceId, { action: "pay" });
    await waitFor(async () => (await record(paid.traceId))?.completed_at, 20_000, "completion");
    const refused = await cancel(paid.traceId, { cart_id: paid.cartId });
    expect(refused.status).toBe(409);
    expect(refused.data.message).toBe(
      "This sale is already paid, so it cannot be cancelled. Refund the customer instead.",
    );
    expect((await record(paid.traceId))?.abandoned_at).toBeNull();

    const open = await startSale(container, api, ctx.shop);
    expect((await api.post(`/admin/mixpay/payments/${open.traceId}/complete`, {}, admin())).status).toBe(409);
    expect((await api.post(`/admin/mixpay/payments/${open.traceId}/complete`, {}, noThrow)).status).toBe(401);
    expect((await api.post(`/admin/mixpay/terminal/sales/${open.traceId}/cancel`, {}, noThrow)).status).toBe(401);
    const viaTerminal = await api.post(`/admin/mixpay/terminal/sales/${open.traceId}/cancel`, {}, admin());
    expect(viaTerminal.status).toBe(200);
    expect(viaTerminal.data.sale).toMatchObject({ trace_id: open.traceId, cancelled: true, qr_svg: null });
  });

  it("Cancel racing the customer's payment: either the order or the flag, never both", async () => {
    const container = getContainer();
    const sale = await startSale(container, api, ctx.shop);
    sim().act(sale.traceId, { action: "pay" });
    const [cancelled] = await Promise.all([
      cancel(sale.traceId, { cart_id: sale.cartId }),
      api.get(`/store/mixpay/payments/${sale.traceId}`, store()),
    ]);
    const settled = await waitFor(
      async () => {
        const p = await record(sale.traceId);
        return p?.status === "paid" && (p.completed_at || p.attention === "paid_after_cancel") ? p : null;
      },
      20_000,
      "the payment to settle one way",
    );
    const books = await ledger(container, sale.cartId, sale.sessionId);
    if (cancelled.status === 200 && settled.abandoned_at) {
      expect(books.orders).toHaveLength(0);
      expect(settled.completed_at).toBeNull();
    } else {
      expect(cancelled.status).toBe(409);
      expect(books.orders).toHaveLength(1);
      expect(settled.abandoned_at).toBeNull();
    }
  });
});
