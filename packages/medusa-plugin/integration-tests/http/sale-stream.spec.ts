import { MIXPAY_ADMIN_ROUTES, MIXPAY_STORE_ROUTES, routePath } from "@mixpay-pos/core";
import { type OpenStream, openEventStream } from "../event-stream";
import { mixpayIntegrationSuite, mixpayService, startSale } from "../helpers";

jest.setTimeout(120_000);

type Body = { payment?: Record<string, unknown>; sale?: Record<string, unknown> };
const payment = (data: unknown) => (data as Body).payment ?? {};
const sale = (data: unknown) => (data as Body).sale ?? {};

/**
 * The sale streams (server-sent events): the first state at once, a callback's change pushed to an open stream,
 * the end after a settled state, the sibling routes' 404 before any stream opens, 429 over the per-client cap, and
 * the store variant's data-minimising view. Streams never ask MixPay on their own: they re-read the record when any
 * server process announces a change (PostgreSQL NOTIFY), and poll on the check rule's terms like a polling screen.
 */
mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const sim = () => ctx.simulator.simulator;
  const base = () => String(api.defaults.baseURL);
  const open: OpenStream[] = [];
  const storeStream = async (traceId: string, headers = ctx.shop.storeHeaders.headers) => {
    const s = await openEventStream(`${base()}${routePath(MIXPAY_STORE_ROUTES.paymentEvents, { traceId })}`, headers);
    open.push(s);
    return s;
  };
  const adminStream = async (traceId: string) => {
    const url = `${base()}${routePath(MIXPAY_ADMIN_ROUTES.terminalSaleEvents, { traceId })}`;
    const s = await openEventStream(url, ctx.shop.adminHeaders.headers);
    open.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it("store stream: the first state at once, the callback's paid state pushed, then the stream ends", async () => {
    const started = await startSale(getContainer(), api, ctx.shop);
    const stream = await storeStream(started.traceId);
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(stream.headers["cache-control"]).toBe("no-cache");
    expect(stream.headers["x-accel-buffering"]).toBe("no");
    const first = await stream.next(() => true, 5_000);
    expect(first.event).toBe("sale");
    expect(payment(first.data)).toMatchObject({ trace_id: started.traceId, status: "unpaid", amount: "25" });
    // Exactly the sibling route's body.
    const polled = await api.get(`/store/mixpay/payments/${started.traceId}`, ctx.shop.storeHeaders);
    expect(first.data).toEqual(polled.data);

    sim().act(started.traceId, { action: "pay" });
    const paid = await stream.next((d) => payment(d).status === "paid" && payment(d).completed === true);
    expect(payment(paid.data)).toMatchObject({ status: "paid", final: true, amount: "25", currency_code: "usd" });
    expect(payment(paid.data).paid_amount).toBeTruthy();
    await stream.ended;
    expect(stream.events.at(-1)?.data).toEqual(paid.data);
  });

  it("admin stream: the terminal route's body, pushed on the callback, ending once the order exists", async () => {
    const started = await startSale(getContainer(), api, ctx.shop);
    const stream = await adminStream(started.traceId);
    expect(stream.status).toBe(200);
    const first = await stream.next(() => true, 5_000);
    const polled = await api.get(`/admin/mixpay/terminal/sales/${started.traceId}`, ctx.shop.adminHeaders);
    expect(first.data).toEqual(polled.data);
    expect(sale(first.data)).toMatchObject({ status: "unpaid", order_id: null });

    sim().act(started.traceId, { action: "underpay", amount: "10" });
    const underpaid = await stream.next((d) => sale(d).status === "underpaid");
    expect(sale(underpaid.data).sale_share).toBeTruthy();

    sim().act(started.traceId, { action: "pay" });
    const done = await stream.next((d) => sale(d).status === "paid" && sale(d).completed === true);
    expect(sale(done.data).order_id).toMatch(/^order_/);
    await stream.ended;
  });

  it("a change announced through PostgreSQL by another connection reaches the stream (how other processes reach it)", async () => {
    const started = await startSale(getContainer(), api, ctx.shop);
    const stream = await storeStream(started.traceId);
    await stream.next(() => true, 5_000);
    // Another server process writes the record and announces it: here, the test's own connection does both.
    await ctx.dbConnection.raw("update mixpay_payment set confirmations = 3 where trace_id = ?", [started.traceId]);
    await ctx.dbConnection.raw("select pg_notify('mixpay_sale', ?)", [started.traceId]);
    const changed = await stream.next((d) => payment(d).confirmations === 3, 5_000);
    expect(payment(changed.data).status).toBe("unpaid");
  });

  it("a stream of a sale already settled sends its one state and ends", async () => {
    const started = await startSale(getContainer(), api, ctx.shop);
    sim().act(started.traceId, { action: "pay" });
    const s0 = await storeStream(started.traceId);
    await s0.next((d) => payment(d).completed === true);
    await s0.ended;
    const stream = await storeStream(started.traceId);
    await stream.ended;
    expect(stream.events).toHaveLength(1);
    expect(payment(stream.events[0]?.data)).toMatchObject({ status: "paid", completed: true });
  });

  it("unknown and malformed trace ids get the sibling routes' answers, and no stream", async () => {
    const unknown = "3f1e0f4e-8a7b-4c2d-9e6f-0a1b2c3d4e5f";
    const store = await storeStream(unknown);
    const sibling = await api.get(`/store/mixpay/payments/${unknown}`, {
      ...ctx.shop.storeHeaders,
      validateStatus: () => true,
    });
    expect(store.status).toBe(404);
    expect(sibling.status).toBe(404);
    expect(store.body).toEqual(sibling.data);
    expect((await adminStream(unknown)).status).toBe(404);
    expect((await storeStream("not-a-uuid")).status).toBe(400);
    // Without the publishable key, like the sibling route.
    const started = await startSale(getContainer(), api, ctx.shop);
    expect((await storeStream(started.traceId, {})).status).toBe(400);
    expect((await openEventStream(`${base()}/admin/mixpay/terminal/sales/${started.traceId}/events`)).status).toBe(401);
    expect(mixpayService(getContainer()).streamSlots.open).toBe(0);
  });

  it("over the per-client cap: 429 with Retry-After; a closed stream frees its slot", async () => {
    const started = await startSale(getContainer(), api, ctx.shop);
    const streams = await Promise.all(Array.from({ length: 20 }, () => storeStream(started.traceId)));
    expect(streams.map((s) => s.status)).toEqual(Array(20).fill(200));
    const refused = await storeStream(started.traceId);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ type: "too_many_streams" });
    // The admin terminal's streams are counted apart.
    expect((await adminStream(started.traceId)).status).toBe(200);
    streams[0]?.close();
    await streams[0]?.ended;
    const service = mixpayService(getContainer());
    for (let i = 0; i < 50 && service.streamSlots.open > 20; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await storeStream(started.traceId)).status).toBe(200);
  });

  it("the store stream shows nothing the store route does not: no order, cart, session or customer", async () => {
    const started = await startSale(getContainer(), api, ctx.shop);
    const stream = await storeStream(started.traceId);
    sim().act(started.traceId, { action: "pay" });
    await stream.next((d) => payment(d).completed === true);
    await stream.ended;
    const text = JSON.stringify(stream.events);
    expect(text).not.toContain("customer@mixpay.test");
    expect(text).not.toContain(started.cartId);
    expect(text).not.toContain(started.sessionId);
    expect(text).not.toMatch(/order_[0-9A-Z]{10,}/);
    const polled = await api.get(`/store/mixpay/payments/${started.traceId}`, ctx.shop.storeHeaders);
    for (const e of stream.events) {
      expect(Object.keys(e.data as object).sort()).toEqual(Object.keys(polled.data).sort());
      expect(Object.keys(payment(e.data)).sort()).toEqual(Object.keys(polled.data.payment).sort());
    }
  });

  it("a lost callback: the stream's poll finds the payment on the check rule's schedule", async () => {
    sim().setFaults({ callbacks: "drop" });
    const started = await startSale(getContainer(), api, ctx.shop);
    const stream = await storeStream(started.traceId);
    await stream.next(() => true, 5_000);
    sim().act(started.traceId, { action: "pay" });
    // No callback: the window of this test app is callbackGraceMs = 10 s after creation.
    const paid = await stream.next((d) => payment(d).status === "paid", 30_000);
    expect(payment(paid.data).amount).toBe("25");
    const asked = sim()
      .requests(0)
      .filter((r) => r.traceId === started.traceId);
    // The creation and one check: one poll on the rule's schedule, not one per stream second.
    expect(asked.length).toBeLessThanOrEqual(3);
  });
});
