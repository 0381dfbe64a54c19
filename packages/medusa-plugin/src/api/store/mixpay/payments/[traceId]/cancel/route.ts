import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { cancelSale } from "../../../../../../lib/cancel-sale";
import { parseTraceId } from "../../../../../../lib/ids";
import { storePaymentView } from "../../../../../../lib/payment-view";
import { withRouteErrors } from "../../../../../errors";
import type { PostStorePaymentCancel } from "../../../../../validators";

/**
 * Cancel from a store screen (a POS page on the store API, a checkout): like the terminal's, and only with the
 * sale's cart id in the body, because the trace id alone is printed in the QR code. A wrong cart id is the same
 * 404 as an unknown trace. Never asks MixPay.
 */
export const POST = withRouteErrors(async (req: MedusaRequest<PostStorePaymentCancel>, res: MedusaResponse) => {
  const traceId = parseTraceId(req.params.traceId);
  const payment = await cancelSale(req.scope, traceId, { cartId: req.validatedBody.cart_id });
  res.json({ payment: storePaymentView(payment) });
});
