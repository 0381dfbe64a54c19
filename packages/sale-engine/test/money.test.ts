import { describe, expect, it } from "vitest";
import {
  canonicalDecimal,
  currencyDecimals,
  decimalFromNumber,
  formatAmount,
  formatDecimal,
  isDecimalString,
  isPositiveDecimal,
  lineAmount,
  sumAmounts,
  underpaymentAmounts,
} from "../src/money";

describe("money formatting on decimal strings", () => {
  it("knows each currency's minor unit", () => {
    expect(currencyDecimals("usd")).toBe(2);
    expect(currencyDecimals("JPY")).toBe(0);
    expect(currencyDecimals("kwd")).toBe(3);
    expect(currencyDecimals("c6d0c728-2624-429b-8e0d-d9d19b6592fa")).toBe(8);
    expect(currencyDecimals(null)).toBe(2);
  });

  it("groups thousands and pads to the minor unit without rounding", () => {
    expect(formatDecimal("1234567.5", 2)).toBe("1,234,567.50");
    expect(formatDecimal("0.000123456789", 2)).toBe("0.000123456789");
    expect(formatDecimal("100", 0)).toBe("100");
    expect(formatDecimal("007.100")).toBe("7.1");
  });

  it("keeps digits a float would lose", () => {
    expect(formatDecimal("12345678901234567.89", 2)).toBe("12,345,678,901,234,567.89");
    expect(formatDecimal("0.1", 2)).toBe("0.10");
  });

  it("shows fiat codes in capitals with their minor unit, crypto symbols as given", () => {
    expect(formatAmount("10", "usd")).toBe("10.00 USD");
    expect(formatAmount("1500", "jpy")).toBe("1,500 JPY");
    expect(formatAmount("0.00031", "BTC")).toBe("0.00031 BTC");
    expect(formatAmount("10", "USDT")).toBe("10 USDT");
    expect(formatAmount("1", "c6d0c728-2624-429b-8e0d-d9d19b6592fa")).toBe("1 c6d0c728…");
    expect(formatAmount(null, "usd")).toBe("—");
  });

  it("leaves something that is not a decimal visible as it is", () => {
    expect(formatDecimal("12,5")).toBe("12,5");
    expect(formatDecimal("-1")).toBe("-1");
  });

  it("validates and canonicalises decimal strings", () => {
    expect(isDecimalString("12.50")).toBe(true);
    expect(isDecimalString("1e5")).toBe(false);
    expect(isDecimalString("-1")).toBe(false);
    expect(isDecimalString(12)).toBe(false);
    expect(canonicalDecimal("00.500")).toBe("0.5");
    expect(canonicalDecimal("abc")).toBeNull();
    expect(isPositiveDecimal("0.00")).toBe(false);
    expect(isPositiveDecimal("0.01")).toBe(true);
    expect(isPositiveDecimal(undefined)).toBe(false);
  });

  it("an underpayment's amounts: the sale's share padded to the currency's minor unit, crypto as MixPay gave it", () => {
    expect(
      underpaymentAmounts({
        amount: "1500",
        currency_code: "jpy",
        sale_share: { paid: "1000", due: "500" },
        paid_amount: "6.6667",
        paid_symbol: "USDT",
        payable_amount: "10",
        shortfall_amount: "3.3333",
        shortfall_symbol: null,
      }),
    ).toEqual({
      sale: { paid: "1,000 JPY", total: "1,500 JPY", due: "500 JPY" },
      crypto: { paid: "6.6667 USDT", total: "10 USDT", due: "3.3333 USDT" },
    });
    expect(underpaymentAmounts({ amount: "8", currency_code: "kwd", sale_share: { paid: "3.2", due: "4.8" } })).toEqual(
      { sale: { paid: "3.200 KWD", total: "8.000 KWD", due: "4.800 KWD" }, crypto: null },
    );
    expect(underpaymentAmounts({ amount: "8", currency_code: "usd", sale_share: null })).toEqual({
      sale: null,
      crypto: null,
    });
  });
});

describe("ticket sums (no float × 100)", () => {
  it("turns a JSON price into a decimal string and sums lines exactly", () => {
    expect(decimalFromNumber(3.5)).toBe("3.5");
    expect(decimalFromNumber(0.1)).toBe("0.1");
    expect(decimalFromNumber(-1)).toBeNull();
    expect(sumAmounts([lineAmount("0.1", 1), lineAmount("0.2", 1)])).toBe("0.3"); // 0.30000000000000004 in floats
    expect(sumAmounts([lineAmount("1.005", 3), "0.001"])).toBe("3.016"); // KWD: three decimals
    expect(sumAmounts([lineAmount("1500", 2), "300"])).toBe("3300"); // JPY: none
    expect(formatAmount(sumAmounts(["3.5", "2.8"]), "usd")).toBe("6.30 USD");
    expect(formatAmount(sumAmounts(["1.005", "0.5"]), "kwd")).toBe("1.505 KWD");
    expect(formatAmount(sumAmounts(["1500", "300"]), "jpy")).toBe("1,800 JPY");
  });
});
