import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminPaymentView } from "../../../../lib/payment-view";
import { MIXPAY_MODULE } from "../../../../modules/mixpay";
import type MixpayModuleService from "../../../../modules/mixpay/service";
import type { GetMixpayPayments } from "../../../validators";

/** MixPay payments, newest first; `?status=paid,underpaid` filters, `?attention=true` lists what needs a look. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, GetMixpayPayments>, res: MedusaResponse) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const { status, attention, limit, offset } = req.validatedQuery as GetMixpayPayments;
  const filters: Record<string, unknown> = {};
  if (status?.length) filters.status = status;
  if (attention === "true") filters.attention = { $ne: null };
  const [payments, count] = await mixpay.listAndCountMixpayPayments(filters, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  });
  res.json({ payments: payments.map(adminPaymentView), count, limit, offset });
}
