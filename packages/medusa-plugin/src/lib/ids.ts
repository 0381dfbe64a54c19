import { normalizeUuid, UUID_PATTERN } from "@mixpay-pos/core";
import { MixpayFieldError } from "./errors";

/**
 * A MixPay traceId from a URL or a body, checked before it goes anywhere near the database: a UUID (any case),
 * returned lower-case. Anything else is a 400 naming the field.
 */
export function parseTraceId(value: unknown, field = "traceId"): string {
  if (typeof value !== "string" || !UUID_PATTERN.test(value)) {
    throw MixpayFieldError.of(field, "must be a MixPay trace id (a UUID)");
  }
  return normalizeUuid(value);
}
