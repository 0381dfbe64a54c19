import { randomUUID } from "node:crypto";
import type { BigNumberInput } from "@medusajs/framework/types";
import { createWorkflow, transform, WorkflowResponse, when } from "@medusajs/framework/workflows-sdk";
import {
  acquireLockStep,
  authorizePaymentSessionStep,
  capturePaymentWorkflow,
  completeCartWorkflow,
  convertDraftOrderWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows";
import { readMixpaySaleStep } from "./steps/read-mixpay-sale";
import { recordMixpaySaleOutcomeStep } from "./steps/record-mixpay-sale-outcome";

export const COMPLETE_MIXPAY_SALE_WORKFLOW = "mixpay-complete-sale";

export interface CompleteMixpaySaleInput {
  trace_id: string;
  payment_session_id: string;
  /** What MixPay verified as paid, in the sale's currency (Medusa's capture amount). */
  amount: BigNumberInput;
}

/** The Locking module key that serialises every completion of one sale, in every process. */
export function saleLockKey(paymentSessionId: string): string {
  return `mixpay-sale:${paymentSessionId}`;
}

// Seconds. A waiter gives up after LOCK_WAIT_S (the caller reports it, and the job retries); a lock whose
// holder died expires after LOCK_TTL_S. Medusa's own cart workflows use the same pair.
const LOCK_WAIT_S = 30;
const LOCK_TTL_S = 120;

/**
 * Hands a verified-paid MixPay payment to Medusa exactly once. Callbacks, the reconciliation job, POS screens and
 * the storefront's own complete may all race here, on one server or several, so:
 * - the sale's lock (the Locking module: PostgreSQL or Redis when the host configures it) admits one run at a time;
 * - the sale is read inside it, and what is already done is skipped (./steps/plan-sale.ts);
 * - the cart's lock (the key Medusa's own complete-cart takes) keeps the storefront's complete out while the
 *   session is authorized, its payment captured and the cart turned into an order, the way Medusa's
 *   processPaymentWorkflow does it;
 * - for a draft order's sale, the draft's lock (the key Medusa's convertDraftOrderWorkflow takes, so the admin's
 *   "Convert to order" waits) is held instead while the payment is authorized and captured on the draft's
 *   collection and the draft is converted into an order (convertDraftOrderWorkflow, run as a step: its own lock
 *   step stands aside inside a parent workflow);
 * - the outcome is read again and recorded on the MixPay record.
 * A failure up to the authorization compensates (the keys are released). Nothing after a successful authorization
 * may undo it (its compensation would cancel a paid payment): capturing, completing the cart, releasing the keys
 * and recording go on past a failure, the outcome says "incomplete", and the job or the next callback finishes.
 */
export const completeMixpaySaleWorkflow = createWorkflow(
  COMPLETE_MIXPAY_SALE_WORKFLOW,
  (input: CompleteMixpaySaleInput) => {
    const saleKey = transform({ input }, ({ input }) => saleLockKey(input.payment_session_id));
    // Every run holds its keys under an owner of its own. Without one, Medusa's PostgreSQL locking provider lets
    // two runs that insert the same key at the same instant both believe they hold it (both owners are null).
    const owner = transform({ input }, () => randomUUID());
    acquireLockStep({ key: saleKey, ownerId: owner, timeout: LOCK_WAIT_S, ttl: LOCK_TTL_S }).config({
      name: "mixpay-lock-sale",
    });

    const before = readMixpaySaleStep({ trace_id: input.trace_id, payment_session_id: input.payment_session_id });
    const settle = transform({ before }, ({ before }) => (before.plan.kind === "settle" ? before.plan : null));
    // The cart's key, or the draft order's: the keys Medusa's own complete-cart and convert-draft-order take.
    const cartKey = transform({ before }, ({ before }) =>
      before.plan.kind === "settle" ? (before.state.cartId ?? before.plan.convertDraftOrderId ?? undefined) : undefined,
    );
    acquireLockStep({ key: cartKey, ownerId: owner, timeout: LOCK_WAIT_S, ttl: LOCK_TTL_S }).config({
      name: "mixpay-lock-cart",
    });

    const authorized = when("mixpay-authorize-session", { settle }, ({ settle }) => Boolean(settle?.authorize)).then(
      () => authorizePaymentSessionStep({ id: input.payment_session_id, context: {} }),
    );
    const capture = transform({ input, before, authorized }, ({ input, before, authorized }) => ({
      payment_id: authorized?.id ?? before.state.paymentId ?? "",
      amount: input.amount,
    }));
    when("mixpay-capture-payment", { settle, capture }, ({ settle, capture }) =>
      Boolean(settle?.capture && capture.payment_id),
    ).then(() => {
      capturePaymentWorkflow
        .runAsStep({ input: capture })
        .config({ name: "mixpay-capture", continueOnPermanentFailure: true });
    });
    when("mixpay-complete-cart", { settle }, ({ settle }) => Boolean(settle?.completeCartId)).then(() => {
      const cart = transform({ settle }, ({ settle }) => ({ id: settle?.completeCartId ?? "" }));
      completeCartWorkflow
        .runAsStep({ input: cart })
        .config({ name: "mixpay-complete-cart", continueOnPermanentFailure: true });
    });
    when("mixpay-convert-draft-order", { settle }, ({ settle }) => Boolean(settle?.convertDraftOrderId)).then(() => {
      const draft = transform({ settle }, ({ settle }) => ({ id: settle?.convertDraftOrderId ?? "" }));
      convertDraftOrderWorkflow
        .runAsStep({ input: draft })
        .config({ name: "mixpay-convert-draft-order", continueOnPermanentFailure: true });
    });
    // A key that cannot be released expires after LOCK_TTL_S.
    releaseLockStep({ key: cartKey, ownerId: owner }).config({
      name: "mixpay-unlock-cart",
      continueOnPermanentFailure: true,
    });

    const outcome = recordMixpaySaleOutcomeStep({
      trace_id: input.trace_id,
      payment_session_id: input.payment_session_id,
      before,
    });
    releaseLockStep({ key: saleKey, ownerId: owner }).config({
      name: "mixpay-unlock-sale",
      continueOnPermanentFailure: true,
    });
    return new WorkflowResponse(outcome);
  },
);
