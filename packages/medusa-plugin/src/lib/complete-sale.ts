import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, PaymentActions } from "@medusajs/framework/utils";
import { completeCartWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../modules/mixpay/service";
import type { CheckTrigger } from "./check-rule";

export interface SaleState {
  sessionExists: boolean;
  paymentId: string | null;
  captured: boolean;
  cartId: string | null;
  orderId: string | null;
}

export type CompletionResult =
  | { outcome: "completed"; orderId: string | null }
  | { outcome: "already-completed"; orderId: string | null }
  | { outcome: "not-paid" }
  | { outcome: "orphaned"; reason: string };

/**
 * Where a MixPay payment stands in Medusa: its session, Medusa's payment for it, the cart and the order.
 */
export async function saleState(container: MedusaContainer, sessionId: string): Promise<SaleState> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: ["id", "payment_collection_id"],
    filters: { id: sessionId },
  });
  const session = sessions[0];
  if (!session) return { sessionExists: false, paymentId: null, captured: false, cartId: null, orderId: null };
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["id", "captured_at"],
    filters: { payment_session_id: sessionId },
  });
  const { data: carts } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: session.payment_collection_id },
  });
  const cartId: string | null = carts[0]?.cart_id ?? null;
  let orderId: string | null = null;
  if (cartId) {
    const { data: orders } = await query.graph({
      entity: "order_cart",
      fields: ["order_id"],
      filters: { cart_id: cartId },
    });
    orderId = orders[0]?.order_id ?? null;
  } else {
    const { data: orders } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: session.payment_collection_id },
    });
    orderId = orders[0]?.order_id ?? null;
  }
  const payment = payments[0];
  return {
    sessionExists: true,
    paymentId: payment?.id ?? null,
    captured: Boolean(payment?.captured_at),
    cartId,
    orderId,
  };
}

function isDone(state: SaleState): boolean {
  return state.captured && (state.cartId === null || state.orderId !== null);
}

/**
 * Hands a verified-paid MixPay payment to Medusa exactly once: captures the session's payment and completes
 * its cart into an order. Callbacks, the reconciliation job, POS screens and the storefront's own "complete"
 * may all race here, on one server or several: a PostgreSQL advisory lock per sale serialises every completion
 * path of every process, Medusa's cart lock guards the storefront's own complete call, and the state is read
 * again before and after, so each path ends in the same single order.
 */
export async function completePaidSale(
  container: MedusaContainer,
  payment: MixpayPaymentDTO,
): Promise<CompletionResult> {
  if (payment.status !== "paid") return { outcome: "not-paid" };
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  return mixpay.withSaleLock(
    payment.payment_session_id,
    async (): Promise<CompletionResult> => {
      const before = await saleState(container, payment.payment_session_id);
      if (isDone(before)) {
        await mixpay.markCompleted(payment.trace_id, { orderId: before.orderId, cartId: before.cartId });
        return { outcome: "already-completed", orderId: before.orderId };
      }
      if (!before.sessionExists || payment.abandoned_at) {
        await mixpay.markAbandoned(payment.trace_id);
        return {
          outcome: "orphaned",
          reason: "the payment session was canceled or replaced before MixPay reported the payment",
        };
      }
      try {
        if (before.captured && before.cartId) {
          await completeCartWorkflow(container).run({ input: { id: before.cartId } });
        } else {
          await processPaymentWorkflow(container).run({
            input: {
              action: PaymentActions.SUCCESSFUL,
              data: { session_id: payment.payment_session_id, amount: payment.amount },
            },
          });
        }
      } catch (error) {
        // Another path (the storefront's complete) may have won the cart lock and finished the sale.
        const after = await saleState(container, payment.payment_session_id);
        if (!isDone(after)) throw error;
      }
      const after = await saleState(container, payment.payment_session_id);
      if (!isDone(after)) {
        throw new Error(
          `MixPay payment ${payment.trace_id} is paid but Medusa did not complete the sale (payment ${after.paymentId ?? "none"}, order ${after.orderId ?? "none"})`,
        );
      }
      await mixpay.markCompleted(payment.trace_id, { orderId: after.orderId, cartId: after.cartId });
      return { outcome: "completed", orderId: after.orderId };
    },
    30_000,
  );
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
      error = `the sale could not be completed yet: ${failure instanceof Error ? failure.message : String(failure)}`;
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
