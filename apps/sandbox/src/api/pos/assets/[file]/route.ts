import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";

/**
 * The POS page's browser modules live in the app's `pos-client/` folder, outside `src`, so the backend build
 * leaves them as they are. It is found by walking up from this route (src/… when run from source,
 * .medusa/server/src/… when built). `sale-engine.js` is @mixpay-pos/sale-engine's self-contained browser build
 * (its `./browser` export), which the page's modules import.
 */
function findClientDir(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "pos-client", "pos.js"))) return join(dir, "pos-client");
  }
  throw new Error("pos-client/pos.js not found above the POS asset route");
}

const CLIENT_FILES = new Set([
  "pos.js",
  "pos-api.js",
  "pos-cancelled.js",
  "pos-charge.js",
  "pos-dialog.js",
  "pos-sale.js",
  "pos-ticket.js",
  "pos-receipt.js",
]);
const ENGINE_FILE = "sale-engine.js";
let clientDir: string | undefined;
const files = new Map<string, string>();

function read(name: string): string {
  const cached = files.get(name);
  if (cached !== undefined) return cached;
  let path: string;
  if (name === ENGINE_FILE) path = require.resolve("@mixpay-pos/sale-engine/browser");
  else {
    clientDir ??= findClientDir(__dirname);
    path = join(clientDir, name);
  }
  const text = readFileSync(path, "utf8");
  // The engine's bundle does not change while the server runs; the page's own files are re-read (edit, reload).
  if (name === ENGINE_FILE) files.set(name, text);
  return text;
}

/** GET /pos/assets/:file — the POS page's ES modules; anything else is a 404. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const name = String(req.params.file);
  if (!CLIENT_FILES.has(name) && name !== ENGINE_FILE) {
    res.status(404).json({ message: "Not found" });
    return;
  }
  res.setHeader("content-type", "text/javascript; charset=utf-8");
  res.setHeader("cache-control", "no-cache");
  res.send(read(name));
}
