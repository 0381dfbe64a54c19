/**
 * The HTTP contract of a sale's server-sent event stream (the admin terminal's and the store's): the routes, the
 * event name, the timings and when the server ends a stream. Every update is `event: sale\ndata: <JSON>\n\n` where
 * the JSON is exactly the body of the sibling status route (`MIXPAY_ADMIN_ROUTES.terminalSale`,
 * `MIXPAY_STORE_ROUTES.payment`); the first is sent at once on connect; a `: ping` comment keeps idle proxies from
 * closing the connection. Plain constants and predicates — no zod — for the plugin and every screen alike.
 */

/* The routes are `MIXPAY_ADMIN_ROUTES.terminalSaleEvents` and `MIXPAY_STORE_ROUTES.paymentEvents` (./admin-http.ts). */

/** The `event:` name of every update on a sale stream. */
export const SALE_STREAM_EVENT = "sale";

/** The server sends a `: ping` comment this often while nothing changes. */
export const SALE_STREAM_PING_MS = 15_000;

/** The server ends a stream after this long, whatever the sale's state (a screen reconnects or polls). */
export const SALE_STREAM_MAX_LIFETIME_MS = 30 * 60_000;

/** The response headers of a sale stream. */
export const SALE_STREAM_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache",
  "X-Accel-Buffering": "no",
} as const;

/** What the "done" rule reads of a sale or payment body. */
export interface SettledLike {
  status?: string | null;
  final?: boolean | null;
  completed?: boolean | null;
}

/**
 * Whether a sale's outcome can no longer change, so a screen may stop watching and the server ends its stream
 * after sending it: paid with its order made; failed, expired or cancelled; any other status the server calls final.
 * Unpaid, confirming, underpaid, or paid while the order is still being made, keep watching.
 */
export function isSaleSettled(sale: SettledLike): boolean {
  if (sale.status === "paid") return sale.completed === true;
  if (sale.status === "failed" || sale.status === "expired" || sale.status === "cancelled") return true;
  return sale.final === true;
}
