import { z } from "zod";

/** 8-4-4-4-12 hex. Mixin/MixPay ids are not always RFC 4122 conformant, so no version/variant check. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** 32 hex characters: the form older MixPay docs used for payee ids. */
export const COMPACT_UUID_PATTERN = /^[0-9a-fA-F]{32}$/;

/** MixPay's orderId: 6–36 characters of letters, digits, "-" and "_". */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{6,36}$/;

/** Fiat quote ids are lower-case ISO-4217 codes ("usd"); crypto quotes are asset UUIDs. */
export const FIAT_CODE_PATTERN = /^[a-z]{3}$/;

/** A Mixin ID: 4–12 digits. */
export const MIXIN_ID_PATTERN = /^[0-9]{4,12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** A dashed UUID or the 32-hex form (any case, spaces around ignored): what `normalizeUuid` makes dashed. */
export function isLooseUuid(value: string): boolean {
  const v = value.trim();
  return UUID_PATTERN.test(v) || COMPACT_UUID_PATTERN.test(v);
}

/** A fiat code like "usd" (any case) or an asset UUID, spaces around ignored. */
export function isQuoteAssetId(value: string): boolean {
  const v = value.trim().toLowerCase();
  return FIAT_CODE_PATTERN.test(v) || UUID_PATTERN.test(v);
}

/** Lower-case dashed form; also accepts the 32-hex form old MixPay docs used for payee ids. */
export function normalizeUuid(value: string): string {
  const v = value.trim();
  if (COMPACT_UUID_PATTERN.test(v)) {
    return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`.toLowerCase();
  }
  return v.toLowerCase();
}

export const uuidSchema = z
  .string()
  .trim()
  .regex(UUID_PATTERN, { message: "must be a UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7" })
  .transform((v) => v.toLowerCase());

/** Payee ids: dashed UUID or 32 hex characters, normalised to the dashed lower-case form. */
export const payeeIdSchema = z
  .string()
  .trim()
  .refine(isLooseUuid, {
    message: "must be a MixPay payee UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7",
  })
  .transform(normalizeUuid);

export const orderIdSchema = z.string().regex(ORDER_ID_PATTERN, {
  message: "must be 6–36 characters: letters, digits, '-' or '_'",
});

/** "usd" (any case in, lower case out) or an asset UUID. */
export const quoteAssetIdSchema = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .refine(isQuoteAssetId, {
    message: "must be a fiat code like 'usd' or an asset UUID",
  });

/** Mixin ID: the number a Mixin user sees in their profile. */
export const mixinIdSchema = z.string().trim().regex(MIXIN_ID_PATTERN, { message: "must be a Mixin ID (digits)" });
