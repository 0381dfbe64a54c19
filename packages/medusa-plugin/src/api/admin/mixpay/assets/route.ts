import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MixPayCoreError } from "@mixpay-pos/core";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";

/**
 * MixPay's settlement and quote asset lists for the settings pickers (cached 10 minutes; ?refresh=true).
 * When MixPay cannot be asked the answer is 502 with the reason (not Medusa's anonymous 500), so the settings page
 * can say what is wrong.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  try {
    res.json(await mixpay.listAssets({ force: req.query.refresh === "true" }));
  } catch (error) {
    if (!(error instanceof MixPayCoreError)) throw error;
    res
      .status(502)
      .json({ type: "unexpected_state", message: `MixPay's asset lists could not be loaded: ${error.message}` });
  }
}
