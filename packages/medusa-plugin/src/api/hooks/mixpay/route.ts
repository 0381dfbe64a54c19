import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { readCallback } from "../../../lib/callback";
import { syncPayment } from "../../../lib/complete-sale";
import { MIXPAY_MODULE } from "../../../modules/mixpay";
import type MixpayModuleService from "../../../modules/mixpay/service";

/**
 * MixPay's callback (`callbackUrl` = <public base URL>/hooks/mixpay). The body only names ids and is not
 * signed, so it is a hint: MixPay is asked again and only the verified result counts. Answers
 * `{"code":"SUCCESS"}` once handled — also for ids that are not this shop's, which change nothing — and
 * `{"code":"FAIL"}` with HTTP 500 when MixPay could not be asked or Medusa failed, so MixPay retries.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER);
  const callback = readCallback(req.body);
  if (!callback.ok) {
    res.status(400).json({ code: "FAIL", message: callback.message });
    return;
  }
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const payment = await mixpay.findByCallback(callback.body);
  if (!payment) {
    logger.warn(`MixPay callback for an unknown payment ignored: ${JSON.stringify(callback.body)}`);
    res.json({ code: "SUCCESS" });
    return;
  }
  try {
    const synced = await syncPayment(req.scope, payment.trace_id);
    if (synced?.error) {
      res.status(500).json({ code: "FAIL", message: `the payment could not be processed yet: ${synced.error}` });
      return;
    }
    res.json({ code: "SUCCESS" });
  } catch (error) {
    logger.error(`MixPay callback for ${payment.trace_id} failed: ${(error as Error).message}`);
    res.status(500).json({ code: "FAIL", message: "the payment could not be processed; MixPay will retry" });
  }
}
