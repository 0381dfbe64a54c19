import jsqr from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { MixPayValidationError } from "../src/errors.js";
import { toQrDataUrl, toQrPng, toQrSvg, toQrTerminal } from "../src/qr.js";

// jsqr is a CommonJS module whose `module.exports` is the function and whose types declare a default export.
const jsQR = jsqr.default;

const LINK = "https://mixpay.me/code/525502dd-e552-4505-b114-32fe32ff23c2";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("QR codes", () => {
  it("renders SVG markup", async () => {
    const svg = await toQrSvg(LINK);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("</svg>");
    expect(svg).toContain('stroke="#000000"');
  });

  it("renders a PNG of the requested width", async () => {
    const png = await toQrPng(LINK, { width: 300 });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(300); // IHDR width
    expect(png.readUInt32BE(20)).toBe(300); // IHDR height
  });

  it("renders a PNG that a QR reader decodes back to the link", async () => {
    const png = PNG.sync.read(await toQrPng(LINK));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(LINK);
  });

  it("renders a PNG data URL", async () => {
    const url = await toQrDataUrl(LINK);
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const bytes = Buffer.from(url.slice("data:image/png;base64,".length), "base64");
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it("renders terminal text made of block characters", async () => {
    const text = await toQrTerminal(LINK);
    const lines = text.trim().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    expect(text).toMatch(/[█▀▄]/);
  });

  it("encodes different links differently", async () => {
    expect(await toQrSvg(LINK)).not.toBe(await toQrSvg(`${LINK}x`));
  });

  it.each([
    ["an empty link", ""],
    ["a non-URL", "hello world"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["an over-long link", `https://mixpay.me/pay?remark=${"x".repeat(3000)}`],
  ])("refuses %s", async (_name, link) => {
    await expect(toQrSvg(link)).rejects.toBeInstanceOf(MixPayValidationError);
  });
});
