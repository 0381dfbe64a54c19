import { getHttpResponseFromError, type MedusaRequest, type MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import {
  type HttpErrorBody,
  type HttpFieldError,
  isHttpFieldError,
  MIXPAY_ERROR_STATUS,
  MIXPAY_ERROR_TYPES,
  MixPayBusyError,
  MixPayCoreError,
  MixPayError,
  MixPayValidationError,
  PayeeNotFoundError,
  RETRY_AFTER_HEADER,
  summariseFieldErrors,
} from "@mixpay-pos/core";
import {
  MIXPAY_BUSY_CODE,
  MIXPAY_REFUSED_CODE,
  MIXPAY_UNAVAILABLE_CODE,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from "../lib/errors";
import { gatewayErrorDetail, summariseGatewayError } from "../lib/gateway-error";

/**
 * The one place that turns an error into the plugin's HTTP answer (`HttpErrorBody` of @mixpay-pos/protocol):
 *
 * - MixPay busy (core's MixPayBusyError, MixPay's 1429, a MedusaError with code `mixpay_busy`) and MixPay
 *   unavailable (network errors, 5xx, answers that are not MixPay's, code `mixpay_unavailable`): 503 with
 *   `Retry-After` in whole seconds — from the error (`retryAfterMs`, `retryAfterSeconds`), else a fixed wait.
 * - MixPay refused (a core error with disposition "fail", code `mixpay_refused`): 502, no Retry-After.
 * - Too many open sale streams (lib/stream-slots.ts, code `too_many_streams`): 429 with Retry-After.
 * - Field errors (MixpayFieldError, core's MixPayValidationError): `errors: [{field, message}]`, 400 (or the
 *   MedusaError type's status: a NOT_FOUND field error is a 404).
 * - Core's PayeeNotFoundError: 404 in its own (our) words; SaleStateError (lib/errors.ts): 409 in its own words.
 * - Any other MedusaError — an instance, or the plain copy of one that comes out of a workflow (`__isMedusaError`,
 *   its own properties kept: `code`, `errors`, `retryAfterSeconds`) — and anything else: Medusa's own status and
 *   wording (`getHttpResponseFromError`), so an unexpected error is a 500 that says nothing about the server.
 *
 * What went wrong with MixPay reaches the admin in our own words only (lib/gateway-error.ts); the full story goes
 * to the server log.
 */

export interface RouteErrorAnswer {
  status: number;
  body: HttpErrorBody;
  headers: Record<string, string>;
  /** For the server log: what went wrong in full, and how loud. Null: nothing worth logging (a 4xx). */
  log: { level: "warn" | "error"; detail: string } | null;
}

export interface RouteErrorOptions {
  /** What could not be done when MixPay could not be asked: "MixPay's asset lists could not be loaded". */
  mixpayFailure?: string;
}

/** The plain copy of a MedusaError a workflow hands back, or the instance itself. */
interface MedusaErrorLike {
  type: string;
  message: string;
  code: string | null;
  errors: HttpFieldError[] | null;
  retryAfterSeconds: number | null;
}

function medusaErrorLike(error: unknown): MedusaErrorLike | null {
  if (typeof error !== "object" || error === null || !MedusaError.isMedusaError(error)) return null;
  const text = (key: string): string | null => {
    const value: unknown = Reflect.get(error, key);
    return typeof value === "string" ? value : null;
  };
  const errors: unknown = Reflect.get(error, "errors");
  const seconds: unknown = Reflect.get(error, "retryAfterSeconds");
  return {
    type: text("type") ?? MedusaError.Types.UNEXPECTED_STATE,
    message: text("message") ?? "",
    code: text("code"),
    errors: Array.isArray(errors) && errors.length > 0 && errors.every(isHttpFieldError) ? errors : null,
    retryAfterSeconds: typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? seconds : null,
  };
}

function answer(
  type: string,
  status: number,
  message: string,
  extra: { errors?: HttpFieldError[]; retryAfterSeconds?: number; log?: RouteErrorAnswer["log"] } = {},
): RouteErrorAnswer {
  return {
    status,
    body: { type, message, ...(extra.errors ? { errors: extra.errors } : {}) },
    headers:
      extra.retryAfterSeconds === undefined
        ? {}
        : { [RETRY_AFTER_HEADER]: String(Math.max(1, Math.ceil(extra.retryAfterSeconds))) },
    log: extra.log ?? null,
  };
}

function statusOfType(type: string): number {
  const ours: Readonly<Record<string, number>> = MIXPAY_ERROR_STATUS;
  return ours[type] ?? getHttpResponseFromError(new MedusaError(type, "")).statusCode;
}

/** A failed call to MixPay (core's errors): busy, unavailable or refused, in our own words. */
function mixpayCallAnswer(error: MixPayCoreError, options: RouteErrorOptions): RouteErrorAnswer {
  const summary = summariseGatewayError(error);
  const message = options.mixpayFailure ? `${options.mixpayFailure}: ${summary}` : summary;
  const log = { level: "warn" as const, detail: `MixPay: ${gatewayErrorDetail(error)}` };
  const busySeconds =
    error instanceof MixPayBusyError
      ? error.retryAfterMs / 1000
      : error instanceof MixPayError && error.rateLimited
        ? 60 // MixPay answered 1429: the shared budget is blocked for a minute.
        : null;
  if (busySeconds !== null) {
    return answer(MIXPAY_ERROR_TYPES.mixpayBusy, 503, message, { retryAfterSeconds: busySeconds, log });
  }
  if (error.disposition === "fail") return answer(MIXPAY_ERROR_TYPES.mixpayRefused, 502, message, { log });
  return answer(MIXPAY_ERROR_TYPES.mixpayUnavailable, 503, message, {
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    log,
  });
}

/** Status, body and headers for any error a plugin route met. Pure: the caller logs and sends. */
export function routeError(error: unknown, options: RouteErrorOptions = {}): RouteErrorAnswer {
  if (error instanceof PayeeNotFoundError) return answer(MIXPAY_ERROR_TYPES.notFound, 404, error.message);
  if (error instanceof MixPayValidationError) {
    const errors = error.issues.map(({ field, message }) => ({ field, message }));
    return answer(MIXPAY_ERROR_TYPES.invalidData, 400, summariseFieldErrors(errors), { errors });
  }
  if (error instanceof MixPayCoreError) return mixpayCallAnswer(error, options);

  const medusa = medusaErrorLike(error);
  if (medusa) {
    if (medusa.code === MIXPAY_BUSY_CODE || medusa.code === MIXPAY_UNAVAILABLE_CODE) {
      // The provider's MixpayCallError: its seconds survive a workflow as an own property. Without them (another
      // sender of the code), a minute for busy — the budget frees a slot within one — and the short wait for down.
      const fallback = medusa.code === MIXPAY_BUSY_CODE ? 60 : UNAVAILABLE_RETRY_AFTER_SECONDS;
      return answer(medusa.code, 503, medusa.message, {
        retryAfterSeconds: medusa.retryAfterSeconds ?? fallback,
        log: { level: "warn", detail: `MixPay: ${medusa.message}` },
      });
    }
    if (medusa.code === MIXPAY_ERROR_TYPES.tooManyStreams) {
      // lib/stream-slots.ts: this client or this process holds as many sale streams as it may.
      return answer(medusa.code, MIXPAY_ERROR_STATUS.too_many_streams, medusa.message, {
        retryAfterSeconds: medusa.retryAfterSeconds ?? 30,
      });
    }
    if (medusa.code === MIXPAY_REFUSED_CODE) {
      return answer(MIXPAY_REFUSED_CODE, 502, medusa.message, {
        log: { level: "warn", detail: `MixPay: ${medusa.message}` },
      });
    }
    if (medusa.errors) return answer(medusa.type, statusOfType(medusa.type), medusa.message, { errors: medusa.errors });
    if (medusa.type === MIXPAY_ERROR_TYPES.saleState) return answer(medusa.type, 409, medusa.message);
  }

  // Medusa's own answer for everything else (its statuses; "An unknown error occurred." for a foreign error).
  const medusaAnswer = getHttpResponseFromError(error);
  const status = medusaAnswer.statusCode;
  const type = medusaAnswer.body.type ?? MIXPAY_ERROR_TYPES.unknownError;
  const message = medusaAnswer.body.message ?? "An unknown error occurred.";
  return answer(type, status, message, status >= 500 ? { log: { level: "error", detail: describe(error) } } : {});
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === "object" && error !== null) {
    const message: unknown = Reflect.get(error, "message");
    const stack: unknown = Reflect.get(error, "stack");
    if (typeof stack === "string") return stack;
    if (typeof message === "string") return message;
  }
  return String(error);
}

/** Logs and sends the answer for `error` (nothing is sent when the route already answered). */
export function sendRouteError(
  req: MedusaRequest,
  res: MedusaResponse,
  error: unknown,
  options: RouteErrorOptions = {},
): void {
  const result = routeError(error, options);
  if (result.log) {
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER);
    const line = `${req.method} ${req.path}: ${result.log.detail}`;
    if (result.log.level === "error") logger.error(line);
    else logger.warn(line);
  }
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  res.status(result.status).json(result.body);
}

/**
 * A plugin route with the one error mapping: `export const GET = withRouteErrors(async (req, res) => { … })`.
 * Whatever the handler throws is answered by {@link routeError}.
 */
export function withRouteErrors<Req extends MedusaRequest>(
  handler: (req: Req, res: MedusaResponse) => Promise<void>,
  options: RouteErrorOptions = {},
): (req: Req, res: MedusaResponse) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      sendRouteError(req, res, error, options);
    }
  };
}
