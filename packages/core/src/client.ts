import {
  type AssetListQuery,
  assetListQuerySchema,
  ERROR_CODES,
  envelopeSchema,
  errorDataSchema,
  MIXPAY_API_BASE,
  type MultisigRequestInput,
  mixinIdSchema,
  mixinUuidDataSchema,
  multisigDataSchema,
  multisigRequestSchema,
  type OneTimePaymentRequestInput,
  oneTimePaymentDataSchema,
  oneTimePaymentRequestSchema,
  type PaymentAsset,
  type PaymentEstimate,
  type PaymentInfo,
  type PaymentResult,
  type PaymentsEstimatedQuery,
  type PaymentsInfoQuery,
  type PaymentsResultQuery,
  paymentAssetListSchema,
  paymentEstimateDataSchema,
  paymentInfoDataSchema,
  paymentResultDataSchema,
  paymentsEstimatedQuerySchema,
  paymentsInfoQuerySchema,
  paymentsResultQuerySchema,
  type QuoteAsset,
  type QuoteAssetListQuery,
  quoteAssetListQuerySchema,
  quoteAssetListSchema,
  type SettlementAsset,
  settlementAssetListSchema,
} from "@mixpay-pos/protocol";
import { z } from "zod";
import {
  type ErrorDisposition,
  MixPayBusyError,
  MixPayError,
  MixPayNetworkError,
  MixPayResponseError,
  parseInput,
} from "./errors.js";
import { RateLimiter, type RequestPriority } from "./rate-limit.js";
import { type HttpMethod, RetryPolicy, type RetryPolicyOptions } from "./retry.js";

/**
 * The typed MixPay HTTP client (modelled on stripe-node: resources with typed methods, typed errors).
 *
 * Every call: validates its input with the protocol schema before anything is sent (MixPayValidationError
 * naming the field); takes a rate-limit slot before every attempt and reports every answer to the limiter;
 * sends GET query parameters or a JSON body (booleans as real booleans); parses the JSON body whatever the
 * HTTP status and branches on the envelope's `success`/`code` (MixPay documents the envelope, not the HTTP
 * status of an error): `success:false` → MixPayError, no envelope → MixPayResponseError, malformed `data` →
 * MixPayResponseError, no answer → MixPayNetworkError ("connection" | "timeout" | "aborted"), no rate-limit
 * slot within the call's `maxQueueMs` → MixPayBusyError (nothing sent, not retried). Retries follow
 * {@link RetryPolicy}.
 */

/** Default per-attempt timeout in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Default User-Agent header. */
export const DEFAULT_USER_AGENT = "mixpay-pos-core";

/** What {@link MixPayClientOptions.onRequest} is told just before each attempt is sent. */
export interface RequestAttemptInfo {
  /** "GET" or "POST". */
  method: string;
  /** Path below the base URL, without the query, e.g. "/payments_result". */
  path: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/** Options of a {@link MixPayClient}; every field has a default. */
export interface MixPayClientOptions {
  /** API root (default MIXPAY_API_BASE "https://api.mixpay.me/v1"); the simulator is e.g. "http://127.0.0.1:4010/v1". */
  baseUrl?: string;
  /** Timeout of each attempt in ms, from sending to the end of the body (default 10 000). */
  timeoutMs?: number;
  /** fetch implementation (default the global fetch, looked up at call time). */
  fetch?: typeof globalThis.fetch;
  /** Retry policy options, or false for a single attempt (default { maxAttempts 3, baseDelayMs 250, maxDelayMs 5 000, jitter }). */
  retry?: RetryPolicyOptions | false;
  /** Rate limiter, or false for none (default: a new in-memory RateLimiter at 60/min). Share one to share a budget. */
  rateLimiter?: RateLimiter | false;
  /** User-Agent header (default "mixpay-pos-core"). */
  userAgent?: string;
  /** Called just before each attempt is sent (after the rate limiter granted it); for counting requests. */
  onRequest?(info: RequestAttemptInfo): void;
}

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the call: the attempt in flight, a rate-limit wait or a backoff. Never retried. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
  /**
   * Who waits for this call (default "interactive": may use the rate limiter's reserved slots); "background"
   * for checks nobody waits for, which leave the reserved slots free. See {@link RateLimiter.reserved}.
   */
  priority?: RequestPriority;
  /** For a "background" call: how many slots it leaves free (default the rate limiter's reserved). */
  reserved?: number;
  /**
   * The longest each attempt may wait for a rate-limit slot, in ms (default: as long as it takes). When the
   * next slot frees later than that, the call fails at once with {@link MixPayBusyError} (its `retryAfterMs`
   * says when to try again), sends nothing and is not retried.
   */
  maxQueueMs?: number;
}

