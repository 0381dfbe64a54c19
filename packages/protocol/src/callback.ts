import { z } from "zod";

/**
 * The body MixPay POSTs to a payment's callbackUrl: ids only, no result, no signature.
 * It is a hint to re-query payments_result, never proof of payment. Fields may be missing or "".
 */
export const callbackBodySchema = z.looseObject({
  orderId: z.string().max(64).optional().default(""),
  traceId: z.string().max(64).optional().default(""),
  payeeId: z.string().max(64).optional().default(""),
});
export type CallbackBody = z.output<typeof callbackBodySchema>;
