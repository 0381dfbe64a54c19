import { isSaleDone, type SaleState } from "../../lib/sale-state";

/** What completing a verified-paid sale still has to do in Medusa, decided from its state alone. */
export type SalePlan =
  | { kind: "done" }
  | { kind: "orphaned" }
  | {
      kind: "settle";
      /** No Medusa payment yet: authorize the session (MixPay answers "captured", so Medusa captures it too). */
      authorize: boolean;
      /** The payment is not captured yet. */
      capture: boolean;
      /** The cart whose order is still missing. */
      completeCartId: string | null;
    };

/**
 * The one decision of the completion workflow: nothing (already done), give up (the session was canceled or
 * replaced before the money arrived: the record is flagged instead), or settle what is missing.
 */
export function planSale(state: SaleState, abandoned: boolean): SalePlan {
  if (isSaleDone(state)) return { kind: "done" };
  if (!state.sessionExists || abandoned) return { kind: "orphaned" };
  return {
    kind: "settle",
    authorize: state.paymentId === null,
    capture: !state.captured,
    completeCartId: state.cartId !== null && state.orderId === null ? state.cartId : null,
  };
}
