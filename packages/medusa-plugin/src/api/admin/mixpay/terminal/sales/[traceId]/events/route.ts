import { terminalSaleBody } from "../../../../../../../lib/terminal";
import { saleStreamRoute } from "../../../../../../sale-stream-route";

/**
 * A terminal sale's status as server-sent events (admin auth): each event's data is exactly what
 * GET /admin/mixpay/terminal/sales/:traceId answers without `?qr=true`.
 */
export const GET = saleStreamRoute({
  kind: "admin",
  body: (container, payment, error) => terminalSaleBody(container, payment, error),
});
