import { describe, expect, it } from "vitest";
import { receiptLines, receiptSurplus } from "../src/receipt";

const TRACE = "3f2a9c1e-0d4b-4c8e-9a7f-1b2c3d4e7b21";

describe("receiptLines: the receipt's content, once for both tills", () => {
  it("store name on top, the amount in a 0-decimal currency, the crypto paid, the surplus with its unit, a short trace", () => {
    const r = receiptLines(
      {
        trace_id: TRACE,
        amount: "1500",
        currency_code: "jpy",
        paid_amount: "10.5",
        paid_symbol: "USDT",
        payable_amount: "10.25",
      },
      "  Corner Café ",
      { order: "#42" },
    );
    expect(r.title).toBe("Corner Café");
    expect(r.lines).toEqual([
      { key: "amount", label: "Amount", value: "1,500 JPY" },
      { key: "paid", label: "Paid in crypto", value: "10.5 USDT" },
      { key: "surplus", label: "Overpaid", value: "0.25 USDT" },
      { key: "order", label: "Order", value: "#42" },
      { key: "trace", label: "MixPay trace", value: "3f2a9c1e…7b21" },
    ]);
  });

  it("pads to the currency's minor unit, has no surplus line when the payment was exact, and says 'Receipt' without a name", () => {
    const r = receiptLines(
      {
        trace_id: TRACE,
        amount: "1.5",
        currency_code: "kwd",
        paid_amount: "4.87",
        paid_symbol: "USDT",
        payable_amount: "4.87",
      },
      undefined,
    );
    expect(r.title).toBe("Receipt");
    expect(r.lines.map((l) => l.key)).toEqual(["amount", "paid", "trace"]);
    expect(r.lines[0]?.value).toBe("1.500 KWD");
  });

  it("takes MixPay's own surplus figure when the server sends one", () => {
    expect(receiptSurplus({ trace_id: TRACE, surplus_amount: "0.01", paid_amount: "5", payable_amount: "5" })).toBe(
      "0.01",
    );
    expect(receiptSurplus({ trace_id: TRACE, paid_amount: "5", payable_amount: "6" })).toBeNull();
    expect(receiptSurplus({ trace_id: TRACE, paid_amount: "5", payable_amount: null })).toBeNull();
  });
});
