import { z } from "@medusajs/framework/zod";
import { isLooseUuid, isQuoteAssetId, normalizeUuid } from "@mixpay-pos/core";
import { quoteDecimals } from "../lib/money";

/**
 * Admin input schemas (Medusa's zod, so `validateAndTransformBody` reports field errors as 400). The id rules are
 * protocol's predicates; its schemas are not reused because they are built with another copy of zod.
 */

const uuid = (what: string) =>
  z
    .string()
    .trim()
    .refine(isLooseUuid, {
      message: `must be ${what} UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7`,
    })
    .transform(normalizeUuid);

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), { message: "must be an http(s) URL" })
  .transform((v) => v.replace(/\/+$/, ""));

const quoteAssetId = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .refine(isQuoteAssetId, {
    message: "must be a fiat code like usd or an asset UUID",
  });

export const PostMixpaySettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  payee_id: uuid("a MixPay payee"),
  settlement_asset_id: uuid("a settlement asset"),
  quote_asset_id: quoteAssetId.nullish(),
  expiry_minutes: z.number().int().min(1).max(2880).optional(),
  strict_mode: z.boolean().optional(),
  public_base_url: httpUrl.nullish(),
  api_base_url: httpUrl.nullish(),
  checkout_base_url: httpUrl.nullish(),
});
export type PostMixpaySettings = z.output<typeof PostMixpaySettingsSchema>;

/** "Test connection": what the settings form holds now (all optional; nothing is saved). */
export const PostMixpaySettingsTestSchema = z.strictObject({
  api_base_url: httpUrl.nullish(),
  payee_id: uuid("a MixPay payee").nullish(),
  settlement_asset_id: uuid("a settlement asset").nullish(),
  quote_asset_id: quoteAssetId.nullish(),
});
export type PostMixpaySettingsTest = z.output<typeof PostMixpaySettingsTestSchema>;

/** Asset lists for the pickers: `?refresh=true` skips the cache; `?api_base_url=` asks another API base (the one
 * typed in the settings form before it is saved, e.g. the simulator's). */
export const GetMixpayAssetsSchema = z.object({
  refresh: z.enum(["true", "false"]).optional(),
  api_base_url: httpUrl.optional(),
});
export type GetMixpayAssets = z.output<typeof GetMixpayAssetsSchema>;

/** Setup wizard, step 1: `GET /admin/mixpay/payees/:ref` (a Mixin ID or a payee UUID), at an unsaved API base. */
export const GetMixpayPayeeSchema = z.object({ api_base_url: httpUrl.optional() });
export type GetMixpayPayee = z.output<typeof GetMixpayPayeeSchema>;

/** Setup wizard, regions step: how each region's currency would be quoted with this fallback quote asset. */
export const GetMixpayRegionsSchema = z.object({
  quote_asset_id: quoteAssetId.optional(),
  api_base_url: httpUrl.optional(),
});
export type GetMixpayRegions = z.output<typeof GetMixpayRegionsSchema>;

export const GetMixpayPaymentsSchema = z.object({
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(",")).filter(Boolean))),
  attention: z.enum(["true", "false"]).optional(),
  /** The payments of one order (recorded once the sale completed) or one cart. */
  order_id: z.string().trim().min(1).max(100).optional(),
  cart_id: z.string().trim().min(1).max(100).optional(),
  /** The sales started for one draft order (the draft-order page widget). */
  draft_order_id: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type GetMixpayPayments = z.output<typeof GetMixpayPaymentsSchema>;

export const PostMixpayRefundSchema = z.strictObject({
  /** Which manual refund (Medusa's refund id) the reference belongs to; omit to record a new one. */
  refund_id: z.string().trim().min(1).max(100).optional(),
  amount: z
    .string()
    .trim()
    .regex(/^[0-9]+(\.[0-9]+)?$/, { message: "must be a decimal string like 12.50" })
    .optional(),
  /** The transaction hash or other proof of the money sent back. */
  reference: z.string().trim().min(1).max(200),
  note: z.string().trim().max(500).optional(),
});
export type PostMixpayRefund = z.output<typeof PostMixpayRefundSchema>;

const AMOUNT = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,8})?$/;

/**
 * A terminal sale: `{ amount, currency_code, region_id?, title? }` typed on the keypad, `{ cart_id }` for an open
 * cart, or `{ draft_order_id, amount? }` for a draft order (a POS app's sale; `amount`, when given, is the total the
 * till showed, and the sale is refused when the draft's total differs). The amount is a decimal string with no more
 * decimals than the currency has.
 */
export const PostTerminalSaleSchema = z
  .strictObject({
    cart_id: z.string().trim().min(1).max(100).optional(),
    draft_order_id: z.string().trim().min(1).max(100).optional(),
    amount: z
      .string()
      .trim()
      .regex(AMOUNT, { message: "must be a decimal string like 12.50" })
      .refine((v) => /[1-9]/.test(v), { message: "must be more than 0" })
      .optional(),
    currency_code: z
      .string()
      .trim()
      .transform((v) => v.toLowerCase())
      .refine((v) => /^[a-z]{3}$/.test(v), { message: "must be a currency code like usd" })
      .optional(),
    region_id: z.string().trim().min(1).max(100).optional(),
    title: z.string().trim().min(1).max(100).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.cart_id) {
      for (const field of ["draft_order_id", "amount", "currency_code", "region_id", "title"] as const) {
        if (v[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "not with cart_id" });
      }
      return;
    }
    if (v.draft_order_id) {
      for (const field of ["currency_code", "region_id", "title"] as const) {
        if (v[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "not with draft_order_id" });
      }
      return;
    }
    if (v.amount === undefined) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "required (or cart_id or draft_order_id)" });
    }
    if (v.currency_code === undefined) {
      ctx.addIssue({ code: "custom", path: ["currency_code"], message: "required with amount" });
    }
    if (v.amount && v.currency_code && /^[a-z]{3}$/.test(v.currency_code)) {
      const places = quoteDecimals(v.currency_code);
      const given = v.amount.split(".")[1]?.length ?? 0;
      if (given > places) {
        ctx.addIssue({
          code: "custom",
          path: ["amount"],
          message: `${v.currency_code.toUpperCase()} has ${places} decimal place${places === 1 ? "" : "s"}`,
        });
      }
    }
  });
export type PostTerminalSale = z.output<typeof PostTerminalSaleSchema>;

export const GetTerminalSaleSchema = z.object({ qr: z.enum(["true", "false"]).optional() });

/** Cancelling from a store screen: the sale's cart id proves the caller is the till or checkout that made it. */
export const PostStorePaymentCancelSchema = z.strictObject({
  cart_id: z
    .string()
    .trim()
    .regex(/^cart_[0-9A-Za-z]{1,64}$/, { message: "must be a Medusa cart id (cart_…)" }),
});
export type PostStorePaymentCancel = z.output<typeof PostStorePaymentCancelSchema>;
