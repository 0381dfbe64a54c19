import { UUID_PATTERN } from "./ids.js";

/**
 * Minor units of the currencies and assets a sale can be quoted in: ISO 4217 currencies whose minor unit is not
 * 2 digits (after Stripe's provider), and 8 decimals for a crypto quote asset (a Mixin asset UUID), as MixPay's
 * quote list gives for BTC. The one table the plugin (rounding) and the admin (display) both use.
 */
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "isk",
  "jpy",
  "kmf",
  "krw",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);
const THREE_DECIMAL = new Set(["bhd", "iqd", "jod", "kwd", "lyd", "omr", "tnd"]);
export const CRYPTO_QUOTE_DECIMALS = 8;

/** Decimal places of a currency code (2 unless listed) or of a crypto asset UUID (8). */
export function currencyDecimals(codeOrAssetId: string | null | undefined): number {
  const id = (codeOrAssetId ?? "").trim().toLowerCase();
  if (UUID_PATTERN.test(id)) return CRYPTO_QUOTE_DECIMALS;
  if (ZERO_DECIMAL.has(id)) return 0;
  if (THREE_DECIMAL.has(id)) return 3;
  return 2;
}
