import { MedusaError } from "@medusajs/framework/utils";
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import { createOrUpdateOrderPaymentCollectionWorkflow } from "@medusajs/medusa/core-flows";

/**
 * The draft order's payment collection, as Medusa keeps one for any order (linked through
 * order_payment_collection): created for what is still to pay, or an unpaid one brought up to that amount, by
 * Medusa's own workflow (the one the admin's "mark as paid" and order edits use).
 */
export const draftOrderPaymentCollectionStep = createStep(
  "mixpay-draft-order-payment-collection",
  async (input: { draft_order_id: string }, { container }) => {
    const { result } = await createOrUpdateOrderPaymentCollectionWorkflow(container).run({
      input: { order_id: input.draft_order_id },
    });
    const collections: { id: string }[] = Array.isArray(result) ? result : result ? [result] : [];
    const id = collections[0]?.id;
    if (!id) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `draft order ${input.draft_order_id} has no payment collection`,
      );
    }
    return new StepResponse(id);
  },
);
