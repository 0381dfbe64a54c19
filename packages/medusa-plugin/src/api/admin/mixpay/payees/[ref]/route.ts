import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MixPayCoreError, MixPayValidationError, PayeeNotFoundError } from "@mixpay-pos/core";
import { payeeView } from "../../../../../lib/setup";
import { MIXPAY_MODULE } from "../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../modules/mixpay/service";
import { SettingsFieldError } from "../../../../../modules/mixpay/service";
import type { GetMixpayPayee } from "../../../../validators";

/**
 * The setup wizard's first step: `:ref` is the merchant's Mixin ID (digits) or a payee UUID. Answers the payee
 * MixPay knows (its UUID, how it was found, its kind when known) and what MixPay settles into for it, fiat
 * included once MixPay approved it. Saves nothing. 400 when `:ref` is neither form or `?api_base_url=` is not
 * MixPay's (nor listed in the plugin's allowApiHosts: nothing is sent to it), 404 (in plain words) when MixPay
 * does not know it, 502 when MixPay could not be asked (the reason in our own words, never the answering server's).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, GetMixpayPayee>, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const query = req.validatedQuery as GetMixpayPayee;
  const ref = String(req.params.ref ?? "");
  try {
    res.json(payeeView(await mixpay.lookupPayee(ref, query.api_base_url)));
  } catch (error) {
    if (error instanceof SettingsFieldError) {
      res.status(400).json({
        type: "invalid_data",
        message: error.message,
        errors: [{ field: error.field, message: error.reason }],
      });
      return;
    }
    if (error instanceof MixPayValidationError) {
      const message = error.issues[0]?.message ?? error.message;
      res
        .status(400)
        .json({ type: "invalid_data", message: `payee: ${message}`, errors: [{ field: "payee", message }] });
      return;
    }
    if (error instanceof PayeeNotFoundError) {
      res.status(404).json({ type: "not_found", message: error.message });
      return;
    }
    if (!(error instanceof MixPayCoreError)) throw error;
    res.status(502).json({
      type: "unexpected_state",
      message: `MixPay could not be asked: ${mixpay.gatewayErrorSummary(error, "payee lookup")}`,
    });
  }
}
