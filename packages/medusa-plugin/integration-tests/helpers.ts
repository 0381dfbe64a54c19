import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils";
import {
  createApiKeysWorkflow,
  createCartWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { ASSET_IDS, MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";
import { DEMO_PAYEE_ID, type SimulatorServer, startSimulatorServer } from "@mixpay-pos/simulator";
import type { AxiosInstance } from "axios";
import { MIXPAY_MODULE } from "../src/modules/mixpay";
import type MixpayModuleService from "../src/modules/mixpay/service";

/** terminal.spec pins its value, so a change to the shared constant is noticed. */
export const PROVIDER_ID = MIXPAY_PROVIDER_ID;
export const JWT_SECRET = "test-jwt-secret";

export interface Shop {
  regionId: string;
  salesChannelId: string;
  publishableKey: string;
  adminHeaders: { headers: Record<string, string> };
  storeHeaders: { headers: Record<string, string> };
}

/**
 * A simulator for the whole test file; its per-IP rate limit is off (the plugin keeps its own budget), and it
 * takes the test server's http callback URL, which MixPay itself would refuse.
 */
export async function startSimulator(): Promise<SimulatorServer> {
  return startSimulatorServer({
    port: 0,
    host: "127.0.0.1",
    rateLimitPerMinute: false,
    behaviour: { allowHttpCallbacksUnlikeMixpay: true },
  });
}

/** Region (USD, MixPay enabled), sales channel, publishable key and an admin token, in the test's fresh DB. */
export async function seedShop(container: MedusaContainer): Promise<Shop> {
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Till", currency_code: "usd", countries: ["us"], payment_providers: [PROVIDER_ID] }] },
  });
  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "POS" }] } });
  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "POS", type: "publishable", created_by: "test" }] },
  });
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } });

  const user = await container.resolve(Modules.USER).createUsers({ email: "admin@mixpay.test" });
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: "authid_test", app_metadata: { user_id: user.id } },
    { secret: JWT_SECRET, expiresIn: "1d" },
  );
  return {
    regionId: region.id,
    salesChannelId: channel.id,
    publishableKey: key.token,
    adminHeaders: { headers: { authorization: `Bearer ${token}` } },
    storeHeaders: { headers: { "x-publishable-api-key": key.token } },
  };
}

/** Saves MixPay settings through the admin API, pointing at the simulator and at this test server for callbacks. */
export async function configureMixpay(
  api: AxiosInstance,
  shop: Shop,
  simulator: SimulatorServer,
  overrides: Record<string, unknown> = {},
) {
  const res = await api.post(
    "/admin/mixpay/settings",
    {
      payee_id: DEMO_PAYEE_ID,
      settlement_asset_id: ASSET_IDS.USDT_ERC20,
      expiry_minutes: 15,
      public_base_url: api.defaults.baseURL,
      api_base_url: `${simulator.url}/v1`,
      checkout_base_url: simulator.url,
      ...overrides,
    },
    shop.adminHeaders,
  );
  return res.data;
}

/** A till sale: a cart with one custom item (no shipping), then a MixPay payment session through the store API. */
export async function startSale(container: MedusaContainer, api: AxiosInstance, shop: Shop, unitPrice = 12.5) {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: shop.regionId,
      sales_channel_id: shop.salesChannelId,
      email: "customer@mixpay.test",
      currency_code: "usd",
      items: [{ title: "Flat white", quantity: 2, unit_price: unitPrice, requires_shipping: false }],
    },
  });
  const collection = await api.post("/store/payment-collections", { cart_id: cart.id }, shop.storeHeaders);
  const collectionId: string = collection.data.payment_collection.id;
  const session = await api.post(
    `/store/payment-collections/${collectionId}/payment-sessions`,
    { provider_id: PROVIDER_ID },
    shop.storeHeaders,
  );
  const sessions = session.data.payment_collection.payment_sessions as { id: string; data: Record<string, unknown> }[];
  const mixpaySession = sessions.find((s) => s.data?.trace_id);
  if (!mixpaySession) throw new Error(`no MixPay session: ${JSON.stringify(session.data)}`);
  return {
    cartId: cart.id as string,
    collectionId,
    sessionId: mixpaySession.id,
    data: mixpaySession.data,
    traceId: String(mixpaySession.data.trace_id),
  };
}

export function mixpayService(container: MedusaContainer): MixpayModuleService {
  return container.resolve<MixpayModuleService>(MIXPAY_MODULE);
}

/** Orders, payments and captures Medusa holds for a cart: what "exactly one completed order" is checked on. */
export async function ledger(container: MedusaContainer, cartId: string, sessionId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: orders } = await query.graph({
    entity: "order_cart",
    fields: ["order_id"],
    filters: { cart_id: cartId },
  });
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["id", "amount", "captured_at", "canceled_at", "captures.id", "captures.amount"],
    filters: { payment_session_id: sessionId },
  });
  const captures = payments.flatMap((p: { captures?: unknown[] }) => p.captures ?? []);
  const { data: carts } = await query.graph({
    entity: "cart",
    fields: ["id", "completed_at"],
    filters: { id: cartId },
  });
  return { orders, payments, captures, cartCompleted: Boolean(carts[0]?.completed_at) };
}

/** Waits until `check` returns a truthy value (polling every 100 ms), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SuiteContext {
  api: AxiosInstance;
  getContainer: () => MedusaContainer;
  dbConnection: Knex;
  /** The MixPay simulator of this file (reset before every test). */
  readonly simulator: SimulatorServer;
  /** This test's seeded shop. */
  readonly shop: Shop;
}

/**
 * A Medusa integration suite with the plugin and a MixPay simulator: a fresh database, shop and simulator state
 * before every test, and (unless `configure: false`) MixPay settings saved through the admin API.
 */
export function mixpayIntegrationSuite(opts: { configure?: boolean }, body: (ctx: SuiteContext) => void): void {
  let simulator: SimulatorServer | undefined;
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(async () => {
    await simulator?.close();
  });
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer, dbConnection }) => {
      let shop: Shop | undefined;
      beforeEach(async () => {
        const sim = required(simulator, "simulator");
        sim.simulator.reset();
        shop = await seedShop(getContainer());
        if (opts.configure !== false) await configureMixpay(api, shop, sim);
      });
      body({
        api,
        getContainer,
        dbConnection,
        get simulator() {
          return required(simulator, "simulator");
        },
        get shop() {
          return required(shop, "shop");
        },
      });
    },
  });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not ready (used outside a test?)`);
  return value;
}

/**
 * "MixPay down or busy", as every plugin route answers it: 503, a Retry-After of whole seconds, the error body
 * `{type, message}` with type mixpay_unavailable or mixpay_busy, and no field list.
 */
export function expectMixpayDown(
  res: { status: number; headers: Record<string, unknown>; data: unknown },
  type: "mixpay_unavailable" | "mixpay_busy" = "mixpay_unavailable",
): void {
  expect({ status: res.status, data: res.data }).toEqual({
    status: 503,
    data: { type, message: expect.stringMatching(/\S/) },
  });
  expect(String(res.headers["retry-after"])).toMatch(/^[1-9][0-9]*$/);
}
