import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { completeCancelledSale } from "../../../../../../lib/cancel-sale";
import { parseTraceId } from "../../../../../../lib/ids";
import { adminPaymentView } from "../../../../../../lib/payment-view";
import { withRouteErrors } from "../../../../../errors";

/**
 * A payment that arrived after its sale was cancelled: the merchant makes the order after all (the other choice
 * is the refunds route). 409 when the payment is not such a payment, or Medusa can no longer take it.
 */
export const POST = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const traceId = parseTraceId(req.params.traceId);
  const { payment, completion } = await completeCancelledSale(req.scope, traceId);
  res.json({ payment: adminPaymentView(payment), completion });
});
