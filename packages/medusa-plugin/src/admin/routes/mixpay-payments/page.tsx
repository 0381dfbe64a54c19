import { defineRouteConfig } from "@medusajs/admin-sdk";
import { CreditCard } from "@medusajs/icons";
import { MixpayPaymentsList } from "@mixpay-pos/admin-ui";
import { WithMixpay } from "../../lib/mixpay";

const base = (__BASE__ || "/app").replace(/\/+$/, "");

/** Every MixPay payment, opening on those that need attention (/app/mixpay-payments, in the main menu). */
const MixpayPaymentsPage = () => (
  <WithMixpay>
    <MixpayPaymentsList orderHref={(orderId) => `${base}/orders/${encodeURIComponent(orderId)}`} />
  </WithMixpay>
);

export const config = defineRouteConfig({ label: "MixPay payments", icon: CreditCard });

export const handle = { breadcrumb: () => "MixPay payments" };

export default MixpayPaymentsPage;
