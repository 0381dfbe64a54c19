import { isIP } from "node:net";
import { CALLBACK_TIMEOUT_MS } from "@mixpay-pos/protocol";
import type { z } from "zod";
import { type ControlAction, ControlError, parseControlAction } from "./actions.js";
import {
  AssetCatalog,
  DEFAULT_CRYPTO_QUOTE_ASSET_IDS,
  DEFAULT_FIATS,
  DEFAULT_PAYEES,
  DEFAULT_PAYMENT_ASSETS,
  DEFAULT_SETTLEMENT_ASSETS,
  PayeeDirectory,
  type PayeeEntry,
} from "./assets.js";
import { CallbackDispatcher } from "./callbacks.js";
import { SimClock } from "./clock.js";
import type { SimContext } from "./context.js";
import { handleRequest } from "./handler.js";
import {
  type Behaviour,
  behaviourPatchSchema,
  DEFAULT_BEHAVIOUR,
  DEFAULT_FAULTS,
  definedOnly,
  type Faults,
  faultsPatchSchema,
  type SimulatorOptions,
} from "./options.js";
import { SlidingWindowRateLimiter } from "./rate-limit.js";
import { type RecordedRequest, RequestLog } from "./request-log.js";
import type { ResultContext } from "./result.js";
import { FINAL_STATUSES, type PaymentRecord, PaymentStore } from "./state.js";
import { paymentView, type SimulatedPaymentView } from "./view.js";

export const DEFAULT_CHECKOUT_BASE_URL = "http://127.0.0.1:4010";

export interface Simulator {
  /** Answers one request like MixPay would. `clientKey` (the caller's IP) keys the rate limit. */
  handle(request: Request, meta?: { clientKey?: string }): Promise<Response>;
  /** Where /pay and /code live (set by the server/msw adapter). */
  readonly checkoutBaseUrl: string;
  setCheckoutBaseUrl(url: string): void;
  /** Every payment (same as GET /_control/payments). */
  payments(): SimulatedPaymentView[];
  payment(traceId: string): SimulatedPaymentView | undefined;
  /** Applies a control action (same as POST /_control/payments/:traceId). Throws ControlError (status 400/404/409). */
  act(traceId: string, action: ControlAction): SimulatedPaymentView;
  setFaults(f: Partial<Faults>): Faults;
  configure(b: Partial<Behaviour>): Behaviour;
  /** Adds (or replaces) a payee in the directory, e.g. the merchant UUID typed into an admin panel. */
  addPayee(entry: PayeeEntry): PayeeEntry;
  /** Back to the state right after createSimulator: no payments, no recorded requests, initial behaviour/faults/payees, clock offset 0. */
  reset(): void;
  /** Moves simulated time forward (expiry, rate-limit windows) without waiting. */
  advanceClock(ms: number): void;
  /**
   * Every /v1 request answered so far (same as GET /_control/requests), oldest first; with `sinceMs`, only those
   * that arrived at or after it (simulated ms).
   */
  requests(sinceMs?: number): RecordedRequest[];
  /** Resolves when no callback attempt is in flight or scheduled. */
  idle(): Promise<void>;
  /** Cancels every timer. */
  close(): void;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = new SimClock(options.now);
  // Options pass the same schemas as the control API, so a bad value fails here rather than misbehaving later.
  const initialBehaviour: Behaviour = {
    ...DEFAULT_BEHAVIOUR,
    ...definedOnly(
      checked(behaviourPatchSchema, "behaviour", {
        ...options.behaviour,
        ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
      }),
    ),
  };
  const initialFaults: Faults = {
    ...DEFAULT_FAULTS,
    ...definedOnly(checked(faultsPatchSchema, "faults", options.faults ?? {})),
  };
  const expirySweepMs = options.expirySweepMs ?? 1000;
  if (!Number.isFinite(expirySweepMs) || expirySweepMs < 0) {
    throw new RangeError(`expirySweepMs must be a number of ms ≥ 0, got ${expirySweepMs}`);
  }
  const sourceAddress = options.callbackSourceAddress;
  if (sourceAddress !== undefined && isIP(sourceAddress) === 0) {
    throw new RangeError(`callbackSourceAddress must be an IP address, got ${JSON.stringify(sourceAddress)}`);
  }
  if (sourceAddress !== undefined && options.fetch) {
    throw new RangeError("callbackSourceAddress and fetch exclude each other: callbacks from an address use node:http");
  }
  let behaviour: Behaviour = { ...initialBehaviour };
  let faults: Faults = { ...initialFaults };
  let checkoutBaseUrl = options.checkoutBaseUrl ?? DEFAULT_CHECKOUT_BASE_URL;

