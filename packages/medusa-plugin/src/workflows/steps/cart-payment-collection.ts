import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import {
  createPaymentCollectionForCartWorkflow,
  refreshPaymentCollectionForCartWorkflow,
} from "@medusajs/medusa/core-flows";

/** The cart's payment collection, created or brought up to date with the cart's total (Medusa's own workflows). */
export const cartPaymentCollectionStep = createStep(
  "mixpay-cart-payment-collection",
  async (input: { cart_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY);
    const read = async () => {
      const { data } = await query.graph({
        entity: "cart",
        fields: ["id", "payment_collection.id"],
        filters: { id: input.cart_id },
      });
      const id: string | null = data[0]?.payment_collection?.id ?? null;
      return id;
    };
    const existing = await read();
    if (existing) {
      await refreshPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: input.cart_id } });
      return new StepResponse(existing);
    }
    await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: input.cart_id } });
    const created = await read();
    if (!created) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `cart ${input.cart_id} has no payment collection`);
    }
    return new StepResponse(created);
  },
);
