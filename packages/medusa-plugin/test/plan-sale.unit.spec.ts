import type { SaleState } from "../src/lib/sale-state";
import { planSale } from "../src/workflows/steps/plan-sale";

const fresh: SaleState = {
  sessionExists: true,
  paymentId: null,
  captured: false,
  cartId: "cart_1",
  orderId: null,
  orderIsDraft: false,
  draftCovered: false,
};
const open = { abandoned: false };
const abandoned = { abandoned: true };

describe("planSale: what completing a verified-paid sale still has to do", () => {
  it("a cart sale nobody touched yet: authorize, capture and turn the cart into an order", () => {
    expect(planSale(fresh, open)).toEqual({
      kind: "settle",
      authorize: true,
      capture: true,
      completeCartId: "cart_1",
      convertDraftOrderId: null,
    });
  });

  it("captured but no order yet (a crash between the two): only the cart is completed", () => {
    expect(planSale({ ...fresh, paymentId: "pay_1", captured: true }, open)).toEqual({
      kind: "settle",
      authorize: false,
      capture: false,
      completeCartId: "cart_1",
      convertDraftOrderId: null,
    });
  });

  it("authorized, not captured: capture the payment Medusa already has, never authorize again", () => {
    expect(planSale({ ...fresh, paymentId: "pay_1", orderId: "order_1" }, open)).toEqual({
      kind: "settle",
      authorize: false,
      capture: true,
      completeCartId: null,
      convertDraftOrderId: null,
    });
  });

  it("a sale without a cart (its collection belongs to an order) is done once captured", () => {
    const orderSale = { ...fresh, cartId: null, orderId: "order_1" };
    expect(planSale(orderSale, open)).toMatchObject({
      kind: "settle",
      completeCartId: null,
      convertDraftOrderId: null,
    });
    expect(planSale({ ...orderSale, paymentId: "pay_1", captured: true }, open)).toEqual({ kind: "done" });
  });

  it("done is done, even when the session was replaced afterwards", () => {
    const done = { ...fresh, paymentId: "pay_1", captured: true, orderId: "order_1" };
    expect(planSale(done, open)).toEqual({ kind: "done" });
    expect(planSale(done, abandoned)).toEqual({ kind: "done" });
  });

  it("a session canceled or replaced before the money arrived makes no order", () => {
    expect(planSale(fresh, abandoned)).toEqual({ kind: "orphaned" });
    expect(planSale({ ...fresh, sessionExists: false, cartId: null }, open)).toEqual({ kind: "orphaned" });
  });
});

describe("planSale: a draft order's sale (convert)", () => {
  const draft: SaleState = { ...fresh, cartId: null, orderId: "order_draft1", orderIsDraft: true, draftCovered: true };
  const draftSale = { abandoned: false, draftOrderId: "order_draft1" };

  it("paid, nothing done yet: authorize, capture on the draft's collection, then convert the draft", () => {
    expect(planSale(draft, draftSale)).toEqual({
      kind: "settle",
      authorize: true,
      capture: true,
      completeCartId: null,
      convertDraftOrderId: "order_draft1",
    });
  });

  it("captured but still a draft (the convert failed last time): only the convert is left", () => {
    expect(planSale({ ...draft, paymentId: "pay_1", captured: true }, draftSale)).toEqual({
      kind: "settle",
      authorize: false,
      capture: false,
      completeCartId: null,
      convertDraftOrderId: "order_draft1",
    });
  });

  it("captured and converted: done, nothing runs twice", () => {
    const converted = { ...draft, paymentId: "pay_1", captured: true, orderIsDraft: false, draftCovered: false };
    expect(planSale(converted, draftSale)).toEqual({ kind: "done" });
  });

  it("converted some other way before the money arrived: the payment is captured on it, never converted again", () => {
    expect(planSale({ ...draft, orderIsDraft: false, draftCovered: false }, draftSale)).toEqual({
      kind: "settle",
      authorize: true,
      capture: true,
      completeCartId: null,
      convertDraftOrderId: null,
    });
  });

  it("a draft whose total grew after the sale started: the money is captured on it, it stays a draft", () => {
    const grew = { ...draft, draftCovered: false };
    expect(planSale(grew, draftSale)).toEqual({
      kind: "settle",
      authorize: true,
      capture: true,
      completeCartId: null,
      convertDraftOrderId: null,
    });
    // Captured and still short: this sale's part is done; the rest is another sale's.
    expect(planSale({ ...grew, paymentId: "pay_1", captured: true }, draftSale)).toEqual({ kind: "done" });
  });

  it("a draft deleted before the money arrived (its collection has no order any more) converts nothing", () => {
    const gone = { ...draft, orderId: null, orderIsDraft: false, draftCovered: false };
    expect(planSale(gone, draftSale)).toEqual({ kind: "orphaned" });
  });

  it("a draft's session canceled or replaced before the money arrived converts nothing", () => {
    expect(planSale(draft, { ...draftSale, abandoned: true })).toEqual({ kind: "orphaned" });
    expect(planSale({ ...draft, sessionExists: false, orderId: null }, draftSale)).toEqual({ kind: "orphaned" });
  });
});
