import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../errors";
import type { PostMixpaySettings } from "../../../validators";

/** The merchant's MixPay settings (null before the first save) and the callback URL MixPay will be given. */
export const GET = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const settings = await mixpay.getSettings();
  res.json({ settings, callback_url: mixpay.callbackUrlFor(settings) });
});

/**
 * Saves the settings; a payee MixPay does not know, an asset it does not settle or quote in, or an API or checkout
 * base that is not MixPay's (or listed in the plugin's allowApiHosts) is a 400 naming the field in `errors`. When
 * MixPay cannot be asked (down, busy) nothing is saved and the answer is 503 with Retry-After and the reason in our
 * own words (what MixPay or the server at the API base said goes to the server log), not an anonymous 500.
 */
export const POST = withRouteErrors(
  async (req: AuthenticatedMedusaRequest<PostMixpaySettings>, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const settings = await mixpay.saveSettings(req.validatedBody);
    res.json({ settings, callback_url: mixpay.callbackUrlFor(settings) });
  },
  { mixpayFailure: "Not saved: MixPay could not be asked to check these settings" },
);
