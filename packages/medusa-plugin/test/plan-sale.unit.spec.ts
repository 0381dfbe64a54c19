import type { SaleState } from "../src/lib/sale-state";
import { planSale } from "../src/workflows/steps/plan-sale";

const fresh: SaleState = { sessionExists: true, paymentId: null, captured: false, cartId: "cart_1", orderId: null };

describe("planSale: what completing a verified-paid sale still has to do", () => {
  it("a cart sale nobody touched yet: authorize, capture and turn the cart into an order", () => {
    expect(planSale(fresh, false)).toEqual({
      kind: "settle",
      authorize: true,
      capture: true,
      completeCartId: "cart_1",
    });
  });

  it("captured but no order yet (a crash between the two): only the cart is completed", () => {
    expect(planSale({ ...fresh, paymentId: "pay_1", captured: true }, false)).toEqual({
      kind: "settle",
      authorize: false,
      capture: false,
      completeCartId: "cart_1",
    });
  });

  it("authorized, not captured: capture the payment Medusa already has, never authorize again", () => {
    expect(planSale({ ...fresh, paymentId: "pay_1", orderId: "order_1" }, false)).toEqual({
      kind: "settle",
      authorize: false,
      capture: true,
      completeCartId: null,
    });
  });

  it("a sale without a cart (its collection belongs to an order) is done once captured", () => {
    const orderSale = { ...fresh, cartId: null, orderId: "order_1" };
    expect(planSale(orderSale, false)).toMatchObject({ kind: "settle", completeCartId: null });
    expect(planSale({ ...orderSale, paymentId: "pay_1", captured: true }, false)).toEqual({ kind: "done" });
  });

  it("done is done, even when the session was replaced afterwards", () => {
    const done = { ...fresh, paymentId: "pay_1", captured: true, orderId: "order_1" };
    expect(planSale(done, false)).toEqual({ kind: "done" });
    expect(planSale(done, true)).toEqual({ kind: "done" });
  });

  it("a session canceled or replaced before the money arrived makes no order", () => {
    expect(planSale(fresh, true)).toEqual({ kind: "orphaned" });
    expect(planSale({ ...fresh, sessionExists: false, cartId: null }, false)).toEqual({ kind: "orphaned" });
  });
});
