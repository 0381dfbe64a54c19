import {
  type HttpFieldError,
  isHttpErrorBody,
  isRetryableErrorType,
  parseRetryAfter,
  MIXPAY_ADMIN_ROUTES as ROUTES,
  routePath,
} from "@mixpay-pos/protocol";
import type { z } from "zod";
import {
  type AssetLists,
  assetListsSchema,
  type ConnectionTest,
  type ConnectionTestInput,
  type CreateDraftOrderSaleInput,
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
  storeListSchema,
  type TerminalCart,
  type TerminalConfig,
  type TerminalSale,
  terminalCartsSchema,
  terminalConfigSchema,
  terminalSaleResponseSchema,
} from "./schemas";

/**
 * The one place that talks to the plugin's routes (their paths: MIXPAY_ADMIN_ROUTES of @mixpay-pos/protocol). It
 * takes a `fetch`-like function — `fetchTransport` below, or anything with the signature of Medusa's
 * `sdk.client.fetch(path, { method, body, query })` — parses every answer with the schemas in ./schemas and turns
 * failures into `MixpayApiError`s. Field errors come from the error body's `errors` list only; a transport that
 * drops the body (Medusa's SDK keeps just the message) gives errors without fields, never fields guessed from text.
 */

export interface MixpayFetchInit {
  method?: "GET" | "POST";
  body?: Record<string, unknown>;
  query?: Record<string, string | number | boolean>;
}

export type MixpayFetch = (path: string, init?: MixpayFetchInit) => Promise<unknown>;

/** One invalid input as the plugin names it (`errors[]` of its error body, @mixpay-pos/protocol). */
export type FieldError = HttpFieldError;

export class MixpayApiError extends Error {
  override readonly name = "MixpayApiError";
  /** HTTP status when the server answered; null for network errors and malformed answers. */
  readonly status: number | null;
  /** The error body's `type` ("invalid_data", "mixpay_busy", …), when the server sent one. */
  readonly type: string | null;
  /** The error body's `errors`: each invalid field and why, for showing next to that field. */
  readonly fieldErrors: FieldError[];
  /** From the Retry-After header of a 503 (MixPay busy or down): whole seconds until trying again makes sense. */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    status: number | null,
    fieldErrors: FieldError[] = [],
    more: { type?: string | null; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.type = more.type ?? null;
    this.retryAfterSeconds = more.retryAfterSeconds ?? null;
  }

  /** The message for one form field, if the server named it. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }

  /** MixPay did not take the request but will: the same request may be sent again (after `retryAfterSeconds`). */
  get retryable(): boolean {
    return isRetryableErrorType(this.type);
  }
}

/** The plugin's error body → a MixpayApiError (the body's own `errors` list, nothing parsed out of the message). */
export function errorFromBody(
  body: unknown,
  status: number | null,
  fallbackMessage: string,
  retryAfter: string | null = null,
): MixpayApiError {
  if (!isHttpErrorBody(body)) {
    const message = typeof body === "object" && body !== null ? Reflect.get(body, "message") : undefined;
    return new MixpayApiError(typeof message === "string" && message ? message : fallbackMessage, status);
  }
  return new MixpayApiError(body.message || fallbackMessage, status, body.errors ?? [], {
    type: body.type,
    retryAfterSeconds: parseRetryAfter(retryAfter),
  });
}

function numberProp(value: unknown, key: string): number | null {
  if (typeof value !== "object" || value === null || !(key in value)) return null;
  const v: unknown = Reflect.get(value, key);
  return typeof v === "number" ? v : null;
}

