import { type CallbackBody, callbackBodySchema, ORDER_ID_PATTERN, UUID_PATTERN } from "@mixpay-pos/core";

export type CallbackRead = { ok: true; body: CallbackBody } | { ok: false; message: string };

/**
 * Reads a MixPay callback body: `{orderId, traceId, payeeId}`, each empty or in MixPay's own format (UUIDs, the
 * orderId alphabet). It only ever says which payment to look at again; anything else is refused before it
 * reaches the database.
 */
export function readCallback(raw: unknown): CallbackRead {
  const parsed = callbackBodySchema.safeParse(raw ?? {});
  if (!parsed.success)
    return { ok: false, message: "callback body must be a JSON object of orderId, traceId, payeeId" };
  const { traceId, orderId, payeeId } = parsed.data;
  const bad = [
    traceId && !UUID_PATTERN.test(traceId) ? "traceId: must be a UUID" : null,
    payeeId && !UUID_PATTERN.test(payeeId) ? "payeeId: must be a UUID" : null,
    orderId && !ORDER_ID_PATTERN.test(orderId) ? "orderId: must be 6-36 letters, digits, '-' or '_'" : null,
  ].filter((m): m is string => m !== null);
  if (bad.length > 0) return { ok: false, message: bad.join("; ") };
  return { ok: true, body: parsed.data };
}
