import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { isSaleSettled, SALE_STREAM_HEADERS, SALE_STREAM_PING_MS } from "@mixpay-pos/core";
import { callerAddress } from "../lib/callback-source";
import { type SyncedPayment, syncPayment } from "../lib/complete-sale";
import { parseTraceId } from "../lib/ids";
import { SaleStream, type SaleStreamSource, type StreamBody } from "../lib/sale-stream";
import { StreamShutdown } from "../lib/stream-shutdown";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../modules/mixpay/service";
import { withRouteErrors } from "./errors";

/** A client that has not taken a written state for this long is disconnected. */
const STALL_MS = 30_000;
/** No two polls of one stream closer than this (the check rule decides whether a poll asks MixPay). */
const MIN_POLL_GAP_MS = 1_000;
/** When the rule gave no time (it just asked, or the sale is paid but its order not made yet): poll again after. */
const POLL_FALLBACK_MS = 5_000;

/** This process's open streams, ended when Medusa is told to stop (lib/stream-shutdown.ts). */
const shutdown = new StreamShutdown();

/** One variant of the sale stream: its cap pool and the body of its sibling status route. */
export interface SaleStreamVariant {
  kind: "admin" | "store";
  body(container: MedusaContainer, payment: MixpayPaymentDTO, error?: string): Promise<unknown>;
}

const settled = (p: MixpayPaymentDTO) =>
  isSaleSettled({ status: p.status, final: p.final, completed: Boolean(p.completed_at) });

/**
 * A sale's server-sent event stream (the contract is in @mixpay-pos/protocol's sale-stream.ts). Before anything is
 * streamed: a slot under this process's caps (429 with Retry-After over them), and the same check and 404 as the
 * sibling status route. Then lib/sale-stream.ts runs it: re-reads on every change announced by any server process
 * (the module's sale feed, PostgreSQL LISTEN/NOTIFY), and polls on the check rule's schedule like a polling screen.
 */
export function saleStreamRoute(variant: SaleStreamVariant) {
  return withRouteErrors(async (req: MedusaRequest, res: MedusaResponse) => {
    const mixpay = req.scope.resolve<MixpayModuleService>(MIXPAY_MODULE);
    const traceId = parseTraceId(req.params.traceId);
    const address = callerAddress(
      req.socket?.remoteAddress,
      req.headers["x-forwarded-for"],
      mixpay.callbackSource.trustedProxyHops,
    );
    const release = mixpay.streamSlots.acquire(`${variant.kind}:${address ?? "unknown"}`);
    let handedOver = false;
    try {
      const synced = await syncPayment(req.scope, traceId, "screen");
      if (!synced) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
      const toBody = async (payment: MixpayPaymentDTO, error?: string): Promise<StreamBody> => ({
        body: await variant.body(req.scope, payment, error),
        settled: settled(payment),
      });
      const nextPollAt = (s: SyncedPayment) =>
        settled(s.payment) ? null : (s.retryAtMs ?? Date.now() + POLL_FALLBACK_MS);
      const source: SaleStreamSource = {
        read: async () => {
          const payment = await mixpay.retrievePaymentByTrace(traceId);
          return payment ? toBody(payment) : null;
        },
        poll: async () => {
          const s = await syncPayment(req.scope, traceId, "screen");
          return s ? { current: await toBody(s.payment, s.error), retryAtMs: nextPollAt(s) } : null;
        },
      };
      const first = await toBody(synced.payment, synced.error);
      const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER);
      const stream = new SaleStream({
        sink: res,
        source,
        timings: {
          pingMs: SALE_STREAM_PING_MS,
          maxLifetimeMs: mixpay.streamMaxLifetimeMs,
          stallMs: STALL_MS,
          minPollGapMs: MIN_POLL_GAP_MS,
        },
        onError: (message) => logger.warn(`MixPay: the stream of ${traceId} could not read the payment: ${message}`),
      });
      stream.onStop(release);
      stream.onStop(shutdown.register(() => stream.stop()));
      handedOver = true;
      res.status(200);
      res.set({ ...SALE_STREAM_HEADERS });
      res.flushHeaders();
      req.socket?.setNoDelay?.(true);
      res.on("close", () => stream.abort());
      stream.start(first, nextPollAt(synced), (onChange) => mixpay.saleFeed.subscribe(traceId, onChange));
    } finally {
      if (!handedOver) release();
    }
  });
}
