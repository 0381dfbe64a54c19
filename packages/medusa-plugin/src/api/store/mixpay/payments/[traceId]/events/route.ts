import { storeStatusBody } from "../../../../../../lib/payment-view";
import { saleStreamRoute } from "../../../../../sale-stream-route";

/**
 * A payment's status as server-sent events, for POS and storefront screens: each event's data is exactly what
 * GET /store/mixpay/payments/:traceId answers (the data-minimising store view), behind the same publishable key.
 * Streams are capped per client address and per server process (429 with Retry-After); a screen polls instead.
 */
export const GET = saleStreamRoute({
  kind: "store",
  body: async (_container, payment, error) => storeStatusBody(payment, error),
});
