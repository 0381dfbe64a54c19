import { decimalDiv, decimalMul } from "@mixpay-pos/protocol";

/**
 * Price conversion with decimal strings only. Every asset and fiat has a USD price; an amount in one is turned
 * into another through USD. Amounts have at most 8 decimals, like Mixin assets.
 */
export const AMOUNT_PLACES = 8;

/** The product of two ≤8-decimal numbers has ≤16 decimals, so this keeps the intermediate value exact. */
const EXACT_PLACES = 20;

/**
 * `amount` priced at `fromUsdPrice` expressed in a unit priced at `toUsdPrice`.
 * "up" for what a payer must send (it must cover the price), "down" for what a payee receives.
 */
export function convertAmount(
  amount: string,
  fromUsdPrice: string,
  toUsdPrice: string,
  rounding: "up" | "down",
): string {
  const usd = decimalMul(amount, fromUsdPrice, EXACT_PLACES);
  return decimalDiv(usd, toUsdPrice, AMOUNT_PLACES, rounding);
}

/** The amount of a payment asset that pays `quoteAmount` of a quote asset. */
export function payableAmount(quoteAmount: string, quote: { usdPrice: string }, asset: { usdPrice: string }): string {
  return convertAmount(quoteAmount, quote.usdPrice, asset.usdPrice, "up");
}

/** What the payee receives in the settlement asset for `quoteAmount`. */
export function settlementAmount(
  quoteAmount: string,
  quote: { usdPrice: string },
  asset: { usdPrice: string },
): string {
  return convertAmount(quoteAmount, quote.usdPrice, asset.usdPrice, "down");
}

/** payment ÷ quote, as payments_estimated's `price`. */
export function unitPrice(paymentAmount: string, quoteAmount: string): string {
  return decimalDiv(paymentAmount, quoteAmount, AMOUNT_PLACES, "down");
}

/** amount × factor (e.g. 0.5 for "pay less", 1.5 for "pay more"), rounded down to 8 decimals. */
export function scaleAmount(amount: string, factor: string): string {
  return decimalMul(amount, factor, AMOUNT_PLACES);
}
