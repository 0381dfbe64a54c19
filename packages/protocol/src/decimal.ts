import { BigNumber } from "bignumber.js";
import { z } from "zod";

/**
 * Money is a decimal string end to end. This module is the one place that turns input into canonical
 * decimal strings and compares or subtracts them, using bignumber.js (never float arithmetic).
 */

// A private BigNumber constructor: no exponential notation in output, no global config changes.
const Decimal = BigNumber.clone({ EXPONENTIAL_AT: [-1e9, 1e9], DECIMAL_PLACES: 40 });
export type DecimalValue = InstanceType<typeof Decimal>;

const DECIMAL_PATTERN = /^[0-9]+(\.[0-9]+)?$/;

/** Parses a non-negative decimal ("10", "0.5", 10, "10.00000000") or returns null when it isn't one. */
export function parseDecimal(value: unknown): DecimalValue | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) return null;
    return new Decimal(value);
  }
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (!DECIMAL_PATTERN.test(trimmed)) return null;
  return new Decimal(trimmed);
}

/** Canonical form: no exponent, no trailing zeros ("10.50" → "10.5", "1e-7" → "0.0000001"). */
export function toDecimalString(value: DecimalValue | string | number): string {
  const d = value instanceof Decimal ? value : parseDecimal(value);
  if (!d) throw new TypeError(`not a non-negative decimal: ${String(value)}`);
  return d.toFixed();
}

/** Equal as numbers: "10" equals "10.00000000". Throws on non-decimals so a typo never compares equal. */
export function decimalEquals(a: string | number, b: string | number): boolean {
  return decimalCompare(a, b) === 0;
}

/** -1, 0 or 1 like a comparator. */
export function decimalCompare(a: string | number, b: string | number): -1 | 0 | 1 {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new TypeError(`cannot compare ${String(a)} with ${String(b)}: not decimals`);
  return x.comparedTo(y) as -1 | 0 | 1;
}

/** a − b as a canonical decimal string; may be negative. */
export function decimalSub(a: string | number, b: string | number): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new TypeError(`cannot subtract ${String(b)} from ${String(a)}: not decimals`);
  return x.minus(y).toFixed();
}

/** a × b, rounded down to `places` decimals (used for price conversion in estimates). */
export function decimalMul(a: string | number, b: string | number, places = 8): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new TypeError(`cannot multiply ${String(a)} by ${String(b)}: not decimals`);
  return x.times(y).decimalPlaces(places, Decimal.ROUND_DOWN).toFixed();
}

/** a + b as a canonical decimal string. */
export function decimalAdd(a: string | number, b: string | number): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new TypeError(`cannot add ${String(a)} and ${String(b)}: not decimals`);
  return x.plus(y).toFixed();
}

/**
 * a ÷ b, rounded to `places` decimals: "down" (towards zero, the default) or "up" (away from zero, e.g. an
 * amount a payer must send so that it covers a price). Throws on division by zero.
 */
export function decimalDiv(
  a: string | number,
  b: string | number,
  places = 8,
  rounding: "down" | "up" = "down",
): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new TypeError(`cannot divide ${String(a)} by ${String(b)}: not decimals`);
  if (y.isZero()) throw new RangeError(`cannot divide ${String(a)} by zero`);
  return x
    .div(y)
    .decimalPlaces(places, rounding === "up" ? Decimal.ROUND_UP : Decimal.ROUND_DOWN)
    .toFixed();
}

/** Number of digits after the decimal point as written ("10.50" → 2). */
export function decimalPlaces(value: string): number {
  const dot = value.indexOf(".");
  return dot === -1 ? 0 : value.length - dot - 1;
}

/**
 * A positive decimal amount on the way to MixPay: accepts a decimal string or a finite number,
 * outputs the canonical string. Zero, negatives, NaN, exponents and words are rejected.
 */
export const positiveAmountSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const d = parseDecimal(value);
  if (!d) {
    ctx.addIssue({ code: "custom", message: `must be a positive decimal number, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (d.isZero()) {
    ctx.addIssue({ code: "custom", message: "must be greater than zero" });
    return z.NEVER;
  }
  return d.toFixed();
});

/**
 * An amount in a MixPay response: documented as a string, sometimes "" (e.g. settle* while pending).
 * Numbers are tolerated and turned into strings without float formatting surprises.
 */
export const responseAmountSchema = z.union([z.string(), z.number(), z.null()]).transform((value) => {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? new Decimal(value).toFixed() : "";
  return value;
});
