import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";

// The regions that offer MixPay (the provider is enabled on them): the terminal sells there, and the setup
// checklist checks that there is one.

/** Carts this terminal made are marked, so the open-cart picker does not offer them again. */
export const TERMINAL_CART_MARK = "mixpay_terminal";

export interface TerminalRegion {
  id: string;
  name: string;
  currency_code: string;
}

/** Every region, by name, and whether it offers MixPay (the provider is enabled on it). */
export async function allRegions(
  container: MedusaContainer,
): Promise<(TerminalRegion & { mixpay_enabled: boolean })[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
  });
  return data
    .map((r) => ({
      id: r.id,
      name: r.name,
      currency_code: r.currency_code,
      mixpay_enabled: ((r.payment_providers ?? []) as unknown[]).some(isMixpayProvider),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Regions that offer MixPay (the provider is enabled on them), by name. */
export async function mixpayRegions(container: MedusaContainer): Promise<TerminalRegion[]> {
  return (await allRegions(container))
    .filter((r) => r.mixpay_enabled)
    .map(({ id, name, currency_code }) => ({ id, name, currency_code }));
}

function isMixpayProvider(p: unknown): boolean {
  return typeof p === "object" && p !== null && "id" in p && p.id === MIXPAY_PROVIDER_ID;
}
