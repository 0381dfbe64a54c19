/**
 * Payee UUID validation for the settings form: the same rule the plugin applies (8-4-4-4-12 hex, or the
 * 32-hex form older MixPay docs used, normalised to dashed lower case), with messages a merchant can act on.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const COMPACT = /^[0-9a-fA-F]{32}$/;
const MIXIN_ID = /^[0-9]{4,12}$/;

export type PayeeCheck = { ok: true; value: string } | { ok: false; message: string };

export function validatePayeeId(input: string): PayeeCheck {
  const v = input.trim();
  if (v === "") return { ok: false, message: "Enter the payee UUID that receives the money." };
  if (UUID.test(v)) return { ok: true, value: v.toLowerCase() };
  if (COMPACT.test(v)) {
    const d = `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
    return { ok: true, value: d.toLowerCase() };
  }
  if (MIXIN_ID.test(v)) {
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
  if (MIXIN_ID.test(v)) return { ok: true, value: v };
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
  return UUID.test(value.trim());
}

/** An http(s) base URL as the plugin accepts it; null when empty, false when invalid. */
export function checkBaseUrl(input: string): string | null | false {
  const v = input.trim();
  if (v === "") return null;
  if (!/^https?:\/\/[^\s/]+/i.test(v)) return false;
  return v.replace(/\/+$/, "");
}
