import { createMixpayAdminClient, MixpayAdminProvider } from "@mixpay-pos/admin-ui";
import type { ReactNode } from "react";
import { sdk } from "./sdk";

/** Every MixPay admin screen talks to the plugin's routes through this one client, on the admin's SDK. */
export const mixpayClient = createMixpayAdminClient((path, init) => sdk.client.fetch(path, init));

export function WithMixpay({ children }: { children: ReactNode }) {
  return <MixpayAdminProvider client={mixpayClient}>{children}</MixpayAdminProvider>;
}
