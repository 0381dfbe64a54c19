import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../modules/mixpay/service";
import { createDraftOrderSaleWorkflow, type DraftOrderSaleInput } from "../workflows/create-draft-order-sale";
import { createTerminalSaleWorkflow, type TerminalSaleInput } from "../workflows/create-terminal-sale";
import { errorMessage } from "./errors";
import { medusaAmountToDecimal } from "./money";
import { storePaymentView } from "./payment-view";
import { mixpayRegions, TERMINAL_CART_MARK } from "./regions";

/**
 * The admin's cashier terminal: sales started from an amount typed on a keypad (a cart with one custom line
 * item, made here) or from an open cart, each paid through a MixPay payment session created with Medusa's own
 * workflows, so the sale completes exactly like a storefront checkout does (callback, job, status polling).
 */

/** MixPay settings that can take a payment, or the reason they cannot (in the merchant's words). */
async function settingsProblem(mixpay: MixpayModuleService): Promise<string | null> {
  try {
    await mixpay.requireSettings();
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

/** Whether the terminal can sell now, where, and which region it opens on (the store's default, when it offers MixPay). */
export async function terminalConfig(container: MedusaContainer) {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const [problem, regions, defaultRegionId] = await Promise.all([
    settingsProblem(mixpay),
    mixpayRegions(container),
    storeDefaultRegionId(container),
  ]);
  const noRegion =
    regions.length === 0
      ? `No region offers MixPay: enable the payment provider ${MIXPAY_PROVIDER_ID} on a region (Settings → Regions).`
      : null;
  return {
    ready: !problem && !noRegion,
    problem: problem ?? noRegion,
    regions,
    default_region_id: regions.some((r) => r.id === defaultRegionId) ? defaultRegionId : null,
  };
}

async function storeDefaultRegionId(container: MedusaContainer): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({ entity: "store", fields: ["id", "default_region_id"] });
  return data[0]?.default_region_id ?? null;
}

/**
 * Starts a sale once the settings can take a payment, and answers it as the terminal shows it: for a cart or a
 * typed amount workflows/create-terminal-sale.ts (cart, payment collection, MixPay session, with a compensation
 * that deletes a cart made here), for a draft order workflows/create-draft-order-sale.ts.
 */
export async function createTerminalSale(container: MedusaContainer, input: TerminalSaleInput | DraftOrderSaleInput) {
  const problem = await settingsProblem(container.resolve<MixpayModuleService>(MIXPAY_MODULE));
  if (problem) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, problem);
  const { result } =
    "draft_order_id" in input
      ? await createDraftOrderSaleWorkflow(container).run({ input })
      : await createTerminalSaleWorkflow(container).run({ input });
  return saleView(container, result.payment, result.qr_svg);
}

/** A terminal sale as the admin shows it: the payment's status plus its cart, order and (on request) QR code. */
export async function saleView(container: MedusaContainer, payment: MixpayPaymentDTO, qrSvg: string | null) {
  let orderDisplayId: number | null = null;
  if (payment.order_id) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY);
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "display_id"],
      filters: { id: payment.order_id },
    });
    orderDisplayId = data[0]?.display_id ?? null;
  }
  return {
    ...storePaymentView(payment),
    amount: payment.amount,
    txid: payment.txid,
    cart_id: payment.cart_id,
    draft_order_id: payment.draft_order_id,
    order_id: payment.order_id,
    order_display_id: orderDisplayId,
    qr_svg: qrSvg,
  };
}

/** The body of the terminal's sale status route and of its stream. */
export async function terminalSaleBody(
  container: MedusaContainer,
  payment: MixpayPaymentDTO,
  error: string | undefined,
  qrSvg: string | null = null,
) {
  return { sale: await saleView(container, payment, qrSvg), ...(error ? { mixpay_error: error } : {}) };
}

/** Open carts a cashier can charge: not completed, with items, in a MixPay region, not made by this terminal. */
export async function listOpenCarts(container: MedusaContainer, limit = 20) {
  const regions = new Set((await mixpayRegions(container)).map((r) => r.id));
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "email", "currency_code", "region_id", "created_at", "metadata", "total", "items.id"],
    filters: { completed_at: null },
    pagination: { take: 200, order: { created_at: "DESC" } },
  });
  return data
    .filter(
      (c) => c.region_id && regions.has(c.region_id) && (c.items ?? []).length > 0 && !c.metadata?.[TERMINAL_CART_MARK],
    )
    .slice(0, limit)
    .map((c) => ({
      id: c.id,
      email: c.email ?? null,
      currency_code: c.currency_code,
      region_id: c.region_id ?? null,
      total: medusaAmountToDecimal(c.total ?? 0),
      item_count: (c.items ?? []).length,
      created_at: c.created_at ? new Date(c.created_at).toISOString() : null,
    }));
}
