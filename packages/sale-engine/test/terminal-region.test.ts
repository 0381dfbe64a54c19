import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../src/open-sale-store";
import { initialRegionId, recallRegion, rememberRegion, TERMINAL_REGION_KEY } from "../src/terminal-region";

const regions = [{ id: "reg_eur" }, { id: "reg_usd" }];

describe("the terminal's region", () => {
  it("opens on the store's default region, not the first one by name", () => {
    expect(initialRegionId(regions, { remembered: null, storeDefault: "reg_usd" })).toBe("reg_usd");
  });

  it("opens on the cashier's last choice while it still offers MixPay", () => {
    expect(initialRegionId(regions, { remembered: "reg_eur", storeDefault: "reg_usd" })).toBe("reg_eur");
    expect(initialRegionId(regions, { remembered: "reg_gone", storeDefault: "reg_usd" })).toBe("reg_usd");
  });

  it("falls back to the first region, or nothing when no region offers MixPay", () => {
    expect(initialRegionId(regions, { remembered: null, storeDefault: "reg_no_mixpay" })).toBe("reg_eur");
    expect(initialRegionId([], { remembered: "reg_eur", storeDefault: "reg_usd" })).toBe("");
  });

  it("remembers the choice in storage and reads back only region ids", () => {
    const storage = new MemoryStorage();
    expect(recallRegion(storage)).toBeNull();
    rememberRegion(storage, "reg_01JQ3Z7G8N5V4C2B1A0S9D8F7E");
    expect(recallRegion(storage)).toBe("reg_01JQ3Z7G8N5V4C2B1A0S9D8F7E");
    storage.setItem(TERMINAL_REGION_KEY, "<script>");
    expect(recallRegion(storage)).toBeNull();
    expect(recallRegion(null)).toBeNull();
  });
});
