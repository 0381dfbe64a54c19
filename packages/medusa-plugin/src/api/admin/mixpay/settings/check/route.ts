import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MIXPAY_MODULE } from "../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../modules/mixpay/service";
import type { PostMixpaySettingsTest } from "../../../../validators";

/**
 * "Test connection" from the settings page: asks MixPay (or the simulator) at the given API base for its asset
 * lists, whether it knows the payee and lists the chosen assets. Saves nothing; always 200 with a report
 * (`ok: false` and `error` when MixPay could not be reached).
 */
export async function POST(req: AuthenticatedMedusaRequest<PostMixpaySettingsTest>, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  res.json(await mixpay.testConnection(req.validatedBody));
}
