import QRCode from "qrcode";
import { MixPayValidationError } from "./errors.js";

/**
 * A payment link as a QR code, in the four forms a till needs: SVG markup for web pages, a PNG buffer for
 * printers and files, a data URL for <img>, and text for a terminal (PoS guide step 2).
 */

export interface QrOptions {
  /** Error correction: M (default) survives smudged screens; H for printed codes with a logo. */
  errorCorrectionLevel?: "L" | "M" | "Q" | "H";
  /** Quiet zone in modules (default 2). */
  margin?: number;
  /** Pixel width of PNG / data URL output (default 512). */
  width?: number;
  /** Foreground and background colours as #RRGGBB(AA). */
  dark?: string;
  light?: string;
}

const MAX_LINK_LENGTH = 2048;

function checkLink(link: string): string {
  if (typeof link !== "string" || link.length === 0) {
    throw new MixPayValidationError("QR input", [{ field: "link", message: "must be a non-empty payment link" }]);
  }
  if (link.length > MAX_LINK_LENGTH) {
    throw new MixPayValidationError("QR input", [
      { field: "link", message: `must be at most ${MAX_LINK_LENGTH} characters (got ${link.length})` },
    ]);
  }
  if (!/^(https?|mixin):\/\//i.test(link)) {
    throw new MixPayValidationError("QR input", [
      { field: "link", message: "must be an http(s):// or mixin:// payment link" },
    ]);
  }
  return link;
}

function common(options: QrOptions) {
  return {
    errorCorrectionLevel: options.errorCorrectionLevel ?? "M",
    margin: options.margin ?? 2,
    color: { dark: options.dark ?? "#000000ff", light: options.light ?? "#ffffffff" },
  };
}

/** SVG markup (`<svg …>…</svg>`), scalable, for web pages and the admin. */
export async function toQrSvg(link: string, options: QrOptions = {}): Promise<string> {
  return QRCode.toString(checkLink(link), { ...common(options), type: "svg", width: options.width });
}

/** PNG bytes, e.g. to write a file or send to a receipt printer. */
export async function toQrPng(link: string, options: QrOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(checkLink(link), { ...common(options), type: "png", width: options.width ?? 512 });
}

/** `data:image/png;base64,…` for an <img src>. */
export async function toQrDataUrl(link: string, options: QrOptions = {}): Promise<string> {
  return QRCode.toDataURL(checkLink(link), { ...common(options), type: "image/png", width: options.width ?? 512 });
}

/** Text made of block characters, scannable from a terminal. */
export async function toQrTerminal(
  link: string,
  options: Pick<QrOptions, "errorCorrectionLevel"> = {},
): Promise<string> {
  return QRCode.toString(checkLink(link), {
    type: "terminal",
    small: true,
    errorCorrectionLevel: options.errorCorrectionLevel ?? "M",
  });
}
