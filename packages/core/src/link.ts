import {
  MIXPAY_CHECKOUT_BASE,
  type OneTimePaymentRequestInput,
  type PayLinkParams,
  type PayLinkParamsInput,
  payLinkParamsSchema,
} from "@mixpay-pos/protocol";
import { v4 as uuidv4, v5 as uuidv5 } from "uuid";
import { MixPayValidationError, parseInput } from "./errors.js";

/**
 * MixPay's two ways to send a payer to checkout (PoS guide step 1):
 *  - the universal pay link `https://mixpay.me/pay?payeeId=…` (parameters in the URL: fine for a till the
 *    merchant controls, but a payer can edit it, so results are always verified against what was asked);
 *  - the one-time payment `POST /one_time_payment` → `https://mixpay.me/code/{code}` (recommended by MixPay).
 */

export interface PayLink {
  /** The full checkout URL. */
  url: string;
  /** The payment's trace id (generated when not given): query payments_result with it. */
  traceId: string;
  /** The validated, normalised parameters the URL was built from. */
  params: PayLinkParams & { traceId: string };
}

/** The order of parameters in MixPay's PoS guide; any others follow in this order. */
const PARAM_ORDER: readonly (keyof PayLinkParams)[] = [
  "payeeId",
  "settlementAssetId",
  "quoteAssetId",
  "quoteAmount",
  "traceId",
  "orderId",
  "remark",
  "strictMode",
  "settlementMemo",
  "paymentAssetId",
  "amount",
  "expiredTimestamp",
  "returnTo",
  "failedReturnTo",
  "callbackUrl",
];

function encodeValue(key: keyof PayLinkParams, value: unknown): string {
  if (key === "strictMode") return value ? "1" : "0"; // the pay link takes strictMode as 0/1
  return String(value);
}

/**
 * Builds the universal pay link, e.g.
 * `https://mixpay.me/pay?payeeId=…&settlementAssetId=…&quoteAssetId=usd&quoteAmount=10&traceId=…&remark=…`.
 * Validates every parameter first (bad UUIDs, a negative or non-numeric amount, a remark over 50 characters
 * → MixPayValidationError naming the field). `checkoutBaseUrl` points it at the simulator.
 */
export function buildPayLink(input: PayLinkParamsInput, options: { checkoutBaseUrl?: string } = {}): PayLink {
  const parsed = parseInput(payLinkParamsSchema, input, "pay link parameters");
  const params = { ...parsed, traceId: parsed.traceId ?? uuidv4() };
  const query = PARAM_ORDER.filter((key) => params[key] !== undefined)
    .map((key) => `${key}=${encodeURIComponent(encodeValue(key, params[key]))}`)
    .join("&");
  const base = (options.checkoutBaseUrl ?? MIXPAY_CHECKOUT_BASE).replace(/\/+$/, "");
  return { url: `${base}/pay?${query}`, traceId: params.traceId, params };
}

/** `https://mixpay.me/code/{code}`: the checkout page of a one-time payment. */
export function buildCodeLink(code: string, options: { checkoutBaseUrl?: string } = {}): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(code)) {
    throw new MixPayValidationError("one-time payment code", [
      { field: "code", message: "must be the code MixPay returned (letters, digits, '-' or '_')" },
    ]);
  }
  const base = (options.checkoutBaseUrl ?? MIXPAY_CHECKOUT_BASE).replace(/\/+$/, "");
  return `${base}/code/${code}`;
}

/** Namespace of {@link traceIdFor} (a fixed, random v4 uuid; changing it would change every derived traceId). */
export const TRACE_ID_NAMESPACE = "0f5f8c43-6f0e-4b8e-9d54-3c8f3b1e7a21";

/**
 * A traceId derived from an idempotency key (a uuid v5): the same key always gives the same traceId, so a
 * retried "create payment" for one sale asks MixPay for the same payment instead of a second one.
 */
export function traceIdFor(idempotencyKey: string): string {
  if (idempotencyKey.length === 0) throw new TypeError("traceIdFor needs a non-empty idempotency key");
  return uuidv5(idempotencyKey, TRACE_ID_NAMESPACE);
}

/** The part of the client the one-time-payment flow needs. */
export interface OneTimePaymentCreator {
  payments: {
    create(
      req: OneTimePaymentRequestInput,
      options?: { signal?: AbortSignal },
    ): Promise<{ code: string; traceId: string }>;
  };
}

export interface OneTimePaymentLink {
  url: string;
  code: string;
  traceId: string;
}

/**
 * Creates a one-time payment (traceId generated when not given, so a retry of the same call can reuse it)
 * and returns its `/code/{code}` checkout link.
 */
export async function createOneTimePaymentLink(
  client: OneTimePaymentCreator,
  request: Omit<OneTimePaymentRequestInput, "traceId"> & { traceId?: string },
  options: { checkoutBaseUrl?: string; signal?: AbortSignal } = {},
): Promise<OneTimePaymentLink> {
  const traceId = request.traceId ?? uuidv4();
  const created = await client.payments.create({ ...request, traceId }, { signal: options.signal });
  return { url: buildCodeLink(created.code, options), code: created.code, traceId: created.traceId };
}
