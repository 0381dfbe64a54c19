import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { createTerminalSale } from "../../../../../lib/terminal";
import { withRouteErrors } from "../../../../errors";
import type { PostTerminalSale } from "../../../../validators";

/**
 * Starts a terminal sale: `{ amount, currency_code, region_id?, title? }` (a cart with one custom item is made),
 * `{ cart_id }` (an open cart) or `{ draft_order_id, amount? }` (a draft order, converted into an order once paid).
 * Answers the sale with its QR code, pay link and expiry. When MixPay is busy or
 * cannot be reached the answer is 503 with Retry-After and a plain sentence, so the cashier can try again; the
 * provider's error carries its seconds through Medusa's workflow (lib/errors.ts, api/errors.ts).
 */
export const POST = withRouteErrors(async (req: AuthenticatedMedusaRequest<PostTerminalSale>, res: MedusaResponse) => {
  const body = req.validatedBody;
  const input = body.draft_order_id
    ? { draft_order_id: body.draft_order_id, amount: body.amount }
    : body.cart_id
      ? { cart_id: body.cart_id }
      : {
          amount: body.amount ?? "",
          currency_code: body.currency_code ?? "",
          region_id: body.region_id,
          title: body.title,
        };
  res.json({ sale: await createTerminalSale(req.scope, input) });
});
