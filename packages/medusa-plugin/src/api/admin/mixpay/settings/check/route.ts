import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MIXPAY_MODULE } from "../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../../errors";
import type { PostMixpaySettingsTest } from "../../../../validators";

/**
 * "Test connection" from the settings page: asks MixPay (or the simulator) at the given API base for its asset
 * lists, whether it knows the payee and lists the chosen assets. Saves nothing; 200 with a report (`ok: false` and
 * `error`, in our own words, when MixPay could not be asked). An API base that is not MixPay's (or listed in the
 * plugin's allowApiHosts) is a 400 naming api_base_url, and nothing is sent to it.
 */
export const POST = withRouteErrors(
  async (req: AuthenticatedMedusaRequest<PostMixpaySettingsTest>, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    res.json(await mixpay.testConnection(req.validatedBody));
  },
);
