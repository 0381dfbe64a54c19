import { canonicalDecimal, isPositiveDecimal } from "./money";

/**
 * The cashier's keypad as a pure function: each key press turns the text shown ("12.5") into the next one,
 * refusing what would not be an amount in the sale's currency (a second dot, a third decimal in USD, any
 * decimal in JPY, more than `maxIntegerDigits` digits). The result is read as a decimal string, never a float.
 */

export type KeypadKey = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "00" | "." | "backspace" | "clear";

export const KEYPAD_KEYS: readonly KeypadKey[] = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  ".",
  "0",
  "00",
  "backspace",
  "clear",
];

export interface KeypadOptions {
  /** Decimal places the currency allows (2 for USD, 0 for JPY, 3 for KWD). */
  decimals: number;
  /** Digits before the decimal point (default 9: up to 999,999,999). */
  maxIntegerDigits?: number;
}

/** The entry after pressing `key` (unchanged when the key would make it invalid). */
export function pressKey(entry: string, key: KeypadKey, opts: KeypadOptions): string {
  const maxInt = opts.maxIntegerDigits ?? 9;
  if (key === "clear") return "";
  if (key === "backspace") return entry.slice(0, -1);
  if (key === ".") {
    if (opts.decimals <= 0 || entry.includes(".")) return entry;
    return entry === "" ? "0." : `${entry}.`;
  }
  if (key === "00") return pressKey(pressKey(entry, "0", opts), "0", opts);
  // A digit.
  const [int = "", frac] = entry.split(".");
  if (frac !== undefined) {
    return frac.length >= opts.decimals ? entry : `${entry}${key}`;
  }
  if (int === "0") return key === "0" ? entry : key; // no leading zeros: "0" then "5" is "5"
  if (int.length >= maxInt) return entry;
  return `${entry}${key}`;
}

/** Applies a whole sequence of keys (handy for typed input and tests). */
export function pressKeys(entry: string, keys: readonly KeypadKey[], opts: KeypadOptions): string {
  return keys.reduce((e, k) => pressKey(e, k, opts), entry);
}

/** Maps a physical keyboard key to a keypad key, or null. */
export function keyFromKeyboard(key: string): KeypadKey | null {
  if (/^[0-9]$/.test(key)) return key as KeypadKey;
  if (key === "." || key === ",") return ".";
  if (key === "Backspace") return "backspace";
  if (key === "Escape" || key === "Delete") return "clear";
  return null;
}

/**
 * The amount an entry stands for, as a decimal string padded to the currency's decimals ("12." → "12.00",
 * "0.5" → "0.50"), or null when nothing (or only "0") has been entered.
 */
export function entryToAmount(entry: string, decimals: number): string | null {
  if (entry === "" || entry === ".") return null;
  const c = canonicalDecimal(entry.endsWith(".") ? entry.slice(0, -1) : entry);
  if (c === null || !isPositiveDecimal(c)) return null;
  if (decimals <= 0) return c;
  const [int = "0", frac = ""] = c.split(".");
  return `${int}.${frac.padEnd(decimals, "0")}`;
}
