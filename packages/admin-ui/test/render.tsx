import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MixpayAdminProvider } from "../src/hooks/context";
import type { MixpayAdminClient } from "../src/lib/client";

// findBy… and waitFor wait up to 5 s instead of Testing Library's 1 s: vitest runs the DOM test files side by side,
// and on a busy 2-core CI machine a render that takes 0.4 s alone once took 1.35 s (the wizard's QR code).
configure({ asyncUtilTimeout: 5000 });

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
    completeCancelledPayment: missing("completeCancelledPayment"),
    recordRefund: missing("recordRefund"),
    terminalConfig: missing("terminalConfig"),
    createSale: missing("createSale"),
    getSale: missing("getSale"),
    cancelSale: missing("cancelSale"),
    listOpenCarts: missing("listOpenCarts"),
    storeName: async () => null,
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
