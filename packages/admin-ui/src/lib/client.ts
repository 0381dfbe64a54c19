import type { z } from "zod";
import {
  type AssetLists,
  assetListsSchema,
  type ConnectionTest,
  type ConnectionTestInput,
  type CreateSaleInput,
  connectionTestSchema,
  type ManualRefund,
  type MixpayPayment,
  manualRefundsResponseSchema,
  type PayeeLookup,
  payeeLookupSchema,
  paymentListSchema,
  paymentResponseSchema,
  type RecheckResponse,
  type RefundInput,
  type RegionQuotes,
  recheckResponseSchema,
  regionQuotesSchema,
  type SettingsInput,
  type SettingsResponse,
  settingsResponseSchema,
  type TerminalCart,
  type TerminalConfig,
  type TerminalSale,
  terminalCartsSchema,
  terminalConfigSchema,
  terminalSaleResponseSchema,
} from "./schemas";

/**
 * The one place that talks to the plugin's routes. It takes a `fetch`-like function with the signature of
 * Medusa's `sdk.client.fetch(path, { method, body, query })` (auth and base URL are the SDK's business), parses
 * every answer with the schemas in ./schemas and turns failures into `MixpayApiError`s with field errors.
 */

export interface MixpayFetchInit {
  method?: "GET" | "POST";
  body?: Record<string, unknown>;
  query?: Record<string, string | number | boolean>;
}

export type MixpayFetch = (path: string, init?: MixpayFetchInit) => Promise<unknown>;

export interface FieldError {
  field: string;
  message: string;
}

export class MixpayApiError extends Error {
  override readonly name = "MixpayApiError";
  /** HTTP status when the server answered; null for network errors and malformed answers. */
  readonly status: number | null;
  readonly fieldErrors: FieldError[];

  constructor(message: string, status: number | null, fieldErrors: FieldError[] = []) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors;
  }

  /** The message for one form field, if the server named it. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

/**
 * Field errors out of the plugin's 400 message ("payee_id: must be …; expiry_minutes: too small"), for
 * transports that keep only the message (Medusa's SDK does). Only `knownFields` are recognised, so a colon
 * inside a sentence is never mistaken for a field.
 */
export function parseFieldErrors(message: string, knownFields: readonly string[]): FieldError[] {
  const out: FieldError[] = [];
  for (const part of message.split(/;\s+/)) {
    const m = /^([a-z_][a-z0-9_.]*):\s*(.+)$/i.exec(part.trim());
    const field = m?.[1];
    const text = m?.[2];
    if (field && text && knownFields.includes(field)) out.push({ field, message: text.trim() });
  }
  return out;
}

function numberProp(value: unknown, key: string): number | null {
  if (typeof value !== "object" || value === null || !(key in value)) return null;
  const v: unknown = Reflect.get(value, key);
  return typeof v === "number" ? v : null;
}

function fieldErrorsProp(value: unknown): FieldError[] | null {
  if (typeof value !== "object" || value === null || !("errors" in value)) return null;
  const errors: unknown = Reflect.get(value, "errors");
  if (!Array.isArray(errors)) return null;
  return errors.flatMap((e: unknown) => {
    if (typeof e !== "object" || e === null) return [];
    const field: unknown = Reflect.get(e, "field");
    const message: unknown = Reflect.get(e, "message");
    return typeof field === "string" && typeof message === "string" ? [{ field, message }] : [];
  });
}

