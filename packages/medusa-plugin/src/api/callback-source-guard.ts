import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { callerAddress, isAllowedCallbackSource } from "../lib/callback-source";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";

/**
 * In front of both callback routes (/hooks/mixpay and Medusa's /hooks/payment/mixpay_mixpay): with the
 * `callbackSourceIps` option set, a callback from any other address is refused with 403 before it is read, so it
 * costs neither a database lookup nor a MixPay request. Off by default.
 */
export function callbackSourceGuard(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const { allowlist, trustedProxyHops } = mixpay.callbackSource;
  if (allowlist.length === 0) return next();
  const address = callerAddress(req.socket?.remoteAddress, req.headers["x-forwarded-for"], trustedProxyHops);
  if (isAllowedCallbackSource(address, allowlist)) return next();
  req.scope
    .resolve(ContainerRegistrationKeys.LOGGER)
    .debug(`MixPay callback from ${address ?? "an unknown address"} refused: not in callbackSourceIps`);
  res.status(403).json({ code: "FAIL", message: "callbacks are accepted from MixPay's address only" });
}
