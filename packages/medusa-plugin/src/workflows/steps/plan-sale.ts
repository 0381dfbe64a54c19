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
      /** The draft order still to convert into an order (after its payment is captured). */
      convertDraftOrderId: string | null;
    };

/** What the MixPay record says about the sale. */
export interface SaleRecordFacts {
  /** The session was canceled or replaced before the money arrived. */
  abandoned: boolean;
  /** The draft order the sale was started for (null: a cart sale). */
  draftOrderId?: string | null;
}

/**
 * The one decision of the completion workflow: nothing (already done), give up (the session was canceled or
 * replaced before the money arrived, or the draft order it charged is gone: the record is flagged instead), or
 * settle what is missing. A draft order is converted only once its payment is captured, only while it is still a
 * draft (a draft converted some other way meanwhile is settled, its payment captured, but never converted again),
 * and only when that payment pays it off (a draft whose total grew after the sale started keeps the money on its
 * books and stays a draft until the rest is charged).
 */
export function planSale(state: SaleState, record: SaleRecordFacts): SalePlan {
  if (isSaleDone(state)) return { kind: "done" };
  if (!state.sessionExists || record.abandoned) return { kind: "orphaned" };
  if (record.draftOrderId && state.orderId !== record.draftOrderId) return { kind: "orphaned" };
  return {
    kind: "settle",
    authorize: state.paymentId === null,
    capture: !state.captured,
    completeCartId: state.cartId !== null && state.orderId === null ? state.cartId : null,
    convertDraftOrderId: state.orderIsDraft && state.draftCovered ? state.orderId : null,
  };
}
