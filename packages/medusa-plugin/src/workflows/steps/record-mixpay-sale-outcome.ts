import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import { errorMessage } from "../../lib/errors";
import { isSaleDone, recordedOrderId, saleState } from "../../lib/sale-state";
import { MIXPAY_MODULE } from "../../modules/mixpay";
import type MixpayModuleService from "../../modules/mixpay/service";
import type { MixpaySaleReading } from "./read-mixpay-sale";

export type MixpaySaleOutcome =
  | { outcome: "completed"; orderId: string | null }
  | { outcome: "already-completed"; orderId: string | null }
  /** The draft order was converted some other way before the money arrived: the payment is captured on that order. */
  | { outcome: "converted-elsewhere"; orderId: string | null }
  /** The draft's total grew after the sale started: the payment is captured on the draft, which stays a draft. */
  | { outcome: "draft-changed"; draftOrderId: string }
  | { outcome: "orphaned"; reason: string }
  /** Medusa did not finish the sale (for example, the cart could not become an order): the job tries again. */
  | { outcome: "incomplete"; paymentId: string | null; orderId: string | null };

export interface RecordMixpaySaleOutcomeInput {
  trace_id: string;
  payment_session_id: string;
  before: MixpaySaleReading;
}

/**
 * Reads the sale again after the workflow's work and writes what happened onto the MixPay record: completed
 * (with its order and cart; a draft order converted some other way meanwhile is reported) or abandoned. Never throws, so a payment authorized earlier in the workflow is never
 * compensated (canceled): an unfinished sale, or a record that could not be written, is "incomplete", and the job
 * or the next callback finishes it.
 */
export const recordMixpaySaleOutcomeStep = createStep(
  "mixpay-record-sale-outcome",
  async (input: RecordMixpaySaleOutcomeInput, { container }) => {
    try {
      return new StepResponse(await recordOutcome(input, container));
    } catch (error) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`MixPay: the outcome of ${input.trace_id} could not be recorded yet: ${errorMessage(error)}`);
      const outcome: MixpaySaleOutcome = { outcome: "incomplete", paymentId: null, orderId: null };
      return new StepResponse(outcome);
    }
  },
);

async function recordOutcome(
  input: RecordMixpaySaleOutcomeInput,
  container: MedusaContainer,
): Promise<MixpaySaleOutcome> {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  if (input.before.plan.kind === "orphaned") {
    await mixpay.markAbandoned(input.trace_id);
    return {
      outcome: "orphaned",
      reason: "the payment session was canceled or replaced before MixPay reported the payment",
    };
  }
  const after = await saleState(container, input.payment_session_id);
  if (!isSaleDone(after)) {
    return { outcome: "incomplete", paymentId: after.paymentId, orderId: after.orderId };
  }
  const orderId = recordedOrderId(after);
  await mixpay.markCompleted(input.trace_id, { orderId, cartId: after.cartId });
  const { plan, draftOrderId } = input.before;
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  if (plan.kind === "done") return { outcome: "already-completed", orderId };
  if (draftOrderId && after.orderIsDraft) {
    logger.warn(
      `MixPay: draft order ${draftOrderId} grew after its sale ${input.trace_id} started; the payment is captured on the draft, which stays a draft until the rest is charged`,
    );
    return { outcome: "draft-changed", draftOrderId };
  }
  if (draftOrderId && plan.kind === "settle" && !plan.convertDraftOrderId) {
    logger.warn(
      `MixPay: draft order ${draftOrderId} was converted into an order before its MixPay payment ${input.trace_id} arrived; the payment is captured on that order, nothing was converted twice`,
    );
    return { outcome: "converted-elsewhere", orderId };
  }
  return { outcome: "completed", orderId };
}
