import { z } from "@medusajs/framework/zod";
import { FIAT_CODE_PATTERN, normalizeUuid, UUID_PATTERN } from "@mixpay-pos/core";

/** Admin input schemas (Medusa's zod, so `validateAndTransformBody` reports field errors as 400). */

const COMPACT_UUID = /^[0-9a-fA-F]{32}$/;

const uuid = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => UUID_PATTERN.test(v) || COMPACT_UUID.test(v), {
      message: `must be ${what} UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7`,
    })
    .transform(normalizeUuid);

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), { message: "must be an http(s) URL" })
  .transform((v) => v.replace(/\/+$/, ""));

export const PostMixpaySettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  payee_id: uuid("a MixPay payee"),
  settlement_asset_id: uuid("a settlement asset"),
  quote_asset_id: z
    .string()
    .trim()
    .transform((v) => v.toLowerCase())
    .refine((v) => FIAT_CODE_PATTERN.test(v) || UUID_PATTERN.test(v), {
      message: "must be a fiat code like usd or an asset UUID",
    })
    .nullish(),
  expiry_minutes: z.number().int().min(1).max(2880).optional(),
  strict_mode: z.boolean().optional(),
  public_base_url: httpUrl.nullish(),
  api_base_url: httpUrl.nullish(),
  checkout_base_url: httpUrl.nullish(),
});
export type PostMixpaySettings = z.output<typeof PostMixpaySettingsSchema>;

export const GetMixpayPaymentsSchema = z.object({
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(",")).filter(Boolean))),
  attention: z.enum(["true", "false"]).optional(),
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
