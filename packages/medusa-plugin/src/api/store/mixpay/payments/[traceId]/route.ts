import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { syncPayment } from "../../../../../lib/complete-sale";
import { parseTraceId } from "../../../../../lib/ids";
import { storeStatusBody } from "../../../../../lib/payment-view";
import { withRouteErrors } from "../../../../errors";

/**
 * A payment's status for POS and storefront screens. Public (a trace id is printed in every QR code), so it
 * answers from the payment record with only what a screen needs (no order id, no customer data), and asks MixPay
 * only when lib/check-rule.ts lets a screen ask: never for a final payment, at most once per window per trace
 * across every caller and server process. A verified payment found here completes the sale like a callback would.
 */
export const GET = withRouteErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const traceId = parseTraceId(req.params.traceId);
  const synced = await syncPayment(req.scope, traceId, "screen");
  if (!synced) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
  // `mixpay_error`: MixPay could not be asked just now; the screen shows the last known status and keeps trying.
  res.json(storeStatusBody(synced.payment, synced.error));
});
