import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MixpayAdminProvider } from "../src/hooks/context";
import type { MixpayAdminClient } from "../src/lib/client";

/** A client whose every method fails loudly unless the test provides it. */
export function fakeClient(overrides: Partial<MixpayAdminClient>): MixpayAdminClient {
  const missing = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));
  return {
    getSettings: missing("getSettings"),
    saveSettings: missing("saveSettings"),
    testConnection: missing("testConnection"),
    listAssets: missing("listAssets"),
    listPayments: missing("listPayments"),
    getPayment: missing("getPayment"),
    recheckPayment: missing("recheckPayment"),
    recordRefund: missing("recordRefund"),
    terminalConfig: missing("terminalConfig"),
    createSale: missing("createSale"),
    getSale: missing("getSale"),
    listOpenCarts: missing("listOpenCarts"),
    lookupPayee: missing("lookupPayee"),
    regionQuotes: missing("regionQuotes"),
    ...overrides,
  };
}

export function renderWith(ui: ReactElement, client: MixpayAdminClient) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <MixpayAdminProvider client={client}>{ui}</MixpayAdminProvider>
    </QueryClientProvider>,
  );
}
