import { isLooseUuid, MIXIN_ID_PATTERN, normalizeUuid, UUID_PATTERN } from "@mixpay-pos/protocol";

/**
 * Payee UUID validation for the settings form: the same rule the plugin applies (protocol's: 8-4-4-4-12 hex, or
 * the 32-hex form older MixPay docs used, normalised to dashed lower case), with messages a merchant can act on.
 */

export type PayeeCheck = { ok: true; value: string } | { ok: false; message: string };

export function validatePayeeId(input: string): PayeeCheck {
  const v = input.trim();
  if (v === "") return { ok: false, message: "Enter the payee UUID that receives the money." };
  if (isLooseUuid(v)) return { ok: true, value: normalizeUuid(v) };
  if (MIXIN_ID_PATTERN.test(v)) {
    return {
      ok: false,
      message:
        "That looks like a Mixin ID (the number in a Mixin profile). MixPay needs the payee UUID, like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7.",
    };
  }
  return { ok: false, message: "Must be a MixPay payee UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7." };
}

/**
 * What the setup wizard accepts for the payee: a Mixin ID (the digits in the Mixin app's profile, looked up by
 * MixPay) or a payee UUID. The plugin decides what it is; this only keeps obvious typos from a round trip.
 */
export function checkPayeeRef(input: string): PayeeCheck {
  const v = input.trim();
  if (v === "")
    return { ok: false, message: "Enter your Mixin ID (the number in your Mixin profile) or a payee UUID." };
  if (MIXIN_ID_PATTERN.test(v)) return { ok: true, value: v };
  const uuid = validatePayeeId(v);
  if (uuid.ok) return uuid;
  return {
    ok: false,
    message:
      "Must be a Mixin ID (4–12 digits, e.g. 37160854) or a payee UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7.",
  };
}

/** A UUID (asset ids); lower-cased. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value.trim());
}

/** An http(s) base URL as the plugin accepts it; null when empty, false when invalid. */
export function checkBaseUrl(input: string): string | null | false {
  const v = input.trim();
  if (v === "") return null;
  if (!/^https?:\/\/[^\s/]+/i.test(v)) return false;
  return v.replace(/\/+$/, "");
}
