/**
 * @mixpay-pos/storefront-react: MixPay's payment step for a Medusa v2 storefront's checkout, on the sale engine
 * (`@mixpay-pos/sale-engine`) and Medusa's JS SDK.
 */

export { MIXPAY_PROVIDER_ID } from "@mixpay-pos/protocol";
export { type CheckoutView, checkoutView } from "@mixpay-pos/sale-engine";
export { MixpayCheckout, type MixpayCheckoutProps } from "./mixpay-checkout";
export {
  type CartLike,
  type MedusaSdkLike,
  type MixpaySessionData,
  type MixpayStoreClient,
  mixpaySessionOf,
  mixpayStoreClient,
  type PaymentCollectionLike,
  type PaymentSessionLike,
  parseStorePaymentBody,
  type StorePaymentBody,
  type StorePaymentView,
} from "./store-client";
export {
  type CheckoutBusy,
  type MixpayCheckoutState,
  type UseMixpayCheckoutOptions,
  useMixpayCheckout,
} from "./use-mixpay-checkout";