  const catalog = new AssetCatalog({
    paymentAssets: options.paymentAssets ?? DEFAULT_PAYMENT_ASSETS,
    settlementAssets: options.settlementAssets ?? DEFAULT_SETTLEMENT_ASSETS,
    fiats: options.fiats ?? DEFAULT_FIATS,
    cryptoQuoteAssetIds: options.cryptoQuoteAssetIds ?? DEFAULT_CRYPTO_QUOTE_ASSET_IDS,
  });
  const payees = new PayeeDirectory(options.payees ?? DEFAULT_PAYEES);
  const limiter = new SlidingWindowRateLimiter();
  const requests = new RequestLog();

  const dispatcher = new CallbackDispatcher({
    now: () => clock.now(),
    timeScale: () => behaviour.callbackTimeScale,
    environment: () => behaviour.environment,
    faults: () => faults,
    fetch: () => options.fetch ?? globalThis.fetch,
    timeoutMs: options.callbackTimeoutMs ?? CALLBACK_TIMEOUT_MS,
    ...(options.callbackForwardedFor ? { forwardedFor: options.callbackForwardedFor } : {}),
    ...(sourceAddress ? { sourceAddress } : {}),
    record: (traceId, delivery) => store.peek(traceId)?.deliveries.push(delivery),
  });

  const store: PaymentStore = new PaymentStore({
    clock,
    catalog,
    behaviour: () => behaviour,
    onEvents: (p, events) => {
      if (!p.callbackUrl) return;
      const wanted = events.filter((e) => e === "success" || e === "fail" || p.callbackEvents.some((s) => s === e));
      dispatcher.dispatch(
        {
          traceId: p.traceId,
          orderId: p.orderId ?? "",
          payeeId: p.payeeId,
          callbackUrl: p.callbackUrl,
          lifecycle: p.lifecycle,
        },
        wanted,
        FINAL_STATUSES.includes(p.status),
      );
    },
  });

  const resultContext = (): ResultContext => ({ store, payees, behaviour });
  const view = (p: PaymentRecord) => paymentView(p, resultContext(), checkoutBaseUrl);

  const act = (traceId: string, action: ControlAction): SimulatedPaymentView =>
    view(store.act(traceId, parseControlAction(action)));

  const setFaults = (patch: Partial<Faults>): Faults => {
    const parsed = faultsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new ControlError(400, `faults: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const wasReordering = faults.callbacks === "reorder";
    faults = { ...faults, ...definedOnly<Faults>(parsed.data) };
    if (wasReordering && faults.callbacks !== "reorder") dispatcher.flushAll();
    return { ...faults };
  };

  const configure = (patch: Partial<Behaviour>): Behaviour => {
    const parsed = behaviourPatchSchema.safeParse(patch);
    if (!parsed.success) throw new ControlError(400, `behaviour: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    behaviour = { ...behaviour, ...definedOnly<Behaviour>(parsed.data) };
    return { ...behaviour };
  };

  const reset = () => {
    dispatcher.cancelAll();
    store.reset();
    requests.clear();
    limiter.reset();
    payees.reset();
    clock.reset();
    behaviour = { ...initialBehaviour };
    faults = { ...initialFaults };
  };

  const ctx: SimContext = {
    clock,
    catalog,
    payees,
    store,
    requests,
    behaviour: () => behaviour,
    faults: () => faults,
    checkoutBaseUrl: () => checkoutBaseUrl,
    resultContext,
    createPayment: (terms) => store.create(terms),
    view,
    act,
    setFaults,
    configure,
    addPayee: (entry) => payees.add(entry),
    reset,
    advanceClock: (ms) => {
      clock.advance(ms);
      store.expireDue();
    },
  };

  const sweep =
    expirySweepMs > 0
      ? setInterval(() => {
          store.expireDue();
        }, expirySweepMs)
      : undefined;
  sweep?.unref?.();

  return {
    handle: (request, meta) => handleRequest(request, meta?.clientKey ?? "anonymous", ctx, limiter),
    get checkoutBaseUrl() {
      return checkoutBaseUrl;
    },
    setCheckoutBaseUrl(url: string) {
      checkoutBaseUrl = url.replace(/\/+$/, "");
    },
    payments: () => store.list().map(view),
    payment: (traceId) => {
      const p = store.get(traceId);
      return p ? view(p) : undefined;
    },
    act,
    setFaults,
    configure,
    addPayee: ctx.addPayee,
    reset,
    advanceClock: ctx.advanceClock,
    requests: (sinceMs) => requests.list(sinceMs),
    idle: () => dispatcher.idle(),
    close: () => {
      if (sweep) clearInterval(sweep);
      dispatcher.close();
    },
  };
}

function checked<S extends z.ZodType>(schema: S, what: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RangeError(`${what}.${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
}
