import { defineMiddlewares } from "@medusajs/framework/http";
import { MIXPAY_ADMIN_ROUTES as ROUTES, MIXPAY_STORE_ROUTES as STORE_ROUTES } from "@mixpay-pos/core";
import { callbackSourceGuard } from "./callback-source-guard";
import { validateBody, validateQuery } from "./validate";
import {
  GetMixpayAssetsSchema,
  GetMixpayPayeeSchema,
  GetMixpayPaymentsSchema,
  GetMixpayRegionsSchema,
  GetTerminalSaleSchema,
  PostMixpayRefundSchema,
  PostMixpaySettingsSchema,
  PostMixpaySettingsTestSchema,
  PostStorePaymentCancelSchema,
  PostTerminalSaleSchema,
} from "./validators";

export default defineMiddlewares({
  routes: [
    {
      matcher: ROUTES.settings,
      method: "POST",
      middlewares: [validateBody(PostMixpaySettingsSchema)],
    },
    {
      matcher: ROUTES.assets,
      method: "GET",
      middlewares: [validateQuery(GetMixpayAssetsSchema)],
    },
    {
      matcher: ROUTES.payee,
      method: "GET",
      middlewares: [validateQuery(GetMixpayPayeeSchema)],
    },
    {
      matcher: ROUTES.regions,
      method: "GET",
      middlewares: [validateQuery(GetMixpayRegionsSchema)],
    },
    {
      matcher: ROUTES.settingsCheck,
      method: "POST",
      middlewares: [validateBody(PostMixpaySettingsTestSchema)],
    },
    {
      matcher: ROUTES.terminalSales,
      method: "POST",
      middlewares: [validateBody(PostTerminalSaleSchema)],
    },
    {
      matcher: ROUTES.terminalSale,
      method: "GET",
      middlewares: [validateQuery(GetTerminalSaleSchema)],
    },
    {
      matcher: ROUTES.payments,
      method: "GET",
      middlewares: [validateQuery(GetMixpayPaymentsSchema)],
    },
    {
      matcher: ROUTES.paymentRefunds,
      method: "POST",
      middlewares: [validateBody(PostMixpayRefundSchema)],
    },
    {
      // Public: a stranger's body is small or refused before it is parsed.
      matcher: STORE_ROUTES.paymentCancel,
      method: "POST",
      bodyParser: { sizeLimit: "2kb" },
      middlewares: [validateBody(PostStorePaymentCancelSchema)],
    },
    {
      // MixPay posts JSON; accept form bodies too (its docs allow both for requests). Small: a callback names three ids.
      matcher: "/hooks/mixpay",
      method: "POST",
      bodyParser: { preserveRawBody: true, sizeLimit: "16kb" },
      middlewares: [callbackSourceGuard],
    },
    {
      // Medusa's generic webhook route for this provider: the same source check.
      matcher: "/hooks/payment/mixpay_mixpay",
      method: "POST",
      middlewares: [callbackSourceGuard],
    },
  ],
});
