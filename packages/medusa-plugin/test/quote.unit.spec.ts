import type { QuoteAsset } from "@mixpay-pos/core";
import { quoteChoiceFor, quotedFiats } from "../src/lib/quote";

const QUOTES = [
  { assetId: "usd", symbol: "USD" },
  { assetId: "eur", symbol: "EUR" },
  { assetId: "c6d0c728-2624-429b-8e0d-d9d19b6592fa", symbol: "BTC" },
] as QuoteAsset[];

describe("quoteChoiceFor: what MixPay is asked to price a sale in", () => {
  it("quotes a currency MixPay lists in that currency, whatever the fallback", () => {
    expect(quoteChoiceFor("EUR", QUOTES, "usd")).toEqual({ assetId: "eur", symbol: "EUR", direct: true });
    expect(quoteChoiceFor(" usd ", QUOTES, null)).toEqual({ assetId: "usd", symbol: "USD", direct: true });
  });

  it("uses the merchant's fallback quote asset for a currency MixPay does not quote", () => {
    expect(quoteChoiceFor("gbp", QUOTES, "USD")).toEqual({ assetId: "usd", symbol: "USD", direct: false });
    expect(quoteChoiceFor("gbp", QUOTES, "C6D0C728-2624-429B-8E0D-D9D19B6592FA")).toEqual({
      assetId: "c6d0c728-2624-429b-8e0d-d9d19b6592fa",
      symbol: "BTC",
      direct: false,
    });
  });

  it("refuses (null) a currency MixPay does not quote when there is no fallback", () => {
    expect(quoteChoiceFor("gbp", QUOTES, null)).toBeNull();
    expect(quoteChoiceFor("gbp", QUOTES, "  ")).toBeNull();
    expect(quoteChoiceFor("gbp", [], undefined)).toBeNull();
  });

  it("lists the fiat currencies MixPay quotes, not the crypto ones", () => {
    expect(quotedFiats(QUOTES)).toEqual(["USD", "EUR"]);
  });
});
