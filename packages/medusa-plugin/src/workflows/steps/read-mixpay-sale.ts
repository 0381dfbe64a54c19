import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import { type SaleState, saleState } from "../../lib/sale-state";
import { MIXPAY_MODULE } from "../../modules/mixpay";
import type MixpayModuleService from "../../modules/mixpay/service";
import { planSale, type SalePlan } from "./plan-sale";

export interface ReadMixpaySaleInput {
  trace_id: string;
  payment_session_id: string;
}

export interface MixpaySaleReading {
  state: SaleState;
  plan: SalePlan;
  /** The draft order the sale was started for (null: a cart sale). */
  draftOrderId: string | null;
}

/** Reads the sale's state in Medusa and the MixPay record (inside the sale lock), and plans what is left. */
export const readMixpaySaleStep = createStep("mixpay-read-sale", async (input: ReadMixpaySaleInput, { container }) => {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const [state, record] = await Promise.all([
    saleState(container, input.payment_session_id),
    mixpay.retrievePaymentByTrace(input.trace_id),
  ]);
  const draftOrderId = record?.draft_order_id ?? null;
  const reading: MixpaySaleReading = {
    state,
    plan: planSale(state, { abandoned: Boolean(record?.abandoned_at), draftOrderId }),
    draftOrderId,
  };
  return new StepResponse(reading);
});
