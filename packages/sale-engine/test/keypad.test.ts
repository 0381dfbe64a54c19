import { describe, expect, it } from "vitest";
import { entryToAmount, type KeypadKey, keyFromKeyboard, pressKey, pressKeys } from "../src/keypad";

const usd = { decimals: 2 };
const jpy = { decimals: 0 };
const kwd = { decimals: 3 };
const keys = (s: string) => s.split("") as KeypadKey[];

describe("keypad", () => {
  it("builds an amount digit by digit and reads it as a padded decimal string", () => {
    const e = pressKeys("", keys("12.5"), usd);
    expect(e).toBe("12.5");
    expect(entryToAmount(e, 2)).toBe("12.50");
    expect(entryToAmount("12.", 2)).toBe("12.00");
    expect(entryToAmount("0.05", 2)).toBe("0.05");
  });

  it("refuses more decimals than the currency has", () => {
    expect(pressKeys("", keys("1.999"), usd)).toBe("1.99");
    expect(pressKeys("", keys("1.9999"), kwd)).toBe("1.999");
    expect(pressKeys("", keys("1.5"), jpy)).toBe("15"); // no dot in JPY
    expect(entryToAmount("1500", 0)).toBe("1500");
  });

  it("never keeps leading zeros, nor a second dot", () => {
    expect(pressKeys("", keys("007"), usd)).toBe("7");
    expect(pressKeys("", ["0", "0", "."], usd)).toBe("0.");
    expect(pressKeys("", keys("1.2."), usd)).toBe("1.2");
    expect(pressKey("", ".", usd)).toBe("0.");
  });

  it("00 adds two zeros within the limits", () => {
    expect(pressKey("5", "00", usd)).toBe("500");
    expect(pressKey("5.1", "00", usd)).toBe("5.10");
    expect(pressKey("", "00", usd)).toBe("0");
  });

  it("caps the integer digits", () => {
    expect(pressKeys("", keys("12345678901"), usd)).toBe("123456789");
    expect(pressKeys("", keys("123"), { decimals: 2, maxIntegerDigits: 2 })).toBe("12");
    expect(pressKeys("", keys("12.34"), { decimals: 2, maxIntegerDigits: 2 })).toBe("12.34");
  });

  it("backspace and clear", () => {
    expect(pressKey("12.5", "backspace", usd)).toBe("12.");
    expect(pressKey("", "backspace", usd)).toBe("");
    expect(pressKey("12.5", "clear", usd)).toBe("");
  });

  it("nothing or zero is not an amount to charge", () => {
    for (const e of ["", ".", "0", "0.", "0.00"]) expect(entryToAmount(e, 2)).toBeNull();
  });

  it("keeps exact digits where floats would not", () => {
    const e = pressKeys("", keys("123456789.99"), usd);
    expect(entryToAmount(e, 2)).toBe("123456789.99");
    expect(entryToAmount("0.1", 8)).toBe("0.10000000");
  });

  it("maps the physical keyboard", () => {
    expect(keyFromKeyboard("7")).toBe("7");
    expect(keyFromKeyboard(",")).toBe(".");
    expect(keyFromKeyboard("Backspace")).toBe("backspace");
    expect(keyFromKeyboard("Escape")).toBe("clear");
    expect(keyFromKeyboard("a")).toBeNull();
  });
});
