import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { syncPayment } from "../../../../../../lib/complete-sale";
import { parseTraceId } from "../../../../../../lib/ids";
import { adminPaymentView } from "../../../../../../lib/payment-view";

/** "Re-check now": asks MixPay, records the verified result and completes the sale when it is paid. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const traceId = parseTraceId(req.params.traceId);
  const synced = await syncPayment(req.scope, traceId);
  if (!synced) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
  res.json({
    payment: adminPaymentView(synced.payment),
    completion: synced.completion,
    ...(synced.error ? { mixpay_error: synced.error } : {}),
  });
}