/** Payment endpoints. */
export interface PaymentsResource {
  /**
   * POST /one_time_payment: returns the checkout `code`, the payment's traceId (the given one, else the code) and,
   * when MixPay says (its `data.info.expiredAt`, since the 2026-08-13 release), the payment's fixed deadline.
   */
  create(
    req: OneTimePaymentRequestInput,
    options?: RequestOptions,
  ): Promise<{ code: string; traceId: string; deadlineMs?: number }>;
  /** GET /payments_result by traceId, or by orderId + payeeId. */
  retrieve(query: PaymentsResultQuery, options?: RequestOptions): Promise<PaymentResult>;
  /** GET /payments_info. */
  info(query: PaymentsInfoQuery, options?: RequestOptions): Promise<PaymentInfo>;
  /** GET /payments_estimated. */
  estimate(query: PaymentsEstimatedQuery, options?: RequestOptions): Promise<PaymentEstimate>;
}

/** Asset list endpoints (GET /setting/…). */
export interface AssetsResource {
  /** GET /setting/payment_assets. */
  payment(query?: AssetListQuery, options?: RequestOptions): Promise<PaymentAsset[]>;
  /** GET /setting/settlement_assets. */
  settlement(query?: AssetListQuery, options?: RequestOptions): Promise<SettlementAsset[]>;
  /** GET /setting/quote_assets. */
  quote(query?: QuoteAssetListQuery, options?: RequestOptions): Promise<QuoteAsset[]>;
}

/** User endpoints. */
export interface UsersResource {
  /** GET /user/mixin_uuid/{mixinId}: the payee id of a Mixin user who has used MixPay. */
  mixinUuid(mixinId: string, options?: RequestOptions): Promise<{ payeeId: string }>;
}

/** Multisig endpoints. */
export interface MultisigResource {
  /** POST /multisig: a multisig group id usable as payeeId. */
  create(req: MultisigRequestInput, options?: RequestOptions): Promise<{ multisigId: string }>;
}

interface Call<S extends z.ZodType> {
  method: HttpMethod;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  schema: S;
}

/** Error codes that mean the connection failed before any byte of the request left (safe to resend a POST). */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 6 || typeof error !== "object" || error === null) return [];
  const codes: string[] = [];
  if ("code" in error && typeof error.code === "string") codes.push(error.code);
  if ("cause" in error) codes.push(...errorCodes(error.cause, depth + 1));
  if (error instanceof AggregateError) for (const e of error.errors) codes.push(...errorCodes(e, depth + 1));
  return codes;
}

/** Whether a fetch failure happened while connecting, i.e. nothing reached MixPay (ECONNREFUSED, DNS, …). */
export function failedBeforeSending(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.some((c) => NOT_SENT_CODES.has(c)) && !codes.includes("ECONNRESET");
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const codes = errorCodes(error);
  return codes.length > 0 ? `${error.message} (${[...new Set(codes)].join(", ")})` : error.message;
}

