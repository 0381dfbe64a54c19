import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils";
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import { createCartWorkflow } from "@medusajs/medusa/core-flows";
import { MixpayFieldError } from "../../lib/errors";
import { mixpayRegions, TERMINAL_CART_MARK, type TerminalRegion } from "../../lib/regions";

export type TerminalSaleInput =
  | { cart_id: string }
  | { amount: string; currency_code: string; region_id?: string | undefined; title?: string | undefined };

export interface TerminalCart {
  cart_id: string;
  /** This sale made the cart (from a typed amount), so undoing the sale deletes it. */
  made_here: boolean;
}

/**
 * The sale's cart: an open cart checked for the terminal, or, for a typed amount, a new cart in a MixPay region
 * with one tax-inclusive custom item (so the customer is asked exactly the typed amount). Compensation deletes a
 * cart made here, so a sale MixPay refused leaves nothing half-made behind.
 */
export const prepareTerminalCartStep = createStep(
  "mixpay-prepare-terminal-cart",
  async (input: TerminalSaleInput, { container }) => {
    if ("cart_id" in input) {
      const cart: TerminalCart = { cart_id: await checkOpenCart(container, input.cart_id), made_here: false };
      return new StepResponse(cart, cart);
    }
    const region = await pickRegion(container, input.currency_code, input.region_id);
    const { result } = await createCartWorkflow(container).run({
      input: {
        region_id: region.id,
        currency_code: input.currency_code,
        metadata: { [TERMINAL_CART_MARK]: true },
        items: [
          {
            title: input.title || "Sale",
            quantity: 1,
            unit_price: input.amount,
            is_tax_inclusive: true,
            requires_shipping: false,
            metadata: { [TERMINAL_CART_MARK]: true },
          },
        ],
      },
    });
    const cart: TerminalCart = { cart_id: result.id, made_here: true };
    return new StepResponse(cart, cart);
  },
  async (cart, { container }) => {
    if (!cart?.made_here) return;
    await container.resolve(Modules.CART).softDeleteCarts([cart.cart_id]);
  },
);

async function pickRegion(
  container: MedusaContainer,
  currencyCode: string,
  regionId: string | undefined,
): Promise<TerminalRegion> {
  const regions = await mixpayRegions(container);
  if (regionId) {
    const region = regions.find((r) => r.id === regionId);
    if (!region) {
      throw MixpayFieldError.of("region_id", `region ${regionId} does not offer MixPay`);
    }
    if (region.currency_code !== currencyCode) {
      throw MixpayFieldError.of(
        "currency_code",
        `region ${region.name} sells in ${region.currency_code.toUpperCase()}, not ${currencyCode.toUpperCase()}`,
      );
    }
    return region;
  }
  const region = regions.find((r) => r.currency_code === currencyCode);
  if (!region) {
    throw MixpayFieldError.of("currency_code", `no region that offers MixPay sells in ${currencyCode.toUpperCase()}`);
  }
  return region;
}

/** An open cart (not completed, with items, in a MixPay region) or a 400/404 saying why not. */
async function checkOpenCart(container: MedusaContainer, cartId: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "completed_at", "region_id", "items.id"],
    filters: { id: cartId },
  });
  const cart = data[0];
  if (!cart) throw MixpayFieldError.of("cart_id", `no cart ${cartId}`, MedusaError.Types.NOT_FOUND);
  if (cart.completed_at)
    throw MixpayFieldError.of("cart_id", `cart ${cartId} is completed`, MedusaError.Types.NOT_ALLOWED);
  if ((cart.items ?? []).length === 0) {
    throw MixpayFieldError.of("cart_id", `cart ${cartId} has no items`, MedusaError.Types.NOT_ALLOWED);
  }
  const regions = await mixpayRegions(container);
  if (!regions.some((r) => r.id === cart.region_id)) {
    throw MixpayFieldError.of("cart_id", `cart ${cartId} is in a region without MixPay`, MedusaError.Types.NOT_ALLOWED);
  }
  return cart.id;
}
