import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils";
import {
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
} from "@medusajs/medusa/core-flows";
import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/core";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../modules/mixpay/service";
import { MixpayFieldError } from "./errors";
import { medusaAmountToDecimal } from "./money";
import { storePaymentView } from "./payment-view";

/**
 * The admin's cashier terminal: sales started from an amount typed on a keypad (a cart with one custom line
 * item, made here) or from an open cart, each paid through a MixPay payment session created with Medusa's own
 * workflows, so the sale completes exactly like a storefront checkout does (callback, job, status polling).
 */

/** Carts this terminal made are marked, so the open-cart picker does not offer them again. */
export const TERMINAL_CART_MARK = "mixpay_terminal";

export interface TerminalRegion {
  id: string;
  name: string;
  currency_code: string;
}

/** MixPay settings that can take a payment, or the reason they cannot (in the merchant's words). */
async function settingsProblem(mixpay: MixpayModuleService): Promise<string | null> {
  try {
    await mixpay.requireSettings();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Every region, by name, and whether it offers MixPay (the provider is enabled on it). */
export async function allRegions(
  container: MedusaContainer,
): Promise<(TerminalRegion & { mixpay_enabled: boolean })[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
  });
  return data
    .map((r) => ({
      id: r.id,
      name: r.name,
      currency_code: r.currency_code,
      mixpay_enabled: ((r.payment_providers ?? []) as unknown[]).some(isMixpayProvider),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Regions that offer MixPay (the provider is enabled on them), by name. */
export async function mixpayRegions(container: MedusaContainer): Promise<TerminalRegion[]> {
  return (await allRegions(container))
    .filter((r) => r.mixpay_enabled)
    .map(({ id, name, currency_code }) => ({ id, name, currency_code }));
}

function isMixpayProvider(p: unknown): boolean {
  return typeof p === "object" && p !== null && "id" in p && p.id === MIXPAY_PROVIDER_ID;
}

/** Whether the terminal can sell now, and where. */
export async function terminalConfig(container: MedusaContainer) {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const [problem, regions] = await Promise.all([settingsProblem(mixpay), mixpayRegions(container)]);
  const noRegion =
    regions.length === 0
      ? `No region offers MixPay: enable the payment provider ${MIXPAY_PROVIDER_ID} on a region (Settings → Regions).`
      : null;
  return { ready: !problem && !noRegion, problem: problem ?? noRegion, regions };
}

export type TerminalSaleInput =
  | { cart_id: string }
  | { amount: string; currency_code: string; region_id?: string | undefined; title?: string | undefined };

/**
 * Starts a sale: for an amount, a cart in a MixPay region with one tax-inclusive custom item (so the customer is
 * asked exactly the typed amount); for an open cart, its payment collection brought up to date. Then a MixPay
 * payment session through Medusa's workflow. A cart made here is deleted again when the payment cannot be
 * created (MixPay down), so nothing half-made is left behind.
 */
export async function createTerminalSale(container: MedusaContainer, input: TerminalSaleInput) {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const problem = await settingsProblem(mixpay);
  if (problem) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, problem);

  let cartId: string;
  let madeHere = false;
  if ("cart_id" in input) {
    cartId = await checkOpenCart(container, input.cart_id);
  } else {
    const region = await pickRegion(container, input.currency_code, input.region_id);
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: region.id,
        currency_code: input.currency_code,
        metadata: { [TERMINAL_CART_MARK]: true },
        items: [
          {
            title: input.title || "Sale",
            quantity: 1,
            unit_price: input.amount,
            is_tax_inclusive: true,
            requires_shipping: false,
            metadata: { [TERMINAL_CART_MARK]: true },
          },
        ],
      },
    });
    cartId = cart.id;
    madeHere = true;
  }

  try {
    const collectionId = await paymentCollectionFor(container, cartId);
    const session = await createPaymentSessionsWorkflow(container).run({
      input: { payment_collection_id: collectionId, provider_id: MIXPAY_PROVIDER_ID },
    });
    const data = session.result.data ?? {};
    const traceId = typeof data.trace_id === "string" ? data.trace_id : null;
    const payment = traceId ? await mixpay.retrievePaymentByTrace(traceId) : null;
    if (!payment) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "MixPay: the payment session has no MixPay payment");
    }
    // Known from the start, so a failed or expired sale can be tried again on the same cart.
    const recorded = await mixpay.updateMixpayPayments({ id: payment.id, cart_id: cartId });
    return saleView(container, recorded, typeof data.qr_svg === "string" ? data.qr_svg : null);
  } catch (error) {
    if (madeHere) {
      await container
        .resolve(Modules.CART)
        .softDeleteCarts([cartId])
        .catch(() => undefined);
    }
    throw error;
  }
}

async function pickRegion(
  container: MedusaContainer,
  currencyCode: string,
  regionId: string | undefined,
): Promise<TerminalRegion> {
  const regions = await mixpayRegions(container);
  if (regionId) {
    const region = regions.find((r) => r.id === regionId);
    if (!region) {
      throw MixpayFieldError.of("region_id", `region ${regionId} does not offer MixPay`);
    }
    if (region.currency_code !== currencyCode) {
      throw MixpayFieldError.of(
        "currency_code",
        `region ${region.name} sells in ${region.currency_code.toUpperCase()}, not ${currencyCode.toUpperCase()}`,
      );
    }
    return region;
  }
  const region = regions.find((r) => r.currency_code === currencyCode);
  if (!region) {
    throw MixpayFieldError.of("currency_code", `no region that offers MixPay sells in ${currencyCode.toUpperCase()}`);
  }
  return region;
}

/** An open cart (not completed, with items, in a MixPay region) or a 400/404 saying why not. */
async function checkOpenCart(container: MedusaContainer, cartId: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "completed_at", "region_id", "items.id"],
    filters: { id: cartId },
  });
  const cart = data[0];
  if (!cart) throw MixpayFieldError.of("cart_id", `no cart ${cartId}`, MedusaError.Types.NOT_FOUND);
  if (cart.completed_at)
    throw MixpayFieldError.of("cart_id", `cart ${cartId} is completed`, MedusaError.Types.NOT_ALLOWED);
  if ((cart.items ?? []).length === 0) {
    throw MixpayFieldError.of("cart_id", `cart ${cartId} has no items`, MedusaError.Types.NOT_ALLOWED);
  }
  const regions = await mixpayRegions(container);
  if (!regions.some((r) => r.id === cart.region_id)) {
    throw MixpayFieldError.of("cart_id", `cart ${cartId} is in a region without MixPay`, MedusaError.Types.NOT_ALLOWED);
  }
  return cart.id;
}

/** The cart's payment collection, created or brought up to date with the cart's total. */
async function paymentCollectionFor(container: MedusaContainer, cartId: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const read = async () => {
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "payment_collection.id"],
      filters: { id: cartId },
    });
    return data[0]?.payment_collection?.id ?? null;
  };
  const existing = await read();
  if (existing) {
    await refreshPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cartId } });
    return existing;
  }
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cartId } });
  const created = await read();
  if (!created) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `cart ${cartId} has no payment collection`);
  return created;
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
    order_id: payment.order_id,
    order_display_id: orderDisplayId,
    qr_svg: qrSvg,
  };
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
