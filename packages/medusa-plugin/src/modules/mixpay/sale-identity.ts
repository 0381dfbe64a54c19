import { traceIdFor } from "@mixpay-pos/core";
import { mixpayOrderIdFor } from "../../lib/order-id";

/** Who a sale's MixPay payment is, to MixPay: its traceId and its orderId. */
export interface SaleIdentity {
  traceId: string;
  orderId: string;
}

/**
 * The MixPay ids of a Medusa payment session's payment, derived from the session and never stored first: the
 * orderId is the session id (lib/order-id.ts) and the traceId a uuid v5 of it (core `traceIdFor`), so a retried
 * call asks for the same payment and can never make a second one for one sale. `revision` > 0 is a new payment
 * for the same session (new terms after updatePayment), with its own orderId and traceId.
 */
export function saleIdentity(sessionId: string, revision = 0): SaleIdentity {
  return {
    traceId: traceIdFor(revision === 0 ? sessionId : `${sessionId}#${revision}`),
    orderId: mixpayOrderIdFor(sessionId, revision),
  };
}

/**
 * One record per identity, however many calls race: the record already made (`find`), else `prepare` (asking
 * MixPay: its failure is the caller's) and `insert`. When the insert fails because a concurrent call for the same
 * identity won it (the traceId is unique), that call's record is the answer.
 */
export async function findAgainOrCreate<T, P>(steps: {
  find: () => Promise<T | null>;
  prepare: () => Promise<P>;
  insert: (prepared: P) => Promise<T>;
}): Promise<T> {
  const existing = await steps.find();
  if (existing) return existing;
  const prepared = await steps.prepare();
  try {
    return await steps.insert(prepared);
  } catch (error) {
    // Both asked MixPay for the same traceId, so there is one payment, already recorded.
    const raced = await steps.find();
    if (raced) return raced;
    throw error;
  }
}
