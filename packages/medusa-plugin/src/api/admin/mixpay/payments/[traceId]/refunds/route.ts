import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { MixpayFieldError } from "../../../../../../lib/errors";
import { parseTraceId } from "../../../../../../lib/ids";
import { MIXPAY_MODULE } from "../../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../../modules/mixpay/service";
import { manualRefundsOf } from "../../../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../../../errors";
import type { PostMixpayRefund } from "../../../../../validators";

/**
 * Records the proof of a refund made by hand (MixPay has no refund API): the transaction hash for a refund
 * Medusa recorded (`refund_id`), or a new manual refund (`amount`). No money moves here.
 */
export const POST = withRouteErrors(async (req: AuthenticatedMedusaRequest<PostMixpayRefund>, res: MedusaResponse) => {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const traceId = parseTraceId(req.params.traceId);
  const body = req.validatedBody;
  const payment = await mixpay.retrievePaymentByTrace(traceId);
  if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
  const known = manualRefundsOf(payment).find((r) => body.refund_id && r.refund_id === body.refund_id);
  if (!known && !body.amount) {
    throw body.refund_id
      ? MixpayFieldError.of(
          "refund_id",
          `no manual refund ${body.refund_id} on this payment; give amount to record a new one`,
        )
      : MixpayFieldError.of("amount", "required when no refund_id names an existing manual refund");
  }
  const refunds = await mixpay.recordManualRefund(traceId, {
    amount: known?.amount ?? (body.amount as string),
    reference: body.reference,
    note: body.note ?? null,
    refund_id: body.refund_id ?? null,
  });
  res.json({ manual_refunds: refunds });
});
