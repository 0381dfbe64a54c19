import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";

/** Where a MixPay payment stands in Medusa: its session, Medusa's payment for it, the cart and the order. */
export interface SaleState {
  sessionExists: boolean;
  paymentId: string | null;
  captured: boolean;
  cartId: string | null;
  orderId: string | null;
  /** The collection's order is still a draft order (a draft-order sale not converted yet). */
  orderIsDraft: boolean;
}

/**
 * The sale reached Medusa: its payment is captured and, when it came from a cart, the cart's order exists; when it
 * came from a draft order, the draft was converted into an order.
 */
export function isSaleDone(state: SaleState): boolean {
  return state.captured && (state.cartId === null || state.orderId !== null) && !state.orderIsDraft;
}

/**
 * Reads a sale's state from Medusa's links: session → payment, collection → cart → order (or collection → order,
 * a draft order's sale: whether that order is still a draft).
 */
export async function saleState(container: MedusaContainer, sessionId: string): Promise<SaleState> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: ["id", "payment_collection_id"],
    filters: { id: sessionId },
  });
  const session = sessions[0];
  if (!session) {
    return { sessionExists: false, paymentId: null, captured: false, cartId: null, orderId: null, orderIsDraft: false };
  }
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
  let orderIsDraft = false;
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
      fields: ["order_id", "order.status", "order.is_draft_order"],
      filters: { payment_collection_id: session.payment_collection_id },
    });
    orderId = orders[0]?.order_id ?? null;
    const order = orders[0]?.order;
    orderIsDraft = Boolean(order && (order.is_draft_order || order.status === "draft"));
  }
  const payment = payments[0];
  return {
    sessionExists: true,
    paymentId: payment?.id ?? null,
    captured: Boolean(payment?.captured_at),
    cartId,
    orderId,
    orderIsDraft,
  };
}
