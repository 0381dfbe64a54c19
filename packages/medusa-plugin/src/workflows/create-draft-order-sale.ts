import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk";
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";
import { draftOrderPaymentCollectionStep } from "./steps/draft-order-payment-collection";
import { type DraftOrderSaleInput, prepareDraftOrderSaleStep } from "./steps/prepare-draft-order-sale";
import { recordTerminalSaleStep } from "./steps/record-terminal-sale";

export const CREATE_DRAFT_ORDER_SALE_WORKFLOW = "mixpay-create-draft-order-sale";
export type { DraftOrderSaleInput };

/**
 * Starts a terminal sale for a draft order (a POS app's sale): the draft is checked (steps/prepare-draft-order-sale),
 * given a payment collection the way Medusa gives one to any order, and a MixPay payment session through Medusa's
 * own workflow. Once paid, the completion workflow (complete-mixpay-sale.ts) captures the payment on the draft and
 * converts it into an order with core-flows' convertDraftOrderWorkflow, exactly once.
 */
export const createDraftOrderSaleWorkflow = createWorkflow(
  CREATE_DRAFT_ORDER_SALE_WORKFLOW,
  (input: DraftOrderSaleInput) => {
    const draft = prepareDraftOrderSaleStep(input);
    const collectionId = draftOrderPaymentCollectionStep({ draft_order_id: draft.draft_order_id });
    const sessionInput = transform({ collectionId }, ({ collectionId }) => ({
      payment_collection_id: collectionId,
      provider_id: MIXPAY_PROVIDER_ID,
    }));
    const session = createPaymentSessionsWorkflow.runAsStep({ input: sessionInput });
    const sale = recordTerminalSaleStep({ draft_order_id: draft.draft_order_id, session_data: session.data });
    return new WorkflowResponse(sale);
  },
);
