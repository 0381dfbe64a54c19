import type { QuoteAsset } from "@mixpay-pos/core";

/** What MixPay is asked to price a sale in. */
export interface QuoteChoice {
  /** A fiat code (`usd`) or an asset UUID, lower case. */
  assetId: string;
  symbol: string;
  /** True when MixPay quotes the sale's own currency; false when the merchant's fallback quote asset stands in. */
  direct: boolean;
}

/**
 * The one rule for the quote of a sale in `currencyCode`: the currency itself when MixPay quotes it; else the
 * merchant's fallback quote asset (the sale's amount is then asked as that many units of it); else null, and
 * such sales are refused. Used when a payment is created and when the admin shows each region's quote.
 */
export function quoteChoiceFor(
  currencyCode: string,
  quoteAssets: readonly QuoteAsset[],
  fallbackQuoteAssetId: string | null | undefined,
): QuoteChoice | null {
  const code = currencyCode.trim().toLowerCase();
  const direct = quoteAssets.find((a) => a.assetId.toLowerCase() === code);
  if (direct) return { assetId: code, symbol: direct.symbol, direct: true };
  const fallback = fallbackQuoteAssetId?.trim().toLowerCase();
  if (!fallback) return null;
  const listed = quoteAssets.find((a) => a.assetId.toLowerCase() === fallback);
  return { assetId: fallback, symbol: listed?.symbol ?? fallback.toUpperCase(), direct: false };
}

/** The fiat currencies MixPay quotes, upper case (for messages). */
export function quotedFiats(quoteAssets: readonly QuoteAsset[]): string[] {
  return quoteAssets.filter((a) => !a.assetId.includes("-")).map((a) => a.assetId.toUpperCase());
}
