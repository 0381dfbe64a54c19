import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { listOpenCarts } from "../../../../../lib/terminal";

/** Open carts the terminal can charge (not completed, with items, in a MixPay region), newest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ carts: await listOpenCarts(req.scope) });
}
