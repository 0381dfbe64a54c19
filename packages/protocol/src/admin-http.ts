/**
 * The HTTP contract between the Medusa plugin's routes and the admin UI (or any other client of those routes): the
 * route paths, the error body every plugin route answers with, its `type` names and their statuses. Plain
 * constants, types and predicates — no zod — so the plugin (built on Medusa's own copy of zod) and the admin UI
 * share the same ones.
 */

/** Every admin route of the plugin, as Medusa's router and middlewares spell them (`:name` for a parameter). */
export const MIXPAY_ADMIN_ROUTES = {
  settings: "/admin/mixpay/settings",
  settingsCheck: "/admin/mixpay/settings/check",
  assets: "/admin/mixpay/assets",
  payee: "/admin/mixpay/payees/:ref",
  regions: "/admin/mixpay/regions",
  payments: "/admin/mixpay/payments",
  payment: "/admin/mixpay/payments/:traceId",
  paymentRecheck: "/admin/mixpay/payments/:traceId/recheck",
  paymentRefunds: "/admin/mixpay/payments/:traceId/refunds",
  /** A payment that arrived after Cancel: the merchant chose to make the order after all. */
  paymentComplete: "/admin/mixpay/payments/:traceId/complete",
  terminal: "/admin/mixpay/terminal",
  terminalCarts: "/admin/mixpay/terminal/carts",
  terminalSales: "/admin/mixpay/terminal/sales",
  terminalSale: "/admin/mixpay/terminal/sales/:traceId",
  terminalSaleCancel: "/admin/mixpay/terminal/sales/:traceId/cancel",
  /** The sale's server-sent event stream (./sale-stream.ts). */
  terminalSaleEvents: "/admin/mixpay/terminal/sales/:traceId/events",
} as const;

/** The plugin's public (store) routes: each needs Medusa's publishable key, like every `/store` route. */
export const MIXPAY_STORE_ROUTES = {
  payment: "/store/mixpay/payments/:traceId",
  /** Cancel from a till or checkout that holds the sale's cart id (the trace id alone, printed in the QR, is not enough). */
  paymentCancel: "/store/mixpay/payments/:traceId/cancel",
  /** The payment's server-sent event stream (./sale-stream.ts). */
  paymentEvents: "/store/mixpay/payments/:traceId/events",
} as const;

export type MixpayStoreRoute = (typeof MIXPAY_STORE_ROUTES)[keyof typeof MIXPAY_STORE_ROUTES];

export type MixpayAdminRoute = (typeof MIXPAY_ADMIN_ROUTES)[keyof typeof MIXPAY_ADMIN_ROUTES];

/** The parameter names of a route pattern: "a/:x/b/:y" → "x" | "y". */
export type RouteParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | RouteParams<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** A route pattern with its parameters filled in, each URL-encoded: `routePath(MIXPAY_ADMIN_ROUTES.payment, { traceId })`. */
export function routePath<P extends string>(
  pattern: P,
  ...[params]: [RouteParams<P>] extends [never] ? [] : [Record<RouteParams<P>, string>]
): string {
  return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value: unknown = params ? Reflect.get(params, name) : undefined;
    if (typeof value !== "string") throw new Error(`routePath: no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

/**
 * The `type` of an error body. Medusa's own types where they fit; three of ours for MixPay not taking a request.
 * The provider's MedusaError codes are these same strings (Medusa's store routes show them as `code`).
 */
export const MIXPAY_ERROR_TYPES = {
  /** The request is wrong; `errors` names each field and why. 400. */
  invalidData: "invalid_data",
  /** Well-formed, but not possible now (MixPay not configured, a completed cart). 400. */
  notAllowed: "not_allowed",
  notFound: "not_found",
  /** The sale's state does not allow it (cancel a paid sale, complete one that is not a paid cancelled one). 409. */
  saleState: "sale_state",
  /** MixPay's request budget has no slot free soon enough (ours, or MixPay answered 1429). 503 with Retry-After. */
  mixpayBusy: "mixpay_busy",
  /** MixPay could not be asked: down, timed out, unreachable, or answering what is not its API. 503 with Retry-After. */
  mixpayUnavailable: "mixpay_unavailable",
  /** MixPay answered and refused; sending the same request again gives the same answer. 502. */
  mixpayRefused: "mixpay_refused",
  /** This client (or this server) holds as many open sale streams as it may. 429 with Retry-After; poll meanwhile. */
  tooManyStreams: "too_many_streams",
  unexpectedState: "unexpected_state",
  unknownError: "unknown_error",
} as const;

export type MixpayErrorType = (typeof MIXPAY_ERROR_TYPES)[keyof typeof MIXPAY_ERROR_TYPES];

/** The HTTP status of each of our error types (Medusa's other types keep Medusa's statuses). */
export const MIXPAY_ERROR_STATUS: Readonly<Record<MixpayErrorType, number>> = {
  invalid_data: 400,
  not_allowed: 400,
  not_found: 404,
  sale_state: 409,
  mixpay_busy: 503,
  mixpay_unavailable: 503,
  mixpay_refused: 502,
  too_many_streams: 429,
  unexpected_state: 500,
  unknown_error: 500,
};

/** One invalid input, named as the request spelled it ("payee_id", "amount", "items.0.amount", "traceId"). */
export interface HttpFieldError {
  field: string;
  message: string;
}

/**
 * What every plugin route answers when it fails. `message` is a sentence for people (for field errors it repeats
 * them, `field: message; …`, for logs and plain HTTP clients); programs read `type`, `errors` and, on a 503, the
 * `Retry-After` header (whole seconds).
 */
export interface HttpErrorBody {
  type: MixpayErrorType | (string & {});
  message: string;
  errors?: HttpFieldError[];
}

export const RETRY_AFTER_HEADER = "Retry-After";

/** MixPay did not take the request but will (busy or down): the same request may be sent again after Retry-After. */
export function isRetryableErrorType(type: unknown): type is "mixpay_busy" | "mixpay_unavailable" {
  return type === MIXPAY_ERROR_TYPES.mixpayBusy || type === MIXPAY_ERROR_TYPES.mixpayUnavailable;
}

export function isHttpFieldError(value: unknown): value is HttpFieldError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof Reflect.get(value, "field") === "string" &&
    typeof Reflect.get(value, "message") === "string"
  );
}

/** A body in the shape above (`errors`, when present, a list of field errors). */
export function isHttpErrorBody(value: unknown): value is HttpErrorBody {
  if (typeof value !== "object" || value === null) return false;
  if (typeof Reflect.get(value, "type") !== "string" || typeof Reflect.get(value, "message") !== "string") return false;
  const errors: unknown = Reflect.get(value, "errors");
  return errors === undefined || (Array.isArray(errors) && errors.every(isHttpFieldError));
}

/** The human sentence of a list of field errors: "payee_id: must be …; expiry_minutes: …". For reading, not parsing. */
export function summariseFieldErrors(errors: readonly HttpFieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join("; ");
}

/** A Retry-After header value as whole seconds (≥ 1), or null when absent or not a number of seconds. */
export function parseRetryAfter(value: string | null | undefined): number | null {
  if (!value || !/^\s*\d+\s*$/.test(value)) return null;
  return Math.max(1, Number(value.trim()));
}
