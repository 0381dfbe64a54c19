import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminPaymentView } from "../../../../lib/payment-view";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../errors";
import type { GetMixpayPayments } from "../../../validators";

/**
 * MixPay payments, newest first; `?status=paid,underpaid` filters, `?attention=true` lists what needs a look,
 * `?order_id=` gives one order's payments (the order page widget), `?draft_order_id=` a draft order's sales.
 */
export const GET = withRouteErrors(
  async (req: AuthenticatedMedusaRequest<unknown, GetMixpayPayments>, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const { status, attention, order_id, cart_id, draft_order_id, limit, offset } =
      req.validatedQuery as GetMixpayPayments;
    const filters: Record<string, unknown> = {};
    if (status?.length) filters.status = status;
    if (attention === "true") filters.attention = { $ne: null };
    if (order_id) filters.order_id = order_id;
    if (cart_id) filters.cart_id = cart_id;
    if (draft_order_id) filters.draft_order_id = draft_order_id;
    const [payments, count] = await mixpay.listAndCountMixpayPayments(filters, {
      take: limit,
      skip: offset,
      order: { created_at: "DESC" },
    });
    res.json({ payments: payments.map(adminPaymentView), count, limit, offset });
  },
);
