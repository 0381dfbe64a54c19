import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ListPaymentsQuery, MixpayApiError } from "../lib/client";
import type {
  ConnectionTestInput,
  CreateDraftOrderSaleInput,
  CreateSaleInput,
  MixpayPayment,
  PayeeLookup,
  RefundInput,
  SettingsInput,
  SettingsResponse,
  TerminalSale,
} from "../lib/schemas";
import { useMixpayClient } from "./context";

/** React Query keys of everything MixPay, under one prefix so a save can refresh them together. */
export const mixpayKeys = {
  all: ["mixpay"] as const,
  settings: () => ["mixpay", "settings"] as const,
  assets: (apiBaseUrl?: string | null) => ["mixpay", "assets", apiBaseUrl ?? ""] as const,
  payments: (q: ListPaymentsQuery) => ["mixpay", "payments", q] as const,
  payment: (traceId: string) => ["mixpay", "payment", traceId] as const,
  terminal: () => ["mixpay", "terminal"] as const,
  carts: () => ["mixpay", "terminal", "carts"] as const,
};

/** The store's name for the receipt (Medusa's admin store API); undefined while loading or when it fails. */
export function useStoreName(enabled = true) {
  const client = useMixpayClient();
  return useQuery({
    queryKey: ["mixpay", "store-name"] as const,
    queryFn: () => client.storeName(),
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function useMixpaySettings() {
  const client = useMixpayClient();
  return useQuery({ queryKey: mixpayKeys.settings(), queryFn: () => client.getSettings() });
}

/** MixPay's asset lists, from the saved API base or from `apiBaseUrl` when the form holds another one. */
export function useMixpayAssets(apiBaseUrl?: string | null, enabled = true) {
  const client = useMixpayClient();
  return useQuery({
    queryKey: mixpayKeys.assets(apiBaseUrl),
    queryFn: () => client.listAssets(apiBaseUrl ? { apiBaseUrl } : {}),
    staleTime: 5 * 60_000,
    enabled,
    retry: 1,
  });
}

export function useSaveMixpaySettings() {
  const client = useMixpayClient();
  const queryClient = useQueryClient();
  return useMutation<SettingsResponse, MixpayApiError, SettingsInput>({
    mutationFn: (input) => client.saveSettings(input),
    onSuccess: (data) => {
      queryClient.setQueryData(mixpayKeys.settings(), data);
      void queryClient.invalidateQueries({ queryKey: ["mixpay", "assets"] });
      void queryClient.invalidateQueries({ queryKey: mixpayKeys.terminal() });
    },
  });
}

/** Setup wizard: resolve a Mixin ID or payee UUID (a mutation: it runs when the merchant presses "Look up"). */
export function useLookupPayee() {
  const client = useMixpayClient();
  return useMutation<PayeeLookup, MixpayApiError, string>({ mutationFn: (ref) => client.lookupPayee(ref) });
}

/** Setup wizard: each region and what MixPay would price it in, with `quoteAssetId` as the fallback. */
export function useRegionQuotes(quoteAssetId: string | null, enabled = true) {
  const client = useMixpayClient();
  return useQuery({
    queryKey: ["mixpay", "regions", quoteAssetId ?? ""] as const,
    queryFn: () => client.regionQuotes({ quoteAssetId }),
    enabled,
  });
}

export function useTestMixpayConnection() {
  const client = useMixpayClient();
  return useMutation({ mutationFn: (input: ConnectionTestInput) => client.testConnection(input) });
}

/** The MixPay payments of one order (the plugin records the order id once the sale completes). */
export function useOrderMixpayPayments(orderId: string | null | undefined) {
  const client = useMixpayClient();
  return useQuery({
    queryKey: mixpayKeys.payments({ orderId: orderId ?? "" }),
    queryFn: async () => (await client.listPayments({ orderId: orderId ?? "", limit: 20 })).payments,
    enabled: Boolean(orderId),
  });
}

/**
 * MixPay payments for the admin's list, newest first: `attention: true` lists only those that need a look
 * (late payment, underpaid, review, paid after cancel, refund due), `status` filters by status.
 */
export function useMixpayPaymentList(query: ListPaymentsQuery, opts: { refetchIntervalMs?: number } = {}) {
  const client = useMixpayClient();
  return useQuery({
    queryKey: mixpayKeys.payments(query),
    queryFn: () => client.listPayments(query),
    refetchInterval: opts.refetchIntervalMs || false,
  });
}

type CachedPayments = MixpayPayment[] | { payments: MixpayPayment[]; count: number };

function updateCachedPayment(queryClient: ReturnType<typeof useQueryClient>, payment: MixpayPayment) {
  queryClient.setQueryData(mixpayKeys.payment(payment.trace_id), payment);
  const swap = (list: MixpayPayment[]) => list.map((p) => (p.trace_id === payment.trace_id ? payment : p));
  // An order's payments are cached as a list, the payments page's as {payments, count}.
  queryClient.setQueriesData<CachedPayments>({ queryKey: ["mixpay", "payments"] }, (data) =>
    !data ? data : Array.isArray(data) ? swap(data) : { ...data, payments: swap(data.payments) },
  );
}

export function useRecheckMixpayPayment() {
  const client = useMixpayClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (traceId: string) => client.recheckPayment(traceId),
    onSuccess: (data) => updateCachedPayment(queryClient, data.payment),
  });
}

/** "Make the order" for a payment that arrived after Cancel (the other choice is a refund by hand). */
export function useCompleteCancelledPayment() {
  const client = useMixpayClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (traceId: string) => client.completeCancelledPayment(traceId),
    onSuccess: (data) => {
      updateCachedPayment(queryClient, data.payment);
      void queryClient.invalidateQueries({ queryKey: ["mixpay", "payments"] });
    },
  });
}

export function useRecordManualRefund() {
  const client = useMixpayClient();
  const queryClient = useQueryClient();
  return useMutation<unknown, MixpayApiError, { traceId: string; input: RefundInput }>({
    mutationFn: ({ traceId, input }) => client.recordRefund(traceId, input),
    onSuccess: (_data, { traceId }) => {
      void queryClient.invalidateQueries({ queryKey: mixpayKeys.payment(traceId) });
      void queryClient.invalidateQueries({ queryKey: ["mixpay", "payments"] });
    },
  });
}

export function useTerminalConfig() {
  const client = useMixpayClient();
  return useQuery({ queryKey: mixpayKeys.terminal(), queryFn: () => client.terminalConfig() });
}

export function useOpenCarts(enabled: boolean) {
  const client = useMixpayClient();
  return useQuery({ queryKey: mixpayKeys.carts(), queryFn: () => client.listOpenCarts(), enabled });
}

export function useCreateSale() {
  const client = useMixpayClient();
  return useMutation<TerminalSale, MixpayApiError, CreateSaleInput | CreateDraftOrderSaleInput>({
    mutationFn: (input) => client.createSale(input),
  });
}
