import { model } from "@medusajs/framework/utils";

/**
 * The merchant's MixPay settings, edited in the admin (Settings → MixPay). One row; the newest wins.
 * Read at call time by the provider, so a change applies to the next payment without a restart.
 */
export const MixpaySetting = model.define("mixpay_setting", {
  id: model.id({ prefix: "mxset" }).primaryKey(),
  enabled: model.boolean().default(true),
  /** Who receives the money: a Mixin user, bot or multisig UUID. */
  payee_id: model.text(),
  /** The crypto MixPay settles into (a Mixin asset UUID from MixPay's settlement list). */
  settlement_asset_id: model.text(),
  /** Quote asset used when MixPay does not quote the sale's currency (a fiat code or asset UUID); null: none. */
  quote_asset_id: model.text().nullable(),
  /** How long a customer has to pay, in minutes (MixPay allows 1 to 2880). */
  expiry_minutes: model.number().default(15),
  /** MixPay strict mode: never settle in another asset when the market is thin. */
  strict_mode: model.boolean().default(false),
  /** Public https base URL of this Medusa server, for MixPay's callbacks; null: no callbacks, the job polls. */
  public_base_url: model.text().nullable(),
  /** MixPay API base; null: https://api.mixpay.me/v1 (the sandbox points it at the simulator). */
  api_base_url: model.text().nullable(),
  /** Checkout pages base; null: https://mixpay.me. */
  checkout_base_url: model.text().nullable(),
});
