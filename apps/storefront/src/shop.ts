import Medusa from "@medusajs/js-sdk";
import type { HttpTypes } from "@medusajs/types";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/storefront-react";

/**
 * Everything the example storefront asks Medusa, through Medusa's JS SDK and only the store API with the
 * publishable key, as any storefront would. The cart's id is kept in localStorage so a reload (or a customer who
 * comes back from their wallet app) finds the order and its payment again.
 */

export interface ShopConfig {
  medusaUrl: string;
  publishableKey: string;
}

export type Cart = HttpTypes.StoreCart;
export type Product = HttpTypes.StoreProduct;
export type Order = HttpTypes.StoreOrder;
export type Region = HttpTypes.StoreRegion;

const CART_KEY = "mixpay-storefront-cart";
const CART_FIELDS = "*items,*payment_collection,*payment_collection.payment_sessions,+total,+currency_code,+email";

/** Store API errors carry Medusa's message ("MixPay is busy right now. Nothing was charged; try again in 12 s."). */
export function errorText(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "Something went wrong. Try again.";
}

export function createShop(config: ShopConfig) {
  const sdk = new Medusa({ baseUrl: config.medusaUrl, publishableKey: config.publishableKey });

  async function region(): Promise<HttpTypes.StoreRegion> {
    const { regions } = await sdk.store.region.list({ fields: "id,name,currency_code,*countries" });
    const wanted = new URLSearchParams(window.location.search).get("currency") ?? "usd";
    const found = regions.find((r) => r.currency_code === wanted) ?? regions[0];
    if (!found) throw new Error("This shop has no region yet.");
    return found;
  }

  async function retrieveCart(id: string): Promise<Cart> {
    const { cart } = await sdk.store.cart.retrieve(id, { fields: CART_FIELDS });
    return cart;
  }

  return {
    sdk,
    region,
    async products(regionId: string): Promise<Product[]> {
      const { products } = await sdk.store.product.list({
        region_id: regionId,
        fields: "id,title,handle,*variants,*variants.calculated_price",
        order: "title",
      });
      return products;
    },
    /**
     * The cart kept from an earlier visit (null when there is none or it is gone). A cart completed meanwhile (the
     * customer paid from their wallet with this page closed, and the plugin made the order) comes back as
     * `completed`: placing its order again returns that order.
     */
    async savedCart(): Promise<{ cart: Cart; completed: boolean } | null> {
      const id = localStorage.getItem(CART_KEY);
      if (!id) return null;
      try {
        const cart = await retrieveCart(id);
        return { cart, completed: Boolean(cart.completed_at) };
      } catch {
        localStorage.removeItem(CART_KEY);
        return null;
      }
    },
    async addItem(cart: Cart | null, regionId: string, variantId: string): Promise<Cart> {
      if (!cart) {
        const { cart: created } = await sdk.store.cart.create(
          { region_id: regionId, items: [{ variant_id: variantId, quantity: 1 }] },
          { fields: CART_FIELDS },
        );
        localStorage.setItem(CART_KEY, created.id);
        return created;
      }
      const { cart: updated } = await sdk.store.cart.createLineItem(
        cart.id,
        { variant_id: variantId, quantity: 1 },
        { fields: CART_FIELDS },
      );
      return updated;
    },
    /** The customer's email and name; the billing country is the shop region's (loaded once, by the page). */
    async setCustomer(
      cart: Cart,
      details: { email: string; firstName: string; lastName: string },
      region: HttpTypes.StoreRegion,
    ): Promise<Cart> {
      const countryCode = region.countries?.[0]?.iso_2 ?? undefined;
      const { cart: updated } = await sdk.store.cart.update(
        cart.id,
        {
          email: details.email,
          billing_address: { first_name: details.firstName, last_name: details.lastName, country_code: countryCode },
        },
        { fields: CART_FIELDS },
      );
      return updated;
    },
    /** The cart's MixPay payment (Medusa's payment session, which creates the payment at MixPay). */
    async payWithMixpay(cart: Cart): Promise<Cart> {
      await sdk.store.payment.initiatePaymentSession(cart, { provider_id: MIXPAY_PROVIDER_ID });
      return retrieveCart(cart.id);
    },
    /** Place-order: Medusa's cart completion (it returns the order the plugin already made from a paid sale). */
    async placeOrder(cartId: string): Promise<Order> {
      const result = await sdk.store.cart.complete(cartId);
      if (result.type !== "order") throw new Error(result.error?.message ?? "The order could not be placed yet.");
      localStorage.removeItem(CART_KEY);
      return result.order;
    },
  };
}

export type Shop = ReturnType<typeof createShop>;
