import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { loadPosConfig } from "../../pos/config";
import { renderPosPage } from "../../pos/page";

/** GET /pos — the sandbox's point-of-sale page. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const config = await loadPosConfig(req.scope);
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.send(renderPosPage(config));
}
