import { ERROR_CODES, isLooseUuid, MIXIN_ID_PATTERN, normalizeUuid, type SettlementAsset } from "@mixpay-pos/protocol";
import { MixPayCoreError, MixPayError, MixPayValidationError } from "./errors.js";

/**
 * From what a merchant knows (their Mixin ID, or a payee UUID they were given) to a payee MixPay accepts.
 * A Mixin ID (digits) is looked up with GET /user/mixin_uuid/{mixinId}; a UUID (a user, a bot or a multisig group)
 * is checked by asking MixPay for the settlement assets it offers that payee — which the settings need anyway.
 */

/** The part of the client this needs. */
export interface PayeeLookupClient {
  users: { mixinUuid(mixinId: string, options?: { signal?: AbortSignal }): Promise<{ payeeId: string }> };
  assets: {
    settlement(query?: { payeeId?: string }, options?: { signal?: AbortSignal }): Promise<SettlementAsset[]>;
  };
}

export type PayeeKind = "user" | "bot" | "unknown";

/** Mixin numbers its bots (apps) 7000xxxxxx; every other Mixin ID is a user's. */
const MIXIN_BOT_ID = /^7000[0-9]{6}$/;

export function payeeKindOfMixinId(mixinId: string): Exclude<PayeeKind, "unknown"> {
  return MIXIN_BOT_ID.test(mixinId) ? "bot" : "user";
}

export interface ResolvedPayee {
  /** The payee UUID to put in the settings (dashed, lower case). */
  payeeId: string;
  /** How it was found: looked up from a Mixin ID, or a UUID that MixPay knows. */
  from: "mixin-id" | "uuid";
  /** The Mixin ID it was looked up from. */
  mixinId?: string;
  /**
   * What kind of Mixin account it is, when that can be known: a Mixin ID belongs to a user, or to a bot when it
   * is one of Mixin's 7000xxxxxx bot numbers. MixPay does not say what a UUID is (user, bot or multisig group).
   */
  kind: PayeeKind;
  /** What MixPay settles into for this payee (fiat settlement appears here once MixPay approved it). */
  settlementAssets: SettlementAsset[];
}

/** MixPay does not know this Mixin ID or payee: the message says what the merchant should do. */
export class PayeeNotFoundError extends MixPayCoreError {
  readonly input: string;
  constructor(input: string, message: string, cause?: unknown) {
    super(message, "fail", { cause });
    this.input = input;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof MixPayError && error.code === ERROR_CODES.USER_NOT_FOUND;
}

/**
 * Resolves a Mixin ID or a payee UUID. Throws MixPayValidationError (field "payee") for anything that is neither,
 * PayeeNotFoundError when MixPay does not know it, and MixPay's own errors (down, rate limited) as they come.
 */
export async function resolvePayee(
  client: PayeeLookupClient,
  input: string,
  options: { signal?: AbortSignal } = {},
): Promise<ResolvedPayee> {
  const value = input.trim();
  if (MIXIN_ID_PATTERN.test(value)) {
    let payeeId: string;
    try {
      ({ payeeId } = await client.users.mixinUuid(value, options));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw new PayeeNotFoundError(
        value,
        `MixPay has no user with Mixin ID ${value}. Check the number in the Mixin app (Me → profile), and let the merchant open MixPay once with that account; then try again.`,
        error,
      );
    }
    const settlementAssets = await settlementFor(client, normalizeUuid(payeeId), value, options);
    return {
      payeeId: normalizeUuid(payeeId),
      from: "mixin-id",
      mixinId: value,
      kind: payeeKindOfMixinId(value),
      settlementAssets,
    };
  }
  if (isLooseUuid(value)) {
    const payeeId = normalizeUuid(value);
    return {
      payeeId,
      from: "uuid",
      kind: "unknown",
      settlementAssets: await settlementFor(client, payeeId, value, options),
    };
  }
  throw new MixPayValidationError("payee", [
    {
      field: "payee",
      message:
        "must be a Mixin ID (the digits in the Mixin app's profile) or a payee UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7",
    },
  ]);
}

async function settlementFor(
  client: PayeeLookupClient,
  payeeId: string,
  input: string,
  options: { signal?: AbortSignal },
): Promise<SettlementAsset[]> {
  try {
    return await client.assets.settlement({ payeeId }, options);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new PayeeNotFoundError(
      input,
      `MixPay does not know the payee ${payeeId}. Use the merchant's Mixin ID instead, or the UUID of a Mixin user, bot or multisig group that has used MixPay.`,
      error,
    );
  }
}
