import { formatAmount } from "@mixpay-pos/sale-engine";

/** "6.30 USD": a store API amount (a number in the currency's main unit), formatted as the MixPay component does. */
export function amountText(amount: number | null | undefined, currency: string | null | undefined): string {
  return formatAmount(amount === null || amount === undefined ? null : String(amount), currency);
}
