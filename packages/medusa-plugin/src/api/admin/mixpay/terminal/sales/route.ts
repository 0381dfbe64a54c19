import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { createTerminalSale } from "../../../../../lib/terminal";
import { MIXPAY_BUSY_CODE, MIXPAY_UNAVAILABLE_CODE } from "../../../../../providers/mixpay/service";
import type { PostTerminalSale } from "../../../../validators";

const STATUS: Record<string, number> = {
  [MedusaError.Types.INVALID_DATA]: 400,
  [MedusaError.Types.NOT_ALLOWED]: 400,
  [MedusaError.Types.NOT_FOUND]: 404,
};

/**
 * Starts a terminal sale: `{ amount, currency_code, region_id?, title? }` (a cart with one custom item is made)
 * or `{ cart_id }` (an open cart). Answers the sale with its QR code, pay link and expiry. When MixPay cannot
 * create the payment the answer is 503 with MixPay's reason, so the cashier can try again.
 */
export async function POST(req: AuthenticatedMedusaRequest<PostTerminalSale>, res: MedusaResponse) {
  const body = req.validatedBody;
  const input = body.cart_id
    ? { cart_id: body.cart_id }
    : {
        amount: body.amount ?? "",
        currency_code: body.currency_code ?? "",
        region_id: body.region_id,
        title: body.title,
      };
  try {
    res.json({ sale: await createTerminalSale(req.scope, input) });
  } catch (error) {
    // Errors from inside a workflow arrive as plain objects marked __isMedusaError.
    if (!MedusaError.isMedusaError(error)) throw error;
    // MixPay busy or unreachable (the provider's codes) and anything unexpected: 503, try again shortly.
    const retryable = error.code === MIXPAY_BUSY_CODE || error.code === MIXPAY_UNAVAILABLE_CODE;
    const status = retryable ? 503 : (STATUS[error.type] ?? 503);
    if (status === 503) res.setHeader("Retry-After", String(retryAfterSeconds(error.message)));
    const field = /^([a-z_]+): /.exec(error.message)?.[1];
    res.status(status).json({
      type: error.type,
      message: error.message,
      ...(field ? { errors: [{ field, message: error.message.slice(field.length + 2) }] } : {}),
    });
  }
}

/** The wait a busy answer names ("try again in 12 s"), else a few seconds. */
function retryAfterSeconds(message: string): number {
  const named = /try again in (\d+) s/.exec(message)?.[1];
  return named ? Number(named) : 5;
}