function toQueryString(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Typed client of MixPay's HTTP API; see the module comment for what every call does. */
export class MixPayClient {
  /** Payment endpoints. */
  readonly payments: PaymentsResource;
  /** Asset list endpoints. */
  readonly assets: AssetsResource;
  /** User endpoints. */
  readonly users: UsersResource;
  /** Multisig endpoints. */
  readonly multisig: MultisigResource;
  /** API root without a trailing slash. */
  readonly baseUrl: string;
  /** The limiter every attempt goes through, or null when disabled. */
  readonly rateLimiter: RateLimiter | null;
  /** The retry policy in use (one attempt when retries are disabled). */
  readonly retryPolicy: RetryPolicy;

  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #userAgent: string;
  readonly #onRequest: ((info: RequestAttemptInfo) => void) | undefined;

  constructor(options: MixPayClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? MIXPAY_API_BASE).replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${this.#timeoutMs}`);
    this.#fetch = options.fetch;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#onRequest = options.onRequest;
    this.retryPolicy = options.retry === false ? RetryPolicy.none() : new RetryPolicy(options.retry ?? {});
    this.rateLimiter = options.rateLimiter === false ? null : (options.rateLimiter ?? new RateLimiter());

    this.payments = {
      create: async (req, o) => {
        const body = parseInput(oneTimePaymentRequestSchema, req, "one-time payment request");
        const data = await this.#call(
          { method: "POST", path: "/one_time_payment", body, schema: oneTimePaymentDataSchema },
          o,
        );
        const deadlineMs = data.info?.expiredAt;
        return { code: data.code, traceId: body.traceId ?? data.code, ...(deadlineMs ? { deadlineMs } : {}) };
      },
      retrieve: async (q, o) =>
        this.#call(
          {
            method: "GET",
            path: "/payments_result",
            query: parseInput(paymentsResultQuerySchema, q, "payments_result query"),
            schema: paymentResultDataSchema,
          },
          o,
        ),
      info: async (q, o) =>
        this.#call(
          {
            method: "GET",
            path: "/payments_info",
            query: parseInput(paymentsInfoQuerySchema, q, "payments_info query"),
            schema: paymentInfoDataSchema,
          },
          o,
        ),
      estimate: async (q, o) =>
        this.#call(
          {
            method: "GET",
            path: "/payments_estimated",
            query: parseInput(paymentsEstimatedQuerySchema, q, "payments_estimated query"),
            schema: paymentEstimateDataSchema,
          },
          o,
        ),
    };
    this.assets = {
      payment: async (q, o) =>
        this.#call(
          {
            method: "GET",
            path: "/setting/payment_assets",
            query: parseInput(assetListQuerySchema, q ?? {}, "payment asset list query"),
            schema: paymentAssetListSchema,
          },
          o,
        ),
      settlement: async (q, o) =>
        this.#call(
          {
            method: "GET",
            path: "/setting/settlement_assets",
            query: parseInput(assetListQuerySchema, q ?? {}, "settlement asset list query"),
            schema: settlementAssetListSchema,
          },
          o,
        ),
      quote: async (q, o) =>
        this.#call(
          {
            method: "GET",
            path: "/setting/quote_assets",
            query: parseInput(quoteAssetListQuerySchema, q ?? {}, "quote asset list query"),
            schema: quoteAssetListSchema,
          },
          o,
        ),
    };
    this.users = {
      mixinUuid: async (mixinId, o) => {
        const id = parseInput(z.object({ mixinId: mixinIdSchema }), { mixinId }, "Mixin ID").mixinId;
        const data = await this.#call(
          { method: "GET", path: `/user/mixin_uuid/${encodeURIComponent(id)}`, schema: mixinUuidDataSchema },
          o,
        );
        return { payeeId: data.payeeId };
      },
    };
    this.multisig = {
      create: async (req, o) => {
        const body = parseInput(multisigRequestSchema, req, "multisig request");
        const data = await this.#call({ method: "POST", path: "/multisig", body, schema: multisigDataSchema }, o);
        return { multisigId: data.multisigId };
      },
    };
  }

  /** Runs one call: attempts through the retry policy (validation already happened in the resource). */
  async #call<S extends z.ZodType>(call: Call<S>, options: RequestOptions = {}): Promise<z.output<S>> {
    const label = `${call.method} ${call.path}`;
    const signal = options.signal;
    return this.retryPolicy.run(call.method, (attempt) => this.#attempt(call, attempt, label, options), {
      label,
      ...(signal ? { signal } : {}),
    });
  }

  /** One attempt: rate-limit slot, fetch with timeout + caller signal, envelope and data validation. */
  async #attempt<S extends z.ZodType>(
    call: Call<S>,
    attempt: number,
    label: string,
    options: RequestOptions,
  ): Promise<z.output<S>> {
    const { method, path } = call;
    const signal = options.signal;
    if (signal?.aborted) {
      throw new MixPayNetworkError(`${label} aborted before sending`, "aborted", "retry", signal.reason);
    }
    if (this.rateLimiter) {
      try {
        await this.rateLimiter.acquire(signal, {
          priority: options.priority,
          maxWaitMs: options.maxQueueMs,
          reserved: options.reserved,
        });
      } catch (error) {
        // Busy: nothing was sent and the caller said it cannot wait; it gets the typed error as is.
        if (error instanceof MixPayBusyError) throw error;
        if (signal?.aborted) {
          throw new MixPayNetworkError(
            `${label} aborted while waiting for the rate limiter`,
            "aborted",
            "retry",
            error,
          );
        }
        throw error;
      }
    }
    this.#onRequest?.({ method, path, attempt });

    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`${label} timed out after ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });

    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.#userAgent };
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (call.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(call.body);
    }
    const url = `${this.baseUrl}${path}${toQueryString(call.query)}`;

    let response: Response;
    let text: string;
    try {
      const fetchImpl = this.#fetch ?? globalThis.fetch;
      try {
        response = await fetchImpl(url, init);
      } catch (error) {
        throw this.#networkError(label, method, error, { timedOut, signal, timeoutMs, bodyPhase: false });
      }
      try {
        text = await response.text();
      } catch (error) {
        await this.#observe(response.status, response.headers, undefined);
        throw this.#networkError(label, method, error, { timedOut, signal, timeoutMs, bodyPhase: true });
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
    return this.#interpret(call, label, response.status, response.headers, text);
  }

  /** Classifies a fetch failure: aborted by the caller, timed out, or a connection problem. */
  #networkError(
    label: string,
    method: HttpMethod,
    error: unknown,
    ctx: { timedOut: boolean; signal: AbortSignal | undefined; timeoutMs: number; bodyPhase: boolean },
  ): MixPayNetworkError {
    // A GET may always be repeated; a POST only when it provably never reached MixPay.
    const sentDisposition: ErrorDisposition = method === "GET" ? "retry" : "indeterminate";
    if (ctx.signal?.aborted) {
      return new MixPayNetworkError(`${label} aborted`, "aborted", sentDisposition, error);
    }
    if (ctx.timedOut) {
      const where = ctx.bodyPhase ? "while reading the answer" : "waiting for an answer";
      return new MixPayNetworkError(
        `${label} timed out after ${ctx.timeoutMs} ms ${where}`,
        "timeout",
        sentDisposition,
        error,
      );
    }
    const notSent = !ctx.bodyPhase && failedBeforeSending(error);
    return new MixPayNetworkError(
      `${label} failed: ${describe(error)}`,
      "connection",
      notSent ? "retry" : sentDisposition,
      error,
    );
  }

  async #observe(status: number, headers: Headers, code: number | undefined): Promise<void> {
    if (!this.rateLimiter) return;
    try {
      await this.rateLimiter.observe(code === undefined ? { status, headers } : { status, headers, code });
    } catch {
      // The answer is already here; a failing limiter store must not turn it (e.g. a created payment) into an error.
    }
  }

  /** Turns an HTTP answer into data or a typed error: the JSON envelope decides, whatever the HTTP status. */
  async #interpret<S extends z.ZodType>(
    call: Call<S>,
    label: string,
    status: number,
    headers: Headers,
    text: string,
  ): Promise<z.output<S>> {
    let json: unknown;
    let isJson = true;
    try {
      json = JSON.parse(text);
    } catch {
      isJson = false;
    }
    const envelope = isJson ? envelopeSchema.safeParse(json) : undefined;
    await this.#observe(status, headers, envelope?.success ? envelope.data.code : undefined);

    if (!envelope?.success) {
      if (status === 429) {
        // A gateway's 429 without MixPay's envelope is still "too many requests": MixPay did not act.
        throw new MixPayError({
          code: ERROR_CODES.RATE_LIMITED,
          message: `HTTP 429 without a MixPay envelope`,
          httpStatus: status,
          data: [],
        });
      }
      const what = isJson ? "is not a MixPay envelope" : "is not JSON";
      throw new MixPayResponseError(`${label}: the HTTP ${status} answer ${what}`, status, text);
    }
    const env = envelope.data;
    if (!env.success || env.code !== 0) {
      throw new MixPayError({
        code: env.code,
        message: env.message,
        httpStatus: status,
        data: errorDataSchema.parse(env.data),
      });
    }
    const data = call.schema.safeParse(env.data);
    if (!data.success) {
      const issues = data.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.length > 0 ? i.path.map(String).join(".") : "data"} ${i.message}`)
        .join("; ");
      throw new MixPayResponseError(`${label}: malformed data: ${issues}`, status, text);
    }
    return data.data;
  }
}
