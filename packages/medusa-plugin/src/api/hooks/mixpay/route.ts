import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { readCallback } from "../../../lib/callback";
import { syncPayment } from "../../../lib/complete-sale";
import { deferCallbackCheck } from "../../../lib/deferred-check";
import { errorMessage } from "../../../lib/errors";
import { MIXPAY_MODULE } from "../../../modules/mixpay";
import type MixpayModuleService from "../../../modules/mixpay/service";

/**
 * MixPay's callback (`callbackUrl` = <public base URL>/hooks/mixpay). The body only names ids and is not
 * signed, so it is a hint: MixPay is asked again and only the verified result counts — when the one check rule
 * (lib/check-rule.ts) allows: never for an unknown trace or a final payment, at once for the first callback since
 * the payment last changed, else once the trace's window opens (a deferred check, lib/deferred-check.ts). With the
 * `callbackSourceIps` option, callbacks from other addresses are refused before this (api/callback-source-guard.ts).
 * Answers
 * `{"code":"SUCCESS"}` once handled — also for ids that are not this shop's, which change nothing — and
 * `{"code":"FAIL"}` with HTTP 500 when MixPay could not be asked or Medusa failed, so MixPay retries.
 *
 * MixPay gives up on a reply after 20 s. When the check and the sale's completion take longer than
 * `callbackReplyMs` (waiting for MixPay's budget, a slow database), the callback is acknowledged and the work
 * goes on: if it fails or the process dies, the record is still open or paid-but-not-completed, and the next
 * callback or the reconciliation job finishes the sale.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER);
  const callback = readCallback(req.body);
  if (!callback.ok) {
    res.status(400).json({ code: "FAIL", message: callback.message });
    return;
  }
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const payment = await mixpay.findByCallback(callback.body);
  if (!payment) {
    // Strangers can send these by the thousand: a debug line, and ids only (readCallback bounds them).
    logger.debug(`MixPay callback for an unknown payment ignored: ${JSON.stringify(callback.body)}`);
    res.json({ code: "SUCCESS" });
    return;
  }
  const traceId = payment.trace_id;
  const work = syncPayment(req.scope, traceId, "callback").then(
    (synced) => {
      // Checked moments ago (maybe by a forged callback): this one's check is put off until the trace's window opens.
      if (synced && !synced.asked && synced.retryAtMs !== null) {
        deferCallbackCheck(req.scope, traceId, synced.retryAtMs);
      }
      return { kind: "done" as const, error: synced?.error };
    },
    (error: unknown) => ({ kind: "done" as const, error: errorMessage(error) }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ kind: "late" }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "late" }), mixpay.callbackReplyMs);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first.kind === "late") {
    logger.warn(
      `MixPay callback for ${traceId}: still working after ${mixpay.callbackReplyMs} ms; acknowledged, the check goes on (the job finishes it if it cannot)`,
    );
    void work.then((done) => {
      if (done.error) logger.warn(`MixPay callback for ${traceId}, after acknowledging: ${done.error}`);
    });
    res.json({ code: "SUCCESS" });
    return;
  }
  if (first.error) {
    logger.warn(`MixPay callback for ${traceId} not processed yet: ${first.error}`);
    res.status(500).json({ code: "FAIL", message: "the payment could not be processed yet; MixPay will retry" });
    return;
  }
  res.json({ code: "SUCCESS" });
}
