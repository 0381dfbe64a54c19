import {
  CALLBACK_RETRY_DELAYS_S,
  ERROR_CODES,
  FAILURE_REASONS,
  LEGACY_CALLBACK_RETRY_DELAYS_S,
} from "@mixpay-pos/protocol";
import type { Lifecycle } from "./options.js";

/** What differs between MixPay's two lifecycles apart from the state machine itself (state.ts). */

/** Delays (s) before each callback attempt: 9 attempts now, 10 before MixPay's 2026-08-13 release. */
export function callbackDelaysOf(lifecycle: Lifecycle): readonly number[] {
  return lifecycle === "legacy" ? LEGACY_CALLBACK_RETRY_DELAYS_S : CALLBACK_RETRY_DELAYS_S;
}

export const MAX_CALLBACK_ATTEMPTS = CALLBACK_RETRY_DELAYS_S.length;
export const LEGACY_MAX_CALLBACK_ATTEMPTS = LEGACY_CALLBACK_RETRY_DELAYS_S.length;

/**
 * The failureReason texts of payments created before the release (protocol keeps only the new texts). Codes that
 * did not exist then fall back to the current text.
 */
export const LEGACY_FAILURE_REASONS: Readonly<Record<string, string>> = {
  "40000": "Payment overtime",
  "40020": "Wrong asset paid",
  "40021": "Double payment",
  "40022": "TraceID does not exist",
  "40024": "Wrong Amount paid",
  "40025": "Too much market volatility.",
  "40027": "Your payment fails due to transaction restrictions on settlement assets.",
};

export function failureReasonOf(code: string, lifecycle: Lifecycle): string {
  if (lifecycle === "legacy") return LEGACY_FAILURE_REASONS[code] ?? FAILURE_REASONS[code] ?? "";
  return FAILURE_REASONS[code] ?? "";
}

/** The envelope code for a traceId/orderId that was never created: 10062 now, 404 before. */
export function orderNotFoundCode(lifecycle: Lifecycle): number {
  return lifecycle === "legacy" ? ERROR_CODES.NOT_FOUND : ERROR_CODES.ORDER_NOT_FOUND;
}
