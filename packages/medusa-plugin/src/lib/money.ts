import type { BigNumberInput } from "@medusajs/framework/types";
import { BigNumber } from "@medusajs/framework/utils";
import { currencyDecimals, parseDecimal } from "@mixpay-pos/core";

/**
 * The one place where Medusa amounts become MixPay quote amounts. Medusa hands providers major units as a
 * number, a numeric string or a BigNumber raw object ({ value: "12.34", precision: 20 }); MixPay takes a
 * decimal string. Nothing here goes through float arithmetic: the value is read as a string and rounded
 * half-up to the currency's minor unit with a decimal library.
 */

/** Decimal places of a quote asset: a fiat code (ISO 4217) or a crypto asset UUID (the table lives in protocol). */
export const quoteDecimals = currencyDecimals;

export class AmountError extends Error {
  override readonly name = "AmountError";
}

/** A Medusa amount as an exact decimal string ("12.3456"), whatever form it came in; throws on anything else. */
export function medusaAmountToDecimal(amount: BigNumberInput): string {
  let text: string;
  try {
    text = new BigNumber(amount).toString();
  } catch (error) {
    throw new AmountError(`not an amount: ${JSON.stringify(amount)} (${(error as Error).message})`);
  }
  const parsed = parseDecimal(text);
  if (!parsed) throw new AmountError(`not a non-negative decimal amount: ${JSON.stringify(amount)}`);
  return parsed.toFixed();
}

/**
 * The quote amount MixPay is asked for: the Medusa amount rounded half-up to the quote asset's decimals,
 * as a canonical decimal string ("12.5", "1000", "0.00012"). Zero or negative amounts are refused: MixPay
 * cannot take a payment of nothing.
 */
export function toQuoteAmount(amount: BigNumberInput, quoteAssetId: string): string {
  const exact = parseDecimal(medusaAmountToDecimal(amount));
  if (!exact) throw new AmountError(`not an amount: ${JSON.stringify(amount)}`);
  const rounded = exact.decimalPlaces(quoteDecimals(quoteAssetId), 4 /* ROUND_HALF_UP */);
  if (!rounded.isGreaterThan(0)) {
    throw new AmountError(`the amount ${exact.toFixed()} ${quoteAssetId.toUpperCase()} rounds to zero: nothing to pay`);
  }
  return rounded.toFixed();
}

/**
 * An underpayment in the sale's own currency: MixPay reports what arrived and what the whole payment costs in the
 * crypto asset; the sale's amount is paid in the same proportion. `paid` is rounded down to the currency's minor
 * unit, so `due` (the rest) is never understated. Null when the amounts cannot be read.
 */
export function saleShare(
  saleAmount: string,
  currencyCode: string,
  received: string | null | undefined,
  payable: string | null | undefined,
): { paid: string; due: string } | null {
  const total = parseDecimal(saleAmount);
  const got = parseDecimal(received ?? "");
  const cost = parseDecimal(payable ?? "");
  if (!total || !got || !cost?.isGreaterThan(0)) return null;
  const paid = (got.isGreaterThan(cost) ? total : total.times(got.dividedBy(cost))).decimalPlaces(
    quoteDecimals(currencyCode),
    1 /* ROUND_DOWN */,
  );
  return { paid: paid.toFixed(), due: total.minus(paid).toFixed() };
}
