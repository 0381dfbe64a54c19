import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import { MIXPAY_PROVIDER_ID, MIXPAY_STORE_ROUTES } from "@mixpay-pos/core";

export const API_KEY_TITLE = "MixPay POS";
/** The customer every till sale is made for (created by the seed). */
export const WALK_IN_EMAIL = "till@mixpay.local";

export interface PosRegion {
  id: string;
  name: string;
  currency_code: string;
}

export interface PosConfig {
  publishableKey: string;
  regions: PosRegion[];
  storeName: string;
  /** The MixPay payment provider's id, so the page's plain script need not type it out. */
  providerId: string;
  /**
   * A sale's pushed-status stream, `{traceId}` in place of its trace id (server-sent events whose data is the body
   * of GET /store/mixpay/payments/:traceId). Null: the page polls that route. Set it once the plugin serves the
   * stream; the page then polls only while the stream is down.
   */
  saleStreamPath: string | null;
}

/** The plugin's store stream route (`{traceId}` filled in by the page); the page polls only while it is down. */
export const SALE_STREAM_PATH: string | null = MIXPAY_STORE_ROUTES.paymentEvents.replace(":traceId", "{traceId}");

/** What the POS page needs to talk to the store API: the seeded publishable key and the MixPay regions. */
export async function loadPosConfig(container: MedusaContainer): Promise<PosConfig> {
  const apiKeys = container.resolve(Modules.API_KEY);
  const key = (await apiKeys.listApiKeys({ title: API_KEY_TITLE, type: "publishable" })).find((k) => !k.revoked_at);
  if (!key) throw new Error(`No publishable key titled "${API_KEY_TITLE}": run the sandbox seed`);
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: regions } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
  });
  const store = await container.resolve(Modules.STORE).listStores({}, { take: 1 });
  return {
    publishableKey: key.token,
    regions: regions
      .filter((r) => (r.payment_providers ?? []).some((p) => p?.id === MIXPAY_PROVIDER_ID))
      .map((r) => ({ id: r.id, name: r.name, currency_code: r.currency_code })),
    storeName: store[0]?.name ?? "Medusa store",
    providerId: MIXPAY_PROVIDER_ID,
    saleStreamPath: SALE_STREAM_PATH,
  };
}
