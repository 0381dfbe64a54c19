/**
 * Amounts are decimal strings ("12.50") from the keypad to the screen: this module formats them with string
 * operations only (no parseFloat, no Number arithmetic on money), so "0.1" + nothing never becomes
 * "0.10000000000000001" and an 18-digit crypto amount keeps every digit.
 */

import { currencyDecimals, decimalAdd, decimalMul, toDecimalString, UUID_PATTERN as UUID } from "@mixpay-pos/protocol";

const LOOSE_DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/** Minor-unit digits of a currency code (2 unless listed); 8 for a crypto asset UUID (protocol's one table). */
export { currencyDecimals };

/** A non-negative decimal string ("0", "12.5", "007.10" is accepted loosely, see `canonicalDecimal`). */
export function isDecimalString(value: unknown): value is string {
  return typeof value === "string" && LOOSE_DECIMAL.test(value.trim());
}

/** "007.100" → "7.1", "0.0" → "0"; null when not a decimal string. */
export function canonicalDecimal(value: string): string | null {
  const v = value.trim();
  if (!LOOSE_DECIMAL.test(v)) return null;
  const [rawInt = "0", rawFrac = ""] = v.split(".");
  const int = rawInt.replace(/^0+(?=\d)/, "");
  const frac = rawFrac.replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/** True for a decimal string greater than zero. */
export function isPositiveDecimal(value: string | null | undefined): boolean {
  if (!value) return false;
  const c = canonicalDecimal(value);
  return c !== null && c !== "0";
}

/** 1234567 → "1,234,567" (on the integer digits, as a string). */
function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats a decimal string for display: thousands grouped, padded to at least `minFractionDigits`
 * (a currency's minor unit), never rounded or cut — the server's digits are shown as they are.
 * Anything that is not a decimal string is returned unchanged, so a bad value is visible, not hidden.
 */
export function formatDecimal(value: string | null | undefined, minFractionDigits = 0): string {
  if (value === null || value === undefined) return "—";
  const c = canonicalDecimal(value);
  if (c === null) return value;
  const [int = "0", frac = ""] = c.split(".");
  const paddedFrac = frac.padEnd(minFractionDigits, "0");
  return paddedFrac ? `${groupThousands(int)}.${paddedFrac}` : groupThousands(int);
}

/**
 * An amount with its unit: a fiat code is padded to its minor unit and shown in capitals ("12.50 USD");
 * a crypto symbol keeps the digits it came with ("0.00031 BTC"). A quote asset given as a UUID with no symbol is
 * shown as its first 8 characters.
 */
export function formatAmount(amount: string | null | undefined, unit: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const u = (unit ?? "").trim();
  const isFiatCode = /^[a-z]{3}$/i.test(u) && !UUID.test(u);
  const digits = formatDecimal(amount, isFiatCode ? currencyDecimals(u) : 0);
  if (!u) return digits;
  const label = UUID.test(u) ? `${u.slice(0, 8)}…` : isFiatCode ? u.toUpperCase() : u;
  return `${digits} ${label}`;
}

/** One side of an underpayment, formatted with its unit: `paid` of `total`, `due` still due. */
export interface ShareAmounts {
  paid: string;
  total: string | null;
  due: string | null;
}

export interface UnderpaymentLike {
  amount?: string | null;
  currency_code?: string | null;
  sale_share?: { paid: string; due: string } | null;
  paid_amount?: string | null;
  paid_symbol?: string | null;
  payable_amount?: string | null;
  shortfall_amount?: string | null;
  shortfall_symbol?: string | null;
}

/**
 * An underpayment as amounts to show, in the sale's currency (the server's `sale_share` of the sale's `amount`,
 * padded to the currency's minor unit) and in the crypto asset that was paid (`paid_amount` of
 * `payable_amount`, `shortfall_amount` still due, with the digits MixPay gave). Either side is null when the
 * server did not send what it needs (an older plugin sends no `sale_share`).
 */
export function underpaymentAmounts(p: UnderpaymentLike): { sale: ShareAmounts | null; crypto: ShareAmounts | null } {
  const code = p.currency_code ?? null;
  const sale =
    p.sale_share && code && isDecimalString(p.sale_share.paid) && isDecimalString(p.sale_share.due)
      ? {
          paid: formatAmount(p.sale_share.paid, code),
          total: isDecimalString(p.amount) ? formatAmount(p.amount, code) : null,
          due: formatAmount(p.sale_share.due, code),
        }
      : null;
  const crypto = isDecimalString(p.paid_amount)
    ? {
        paid: formatAmount(p.paid_amount, p.paid_symbol),
        total: isDecimalString(p.payable_amount) ? formatAmount(p.payable_amount, p.paid_symbol) : null,
        due: isDecimalString(p.shortfall_amount)
          ? formatAmount(p.shortfall_amount, p.shortfall_symbol ?? p.paid_symbol)
          : null,
      }
    : null;
  return { sale, crypto };
}

// ---- a till's ticket: sums of decimal strings (protocol's decimal arithmetic, never float × 100) ------------------

/**
 * A price as a JSON number (Medusa's `calculated_amount`, e.g. 3.5) as a decimal string ("3.5"), through the
 * number's shortest decimal form, never float arithmetic; null for NaN, infinities and negatives.
 */
export function decimalFromNumber(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return toDecimalString(value);
}

/** unit × quantity, exact ("3.5" × 3 → "10.5"). */
export function lineAmount(unit: string, quantity: number): string {
  return toDecimalString(decimalMul(unit, String(quantity), 40));
}

/** The sum of decimal strings, exact ("0.1" + "0.2" → "0.3"); "0" for none. */
export function sumAmounts(values: readonly string[]): string {
  return values.reduce((sum, v) => decimalAdd(sum, v), "0");
}
