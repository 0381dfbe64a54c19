import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { parseTraceId } from "../../../../../lib/ids";
import { adminPaymentView } from "../../../../../lib/payment-view";
import { MIXPAY_MODULE } from "../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../../errors";

/** One MixPay payment as recorded (no MixPay call: POST …/recheck asks MixPay). */
export const GET = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const payment = await mixpay.retrievePaymentByTrace(parseTraceId(req.params.traceId));
  if (!payment)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${req.params.traceId}`);
  res.json({ payment: adminPaymentView(payment) });
});
