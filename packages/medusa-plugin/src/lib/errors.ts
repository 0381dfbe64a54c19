import { MedusaError } from "@medusajs/framework/utils";
import { type HttpFieldError, MIXPAY_ERROR_TYPES, summariseFieldErrors } from "@mixpay-pos/core";

/**
 * The plugin's typed errors. Both are MedusaErrors (so Medusa's own routes still answer them as 400s) with their
 * details in own properties, which is what survives a workflow: Medusa's orchestrator hands the route a plain
 * copy of the error's own properties (`serializeError`), not the instance. api/errors.ts reads them from either.
 */

/**
 * Input refused: every field and why. `type` is Medusa's (INVALID_DATA: 400; NOT_FOUND: 404; NOT_ALLOWED: 400);
 * `message` repeats the fields for people and logs; clients read `errors`.
 */
export class MixpayFieldError extends MedusaError {
  readonly errors: HttpFieldError[];

  constructor(errors: HttpFieldError | HttpFieldError[], type: string = MedusaError.Types.INVALID_DATA) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(type, summariseFieldErrors(list));
    this.errors = list;
  }

  /** One field and why: `MixpayFieldError.of("payee_id", "MixPay does not know the payee …")`. */
  static of(field: string, message: string, type: string = MedusaError.Types.INVALID_DATA): MixpayFieldError {
    return new MixpayFieldError({ field, message }, type);
  }
}

/**
 * The sale is not in a state that allows this (cancelling a paid sale…): 409 in our own words. (Medusa answers its
 * own CONFLICT type with a fixed sentence about idempotency keys, so this carries its own type.)
 */
export class SaleStateError extends MedusaError {
  constructor(message: string) {
    super(MIXPAY_ERROR_TYPES.saleState, message);
  }
}

/** The provider's codes for MixPay not taking a payment (the error types of the same names, api/errors.ts). */
export const MIXPAY_BUSY_CODE = MIXPAY_ERROR_TYPES.mixpayBusy;
export const MIXPAY_UNAVAILABLE_CODE = MIXPAY_ERROR_TYPES.mixpayUnavailable;
export const MIXPAY_REFUSED_CODE = MIXPAY_ERROR_TYPES.mixpayRefused;
export type MixpayCallCode = typeof MIXPAY_BUSY_CODE | typeof MIXPAY_UNAVAILABLE_CODE | typeof MIXPAY_REFUSED_CODE;

/** How long to wait after MixPay could not be reached: nothing says when it is back, so a short, fixed wait. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * MixPay did not take the request: busy (our budget or its 1429), unavailable (down, slow, not MixPay's API) or
 * refused. NOT_ALLOWED, so Medusa's store routes answer it as a 400 with the code; the plugin's routes answer busy
 * and unavailable with 503 and `Retry-After: retryAfterSeconds`, refused with 502.
 */
export class MixpayCallError extends MedusaError {
  /** Whole seconds until trying again makes sense; null for a refusal (trying again gives the same answer). */
  readonly retryAfterSeconds: number | null;

  constructor(code: MixpayCallCode, message: string, retryAfterSeconds: number | null) {
    super(MedusaError.Types.NOT_ALLOWED, message, code);
    this.retryAfterSeconds = retryAfterSeconds === null ? null : Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/**
 * A thrown value's message, for logs and error fields. Medusa's workflows rethrow a step's failure as a plain
 * object `{ message, … }`, not an Error, so `String(error)` would say "[object Object]".
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  return String(error);
}
