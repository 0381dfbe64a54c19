import type { BigNumberInput, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils";

/** Where a MixPay payment stands in Medusa: its session, Medusa's payment for it, the cart and the order. */
export interface SaleState {
  sessionExists: boolean;
  paymentId: string | null;
  captured: boolean;
  cartId: string | null;
  orderId: string | null;
  /** The collection's order is still a draft order (a draft-order sale not converted yet). */
  orderIsDraft: boolean;
  /**
   * Nothing is left to pay on the draft once this sale's payment is captured (or, captured, nothing is left). False
   * when the draft's total grew after the sale started: its money is on the draft, the rest is still due.
   */
  draftCovered: boolean;
}

const NO_SESSION: SaleState = {
  sessionExists: false,
  paymentId: null,
  captured: false,
  cartId: null,
  orderId: null,
  orderIsDraft: false,
  draftCovered: false,
};

/**
 * The sale reached Medusa: its payment is captured and, when it came from a cart, the cart's order exists; when it
 * came from a draft order, the draft was converted into an order (or its total grew meanwhile: the money is on the
 * draft, and converting waits for the rest).
 */
export function isSaleDone(state: SaleState): boolean {
  return (
    state.captured && (state.cartId === null || state.orderId !== null) && !(state.orderIsDraft && state.draftCovered)
  );
}

/** The order a done sale is recorded with: none while its order is still a draft (a draft whose total grew). */
export function recordedOrderId(state: SaleState): string | null {
  return state.orderIsDraft ? null : state.orderId;
}

/**
 * Reads a sale's state from Medusa's links: session → payment, collection → cart → order (or collection → order,
 * a draft order's sale: whether that order is still a draft).
 */
export async function saleState(container: MedusaContainer, sessionId: string): Promise<SaleState> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: ["id", "payment_collection_id", "amount"],
    filters: { id: sessionId },
  });
  const session = sessions[0];
  if (!session) return NO_SESSION;
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
  const payment = payments[0];
  const captured = Boolean(payment?.captured_at);
  let orderId: string | null = null;
  let draft = { orderIsDraft: false, draftCovered: false };
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
    if (orderId) draft = await draftFacts(container, orderId, captured ? 0 : session.amount);
  }
  return { sessionExists: true, paymentId: payment?.id ?? null, captured, cartId, orderId, ...draft };
}

/** Whether the order is still a draft, and whether `toCapture` (this sale's payment, unless captured) pays it off. */
async function draftFacts(container: MedusaContainer, orderId: string, toCapture: BigNumberInput) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "status", "is_draft_order", "summary.*"],
    filters: { id: orderId },
  });
  const order = data[0];
  const orderIsDraft = Boolean(order && (order.is_draft_order || order.status === "draft"));
  const pending = order?.summary?.raw_pending_difference ?? order?.summary?.pending_difference ?? 0;
  return { orderIsDraft, draftCovered: orderIsDraft && MathBN.lte(MathBN.sub(pending, toCapture), 0) };
}
