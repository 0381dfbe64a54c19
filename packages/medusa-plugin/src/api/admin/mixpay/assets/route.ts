import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MixPayCoreError } from "@mixpay-pos/core";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import { SettingsFieldError } from "../../../../modules/mixpay/service";
import type { GetMixpayAssets } from "../../../validators";

/**
 * MixPay's settlement and quote asset lists for the settings pickers (cached 10 minutes per API base;
 * `?refresh=true`; `?api_base_url=` for an API base typed in the form but not saved yet).
 * When MixPay cannot be asked the answer is 502 with the reason in our own words (not Medusa's anonymous 500, and
 * never the answering server's text), so the settings page can say what is wrong. An `api_base_url` that is not
 * MixPay's (nor listed in the plugin's allowApiHosts) is a 400 naming it, and nothing is sent to it.
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
    if (error instanceof SettingsFieldError) {
      res.status(400).json({
        type: "invalid_data",
        message: error.message,
        errors: [{ field: error.field, message: error.reason }],
      });
      return;
    }
    if (!(error instanceof MixPayCoreError)) throw error;
    res.status(502).json({
      type: "unexpected_state",
      message: `MixPay's asset lists could not be loaded: ${mixpay.gatewayErrorSummary(error, "asset lists")}`,
    });
  }
}
