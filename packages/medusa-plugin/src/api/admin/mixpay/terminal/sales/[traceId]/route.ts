import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { syncPayment } from "../../../../../../lib/complete-sale";
import { parseTraceId } from "../../../../../../lib/ids";
import { terminalSaleBody } from "../../../../../../lib/terminal";
import { MIXPAY_MODULE } from "../../../../../../modules/mixpay";
import type MixpayModuleService from "../../../../../../modules/mixpay/service";
import { withRouteErrors } from "../../../../../errors";

/**
 * A terminal sale's live status: the same check as the store status route (MixPay is asked at most once per
 * trace per window across every caller and server process, lib/check-rule.ts; a verified payment completes the sale),
 * behind admin auth so the terminal needs no publishable key. `?qr=true` adds the QR code (for a sale resumed
 * after a reload).
 */
export const GET = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const traceId = parseTraceId(req.params.traceId);
  const synced = await syncPayment(req.scope, traceId, "screen");
  if (!synced) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
  const qr = req.query.qr === "true" ? (await mixpay.qrFor(synced.payment.pay_url)).svg : null;
  res.json(await terminalSaleBody(req.scope, synced.payment, synced.error, qr));
});
