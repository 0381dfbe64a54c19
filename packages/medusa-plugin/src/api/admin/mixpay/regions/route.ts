import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { regionQuotes } from "../../../../lib/setup";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../errors";
import type { GetMixpayRegions } from "../../../validators";

/**
 * Every region with its currency, whether it offers MixPay, and what MixPay would price its sales in: its own
 * currency when MixPay quotes it, else the fallback quote asset (`?quote_asset_id=`, default the saved one),
 * else null (such sales are refused). For the setup wizard's "quote currency per region" step. MixPay busy or
 * unreachable: 503 with Retry-After (api/errors.ts).
 */
export const GET = withRouteErrors(
  async (req: AuthenticatedMedusaRequest<unknown, GetMixpayRegions>, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const query = req.validatedQuery as GetMixpayRegions;
    const fallback = query.quote_asset_id ?? (await mixpay.getSettings())?.quote_asset_id ?? null;
    const lists = await mixpay.listAssets(query.api_base_url ? { apiBase: query.api_base_url } : {});
    res.json(await regionQuotes(req.scope, lists, fallback));
  },
  { mixpayFailure: "MixPay's quote list could not be loaded" },
);
