import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { listOpenCarts } from "../../../../../lib/terminal";
import { withRouteErrors } from "../../../../errors";

/** Open carts the terminal can charge (not completed, with items, in a MixPay region), newest first. */
export const GET = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ carts: await listOpenCarts(req.scope) });
});
