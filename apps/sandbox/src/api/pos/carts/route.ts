import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError, Modules } from "@medusajs/framework/utils";
import { z } from "@medusajs/framework/zod";
import { createCartWorkflow } from "@medusajs/medusa/core-flows";
import { currencyDecimals, decimalPlaces } from "@mixpay-pos/core";
import { loadPosConfig, WALK_IN_EMAIL } from "../../../pos/config";

const decimal = z
  .string()
  .trim()
  .regex(/^[0-9]{1,9}(\.[0-9]{1,3})?$/, { message: "must be an amount like 12.50" })
  .refine((v) => Number(v) > 0, { message: "must be more than 0" });

const PostPosCartSchema = z.strictObject({
  region_id: z.string().min(1),
  items: z
    .array(
      z.union([
        z.strictObject({ variant_id: z.string().min(1), quantity: z.number().int().min(1).max(99) }),
        z.strictObject({
          title: z.string().trim().min(1).max(80),
          amount: decimal,
          quantity: z.number().int().min(1).max(99),
        }),
      ]),
    )
    .min(1, { message: "the sale is empty" })
    .max(50),
});

/**
 * POST /pos/carts — the till's cart: products and keyed-in amounts (custom line items, which the store API
 * cannot add) in one cart of the POS sales channel, sold over the counter (no shipping). Everything after this —
 * payment collection, MixPay session, status, completion — goes through Medusa's store API and the plugin.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const parsed = PostPosCartSchema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
    res
      .status(400)
      .json({ type: "invalid_data", message: errors.map((e) => `${e.field}: ${e.message}`).join("; "), errors });
    return;
  }
  const { regions } = await loadPosConfig(req.scope);
  const region = regions.find((r) => r.id === parsed.data.region_id);
  if (!region) throw new MedusaError(MedusaError.Types.INVALID_DATA, "region_id: not a MixPay region of this shop");
  // A keyed-in amount has at most the currency's minor-unit digits (none in JPY, three in KWD).
  const digits = currencyDecimals(region.currency_code);
  const tooPrecise = parsed.data.items.findIndex((i) => "amount" in i && decimalPlaces(i.amount) > digits);
  if (tooPrecise !== -1) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `items.${tooPrecise}.amount: ${region.currency_code.toUpperCase()} amounts have at most ${digits} decimals`,
    );
  }
  // Every till sale belongs to the seeded walk-in customer (passing an email instead would make concurrent sales
  // race to create that customer).
  const [walkIn] = await req.scope.resolve(Modules.CUSTOMER).listCustomers({ email: WALK_IN_EMAIL }, { take: 1 });
  if (!walkIn)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No walk-in customer ${WALK_IN_EMAIL}: run the sandbox seed`);
  const { result: cart } = await createCartWorkflow(req.scope).run({
    input: {
      region_id: region.id,
      currency_code: region.currency_code,
      customer_id: walkIn.id,
      items: parsed.data.items.map((item) =>
        "variant_id" in item
          ? { variant_id: item.variant_id, quantity: item.quantity, requires_shipping: false }
          : // A keyed-in amount is what the customer pays, tax included, as on the admin's terminal.
            {
              title: item.title,
              unit_price: item.amount,
              quantity: item.quantity,
              is_tax_inclusive: true,
              requires_shipping: false,
            },
      ),
    },
  });
  res.json({ cart: { id: cart.id, currency_code: cart.currency_code, total: cart.total } });
}
