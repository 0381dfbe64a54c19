import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MathBN, MedusaError, OrderStatus } from "@medusajs/framework/utils";
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk";
import { decimalCompare } from "@mixpay-pos/core";
import { MixpayFieldError } from "../../lib/errors";
import { medusaAmountToDecimal } from "../../lib/money";
import { mixpayRegions } from "../../lib/regions";

export interface DraftOrderSaleInput {
  draft_order_id: string;
  /** The amount the till showed; the sale is refused when the draft's amount due differs. */
  amount?: string | undefined;
}

export interface DraftOrderToCharge {
  draft_order_id: string;
  currency_code: string;
  /** What is still to pay on the draft (its total, less what a sale already captured on it), a decimal string. */
  amount_due: string;
}

/**
 * The draft order a terminal sale charges, checked: it exists, is still a draft (not converted, not deleted), is in
 * a region that offers MixPay, has something to pay (its total, or the rest when an earlier sale's payment is on it
 * because the draft grew), and (when the till says what it showed) that amount. Each refusal is a 4xx naming the
 * field. Reads only, so nothing to undo.
 */
export const prepareDraftOrderSaleStep = createStep(
  "mixpay-prepare-draft-order-sale",
  async (input: DraftOrderSaleInput, { container }) => new StepResponse(await checkDraftOrder(container, input)),
);

export async function checkDraftOrder(
  container: MedusaContainer,
  input: DraftOrderSaleInput,
): Promise<DraftOrderToCharge> {
  const id = input.draft_order_id;
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "status", "is_draft_order", "currency_code", "region_id", "total", "summary.*"],
    filters: { id },
  });
  const order = data[0];
  if (!order) throw MixpayFieldError.of("draft_order_id", `no draft order ${id}`, MedusaError.Types.NOT_FOUND);
  const refuse = (message: string, field = "draft_order_id") =>
    MixpayFieldError.of(field, message, MedusaError.Types.NOT_ALLOWED);
  if (!order.is_draft_order || order.status !== OrderStatus.DRAFT) {
    throw refuse(`${id} is not a draft order any more (its status is ${order.status}): it cannot be charged again`);
  }
  const regions = await mixpayRegions(container);
  if (!regions.some((r) => r.id === order.region_id)) {
    throw refuse(`draft order ${id} is in a region without MixPay`);
  }
  const currency = String(order.currency_code).toLowerCase();
  const pending = order.summary?.raw_pending_difference ?? order.summary?.pending_difference ?? 0;
  if (MathBN.lte(pending, 0)) {
    throw refuse(`draft order ${id} has nothing to pay (its total is ${medusaAmountToDecimal(order.total ?? 0)})`);
  }
  const due = medusaAmountToDecimal(pending);
  if (input.amount !== undefined && decimalCompare(input.amount, due) !== 0) {
    throw refuse(
      `the draft order's amount due is ${due} ${currency.toUpperCase()}, not ${input.amount}: reload it and charge again`,
      "amount",
    );
  }
  return { draft_order_id: order.id, currency_code: currency, amount_due: due };
}
