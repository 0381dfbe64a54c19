import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { cancelSale } from "../../../../../../../lib/cancel-sale";
import { parseTraceId } from "../../../../../../../lib/ids";
import { saleView } from "../../../../../../../lib/terminal";
import { withRouteErrors } from "../../../../../../errors";

/**
 * The terminal's Cancel (lib/cancel-sale.ts): the sale is marked cancelled and its QR code goes; MixPay has no
 * cancellation endpoint, so the terminal keeps watching it until MixPay's deadline and a payment that still
 * arrives is flagged for the merchant, never made into an order on its own. 409 once the sale is paid.
 */
export const POST = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const traceId = parseTraceId(req.params.traceId);
  const payment = await cancelSale(req.scope, traceId);
  res.json({ sale: await saleView(req.scope, payment, null) });
});
