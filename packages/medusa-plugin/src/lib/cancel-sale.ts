import type { MedusaContainer } from "@medusajs/framework/types";
import { MedusaError, Modules } from "@medusajs/framework/utils";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../modules/mixpay/service";
import { saleLockKey } from "../workflows/complete-mixpay-sale";
import { type CompletionResult, completePaidSale } from "./complete-sale";
import { SaleStateError } from "./errors";
import { saleState } from "./sale-state";

/**
 * Cancel, as far as MixPay allows. MixPay documents no cancellation endpoint (its 2026-08-13 release only names the
 * codes one would answer: 10032 / HTTP 409 and failure code 40032), so the QR code stays payable at MixPay until
 * its deadline. Cancelling marks the sale abandoned here: the screens stop showing the QR code but keep watching,
 * and a payment that still arrives is verified and recorded like any other, but never turned into an order on its
 * own. It is flagged `paid_after_cancel` (refund due) for the merchant, who then either makes the order after all
 * (`completeCancelledSale`) or refunds the customer by hand (the refunds route).
 *
 * Both run under the sale's lock (the completion workflow's key), so a cancel and a completion never interleave:
 * whichever comes first wins, and the other sees it.
 */

const LOCK_WAIT_S = 30;

function notFound(traceId: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
}

/**
 * Cancels an open sale. `cartId`, when given (the store route), must be the sale's cart: the trace id alone is
 * printed in the QR code, so a stranger who saw it must not be able to cancel a customer's payment; a wrong cart
 * gets the same 404 as an unknown trace. Idempotent: cancelling a cancelled or ended sale answers it as it is.
 * Refused (409) once the payment is verified paid: the sale is being completed or is complete, so a refund is
 * the way back.
 */
export async function cancelSale(
  container: MedusaContainer,
  traceId: string,
  { cartId }: { cartId?: string } = {},
): Promise<MixpayPaymentDTO> {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const found = await mixpay.retrievePaymentByTrace(traceId);
  if (!found) throw notFound(traceId);
  if (cartId !== undefined) {
    const state = await saleState(container, found.payment_session_id);
    if ((found.cart_id ?? state.cartId) !== cartId) throw notFound(traceId);
  }
  const locking = container.resolve(Modules.LOCKING);
  return locking.execute(
    saleLockKey(found.payment_session_id),
    async () => {
      const payment = (await mixpay.retrievePaymentByTrace(traceId)) ?? found;
      if (payment.completed_at || (payment.status === "paid" && !payment.abandoned_at)) {
        throw new SaleStateError("This sale is already paid, so it cannot be cancelled. Refund the customer instead.");
      }
      await mixpay.markAbandoned(traceId);
      return (await mixpay.retrievePaymentByTrace(traceId)) ?? payment;
    },
    { timeout: LOCK_WAIT_S },
  );
}

/**
 * The merchant's "make the order after all" for a payment that arrived after Cancel: the record is reinstated and
 * the completion workflow settles it exactly once. Refused when there is no such payment to settle (409), and when
 * Medusa can no longer take it (the cart's payment session was replaced or deleted meanwhile): then the record
 * stays flagged and the customer is refunded instead.
 */
export async function completeCancelledSale(
  container: MedusaContainer,
  traceId: string,
): Promise<{ payment: MixpayPaymentDTO; completion: CompletionResult }> {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const found = await mixpay.retrievePaymentByTrace(traceId);
  if (!found) throw notFound(traceId);
  if (found.status !== "paid" || !found.abandoned_at || found.completed_at) {
    throw new SaleStateError(
      found.completed_at
        ? "This sale is already complete."
        : "Only a cancelled sale whose payment arrived in full can be completed after all.",
    );
  }
  const locking = container.resolve(Modules.LOCKING);
  await locking.execute(saleLockKey(found.payment_session_id), () => mixpay.reinstateCancelled(traceId), {
    timeout: LOCK_WAIT_S,
  });
  const completion = await completePaidSale(container, found);
  const payment = (await mixpay.retrievePaymentByTrace(traceId)) ?? found;
  if (completion.outcome === "orphaned") {
    throw new SaleStateError(
      "Medusa can no longer take this payment: the cart's payment session was replaced or deleted. Refund the customer.",
    );
  }
  return { payment, completion };
}
