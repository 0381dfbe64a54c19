import { defineWidgetConfig } from "@medusajs/admin-sdk";
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types";
import { canonicalDecimal, MixpayDraftOrderCharge } from "@mixpay-pos/admin-ui";
import { WithMixpay } from "../lib/mixpay";

/**
 * The draft-order page's "Charge with MixPay": a terminal sale for the draft's total; once paid, the plugin converts
 * the draft into an order with the MixPay payment captured on it.
 */
const MixpayDraftOrderChargeWidget = ({ data }: DetailWidgetProps<HttpTypes.AdminDraftOrder>) => (
  <WithMixpay>
    <MixpayDraftOrderCharge
      draftOrderId={data.id}
      // Medusa's JSON gives the total as a number; it goes back as the decimal text it was parsed from.
      total={typeof data.total === "number" ? canonicalDecimal(String(data.total)) : null}
      currencyCode={data.currency_code}
    />
  </WithMixpay>
);

export const config = defineWidgetConfig({ zone: "draft_order.details.side.after" });

export default MixpayDraftOrderChargeWidget;
