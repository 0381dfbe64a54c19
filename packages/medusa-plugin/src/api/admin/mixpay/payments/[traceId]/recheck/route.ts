import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { syncPayment } from "../../../../../../lib/complete-sale";
import { parseTraceId } from "../../../../../../lib/ids";
import { adminPaymentView } from "../../../../../../lib/payment-view";
import { withRouteErrors } from "../../../../../errors";

/**
 * "Re-check now": asks MixPay (unless the payment is final, or was checked less than a second ago: lib/check-rule.ts),
 * records the verified result and completes the sale when it is paid. `checked: false` says the record answered.
 */
export const POST = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const traceId = parseTraceId(req.params.traceId);
  const synced = await syncPayment(req.scope, traceId, "admin");
  if (!synced) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
  res.json({
    payment: adminPaymentView(synced.payment),
    completion: synced.completion,
    checked: synced.asked,
    ...(synced.error ? { mixpay_error: synced.error } : {}),
  });
});
