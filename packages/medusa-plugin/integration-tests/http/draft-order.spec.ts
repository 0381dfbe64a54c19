import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import { convertDraftOrderWorkflow, createRegionsWorkflow } from "@medusajs/medusa/core-flows";
import { completePaidSale } from "../../src/lib/complete-sale";
import { reconcileMixpayPayments } from "../../src/lib/reconcile";
import type { MixpayPaymentDTO } from "../../src/modules/mixpay/types";
import { mixpayIntegrationSuite, mixpayService, PROVIDER_ID, type Shop, waitFor } from "../helpers";

jest.setTimeout(120_000);

interface Sale {
  trace_id: string;
  status: string;
  completed: boolean;
  draft_order_id: string | null;
  cart_id: string | null;
  order_id: string | null;
  amount: string;
  currency_code: string;
  qr_svg: string | null;
}

/**
 * A POS app's sale as a draft order: the admin API makes the draft, the terminal route charges its total with
 * MixPay, and once paid the draft becomes exactly one order with the MixPay payment captured on it.
 */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true };
  const admin = () => ({ ...ctx.shop.adminHeaders, ...noThrow });

  /** A draft order the way a POS app makes one: Medusa's admin API, two custom items (2 × 12.50 + 1 × 5). */
  async function createDraft(shop: Shop, regionId = shop.regionId): Promise<string> {
    const res = await api.post(
      "/admin/draft-orders",
      {
        email: "walk-in@mixpay.test",
        region_id: regionId,
        sales_channel_id: shop.salesChannelId,
        items: [
          { title: "Flat white", quantity: 2, unit_price: 12.5 },
          { title: "Croissant", quantity: 1, unit_price: 5 },
        ],
      },
      shop.adminHeaders,
    );
    return res.data.draft_order.id;
  }

  const charge = (body: Record<string, unknown>) => api.post("/admin/mixpay/terminal/sales", body, admin());

  /** The draft (or order) as Medusa holds it, with its payments and captures. */
  async function books(container: MedusaContainer, orderId: string) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY);
    const { data } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "status",
        "is_draft_order",
        "total",
        "summary.*",
        "payment_collections.id",
        "payment_collections.status",
        "payment_collections.payments.id",
        "payment_collections.payments.amount",
        "payment_collections.payments.provider_id",
        "payment_collections.payments.captured_at",
        "payment_collections.payments.canceled_at",
        "payment_collections.payments.captures.amount",
      ],
      filters: { id: orderId },
    });
    const order = data[0];
    type Captured = { amount: unknown };
    type Paid = { amount: unknown; provider_id: string; canceled_at: unknown; captures?: (Captured | null)[] | null };
    const collections = (order?.payment_collections ?? []) as ({ payments?: (Paid | null)[] | null } | null)[];
    const payments = collections.flatMap((c) => c?.payments ?? []).filter((p): p is Paid => p !== null);
    const captures = payments.flatMap((p) => p.captures ?? []).filter((c): c is Captured => c !== null);
    return { order, payments, captures };
  }

  it("draft → terminal sale → customer pays → one order with the MixPay payment captured, amounts asserted", async () => {
    const container = getContainer();
    const draftId = await createDraft(ctx.shop);
    const res = await charge({ draft_order_id: draftId, amount: "30.00" });
    expect(res.status).toBe(200);
    const sale: Sale = res.data.sale;
    expect(sale).toMatchObject({
      status: "unpaid",
      completed: false,
      draft_order_id: draftId,
      cart_id: null,
      order_id: null,
      amount: "30",
      currency_code: "usd",
    });
    expect(sale.qr_svg).toMatch(/^<svg/);
    // The draft has a payment collection for its total with a MixPay session, as Medusa models an order's payment.
    const before = await books(container, draftId);
    expect(before.order).toMatchObject({ status: "draft", is_draft_order: true });
    expect(before.payments).toEqual([]);

    // The draft's page finds its sale.
    const listed = await api.get(`/admin/mixpay/payments?draft_order_id=${draftId}`, ctx.shop.adminHeaders);
    expect(listed.data.payments.map((p: { trace_id: string }) => p.trace_id)).toEqual([sale.trace_id]);

    ctx.simulator.simulator.act(sale.trace_id, { action: "pay" });
    const done = await waitFor(
      async () => {
        const polled = await api.get(`/admin/mixpay/terminal/sales/${sale.trace_id}`, ctx.shop.adminHeaders);
        return polled.data.sale.completed ? (polled.data.sale as Sale) : null;
      },
      20_000,
      "the draft's sale to complete",
    );
    expect(done).toMatchObject({ status: "paid", order_id: draftId, draft_order_id: draftId });

    const after = await books(container, draftId);
    expect(after.order).toMatchObject({ status: "pending", is_draft_order: false });
    expect(Number(after.order?.total)).toBe(30);
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ provider_id: PROVIDER_ID, canceled_at: null });
    expect(Number(after.payments[0]?.amount)).toBe(30);
    expect(after.captures.map((c) => Number(c.amount))).toEqual([30]);
    // The capture is on the order's books: nothing left to pay.
    expect(Number(after.order?.summary?.paid_total)).toBe(30);
    expect(Number(after.order?.summary?.pending_difference)).toBe(0);

    // The order widget finds the payment by its order, which kept the draft's id.
    const byOrder = await api.get(`/admin/mixpay/payments?order_id=${draftId}`, ctx.shop.adminHeaders);
    expect(byOrder.data.payments.map((p: { trace_id: string }) => p.trace_id)).toEqual([sale.trace_id]);

    // The draft is no draft any more: charging it again is refused.
    const again = await charge({ draft_order_id: draftId });
    expect({ status: again.status, field: again.data.errors?.[0]?.field }).toEqual({
      status: 400,
      field: "draft_order_id",
    });
    expect(again.data.errors[0].message).toMatch(/not a draft order any more/);
  });

  it("ten completions of one paid draft sale at once (direct, job, callbacks, screens): one conversion, one capture", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const draftId = await createDraft(ctx.shop);
      const sale: Sale = (await charge({ draft_order_id: draftId })).data.sale;
      ctx.simulator.simulator.act(sale.trace_id, { action: "pay" });
      const paid = (await mixpayService(container).checkPayment(sale.trace_id, "admin"))?.payment;
      expect(paid).toMatchObject({ status: "paid", completed_at: null });
      const record = paid as NonNullable<typeof paid>;
      const body = { orderId: record.payment_session_id, traceId: sale.trace_id, payeeId: record.payee_id };
      const runs = await Promise.allSettled([
        ...Array.from({ length: 4 }, () => completePaidSale(container, record)),
        reconcileMixpayPayments(container),
        reconcileMixpayPayments(container),
        ...Array.from({ length: 2 }, () => api.post("/hooks/mixpay", body, noThrow)),
        ...Array.from({ length: 2 }, () => api.get(`/admin/mixpay/terminal/sales/${sale.trace_id}`, admin())),
      ]);
      expect(runs.filter((r) => r.status === "rejected")).toEqual([]);
      const outcomes = runs
        .slice(0, 4)
        .map((r) => (r.status === "fulfilled" && "outcome" in r.value ? r.value.outcome : "?"));
      expect(outcomes.filter((o) => o === "completed").length).toBeLessThanOrEqual(1);
      expect(outcomes.every((o) => o === "completed" || o === "already-completed")).toBe(true);

      const after = await books(container, draftId);
      expect(after.order).toMatchObject({ status: "pending", is_draft_order: false });
      expect(after.payments).toHaveLength(1);
      expect(after.captures).toHaveLength(1);
      expect(Number(after.order?.summary?.paid_total)).toBe(30);
      expect((await mixpayService(container).retrievePaymentByTrace(sale.trace_id))?.order_id).toBe(draftId);
      // The draft's key (Medusa's convert takes it) was given back.
      const locking = container.resolve(Modules.LOCKING);
      await locking.acquire(draftId, { expire: 1 });
      await locking.release(draftId);
    } finally {
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("a failed last write never cancels the payment: the draft is converted once, the next run records it", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    const service = mixpayService(container);
    const markCompleted = jest.spyOn(service, "markCompleted");
    try {
      const draftId = await createDraft(ctx.shop);
      const sale: Sale = (await charge({ draft_order_id: draftId })).data.sale;
      ctx.simulator.simulator.act(sale.trace_id, { action: "pay" });
      const paid = (await service.checkPayment(sale.trace_id, "admin"))?.payment as MixpayPaymentDTO;
      markCompleted.mockRejectedValueOnce(new Error("connection terminated"));
      await expect(completePaidSale(container, paid)).rejects.toThrow(/is paid but Medusa did not complete the sale/);
      const after = await books(container, draftId);
      expect(after.order).toMatchObject({ status: "pending", is_draft_order: false });
      expect(after.payments).toHaveLength(1);
      expect(after.payments[0]).toMatchObject({ canceled_at: null, captured_at: expect.anything() });
      expect((await service.retrievePaymentByTrace(sale.trace_id))?.completed_at).toBeNull();

      expect(await completePaidSale(container, paid)).toEqual({ outcome: "already-completed", orderId: draftId });
      expect((await service.retrievePaymentByTrace(sale.trace_id))?.completed_at).not.toBeNull();
      expect((await books(container, draftId)).captures).toHaveLength(1);
    } finally {
      markCompleted.mockRestore();
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("a draft converted some other way before the money arrived is reported, not converted twice", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const draftId = await createDraft(ctx.shop);
      const sale: Sale = (await charge({ draft_order_id: draftId })).data.sale;
      // The cashier pressed Medusa's own "Convert to order" meanwhile.
      await convertDraftOrderWorkflow(container).run({ input: { id: draftId } });
      ctx.simulator.simulator.act(sale.trace_id, { action: "pay" });
      const paid = (await mixpayService(container).checkPayment(sale.trace_id, "admin"))?.payment;
      const result = await completePaidSale(container, paid as NonNullable<typeof paid>);
      expect(result).toEqual({ outcome: "converted-elsewhere", orderId: draftId });
      const after = await books(container, draftId);
      expect(after.order).toMatchObject({ status: "pending", is_draft_order: false });
      expect(after.captures).toHaveLength(1);
      expect(Number(after.order?.summary?.paid_total)).toBe(30);
      // Once done, done.
      const again = await completePaidSale(container, paid as NonNullable<typeof paid>);
      expect(again).toEqual({ outcome: "already-completed", orderId: draftId });
    } finally {
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("an underpaid sale never converts the draft, whoever asks", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const draftId = await createDraft(ctx.shop);
      const sale: Sale = (await charge({ draft_order_id: draftId })).data.sale;
      ctx.simulator.simulator.act(sale.trace_id, { action: "underpay" });
      const checked = await mixpayService(container).checkPayment(sale.trace_id, "admin");
      expect(checked?.payment).toMatchObject({ status: "underpaid", completed_at: null });
      const record = checked?.payment as NonNullable<typeof checked>["payment"];
      expect(await completePaidSale(container, record)).toEqual({ outcome: "not-paid" });
      // A screen polling the sale sees it underpaid, and its check completes nothing either.
      const polled = await api.get(`/admin/mixpay/terminal/sales/${sale.trace_id}`, ctx.shop.adminHeaders);
      expect(polled.data.sale).toMatchObject({ status: "underpaid", completed: false, order_id: null });
      const still = await books(container, draftId);
      expect(still.order).toMatchObject({ status: "draft", is_draft_order: true });
      expect(still.payments).toEqual([]);
    } finally {
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("a draft that grew after the sale started keeps the money and stays a draft; charging the rest converts it", async () => {
    const container = getContainer();
    ctx.simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const draftId = await createDraft(ctx.shop);
      // The cashier charged twice (the first screen was closed): the second sale replaces the first.
      const replaced: Sale = (await charge({ draft_order_id: draftId })).data.sale;
      const first: Sale = (await charge({ draft_order_id: draftId, amount: "30" })).data.sale;
      expect(first.trace_id).not.toBe(replaced.trace_id);

      // Meanwhile the draft is edited in the admin: one more item (10), confirmed.
      const edit = (path: string, body: Record<string, unknown> = {}) =>
        api.post(`/admin/draft-orders/${draftId}/edit${path}`, body, ctx.shop.adminHeaders);
      await edit("");
      await edit("/items", { items: [{ title: "Cake", quantity: 1, unit_price: 10 }] });
      await edit("/confirm");

      ctx.simulator.simulator.act(first.trace_id, { action: "pay" });
      const paid = (await mixpayService(container).checkPayment(first.trace_id, "admin"))?.payment;
      expect(paid).toMatchObject({ status: "paid", amount: "30" });
      const result = await completePaidSale(container, paid as NonNullable<typeof paid>);
      expect(result).toEqual({ outcome: "draft-changed", draftOrderId: draftId });
      const short = await books(container, draftId);
      expect(short.order).toMatchObject({ status: "draft", is_draft_order: true });
      expect(Number(short.order?.total)).toBe(40);
      expect(short.captures.map((c) => Number(c.amount))).toEqual([30]);
      expect(Number(short.order?.summary?.pending_difference)).toBe(10);
      const record = await mixpayService(container).retrievePaymentByTrace(first.trace_id);
      expect(record).toMatchObject({ completed_at: expect.anything(), order_id: null });
      // Asked again, nothing more happens.
      expect(await completePaidSale(container, paid as NonNullable<typeof paid>)).toMatchObject({
        outcome: "already-completed",
      });

      // The replaced sale, paid late, converts nothing and is flagged.
      ctx.simulator.simulator.act(replaced.trace_id, { action: "pay" });
      const late = (await mixpayService(container).checkPayment(replaced.trace_id, "admin"))?.payment;
      expect(await completePaidSale(container, late as NonNullable<typeof late>)).toMatchObject({
        outcome: "orphaned",
      });
      expect(await mixpayService(container).retrievePaymentByTrace(replaced.trace_id)).toMatchObject({
        attention: "paid_after_cancel",
        order_id: null,
      });

      // The rest: 10 USD, charged like any sale of the draft; paid, the draft becomes the order.
      const wrong = await charge({ draft_order_id: draftId, amount: "40" });
      expect(wrong.data.errors?.[0]?.message).toMatch(/amount due is 10 USD, not 40/);
      const rest: Sale = (await charge({ draft_order_id: draftId, amount: "10" })).data.sale;
      expect(rest.amount).toBe("10");
      ctx.simulator.simulator.act(rest.trace_id, { action: "pay" });
      const restPaid = (await mixpayService(container).checkPayment(rest.trace_id, "admin"))?.payment;
      expect(await completePaidSale(container, restPaid as NonNullable<typeof restPaid>)).toEqual({
        outcome: "completed",
        orderId: draftId,
      });
      const after = await books(container, draftId);
      expect(after.order).toMatchObject({ status: "pending", is_draft_order: false });
      expect(after.captures.map((c) => Number(c.amount)).sort((a, b) => a - b)).toEqual([10, 30]);
      expect(Number(after.order?.summary?.pending_difference)).toBe(0);
    } finally {
      ctx.simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("refuses what it cannot charge with a clear 4xx naming the field", async () => {
    const container = getContainer();
    const draftId = await createDraft(ctx.shop);
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ draft_order_id: "order_nope" }, 404, "draft_order_id", /no draft order order_nope/],
      [{ draft_order_id: draftId, amount: "29.99" }, 400, "amount", /amount due is 30 USD, not 29.99/],
      [{ draft_order_id: draftId, currency_code: "usd" }, 400, "currency_code", /not with draft_order_id/],
      [{ draft_order_id: draftId, cart_id: "cart_1" }, 400, "draft_order_id", /not with cart_id/],
    ];
    for (const [body, status, field, message] of cases) {
      const res = await charge(body);
      expect({ body, status: res.status, field: res.data.errors?.[0]?.field }).toEqual({ body, status, field });
      expect(res.data.errors[0].message).toMatch(message);
    }

    // A draft with nothing to pay.
    const empty = await api.post(
      "/admin/draft-orders",
      { email: "x@mixpay.test", region_id: ctx.shop.regionId, items: [{ title: "Free", quantity: 1, unit_price: 0 }] },
      ctx.shop.adminHeaders,
    );
    const zero = await charge({ draft_order_id: empty.data.draft_order.id });
    expect({ status: zero.status, message: zero.data.errors?.[0]?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/nothing to pay/),
    });

    // A region without MixPay, and a currency MixPay does not quote in a region that offers it.
    const {
      result: [plain, exotic],
    } = await createRegionsWorkflow(container).run({
      input: {
        regions: [
          { name: "No MixPay", currency_code: "eur", countries: ["de"] },
          { name: "Exotic", currency_code: "xpf", countries: ["pf"], payment_providers: [PROVIDER_ID] },
        ],
      },
    });
    const noMixpay = await charge({ draft_order_id: await createDraft(ctx.shop, plain.id) });
    expect({ status: noMixpay.status, message: noMixpay.data.errors?.[0]?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/region without MixPay/),
    });
    const unquoted = await charge({ draft_order_id: await createDraft(ctx.shop, exotic.id) });
    expect(unquoted.status).toBe(400);
    expect(unquoted.data.message).toMatch(/MixPay does not quote XPF/);

    // A deleted draft is unknown.
    const deletedId = await createDraft(ctx.shop);
    await api.delete(`/admin/draft-orders/${deletedId}`, ctx.shop.adminHeaders);
    const deleted = await charge({ draft_order_id: deletedId });
    expect({ status: deleted.status, field: deleted.data.errors?.[0]?.field }).toEqual({
      status: 404,
      field: "draft_order_id",
    });

    // A converted draft.
    await convertDraftOrderWorkflow(container).run({ input: { id: draftId } });
    const converted = await charge({ draft_order_id: draftId });
    expect({ status: converted.status, message: converted.data.errors?.[0]?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/not a draft order any more \(its status is pending\)/),
    });
    // An unauthenticated caller learns nothing.
    expect((await api.post("/admin/mixpay/terminal/sales", { draft_order_id: draftId }, noThrow)).status).toBe(401);
  });
});
