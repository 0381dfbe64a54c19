import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk";
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";
import { cartPaymentCollectionStep } from "./steps/cart-payment-collection";
import { prepareTerminalCartStep, type TerminalSaleInput } from "./steps/prepare-terminal-cart";
import { recordTerminalSaleStep } from "./steps/record-terminal-sale";

export const CREATE_TERMINAL_SALE_WORKFLOW = "mixpay-create-terminal-sale";
export type { TerminalSaleInput };

/**
 * Starts a terminal sale: its cart (an open one, or one made for a typed amount), the cart's payment collection,
 * then a MixPay payment session through Medusa's own workflow, so the sale completes exactly like a storefront
 * checkout does. When MixPay refuses or cannot be reached, the compensation deletes a cart made here.
 */
export const createTerminalSaleWorkflow = createWorkflow(CREATE_TERMINAL_SALE_WORKFLOW, (input: TerminalSaleInput) => {
  const cart = prepareTerminalCartStep(input);
  const collectionId = cartPaymentCollectionStep({ cart_id: cart.cart_id });
  const sessionInput = transform({ collectionId }, ({ collectionId }) => ({
    payment_collection_id: collectionId,
    provider_id: MIXPAY_PROVIDER_ID,
  }));
  const session = createPaymentSessionsWorkflow.runAsStep({ input: sessionInput });
  const sale = recordTerminalSaleStep({ cart_id: cart.cart_id, session_data: session.data });
  return new WorkflowResponse(sale);
});
