import { defineRouteConfig } from "@medusajs/admin-sdk";
import { MixpaySettingsForm } from "@mixpay-pos/admin-ui";
import { WithMixpay } from "../../../lib/mixpay";

/** Settings → MixPay (/app/settings/mixpay). */
const MixpaySettingsPage = () => (
  <WithMixpay>
    <MixpaySettingsForm />
  </WithMixpay>
);

export const config = defineRouteConfig({ label: "MixPay" });

export const handle = { breadcrumb: () => "MixPay" };

export default MixpaySettingsPage;
