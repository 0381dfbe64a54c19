import { MIXPAY_PROVIDER_ID } from "@mixpay-pos/protocol";
import type { CartLike, MedusaSdkLike, MixpaySessionData, StorePaymentView } from "../src/store-client";

/**
 * A stand-in for Medusa's JS SDK at the HTTP level the component uses: `client.fetch` (JSON routes),
 * `client.fetch_` (the raw response: here a server-sent event stream the test pushes `sale` events into, in the
 * plugin's wire format) and `store.payment.initiatePaymentSession`. Every call is recorded.
 */

export function sessionData(traceId: string, expiresAt = new Date(Date.now() + 900_000).toISOString()) {
  return {
    trace_id: traceId,
    pay_url: `https://mixpay.me/code/${traceId}`,
    qr_data_url: "data:image/png;base64,iVBORw0KGgo=",
    expires_at: expiresAt,
    status: "unpaid",
    quote_amount: "6.3",
    quote_asset_id: "usdt",
  } satisfies MixpaySessionData;
}

export function cartWith(traceId: string | null): CartLike {
  return {
    id: "cart_1",
    total: 6.3,
    currency_code: "usd",
    payment_collection: {
      payment_sessions: traceId
        ? [{ provider_id: MIXPAY_PROVIDER_ID, status: "pending", data: sessionData(traceId) }]
        : [],
    },
  };
}

export function paymentView(traceId: string, fields: Partial<StorePaymentView> = {}): StorePaymentView {
  return {
    trace_id: traceId,
    status: "unpaid",
    final: false,
    amount: "6.3",
    currency_code: "usd",
    expires_at: new Date(Date.now() + 900_000).toISOString(),
    completed: false,
    cancelled: false,
    ...fields,
  };
}

interface Call {
  path: string;
  method: string;
  body?: unknown;
}

export function fakeSdk(opts: { nextTrace?: () => string; statusOf?: (traceId: string) => StorePaymentView } = {}) {
  const calls: Call[] = [];
  const streams = new Map<string, ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  let newPaymentError: Error | null = null;
  const sdk: MedusaSdkLike = {
    client: {
      async fetch<T>(path: string, init?: { method?: string; body?: Record<string, unknown> }) {
        const method = init?.method ?? "GET";
        calls.push({ path, method, ...(init?.body ? { body: init.body } : {}) });
        const cancel = /^\/store\/mixpay\/payments\/([^/]+)\/cancel$/.exec(path);
        if (cancel && method === "POST") {
          const traceId = decodeURIComponent(cancel[1] as string);
          return { payment: paymentView(traceId, { cancelled: true }) } as T;
        }
        const status = /^\/store\/mixpay\/payments\/([^/]+)$/.exec(path);
        if (status) {
          const traceId = decodeURIComponent(status[1] as string);
          return { payment: opts.statusOf?.(traceId) ?? paymentView(traceId) } as T;
        }
        throw new Error(`unexpected ${method} ${path}`);
      },
      fetch_: async (path: string) => {
        calls.push({ path, method: "STREAM" });
        const events = /^\/store\/mixpay\/payments\/([^/]+)\/events$/.exec(path);
        if (!events) throw new Error(`unexpected stream ${path}`);
        const traceId = decodeURIComponent(events[1] as string);
        const body = new ReadableStream<Uint8Array>({ start: (c) => void streams.set(traceId, c) });
        return new Response(body, { headers: { "content-type": "text/event-stream" } });
      },
    },
    store: {
      payment: {
        async initiatePaymentSession(cart, body) {
          calls.push({ path: `initiatePaymentSession ${cart.id}`, method: "POST", body });
          if (newPaymentError) throw newPaymentError;
          const traceId = opts.nextTrace?.() ?? "trace-2";
          return {
            payment_collection: { payment_sessions: [{ provider_id: MIXPAY_PROVIDER_ID, data: sessionData(traceId) }] },
          };
        },
      },
    },
  };
  return {
    sdk,
    calls,
    /** Sends one `sale` event on the trace's open stream, as the plugin does after every payment-record write. */
    push(traceId: string, fields: Partial<StorePaymentView>) {
      const c = streams.get(traceId);
      if (!c) throw new Error(`no stream open for ${traceId}`);
      c.enqueue(encoder.encode(`event: sale\ndata: ${JSON.stringify({ payment: paymentView(traceId, fields) })}\n\n`));
    },
    /** Sends any `sale` event data on the trace's stream. */
    pushRaw(traceId: string, data: string) {
      streams.get(traceId)?.enqueue(encoder.encode(`event: sale\ndata: ${data}\n\n`));
    },
    hasStream: (traceId: string) => streams.has(traceId),
    failNewPayment(error: Error | null) {
      newPaymentError = error;
    },
  };
}
