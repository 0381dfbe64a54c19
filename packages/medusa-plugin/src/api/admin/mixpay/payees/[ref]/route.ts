import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { payeeView } from "../../../../../lib/setup";
import { MIXPAY_MODULE } from "../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../../errors";
import type { GetMixpayPayee } from "../../../../validators";

/**
 * The setup wizard's first step: `:ref` is the merchant's Mixin ID (digits) or a payee UUID. Answers the payee
 * MixPay knows (its UUID, how it was found, its kind when known) and what MixPay settles into for it, fiat
 * included once MixPay approved it. Saves nothing. 400 naming `payee` when `:ref` is neither form, or
 * `api_base_url` when `?api_base_url=` is not MixPay's (nor listed in the plugin's allowApiHosts: nothing is sent
 * to it); 404 (in plain words) when MixPay does not know it; 503 with Retry-After when MixPay is busy or cannot be
 * asked, 502 when it refuses (the reason in our own words, never the answering server's; api/errors.ts).
 */
export const GET = withRouteErrors(
  async (req: AuthenticatedMedusaRequest<unknown, GetMixpayPayee>, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const query = req.validatedQuery as GetMixpayPayee;
    const ref = String(req.params.ref ?? "");
    res.json(payeeView(await mixpay.lookupPayee(ref, query.api_base_url)));
  },
  { mixpayFailure: "MixPay could not be asked" },
);
