import type { MedusaContainer } from "@medusajs/framework/types";
import type { ResolvedPayee } from "@mixpay-pos/core";
import type { AssetLists } from "../modules/mixpay/service";
import { quoteChoiceFor, quotedFiats } from "./quote";
import { allRegions } from "./regions";

/**
 * What the setup wizard shows of a resolved payee: who it is and what MixPay settles into for it, in MixPay's own
 * asset shape (like GET /admin/mixpay/assets). Fiat entries (`isAsset: false`) appear only once MixPay approved
 * fiat settlement for this payee.
 */
export function payeeView(payee: ResolvedPayee) {
  return {
    payee: {
      payee_id: payee.payeeId,
      from: payee.from,
      mixin_id: payee.mixinId ?? null,
      kind: payee.kind,
    },
    settlement: payee.settlementAssets,
    fiat_available: payee.settlementAssets.some((a) => a.isAsset === false),
  };
}

/**
 * Every region, whether it offers MixPay, and what MixPay would be asked to price its sales in with the given
 * fallback quote asset (null: such sales are refused until a fallback is chosen).
 */
export async function regionQuotes(container: MedusaContainer, lists: AssetLists, fallback: string | null) {
  const regions = await allRegions(container);
  return {
    regions: regions.map((r) => {
      const quote = quoteChoiceFor(r.currency_code, lists.quote, fallback);
      return {
        ...r,
        quote: quote ? { asset_id: quote.assetId, symbol: quote.symbol, direct: quote.direct } : null,
      };
    }),
    quoted_fiats: quotedFiats(lists.quote),
  };
}
