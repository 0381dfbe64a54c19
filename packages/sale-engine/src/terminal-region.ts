import type { StorageLike } from "./open-sale-store";

/** Where the terminal remembers the cashier's last region (per browser). */
export const TERMINAL_REGION_KEY = "mixpay-pos:terminal:region";

interface RegionLike {
  id: string;
}

/**
 * The region the terminal opens on: the cashier's last choice while it still offers MixPay, else the store's
 * default region (when it offers MixPay), else the first region by name. Empty when no region offers MixPay.
 */
export function initialRegionId(
  regions: readonly RegionLike[],
  choices: { remembered: string | null; storeDefault: string | null },
): string {
  const offered = (id: string | null): id is string => id !== null && regions.some((r) => r.id === id);
  if (offered(choices.remembered)) return choices.remembered;
  if (offered(choices.storeDefault)) return choices.storeDefault;
  return regions[0]?.id ?? "";
}

/** The cashier's last region as stored (null when absent, unreadable or not a region id). */
export function recallRegion(storage: StorageLike | null): string | null {
  try {
    const value = storage?.getItem(TERMINAL_REGION_KEY) ?? null;
    return value && /^reg_[0-9A-Za-z]{1,64}$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

/** Remembers the cashier's choice for the next sale and the next visit. */
export function rememberRegion(storage: StorageLike | null, regionId: string): void {
  try {
    storage?.setItem(TERMINAL_REGION_KEY, regionId);
  } catch {
    // storage full or gone: the choice holds for this page only
  }
}
