import { defineWidgetConfig } from "@medusajs/admin-sdk";
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types";
import { MixpayPaymentWidget } from "@mixpay-pos/admin-ui";
import { WithMixpay } from "../lib/mixpay";

/** The order page's MixPay panel (renders nothing for orders not paid with MixPay). */
const MixpayOrderPaymentWidget = ({ data }: DetailWidgetProps<HttpTypes.AdminOrder>) => (
  <WithMixpay>
    <MixpayPaymentWidget orderId={data.id} />
  </WithMixpay>
);

export const config = defineWidgetConfig({ zone: "order.details.side.after" });

export default MixpayOrderPaymentWidget;
