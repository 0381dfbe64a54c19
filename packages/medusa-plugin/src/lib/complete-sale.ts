import type { MedusaContainer } from "@medusajs/framework/types";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../modules/mixpay/service";
import { completeMixpaySaleWorkflow } from "../workflows/complete-mixpay-sale";
import type { MixpaySaleOutcome } from "../workflows/steps/record-mixpay-sale-outcome";
import type { CheckTrigger } from "./check-rule";
import { errorMessage } from "./errors";
import { isSaleDone, recordedOrderId, saleState } from "./sale-state";

export type CompletionResult = Exclude<MixpaySaleOutcome, { outcome: "incomplete" }> | { outcome: "not-paid" };

/**
 * Hands a verified-paid MixPay payment to Medusa exactly once, through the completion workflow
 * (workflows/complete-mixpay-sale.ts). When the workflow fails (the storefront's own complete may have won the
 * cart and finished the sale), the sale is read again: done is done. Throws when the sale is still unfinished,
 * so callers report it and the job tries again.
 */
export async function completePaidSale(
  container: MedusaContainer,
  payment: MixpayPaymentDTO,
): Promise<CompletionResult> {
  if (payment.status !== "paid") return { outcome: "not-paid" };
  const input = { trace_id: payment.trace_id, payment_session_id: payment.payment_session_id, amount: payment.amount };
  let outcome: MixpaySaleOutcome;
  try {
    const { result } = await completeMixpaySaleWorkflow(container).run({ input });
    outcome = result;
  } catch (error) {
    const after = await saleState(container, payment.payment_session_id);
    if (!isSaleDone(after)) throw error;
    const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
    await mixpay.markCompleted(payment.trace_id, { orderId: recordedOrderId(after), cartId: after.cartId });
    return { outcome: "already-completed", orderId: recordedOrderId(after) };
  }
  if (outcome.outcome === "incomplete") {
    throw new Error(
      `MixPay payment ${payment.trace_id} is paid but Medusa did not complete the sale (payment ${outcome.paymentId ?? "none"}, order ${outcome.orderId ?? "none"})`,
    );
  }
  return outcome;
}

/**
 * Learns one payment's outcome (asking MixPay only when lib/check-rule.ts lets `trigger` ask now) and, when it is
 * verified paid, completes the sale. The one entry point for the callback route, the recheck route, the status
 * routes and the reconciliation job. Never throws for MixPay or completion trouble: `error` says what went wrong
 * (the callback route then answers FAIL so MixPay retries; screens show the last known state).
 */
export async function syncPayment(
  container: MedusaContainer,
  traceId: string,
  trigger: CheckTrigger,
): Promise<SyncedPayment | null> {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const outcome = await mixpay.checkPayment(traceId, trigger);
  if (!outcome) return null;
  let payment = outcome.payment;
  let completion: CompletionResult | null = null;
  let error = outcome.error;
  if (payment.status === "paid" && !payment.completed_at) {
    try {
      completion = await completePaidSale(container, payment);
    } catch (failure) {
      // The payment is recorded as paid; the next callback, poll or reconciliation pass completes the sale.
      error = `the sale could not be completed yet: ${errorMessage(failure)}`;
    }
    payment = (await mixpay.retrievePaymentByTrace(traceId)) ?? payment;
  }
  return {
    payment,
    completion,
    asked: outcome.asked,
    retryAtMs: outcome.retryAtMs ?? null,
    ...(error ? { error } : {}),
  };
}

export interface SyncedPayment {
  payment: MixpayPaymentDTO;
  completion: CompletionResult | null;
  /** MixPay was asked by this call (false: the record answered). */
  asked: boolean;
  /** When not asked: when this trigger may ask next (null for a final record). */
  retryAtMs: number | null;
  error?: string;
}
