/**
 * The id Medusa gives the plugin's payment provider: `pp_{identifier}_{id}`, from the provider's identifier
 * ("mixpay") and the id it is registered under in medusa-config ("mixpay"). It lives here, with nothing else of
 * Medusa, so the plugin, the admin UI (which cannot import the plugin) and the sandbox all use this one.
 */
export const MIXPAY_PROVIDER_ID = "pp_mixpay_mixpay";
