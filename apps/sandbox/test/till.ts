import { type SimulatorServer, startSimulatorServer } from "@mixpay-pos/simulator";
import type pg from "pg";

/**
 * A till driving a running sandbox over HTTP, as the fault suite and the upgrade test do: sales through the
 * sandbox's cart route and Medusa's store API, MixPay's side through the simulator, and what Medusa and the
 * plugin recorded read straight from the database.
 */

export interface Sale {
  scenario: string;
  cartId: string;
  sessionId: string;
  traceId: string;
  /** Should this sale end as exactly one paid order? */
  expectOrder: boolean;
}

export interface PaymentRecord {
  status: string;
  reported_status: string | null;
  refund_due: boolean;
  attention: string | null;
  failure_code: string | null;
  paid_amount: string | null;
  final: boolean;
  completed_at: Date | null;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/**
 * The simulator a whole-stack test runs: no per-IP rate limit (the shop keeps its own budget), and http callbacks
 * to the sandbox on localhost taken, which MixPay itself refuses. `callbackSourceAddress`: the loopback address its
 * callbacks come from (e.g. 127.0.0.2, Linux only), so a Medusa with a callback allowlist can tell them from a
 * forger on 127.0.0.1.
 */
export function startTestSimulator(
  port: number,
  behaviour: { lifecycle?: "current" | "legacy" } = {},
  opts: { callbackSourceAddress?: string } = {},
) {
  return startSimulatorServer({
    port,
    host: "127.0.0.1",
    rateLimitPerMinute: false,
    behaviour: { allowHttpCallbacksUnlikeMixpay: true, ...behaviour },
    ...(opts.callbackSourceAddress ? { callbackSourceAddress: opts.callbackSourceAddress } : {}),
  });
}

/**
 * The environment of the sandbox's Medusa in a whole-stack test: its database, URLs and admin, no admin UI, and the
 * simulator as the plugin's default MixPay, as scripts/sandbox.mjs sets it (which also lets the seed save the
 * simulator as the API base: medusa-config.ts lists those hosts in allowApiHosts).
 */
export function sandboxEnv(opts: { databaseUrl: string; medusaPort: number; simulatorUrl: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    SANDBOX_MEDUSA_URL: `http://localhost:${opts.medusaPort}`,
    SANDBOX_SIMULATOR_URL: opts.simulatorUrl,
    SANDBOX_ADMIN_EMAIL: "admin@mixpay.local",
    SANDBOX_ADMIN_PASSWORD: "mixpay-sandbox",
    SANDBOX_ADMIN: "off",
    MIXPAY_API_BASE_URL: `${opts.simulatorUrl}/v1`,
    MIXPAY_CHECKOUT_BASE_URL: opts.simulatorUrl,
  };
}

export interface TillDeps {
  /** Read at every call: the server may be restarted on another URL. */
  medusaUrl: () => string;
  publishableKey: () => string;
  regionId: () => string;
  db: () => pg.Client;
  simulator: () => SimulatorServer;
}

export function till(deps: TillDeps) {
  /** Every sale made, in order, for the ledger. */
  const sales: Sale[] = [];

  async function store<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${deps.medusaUrl()}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": deps.publishableKey() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json().catch(() => ({}))) as T & { message?: string };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${data.message ?? ""}`);
    return data;
  }

  async function createSaleOnce(scenario: string, expectOrder: boolean): Promise<Sale> {
    const { cart } = await store<{ cart: { id: string } }>("POST", "/pos/carts", {
      region_id: deps.regionId(),
      items: [{ title: `fault: ${scenario}`, amount: "5.00", quantity: 1 }],
    });
    const { payment_collection: collection } = await store<{ payment_collection: { id: string } }>(
      "POST",
      "/store/payment-collections",
      { cart_id: cart.id },
    );
    const session = await store<{
      payment_collection: { payment_sessions: { id: string; provider_id: string; data: { trace_id: string } }[] };
    }>("POST", `/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: "pp_mixpay_mixpay" });
    const mixpay = session.payment_collection.payment_sessions.find((s) => s.provider_id === "pp_mixpay_mixpay");
    if (!mixpay) throw new Error("no MixPay session");
    const sale = { scenario, cartId: cart.id, sessionId: mixpay.id, traceId: mixpay.data.trace_id, expectOrder };
    sales.push(sale);
    return sale;
  }

  /**
   * A till sale: 5.00 USD, a MixPay payment session. When MixPay's budget is busy the POS says "MixPay is busy
   * right now … try again in N s"; like a cashier, this tries again (for up to 90 s). MixPay unreachable is not
   * retried: the scenario that takes it down expects the refusal.
   */
  async function createSale(scenario: string, expectOrder: boolean): Promise<Sale> {
    const until = Date.now() + 90_000;
    for (;;) {
      try {
        return await createSaleOnce(scenario, expectOrder);
      } catch (error) {
        if (!/MixPay is busy|rate limiter|try again in \d+ s/.test(String(error)) || Date.now() > until) throw error;
        await sleep(5_000);
      }
    }
  }

  async function ordersOf(sale: Sale): Promise<number> {
    const { rows } = await deps
      .db()
      .query("select count(distinct order_id)::int n from order_cart where cart_id = $1 and deleted_at is null", [
        sale.cartId,
      ]);
    return rows[0].n;
  }

  async function capturesOf(sale: Sale): Promise<number> {
    const { rows } = await deps
      .db()
      .query(
        "select count(*)::int n from capture c join payment p on p.id = c.payment_id where p.payment_session_id = $1 and c.deleted_at is null",
        [sale.sessionId],
      );
    return rows[0].n;
  }

  /** The plugin's record of a sale's MixPay payment (every column: an older release's schema has fewer). */
  async function recordOf(sale: Sale): Promise<PaymentRecord | undefined> {
    const { rows } = await deps.db().query("select * from mixpay_payment where trace_id = $1", [sale.traceId]);
    return rows[0];
  }

  /** Waits until the plugin has recorded `status` (from a callback or the job) and returns the record. */
  const recorded = (sale: Sale, status: string, timeoutMs = 60_000) =>
    waitFor(
      `${sale.scenario} (${sale.traceId}) to be recorded ${status}`,
      async () => {
        const record = await recordOf(sale);
        return record?.status === status ? record : null;
      },
      timeoutMs,
    );

  const completed = (sale: Sale, timeoutMs = 60_000) =>
    waitFor(`an order for ${sale.scenario} (${sale.traceId})`, async () => (await ordersOf(sale)) > 0, timeoutMs);

  const act = (sale: Sale, action: Parameters<SimulatorServer["simulator"]["act"]>[1]) =>
    deps.simulator().simulator.act(sale.traceId, action);

  /** A callback as MixPay sends it, straight to the plugin's route. */
  function callback(sale: Sale): Promise<Response> {
    return fetch(`${deps.medusaUrl()}/hooks/mixpay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        orderId: sale.sessionId,
        traceId: sale.traceId,
        payeeId: "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e",
      }),
    });
  }

  return { sales, store, createSale, ordersOf, capturesOf, recordOf, recorded, completed, act, callback };
}
