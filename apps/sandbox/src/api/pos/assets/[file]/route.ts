import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";

/**
 * The POS page's browser script lives in the app's `pos-client/` folder, outside `src`, so the backend build
 * leaves it as it is. It is found by walking up from this route (src/… when run from source, .medusa/server/src/…
 * when built).
 */
function findClientDir(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "pos-client", "pos.js"))) return join(dir, "pos-client");
  }
  throw new Error("pos-client/pos.js not found above the POS asset route");
}

const FILES: Record<string, string> = { "pos.js": "text/javascript" };
let clientDir: string | undefined;

/** GET /pos/assets/:file — the POS page's static files. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const name = String(req.params.file);
  const type = FILES[name];
  if (!type) {
    res.status(404).json({ message: "Not found" });
    return;
  }
  clientDir ??= findClientDir(__dirname);
  res.setHeader("content-type", `${type}; charset=utf-8`);
  res.setHeader("cache-control", "no-cache");
  res.send(readFileSync(join(clientDir, name), "utf8"));
}