/** Any thrown value as a MixpayApiError (a transport's own error keeps its message and status). */
export function toApiError(error: unknown): MixpayApiError {
  if (error instanceof MixpayApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MixpayApiError(message || "Request failed", numberProp(error, "status"));
}

export interface ListPaymentsQuery {
  orderId?: string;
  /** The sales started for one draft order. */
  draftOrderId?: string;
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
  /** A payment that arrived after its sale was cancelled: make the order after all (409 for any other payment). */
  completeCancelledPayment(traceId: string): Promise<RecheckResponse>;
  recordRefund(traceId: string, input: RefundInput): Promise<ManualRefund[]>;
  terminalConfig(): Promise<TerminalConfig>;
  createSale(input: CreateSaleInput | CreateDraftOrderSaleInput): Promise<TerminalSale>;
  /** The sale's status (asks MixPay at most once per few seconds across every screen); `qr` adds the QR code. */
  getSale(traceId: string, opts?: { qr?: boolean; signal?: AbortSignal }): Promise<TerminalSale>;
  /** Cancel: the sale is marked cancelled (its QR code stays payable at MixPay); 409 `sale_state` once it is paid. */
  cancelSale(traceId: string): Promise<TerminalSale>;
  listOpenCarts(): Promise<TerminalCart[]>;
  /** The store's name (Medusa's admin store API), for the top of the terminal's receipt; null when it has none. */
  storeName(): Promise<string | null>;
  /** Setup wizard: a Mixin ID or payee UUID resolved by MixPay (404 in plain words when MixPay does not know it). */
  lookupPayee(ref: string, opts?: { apiBaseUrl?: string | null }): Promise<PayeeLookup>;
  /** Setup wizard: each region and what MixPay would price its sales in, with this fallback quote asset. */
  regionQuotes(opts?: { quoteAssetId?: string | null; apiBaseUrl?: string | null }): Promise<RegionQuotes>;
}

export function createMixpayAdminClient(fetcher: MixpayFetch): MixpayAdminClient {
  async function call<S extends z.ZodType>(schema: S, path: string, init: MixpayFetchInit = {}): Promise<z.output<S>> {
    let raw: unknown;
    try {
      raw = await fetcher(path, init);
    } catch (error) {
      throw toApiError(error);
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
    getSettings: () => call(settingsResponseSchema, ROUTES.settings),
    saveSettings: (input) => call(settingsResponseSchema, ROUTES.settings, { method: "POST", body: { ...input } }),
    testConnection: (input) =>
      call(connectionTestSchema, ROUTES.settingsCheck, {
        method: "POST",
        body: Object.fromEntries(Object.entries(input).filter(([, v]) => v)),
      }),
    listAssets: (opts = {}) => {
      const query: Record<string, string> = {};
      if (opts.refresh) query.refresh = "true";
      if (opts.apiBaseUrl) query.api_base_url = opts.apiBaseUrl;
      return call(assetListsSchema, ROUTES.assets, Object.keys(query).length ? { query } : {});
    },
    listPayments: async (q = {}) => {
      const query: Record<string, string | number> = {};
      if (q.orderId) query.order_id = q.orderId;
      if (q.draftOrderId) query.draft_order_id = q.draftOrderId;
      if (q.status?.length) query.status = q.status.join(",");
      if (q.attention) query.attention = "true";
      if (q.limit) query.limit = q.limit;
      const res = await call(paymentListSchema, ROUTES.payments, { query });
      return { payments: res.payments, count: res.count };
    },
    getPayment: async (traceId) => (await call(paymentResponseSchema, routePath(ROUTES.payment, { traceId }))).payment,
    recheckPayment: (traceId) =>
      call(recheckResponseSchema, routePath(ROUTES.paymentRecheck, { traceId }), { method: "POST", body: {} }),
    completeCancelledPayment: (traceId) =>
      call(recheckResponseSchema, routePath(ROUTES.paymentComplete, { traceId }), { method: "POST", body: {} }),
    recordRefund: async (traceId, input) =>
      (
        await call(manualRefundsResponseSchema, routePath(ROUTES.paymentRefunds, { traceId }), {
          method: "POST",
          body: { ...input },
        })
      ).manual_refunds,
    terminalConfig: () => call(terminalConfigSchema, ROUTES.terminal),
    createSale: async (input) =>
      (await call(terminalSaleResponseSchema, ROUTES.terminalSales, { method: "POST", body: { ...input } })).sale,
    getSale: async (traceId, opts = {}) =>
      (
        await call(
          terminalSaleResponseSchema,
          routePath(ROUTES.terminalSale, { traceId }),
          opts.qr ? { query: { qr: "true" } } : {},
        )
      ).sale,
    cancelSale: async (traceId) =>
      (
        await call(terminalSaleResponseSchema, routePath(ROUTES.terminalSaleCancel, { traceId }), {
          method: "POST",
          body: {},
        })
      ).sale,
    storeName: async () =>
      (await call(storeListSchema, "/admin/stores", { query: { fields: "name", limit: 1 } })).stores[0]?.name ?? null,
    listOpenCarts: async () => (await call(terminalCartsSchema, ROUTES.terminalCarts)).carts,
    lookupPayee: (ref, opts = {}) =>
      call(
        payeeLookupSchema,
        routePath(ROUTES.payee, { ref: ref.trim() }),
        opts.apiBaseUrl ? { query: { api_base_url: opts.apiBaseUrl } } : {},
      ),
    regionQuotes: (opts = {}) => {
      const query: Record<string, string> = {};
      if (opts.quoteAssetId) query.quote_asset_id = opts.quoteAssetId;
      if (opts.apiBaseUrl) query.api_base_url = opts.apiBaseUrl;
      return call(regionQuotesSchema, ROUTES.regions, Object.keys(query).length ? { query } : {});
    },
  };
}

/**
 * The terminal's pushed-status stream on the admin's backend (`MixpayTerminal`'s `streamUrl`): server-sent events
 * whose data is the terminal sale route's body. The admin's session cookie goes with it.
 */
export function terminalSaleStreamUrl(baseUrl = ""): (traceId: string) => string {
  const base = baseUrl.replace(/\/+$/, "");
  return (traceId) => `${base}${routePath(ROUTES.terminalSaleEvents, { traceId })}`;
}

/**
 * A MixpayFetch on the browser's fetch: JSON in and out, cookies sent (the admin's session), and a failed answer
 * thrown as a MixpayApiError with the plugin's error body — `type`, `errors: [{field, message}]` — and the
 * Retry-After of a 503. The plugin's admin pages use it (Medusa's JS SDK keeps only an error's message).
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
      throw errorFromBody(json, res.status, res.statusText || `HTTP ${res.status}`, res.headers.get("retry-after"));
    }
    return json;
  };
}
