import { describe, expect, it } from "vitest";
import { currencyDecimals } from "../src/currencies.js";
import {
  decimalCompare,
  decimalEquals,
  decimalMul,
  decimalPlaces,
  decimalSub,
  parseDecimal,
  positiveAmountSchema,
  responseAmountSchema,
  toDecimalString,
} from "../src/decimal.js";

describe("decimal strings", () => {
  it("canonicalises without float artefacts or exponents", () => {
    expect(toDecimalString("10.50")).toBe("10.5");
    expect(toDecimalString("10.00000000")).toBe("10");
    expect(toDecimalString(0.0000001)).toBe("0.0000001");
    expect(toDecimalString("123456789012345678901234567890.123456789")).toBe(
      "123456789012345678901234567890.123456789",
    );
  });

  it("compares by value", () => {
    expect(decimalEquals("10", "10.00000000")).toBe(true);
    expect(decimalEquals("0.1", "0.10")).toBe(true);
    expect(decimalEquals("10", "10.000000001")).toBe(false);
    expect(decimalCompare("9.99", "10")).toBe(-1);
    expect(decimalCompare("10.01", "10")).toBe(1);
  });

  it("subtracts and multiplies exactly (0.3 − 0.1 is 0.2, not 0.19999999999999998)", () => {
    expect(decimalSub("0.3", "0.1")).toBe("0.2");
    expect(decimalSub("4", "10.013")).toBe("-6.013");
    expect(decimalMul("0.1", "3")).toBe("0.3");
    expect(decimalMul("1", "0.123456789", 8)).toBe("0.12345678");
  });

  it("refuses non-decimals instead of comparing them as equal", () => {
    expect(parseDecimal("1e3")).toBeNull();
    expect(parseDecimal("-1")).toBeNull();
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal(Number.NaN)).toBeNull();
    expect(parseDecimal("1,5")).toBeNull();
    expect(() => decimalEquals("abc", "abc")).toThrow(/not decimals/);
    expect(() => toDecimalString("ten")).toThrow(/not a non-negative decimal/);
  });

  it("counts decimal places as written", () => {
    expect(decimalPlaces("10.50")).toBe(2);
    expect(decimalPlaces("10")).toBe(0);
  });
});

describe("amount schemas", () => {
  it("accepts positive decimals as strings or numbers", () => {
    expect(positiveAmountSchema.parse("10.00")).toBe("10");
    expect(positiveAmountSchema.parse(12.5)).toBe("12.5");
    expect(positiveAmountSchema.parse(" 3 ")).toBe("3");
  });

  it.each([["0"], [0], ["-1"], ["1e2"], ["ten"], [""], [Number.POSITIVE_INFINITY], [null], [{}]])(
    "refuses %j with a message",
    (value) => {
      const result = positiveAmountSchema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/positive decimal|greater than zero|Invalid input/);
    },
  );

  it("tolerates the shapes MixPay answers with", () => {
    expect(responseAmountSchema.parse("0.010013")).toBe("0.010013");
    expect(responseAmountSchema.parse("")).toBe("");
    expect(responseAmountSchema.parse(null)).toBe("");
    expect(responseAmountSchema.parse(0.00003)).toBe("0.00003");
  });
});

describe("currencyDecimals", () => {
  it.each([
    ["usd", 2],
    ["EUR", 2],
    ["jpy", 0],
    [" KRW ", 0],
    ["kwd", 3],
    ["bhd", 3],
    ["c6d0c728-2624-429b-8e0d-d9d19b6592fa", 8],
    ["", 2],
    [null, 2],
  ])("%j has %i decimals", (code, digits) => {
    expect(currencyDecimals(code)).toBe(digits);
  });
});
