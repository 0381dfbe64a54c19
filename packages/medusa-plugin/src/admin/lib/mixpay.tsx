import { createMixpayAdminClient, fetchTransport, MixpayAdminProvider } from "@mixpay-pos/admin-ui";
import type { ReactNode } from "react";

/**
 * Every MixPay admin screen talks to the plugin's routes through this one client. Its transport is admin-ui's
 * `fetchTransport` on the dashboard's backend URL with the admin's session cookie — what the admin's JS SDK does
 * for session auth — because the SDK keeps only an error's message, and the screens need the error body's
 * `errors: [{field, message}]` (to show each next to its field) and a 503's Retry-After.
 */
export const mixpayClient = createMixpayAdminClient(fetchTransport({ baseUrl: __BACKEND_URL__ || "" }));

export function WithMixpay({ children }: { children: ReactNode }) {
  return <MixpayAdminProvider client={mixpayClient}>{children}</MixpayAdminProvider>;
}
