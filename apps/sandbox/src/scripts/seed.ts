import { writeFileSync } from "node:fs";
import type { ExecArgs } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows";
import { ASSET_IDS, MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";
import { DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import { WALK_IN_EMAIL } from "../pos/config";

/**
 * The sandbox's seed, run by scripts/sandbox.mjs on every start (`medusa exec`). Idempotent: everything is
 * looked up by name, handle or email first, so a second run keeps the data and adds nothing. The MixPay
 * settings are saved every time, because the simulator's and Medusa's ports may change between runs (or cleared,
 * with SANDBOX_ONBOARDING=1).
 *
 * Reads SANDBOX_MEDUSA_URL, SANDBOX_SIMULATOR_URL, SANDBOX_ADMIN_EMAIL, SANDBOX_ADMIN_PASSWORD and writes what a
 * POS or a script needs to SANDBOX_SEED_OUT (JSON).
 */

/** The part of the plugin's mixpay module the seed uses. */
interface MixpaySettingsStore {
  saveSettings(input: Record<string, unknown>): Promise<unknown>;
  listMixpaySettings(filters: Record<string, unknown>): Promise<{ id: string }[]>;
  deleteMixpaySettings(ids: string[]): Promise<void>;
}

export const SALES_CHANNEL = "MixPay POS";
export const API_KEY_TITLE = "MixPay POS";
const PROVIDERS = [MIXPAY_PROVIDER_ID, "pp_system_default"];

const REGIONS = [
  { name: "United States", currency_code: "usd", countries: ["us"] },
  { name: "Europe", currency_code: "eur", countries: ["de", "fr", "nl"] },
];

const PRODUCTS = [
  { handle: "flat-white", title: "Flat white", usd: 3.5, eur: 3.2 },
  { handle: "croissant", title: "Butter croissant", usd: 2.8, eur: 2.6 },
  { handle: "cold-brew", title: "Cold brew", usd: 4.2, eur: 3.9 },
  { handle: "beans-250g", title: "House beans 250 g", usd: 12, eur: 11 },
];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`seed: ${name} must be set (scripts/sandbox.mjs sets it)`);
  return value;
}

export default async function seed({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const medusaUrl = env("SANDBOX_MEDUSA_URL");
  const simulatorUrl = env("SANDBOX_SIMULATOR_URL");
  const adminEmail = env("SANDBOX_ADMIN_EMAIL");
  const adminPassword = env("SANDBOX_ADMIN_PASSWORD");

  // Sales channel
  const salesChannels = container.resolve(Modules.SALES_CHANNEL);
  let [channel] = await salesChannels.listSalesChannels({ name: SALES_CHANNEL });
  if (!channel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: SALES_CHANNEL, description: "The till" }] },
    });
    channel = result[0];
  }

  // Store currencies and default channel
  const storeModule = container.resolve(Modules.STORE);
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] });
  if (store) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: "MixPay Coffee Bar",
          supported_currencies: [
            { currency_code: "usd", is_default: true },
            { currency_code: "eur", is_default: false },
          ],
          default_sales_channel_id: channel.id,
        },
      },
    });
  }

  // Regions with MixPay enabled
  const regionModule = container.resolve(Modules.REGION);
  const regions: Record<string, string> = {};
  for (const region of REGIONS) {
    const [existing] = await regionModule.listRegions({ name: region.name });
    if (existing) {
      regions[region.currency_code] = existing.id;
      continue;
    }
    const { result } = await createRegionsWorkflow(container).run({
      input: { regions: [{ ...region, payment_providers: PROVIDERS }] },
    });
    regions[region.currency_code] = result[0].id;
  }

  // Publishable key for the POS page
  const apiKeys = container.resolve(Modules.API_KEY);
  let [key] = await apiKeys.listApiKeys({ title: API_KEY_TITLE, type: "publishable" });
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: API_KEY_TITLE, type: "publishable", created_by: "sandbox-seed" }] },
    });
    key = result[0];
    await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } });
  }

  // Products (no shipping: sold over the counter)
  const { data: existingProducts } = await query.graph({
    entity: "product",
    fields: ["handle"],
    filters: { handle: PRODUCTS.map((p) => p.handle) },
  });
  const have = new Set(existingProducts.map((p: { handle: string }) => p.handle));
  const missing = PRODUCTS.filter((p) => !have.has(p.handle));
  if (missing.length > 0) {
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map((p) => ({
          title: p.title,
          handle: p.handle,
          status: "published" as const,
          sales_channels: [{ id: channel.id }],
          options: [{ title: "Size", values: ["Regular"] }],
          variants: [
            {
              title: "Regular",
              sku: `POS-${p.handle.toUpperCase()}`,
              manage_inventory: false,
              options: { Size: "Regular" },
              prices: [
                { currency_code: "usd", amount: p.usd },
                { currency_code: "eur", amount: p.eur },
              ],
            },
          ],
        })),
      },
    });
  }

  // The walk-in customer every till sale belongs to
  const customers = container.resolve(Modules.CUSTOMER);
  const [walkIn] = await customers.listCustomers({ email: WALK_IN_EMAIL });
  if (!walkIn) await customers.createCustomers({ email: WALK_IN_EMAIL, first_name: "Walk-in", last_name: "customer" });

  // Admin user (email + password login)
  const users = container.resolve(Modules.USER);
  const [user] = await users.listUsers({ email: adminEmail });
  if (!user) {
    const { result } = await createUsersWorkflow(container).run({ input: { users: [{ email: adminEmail }] } });
    const auth = container.resolve(Modules.AUTH);
    const { authIdentity, error } = await auth.register("emailpass", {
      body: { email: adminEmail, password: adminPassword },
    });
    if (error || !authIdentity) throw new Error(`seed: could not create the admin login: ${error}`);
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: result[0].id } });
  }

  // MixPay settings pointing at the simulator, callbacks to this Medusa (the plugin's service checks the payee and
  // assets against the simulator). With --onboarding they are cleared instead, so the admin opens the setup wizard.
  const mixpay = container.resolve<MixpaySettingsStore>("mixpay");
  if (process.env.SANDBOX_ONBOARDING === "1") {
    const existing = await mixpay.listMixpaySettings({});
    if (existing.length > 0) await mixpay.deleteMixpaySettings(existing.map((s) => s.id));
  } else {
    await mixpay.saveSettings({
      enabled: true,
      payee_id: DEMO_PAYEE_ID,
      settlement_asset_id: ASSET_IDS.USDT_ERC20,
      expiry_minutes: 15,
      strict_mode: false,
      public_base_url: medusaUrl,
      api_base_url: `${simulatorUrl}/v1`,
      checkout_base_url: simulatorUrl,
    });
  }

  const out = {
    publishableKey: key.token,
    salesChannelId: channel.id,
    regions,
    payeeId: DEMO_PAYEE_ID,
  };
  const target = process.env.SANDBOX_SEED_OUT;
  if (target) writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
  logger.info(`Sandbox seed done: ${missing.length} products added, regions ${Object.keys(regions).join(", ")}`);
}
