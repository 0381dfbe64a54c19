import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MixPayCoreError } from "@mixpay-pos/core";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import { SettingsFieldError } from "../../../../modules/mixpay/service";
import type { PostMixpaySettings } from "../../../validators";

/** The merchant's MixPay settings (null before the first save) and the callback URL MixPay will be given. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const settings = await mixpay.getSettings();
  res.json({ settings, callback_url: mixpay.callbackUrlFor(settings) });
}

/**
 * Saves the settings; a payee MixPay does not know, an asset it does not settle or quote in, or an API or checkout
 * base that is not MixPay's (or listed in the plugin's allowApiHosts) is a 400 naming the field. When MixPay cannot
 * be asked (down, rate limited) nothing is saved and the answer is 502 with the reason in our own words (what
 * MixPay or the server at the API base said goes to the server log), not an anonymous 500.
 */
export async function POST(req: AuthenticatedMedusaRequest<PostMixpaySettings>, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  try {
    const settings = await mixpay.saveSettings(req.validatedBody);
    res.json({ settings, callback_url: mixpay.callbackUrlFor(settings) });
  } catch (error) {
    if (error instanceof MixPayCoreError) {
      res.status(502).json({
        type: "unexpected_state",
        message: `Not saved: MixPay could not be asked to check these settings. ${mixpay.gatewayErrorSummary(error, "saving the settings")} Try again in a minute.`,
      });
      return;
    }
    if (!(error instanceof SettingsFieldError)) throw error;
    res.status(400).json({
      type: "invalid_data",
      message: error.message,
      errors: [{ field: error.field, message: error.reason }],
    });
  }
}
