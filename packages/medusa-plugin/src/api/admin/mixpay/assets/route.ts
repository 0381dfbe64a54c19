import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../errors";
import type { GetMixpayAssets } from "../../../validators";

/**
 * MixPay's settlement and quote asset lists for the settings pickers (cached 10 minutes per API base;
 * `?refresh=true`; `?api_base_url=` for an API base typed in the form but not saved yet).
 * When MixPay is busy or cannot be asked the answer is 503 with Retry-After and the reason in our own words (never
 * the answering server's text); a refusal is 502 (api/errors.ts). An `api_base_url` that is not MixPay's (nor
 * listed in the plugin's allowApiHosts) is a 400 naming it, and nothing is sent to it.
 */
export const GET = withRouteErrors(
  async (req: AuthenticatedMedusaRequest<unknown, GetMixpayAssets>, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const query = req.validatedQuery as GetMixpayAssets;
    res.json(
      await mixpay.listAssets({
        force: query.refresh === "true",
        ...(query.api_base_url ? { apiBase: query.api_base_url } : {}),
      }),
    );
  },
  { mixpayFailure: "MixPay's asset lists could not be loaded" },
);
