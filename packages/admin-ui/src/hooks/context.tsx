import { createContext, type ReactNode, useContext } from "react";
import type { MixpayAdminClient } from "../lib/client";

const MixpayClientContext = createContext<MixpayAdminClient | null>(null);

/** Makes a MixpayAdminClient available to every MixPay component below it. */
export function MixpayAdminProvider({ client, children }: { client: MixpayAdminClient; children: ReactNode }) {
  return <MixpayClientContext.Provider value={client}>{children}</MixpayClientContext.Provider>;
}

export function useMixpayClient(): MixpayAdminClient {
  const client = useContext(MixpayClientContext);
  if (!client) {
    throw new Error("MixPay components need a <MixpayAdminProvider client={createMixpayAdminClient(…)}> above them.");
  }
  return client;
}
