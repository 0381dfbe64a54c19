import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";

/** MixPay's settlement and quote asset lists for the settings pickers (cached 10 minutes; ?refresh=true). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const lists = await mixpay.listAssets({ force: req.query.refresh === "true" });
  res.json(lists);
}
