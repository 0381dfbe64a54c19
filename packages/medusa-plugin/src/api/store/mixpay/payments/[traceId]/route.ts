import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { syncPayment } from "../../../../../lib/complete-sale";
import { parseTraceId } from "../../../../../lib/ids";
import { storePaymentView } from "../../../../../lib/payment-view";
import { MIXPAY_MODULE } from "../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../modules/mixpay/service";

/**
 * A payment's status for POS and storefront screens. Answers from the payment record and asks MixPay only
 * when nothing has been heard of the payment for a while (`screenMaxAgeMs`: a few seconds without callbacks,
 * longer with them), once across every screen and server process; a verified payment found here completes
 * the sale like a callback would.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const traceId = parseTraceId(req.params.traceId);
  const synced = await syncPayment(req.scope, traceId, { maxAgeMs: await mixpay.screenMaxAgeMs() });
  if (!synced) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
  // `mixpay_error`: MixPay could not be asked just now; the screen shows the last known status and keeps trying.
  res.json({ payment: storePaymentView(synced.payment), ...(synced.error ? { mixpay_error: synced.error } : {}) });
}
