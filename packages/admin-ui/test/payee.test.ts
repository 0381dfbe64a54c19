import { describe, expect, it } from "vitest";
import { checkBaseUrl, validatePayeeId } from "../src/lib/payee";

describe("payee UUID validation", () => {
  it("accepts a dashed UUID in any case and normalises it to lower case", () => {
    expect(validatePayeeId("  8E69E534-D0C4-3E04-8B61-37A73CD9E7D7 ")).toEqual({
      ok: true,
      value: "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7",
    });
  });

  it("accepts MixPay's non-RFC ids (no version/variant check), like the plugin", () => {
    expect(validatePayeeId("11111111-2222-3333-4444-555555555555").ok).toBe(true);
  });

  it("accepts the 32-hex form and adds the dashes", () => {
    expect(validatePayeeId("8e69e534d0c43e048b6137a73cd9e7d7")).toEqual({
      ok: true,
      value: "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7",
    });
  });

  it("explains what is wrong", () => {
    expect(validatePayeeId("")).toMatchObject({ ok: false, message: expect.stringMatching(/Enter the payee UUID/) });
    expect(validatePayeeId("7000104111")).toMatchObject({ ok: false, message: expect.stringMatching(/Mixin ID/) });
    expect(validatePayeeId("8e69e534-d0c4-3e04-8b61-37a73cd9e7d")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/payee UUID like/),
    });
    expect(validatePayeeId("zz69e534-d0c4-3e04-8b61-37a73cd9e7d7").ok).toBe(false);
  });

  it("checks base URLs like the plugin (http(s), trailing slashes dropped)", () => {
    expect(checkBaseUrl("https://shop.example.com/")).toBe("https://shop.example.com");
    expect(checkBaseUrl("")).toBeNull();
    expect(checkBaseUrl("ftp://x")).toBe(false);
    expect(checkBaseUrl("shop.example.com")).toBe(false);
  });
});
