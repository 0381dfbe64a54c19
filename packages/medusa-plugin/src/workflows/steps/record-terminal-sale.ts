import { MedusaError } from "@medusajs/framework/utils";
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import { MIXPAY_MODULE } from "../../modules/mixpay";
import type MixpayModuleService from "../../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../../modules/mixpay/types";

export interface TerminalSaleRecord {
  payment: MixpayPaymentDTO;
  qr_svg: string | null;
}

/** What a terminal sale charges: a cart, or a draft order. */
export type TerminalSaleTarget = { cart_id: string } | { draft_order_id: string };

/**
 * Finds the MixPay payment the session created and notes its cart or draft order on it, so a failed or expired sale
 * can be tried again on the same cart or draft, and the draft's page finds its sale.
 */
export const recordTerminalSaleStep = createStep(
  "mixpay-record-terminal-sale",
  async (input: TerminalSaleTarget & { session_data: Record<string, unknown> | null | undefined }, { container }) => {
    const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const data = input.session_data ?? {};
    const traceId = typeof data.trace_id === "string" ? data.trace_id : null;
    const payment = traceId ? await mixpay.retrievePaymentByTrace(traceId) : null;
    if (!payment) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "MixPay: the payment session has no MixPay payment");
    }
    const target = "cart_id" in input ? { cart_id: input.cart_id } : { draft_order_id: input.draft_order_id };
    const recorded = await mixpay.updateMixpayPayments({ id: payment.id, ...target });
    const sale: TerminalSaleRecord = {
      payment: recorded,
      qr_svg: typeof data.qr_svg === "string" ? data.qr_svg : null,
    };
    return new StepResponse(sale);
  },
);