/** Any thrown value as a MixpayApiError (keeps status and field errors when the transport had them). */
export function toApiError(error: unknown, knownFields: readonly string[] = []): MixpayApiError {
  if (error instanceof MixpayApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = numberProp(error, "status");
  const fields = fieldErrorsProp(error) ?? parseFieldErrors(message, knownFields);
  return new MixpayApiError(message || "Request failed", status, fields);
}

export const SETTINGS_FIELDS = [
  "enabled",
  "payee_id",
  "settlement_asset_id",
  "quote_asset_id",
  "expiry_minutes",
  "strict_mode",
  "public_base_url",
  "api_base_url",
  "checkout_base_url",
] as const;
const REFUND_FIELDS = ["refund_id", "amount", "reference", "note"] as const;
const SALE_FIELDS = ["amount", "currency_code", "region_id", "cart_id", "title"] as const;

export interface ListPaymentsQuery {
  orderId?: string;
  status?: string[];
  attention?: boolean;
  limit?: number;
}

export interface MixpayAdminClient {
  getSettings(): Promise<SettingsResponse>;
  saveSettings(input: SettingsInput): Promise<SettingsResponse>;
  testConnection(input: ConnectionTestInput): Promise<ConnectionTest>;
  /** MixPay's lists from the API base in force, or from `apiBaseUrl` (typed in the form, not saved yet). */
  listAssets(opts?: { refresh?: boolean; apiBaseUrl?: string | null }): Promise<AssetLists>;
  listPayments(query?: ListPaymentsQuery): Promise<{ payments: MixpayPayment[]; count: number }>;
  getPayment(traceId: string): Promise<MixpayPayment>;
  recheckPayment(traceId: string): Promise<RecheckResponse>;
  recordRefund(traceId: string, input: RefundInput): Promise<ManualRefund[]>;
  terminalConfig(): Promise<TerminalConfig>;
  createSale(input: CreateSaleInput): Promise<TerminalSale>;
  /** The sale's status (asks MixPay at most once per few seconds across every screen); `qr` adds the QR code. */
  getSale(traceId: string, opts?: { qr?: boolean; signal?: AbortSignal }): Promise<TerminalSale>;
  listOpenCarts(): Promise<TerminalCart[]>;
  /** Setup wizard: a Mixin ID or payee UUID resolved by MixPay (404 in plain words when MixPay does not know it). */
  lookupPayee(ref: string, opts?: { apiBaseUrl?: string | null }): Promise<PayeeLookup>;
  /** Setup wizard: each region and what MixPay would price its sales in, with this fallback quote asset. */
  regionQuotes(opts?: { quoteAssetId?: string | null; apiBaseUrl?: string | null }): Promise<RegionQuotes>;
}

const enc = encodeURIComponent;

export function createMixpayAdminClient(fetcher: MixpayFetch): MixpayAdminClient {
  async function call<S extends z.ZodType>(
    schema: S,
    path: string,
    init: MixpayFetchInit = {},
    fields: readonly string[] = [],
  ): Promise<z.output<S>> {
    let raw: unknown;
    try {
      raw = await fetcher(path, init);
    } catch (error) {
      throw toApiError(error, fields);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") || "body";
      throw new MixpayApiError(
        `Unexpected answer from ${path} (${where}: ${parsed.error.issues[0]?.message ?? "invalid"}); is the MixPay plugin up to date?`,
        null,
      );
    }
    return parsed.data;
  }

  return {
    getSettings: () => call(settingsResponseSchema, "/admin/mixpay/settings"),
    saveSettings: (input) =>
      call(settingsResponseSchema, "/admin/mixpay/settings", { method: "POST", body: { ...input } }, SETTINGS_FIELDS),
    testConnection: (input) =>
      call(
        connectionTestSchema,
        "/admin/mixpay/settings/check",
        { method: "POST", body: Object.fromEntries(Object.entries(input).filter(([, v]) => v)) },
        SETTINGS_FIELDS,
      ),
    listAssets: (opts = {}) => {
      const query: Record<string, string> = {};
      if (opts.refresh) query.refresh = "true";
      if (opts.apiBaseUrl) query.api_base_url = opts.apiBaseUrl;
      return call(assetListsSchema, "/admin/mixpay/assets", Object.keys(query).length ? { query } : {});
    },
    listPayments: async (q = {}) => {
      const query: Record<string, string | number> = {};
      if (q.orderId) query.order_id = q.orderId;
      if (q.status?.length) query.status = q.status.join(",");
      if (q.attention) query.attention = "true";
      if (q.limit) query.limit = q.limit;
      const res = await call(paymentListSchema, "/admin/mixpay/payments", { query });
      return { payments: res.payments, count: res.count };
    },
    getPayment: async (traceId) =>
      (await call(paymentResponseSchema, `/admin/mixpay/payments/${enc(traceId)}`)).payment,
    recheckPayment: (traceId) =>
      call(recheckResponseSchema, `/admin/mixpay/payments/${enc(traceId)}/recheck`, { method: "POST", body: {} }),
    recordRefund: async (traceId, input) =>
      (
        await call(
          manualRefundsResponseSchema,
          `/admin/mixpay/payments/${enc(traceId)}/refunds`,
          { method: "POST", body: { ...input } },
          REFUND_FIELDS,
        )
      ).manual_refunds,
    terminalConfig: () => call(terminalConfigSchema, "/admin/mixpay/terminal"),
    createSale: async (input) =>
      (
        await call(
          terminalSaleResponseSchema,
          "/admin/mixpay/terminal/sales",
          { method: "POST", body: { ...input } },
          SALE_FIELDS,
        )
      ).sale,
    getSale: async (traceId, opts = {}) =>
      (
        await call(
          terminalSaleResponseSchema,
          `/admin/mixpay/terminal/sales/${enc(traceId)}`,
          opts.qr ? { query: { qr: "true" } } : {},
        )
      ).sale,
    listOpenCarts: async () => (await call(terminalCartsSchema, "/admin/mixpay/terminal/carts")).carts,
    lookupPayee: (ref, opts = {}) =>
      call(
        payeeLookupSchema,
        `/admin/mixpay/payees/${enc(ref.trim())}`,
        opts.apiBaseUrl ? { query: { api_base_url: opts.apiBaseUrl } } : {},
        ["payee"],
      ),
    regionQuotes: (opts = {}) => {
      const query: Record<string, string> = {};
      if (opts.quoteAssetId) query.quote_asset_id = opts.quoteAssetId;
      if (opts.apiBaseUrl) query.api_base_url = opts.apiBaseUrl;
      return call(regionQuotesSchema, "/admin/mixpay/regions", Object.keys(query).length ? { query } : {});
    },
  };
}

/**
 * A MixpayFetch on the browser's fetch, for pages outside the Medusa admin (or tests): JSON in and out,
 * cookies sent (admin session), and the plugin's 400 `errors` kept on the thrown error.
 */
export function fetchTransport(opts: {
  baseUrl?: string;
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
}): MixpayFetch {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (opts.baseUrl ?? "").replace(/\/+$/, "");
  return async (path, init = {}) => {
    const qs = init.query
      ? `?${new URLSearchParams(Object.entries(init.query).map(([k, v]) => [k, String(v)])).toString()}`
      : "";
    const res = await doFetch(`${base}${path}${qs}`, {
      method: init.method ?? "GET",
      credentials: "include",
      headers: {
        accept: "application/json",
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...opts.headers,
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const message =
        typeof json === "object" && json !== null && typeof Reflect.get(json, "message") === "string"
          ? String(Reflect.get(json, "message"))
          : res.statusText || `HTTP ${res.status}`;
      throw new MixpayApiError(message, res.status, fieldErrorsProp(json) ?? []);
    }
    return json;
  };
}
