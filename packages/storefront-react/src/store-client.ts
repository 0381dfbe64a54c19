import { MIXPAY_PROVIDER_ID, MIXPAY_STORE_ROUTES, routePath } from "@mixpay-pos/protocol";
import type { CheckoutViewInput, SaleStreamOptions, StreamFetch } from "@mixpay-pos/sale-engine";

/**
 * The storefront's one way to the plugin's store routes, through Medusa's JS SDK: its base URL, publishable key
 * and headers, so nothing here knows where the Medusa server is. Status and cancel go through `sdk.client.fetch`;
 * the sale's event stream through `sdk.client.fetch_` (the raw response, read as a stream by the sale engine: the
 * publishable key is a header, which EventSource cannot send).
 */

/** What a storefront's MixPay session holds (`payment_session.data`, public: the plugin stores no secret there). */
export interface MixpaySessionData {
  trace_id: string;
  pay_url: string;
  qr_data_url?: string | null;
  qr_svg?: string | null;
  expires_at?: string | null;
  status?: string | null;
  quote_amount?: string | null;
  quote_asset_id?: string | null;
}

/** `GET /store/mixpay/payments/:traceId`'s payment (the store view: no order, cart or customer data). */
export interface StorePaymentView extends CheckoutViewInput {
  trace_id: string;
  status: string;
  pay_url?: string | null;
  completed?: boolean | null;
  cancelled?: boolean | null;
}

export interface StorePaymentBody {
  payment: StorePaymentView;
}

export interface PaymentSessionLike {
  provider_id: string;
  status?: string | null;
  data?: Record<string, unknown> | null;
}

export interface PaymentCollectionLike {
  payment_sessions?: PaymentSessionLike[] | null;
}

/** The part of a Medusa store cart this reads. */
export interface CartLike {
  id: string;
  total?: number | string | null;
  currency_code?: string | null;
  payment_collection?: PaymentCollectionLike | null;
}

interface FetchInit {
  method?: string;
  body?: Record<string, unknown>;
  signal?: AbortSignal | null;
}

/**
 * The part of Medusa's JS SDK (`new Medusa({ baseUrl, publishableKey })` from `@medusajs/js-sdk`) this uses; an
 * SDK instance fits it as is.
 */
export interface MedusaSdkLike {
  client: {
    fetch<T>(input: string, init?: FetchInit): Promise<T>;
    fetch_: (
      input: string,
      init?: {
        headers?: Record<string, string>;
        signal?: AbortSignal;
        cache?: RequestCache;
        credentials?: RequestCredentials;
      },
    ) => Promise<Response>;
  };
  store: {
    payment: {
      initiatePaymentSession(
        cart: CartLike,
        body: { provider_id: string },
      ): Promise<{ payment_collection: PaymentCollectionLike }>;
    };
  };
}

export interface MixpayStoreClient {
  /** One check of the payment (the server asks MixPay only when its rule allows, and completes a paid sale). */
  status(traceId: string, signal?: AbortSignal): Promise<StorePaymentBody>;
  /** Cancel from the checkout: `cartId` must be the sale's cart. Never asks MixPay. */
  cancel(traceId: string, cartId: string): Promise<StorePaymentBody>;
  /** The sale's event stream, for the sale engine's `watchSale`. */
  stream(traceId: string): SaleStreamOptions<StorePaymentBody>;
  /** A fresh MixPay payment (new trace, new QR code) for the cart; the old one is retired by the plugin. */
  newPayment(cart: CartLike): Promise<MixpaySessionData>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Accepts the status route's body (and each stream event's data, the same JSON); throws on anything else. */
export function parseStorePaymentBody(json: unknown): StorePaymentBody {
  const payment = isRecord(json) ? json.payment : undefined;
  if (!isRecord(payment) || typeof payment.trace_id !== "string" || typeof payment.status !== "string") {
    throw new Error("not a MixPay payment status body");
  }
  return { payment: payment as unknown as StorePaymentView };
}

/** The cart's MixPay session data (the last one, should a cart hold several); null when it has none. */
export function mixpaySessionOf(collection: PaymentCollectionLike | null | undefined): MixpaySessionData | null {
  const sessions = (collection?.payment_sessions ?? []).filter((s) => s.provider_id === MIXPAY_PROVIDER_ID);
  const data = sessions.at(-1)?.data;
  if (!isRecord(data) || typeof data.trace_id !== "string" || typeof data.pay_url !== "string") return null;
  return data as unknown as MixpaySessionData;
}

export function mixpayStoreClient(sdk: MedusaSdkLike): MixpayStoreClient {
  const streamFetch: StreamFetch = (url, init) => sdk.client.fetch_(url, init);
  return {
    async status(traceId, signal) {
      const body = await sdk.client.fetch<unknown>(routePath(MIXPAY_STORE_ROUTES.payment, { traceId }), {
        signal: signal ?? null,
      });
      return parseStorePaymentBody(body);
    },
    async cancel(traceId, cartId) {
      const body = await sdk.client.fetch<unknown>(routePath(MIXPAY_STORE_ROUTES.paymentCancel, { traceId }), {
        method: "POST",
        body: { cart_id: cartId },
      });
      return parseStorePaymentBody(body);
    },
    stream(traceId) {
      return {
        url: routePath(MIXPAY_STORE_ROUTES.paymentEvents, { traceId }),
        parse: parseStorePaymentBody,
        fetch: streamFetch,
      };
    },
    async newPayment(cart) {
      const { payment_collection } = await sdk.store.payment.initiatePaymentSession(cart, {
        provider_id: MIXPAY_PROVIDER_ID,
      });
      const session = mixpaySessionOf(payment_collection);
      if (!session) throw new Error("Medusa answered without a MixPay payment session");
      return session;
    },
  };
}
