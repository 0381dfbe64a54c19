import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http";
import { callbackSourceGuard } from "./callback-source-guard";
import { validateBody } from "./validate";
import {
  GetMixpayAssetsSchema,
  GetMixpayPayeeSchema,
  GetMixpayPaymentsSchema,
  GetMixpayRegionsSchema,
  GetTerminalSaleSchema,
  PostMixpayRefundSchema,
  PostMixpaySettingsSchema,
  PostMixpaySettingsTestSchema,
  PostTerminalSaleSchema,
} from "./validators";

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/mixpay/settings",
      method: "POST",
      middlewares: [validateBody(PostMixpaySettingsSchema)],
    },
    {
      matcher: "/admin/mixpay/assets",
      method: "GET",
      middlewares: [validateAndTransformQuery(GetMixpayAssetsSchema, {})],
    },
    {
      matcher: "/admin/mixpay/payees/:ref",
      method: "GET",
      middlewares: [validateAndTransformQuery(GetMixpayPayeeSchema, {})],
    },
    {
      matcher: "/admin/mixpay/regions",
      method: "GET",
      middlewares: [validateAndTransformQuery(GetMixpayRegionsSchema, {})],
    },
    {
      matcher: "/admin/mixpay/settings/check",
      method: "POST",
      middlewares: [validateBody(PostMixpaySettingsTestSchema)],
    },
    {
      matcher: "/admin/mixpay/terminal/sales",
      method: "POST",
      middlewares: [validateBody(PostTerminalSaleSchema)],
    },
    {
      matcher: "/admin/mixpay/terminal/sales/:traceId",
      method: "GET",
      middlewares: [validateAndTransformQuery(GetTerminalSaleSchema, {})],
    },
    {
      matcher: "/admin/mixpay/payments",
      method: "GET",
      middlewares: [validateAndTransformQuery(GetMixpayPaymentsSchema, {})],
    },
    {
      matcher: "/admin/mixpay/payments/:traceId/refunds",
      method: "POST",
      middlewares: [validateBody(PostMixpayRefundSchema)],
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
