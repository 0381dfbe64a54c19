import { ERROR_CODE_INFO, ERROR_CODES } from "@mixpay-pos/protocol";
import type { Behaviour } from "./options.js";

/** `{code, success, message, data, timestampMs}`: the shape of every /v1 answer. */

export type FieldErrors = Record<string, string[]>;

export interface ApiError {
  code: number;
  /** `[]`, or `{field: [messages]}` for parameter errors (Laravel's shape). */
  data: [] | FieldErrors;
  message?: string;
}

export function apiError(code: number, data: [] | FieldErrors = [], message?: string): ApiError {
  return message === undefined ? { code, data } : { code, data, message };
}

export function parameterError(errors: FieldErrors): ApiError {
  return { code: ERROR_CODES.PARAMETER_ERROR, data: errors };
}

function json(body: unknown, status: number): Response {
  const h = new Headers();
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { status, headers: h });
}

export function okResponse(data: unknown, nowMs: number): Response {
  return json({ code: 0, success: true, message: "", data, timestampMs: nowMs }, 200);
}

/**
 * HTTP status of an error envelope when behaviour.errorHttpStatus is "mirror" (MixPay doesn't document it):
 * 404 and 10062 (no such order) → 404, 1429 → 429, -1 → 500, 10008/10009 (maintenance) → 503, every other
 * request error → 400.
 */
export function httpStatusForCode(code: number): number {
  switch (code) {
    case ERROR_CODES.NOT_FOUND:
    case ERROR_CODES.ORDER_NOT_FOUND:
      return 404;
    case ERROR_CODES.RATE_LIMITED:
      return 429;
    case ERROR_CODES.SERVER_ERROR:
      return 500;
    case ERROR_CODES.PAYMENTS_SUSPENDED:
    case ERROR_CODES.WITHDRAWALS_SUSPENDED:
      return 503;
    default:
      return 400;
  }
}

export function errorResponse(error: ApiError, behaviour: Behaviour, nowMs: number): Response {
  const message = error.message ?? ERROR_CODE_INFO[error.code]?.message ?? "Server error, please try again later.";
  const status = behaviour.errorHttpStatus === "always-200" ? 200 : httpStatusForCode(error.code);
  return json({ code: error.code, success: false, message, data: error.data, timestampMs: nowMs }, status);
}

/** Plain JSON (no envelope) for the control API. */
export function controlJson(body: unknown, status = 200): Response {
  return json(body, status);
}

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { location } });
}
