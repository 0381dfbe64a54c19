import { defineRouteConfig } from "@medusajs/admin-sdk";
import { CurrencyDollar } from "@medusajs/icons";
import { MixpayTerminal, terminalSaleStreamUrl } from "@mixpay-pos/admin-ui";
import { WithMixpay } from "../../lib/mixpay";

/** Pushed status from the plugin's stream route; the terminal polls only while the stream is down. */
const streamUrl = terminalSaleStreamUrl(__BACKEND_URL__ || "");

/** The cashier terminal for in-person MixPay sales (/app/mixpay-terminal, in the main menu). */
const MixpayTerminalPage = () => (
  <WithMixpay>
    <MixpayTerminal
      settingsHref={`${__BASE__ || "/app"}/settings/mixpay`.replace(/\/{2,}/g, "/")}
      paymentsHref={`${__BASE__ || "/app"}/mixpay-payments`.replace(/\/{2,}/g, "/")}
      streamUrl={streamUrl}
    />
  </WithMixpay>
);

export const config = defineRouteConfig({ label: "MixPay terminal", icon: CurrencyDollar });

export const handle = { breadcrumb: () => "MixPay terminal" };

export default MixpayTerminalPage;
