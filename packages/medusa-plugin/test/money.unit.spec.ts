import { BigNumber } from "@medusajs/framework/utils";
import { AmountError, medusaAmountToDecimal, quoteDecimals, saleShare, toQuoteAmount } from "../src/lib/money";

describe("medusaAmountToDecimal", () => {
  it.each([
    [10, "10"],
    [12.5, "12.5"],
    ["19.99", "19.99"],
    [{ value: "12.34", precision: 20 }, "12.34"],
    [new BigNumber("0.1").numeric + new BigNumber("0.2").numeric, "0.30000000000000004"],
    [new BigNumber("1234567890123.45"), "1234567890123.45"],
  ])("%j → %s exactly (no float rounding of its own)", (input, expected) => {
    expect(medusaAmountToDecimal(input as never)).toBe(expected);
  });

  it.each([[-1], ["abc"], [Number.NaN], [{ value: "x", precision: 20 }]])("refuses %j with a clear error", (input) => {
    expect(() => medusaAmountToDecimal(input as never)).toThrow(AmountError);
  });
});

describe("toQuoteAmount", () => {
  it.each([
    [10, "usd", "10"],
    ["10.005", "usd", "10.01"],
    ["10.004", "usd", "10"],
    [{ value: "19.999", precision: 20 }, "eur", "20"],
    ["1500.4", "jpy", "1500"],
    ["1500.5", "JPY", "1501"],
    ["1.2345", "kwd", "1.235"],
    ["0.000123456789", "c6d0c728-2624-429b-8e0d-d9d19b6592fa", "0.00012346"],
  ])("%j %s → %s (half-up to the currency's minor unit)", (amount, quote, expected) => {
    expect(toQuoteAmount(amount as never, quote)).toBe(expected);
  });

  it("refuses amounts that round to nothing", () => {
    expect(() => toQuoteAmount(0, "usd")).toThrow(/rounds to zero/);
    expect(() => toQuoteAmount("0.004", "usd")).toThrow(/rounds to zero/);
  });

  it("knows the minor units", () => {
    expect(quoteDecimals("usd")).toBe(2);
    expect(quoteDecimals("JPY")).toBe(0);
    expect(quoteDecimals("bhd")).toBe(3);
    expect(quoteDecimals("31d2ea9c-95eb-3355-b65b-ba096853bc18")).toBe(8);
  });
});

describe("saleShare (an underpayment in the sale's currency)", () => {
  it.each([
    // sale, currency, received, payable → paid, due
    ["10", "usd", "8.5", "10", "8.5", "1.5"],
    ["10", "usd", "4", "10.013", "3.99", "6.01"],
    ["1000", "jpy", "1", "3", "333", "667"],
    ["1", "kwd", "1", "3", "0.333", "0.667"],
    ["10", "usd", "12", "10", "10", "0"],
    ["10", "usd", "0", "10", "0", "10"],
  ])("%s %s with %s of %s paid → %s paid, %s due", (sale, currency, received, payable, paid, due) => {
    expect(saleShare(sale, currency, received, payable)).toEqual({ paid, due });
  });

  it.each([
    ["10", "usd", null, "10"],
    ["10", "usd", "1", ""],
    ["10", "usd", "1", "0"],
    ["x", "usd", "1", "2"],
  ])("is null when %s %s, %s of %s cannot be read", (sale, currency, received, payable) => {
    expect(saleShare(sale, currency, received, payable)).toBeNull();
  });
});
