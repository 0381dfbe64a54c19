import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MixPayCoreError } from "@mixpay-pos/core";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import type { GetMixpayAssets } from "../../../validators";

/**
 * MixPay's settlement and quote asset lists for the settings pickers (cached 10 minutes per API base;
 * `?refresh=true`; `?api_base_url=` for an API base typed in the form but not saved yet).
 * When MixPay cannot be asked the answer is 502 with the reason (not Medusa's anonymous 500), so the settings page
 * can say what is wrong.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, GetMixpayAssets>, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const query = req.validatedQuery as GetMixpayAssets;
  try {
    res.json(
      await mixpay.listAssets({
        force: query.refresh === "true",
        ...(query.api_base_url ? { apiBase: query.api_base_url } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof MixPayCoreError)) throw error;
    res
      .status(502)
      .json({ type: "unexpected_state", message: `MixPay's asset lists could not be loaded: ${error.message}` });
  }
}
