import { errorCodeInfo } from "@mixpay-pos/protocol";
import type { z } from "zod";

/**
 * Every failure the core can raise, and the one place that classifies it for callers:
 *  - "retry":         MixPay did not act on the request (rate limited, maintenance, refused connection);
 *                     sending it again is safe.
 *  - "indeterminate": the request may or may not have been acted on (timeout after sending, a 5xx with no
 *                     envelope, a malformed answer); re-query before acting on the assumption it failed.
 *  - "fail":          the request is wrong or not allowed; sending it again gives the same answer.
 */
export type ErrorDisposition = "retry" | "indeterminate" | "fail";

export class MixPayCoreError extends Error {
  readonly disposition: ErrorDisposition;
  constructor(message: string, disposition: ErrorDisposition, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.disposition = disposition;
  }
}

/** One invalid field, named the way the caller wrote it (e.g. "quoteAmount", "payeeId"). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Input refused before anything was sent: names every bad field and why. */
export class MixPayValidationError extends MixPayCoreError {
  readonly issues: FieldIssue[];
  constructor(what: string, issues: FieldIssue[]) {
    super(`Invalid ${what}: ${issues.map((i) => `${i.field} ${i.message}`).join("; ")}`, "fail");
    this.issues = issues;
  }
  /** The first issue's field, for the common single-field case. */
  get field(): string {
    return this.issues[0]?.field ?? "";
  }
}

/** MixPay answered with `success: false`: carries its numeric code, message, HTTP status and error data. */
export class MixPayError extends MixPayCoreError {
  readonly code: number;
  readonly httpStatus: number;
  readonly data: unknown;
  readonly rateLimited: boolean;
  constructor(init: { code: number; message: string; httpStatus: number; data?: unknown }) {
    const known = errorCodeInfo(init.code);
    const message = init.message || known?.message || `MixPay error ${init.code}`;
    super(`MixPay error ${init.code}: ${message}`, classifyMixPayCode(init.code, init.httpStatus));
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.data = init.data ?? [];
    this.rateLimited = init.code === 1429;
  }
  /** Field messages of a validation error (`data: {field: [messages]}`), if MixPay sent any. */
  get fieldErrors(): Record<string, string[]> {
    if (!this.data || typeof this.data !== "object" || Array.isArray(this.data)) return {};
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(this.data as Record<string, unknown>)) {
      out[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    }
    return out;
  }
}

/** No usable answer: connection refused, DNS failure, timeout, abort. */
export class MixPayNetworkError extends MixPayCoreError {
  readonly reason: "timeout" | "connection" | "aborted";
  constructor(
    message: string,
    reason: "timeout" | "connection" | "aborted",
    disposition: ErrorDisposition,
    cause?: unknown,
  ) {
    super(message, disposition, { cause });
    this.reason = reason;
  }
}

/**
 * Nothing was sent: MixPay's shared request budget (60 a minute) has no slot free soon enough for a caller that
 * said how long it may wait (`maxQueueMs` of a client call, `maxWaitMs` of `RateLimiter.acquire`). Thrown
 * at once instead of waiting. Disposition "retry" (MixPay did not act), but the client's retry policy does not
 * retry it: a backoff of a few hundred ms would not free a slot, and the caller asked not to wait longer.
 * Show the customer `retryAfterMs` instead.
 */
export class MixPayBusyError extends MixPayCoreError {
  /** How long until a slot frees, rounded up to whole seconds (ms, ≥ 1 000). */
  readonly retryAfterMs: number;
  /** `waitMs`: how long the budget said the wait would be (ms). */
  constructor(waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    super(`MixPay's request budget is used up for now; try again in ${seconds} s`, "retry");
    this.retryAfterMs = seconds * 1000;
  }
}

/** An answer that is not MixPay's envelope or does not match the documented shape. */
export class MixPayResponseError extends MixPayCoreError {
  readonly httpStatus: number;
  readonly body: string;
  constructor(message: string, httpStatus: number, body: string) {
    super(message, "indeterminate");
    this.httpStatus = httpStatus;
    this.body = body.slice(0, 2000);
  }
}

/** The disposition of a MixPay error code; unknown codes on a 5xx are indeterminate, otherwise fail. */
export function classifyMixPayCode(code: number, httpStatus: number): ErrorDisposition {
  const known = errorCodeInfo(code);
  if (known) return known.retry;
  return httpStatus >= 500 ? "indeterminate" : "fail";
}

/** Classifies anything thrown by core calls; foreign errors are indeterminate. */
export function classifyError(error: unknown): ErrorDisposition {
  if (error instanceof MixPayCoreError) return error.disposition;
  return "indeterminate";
}

/** Parses `input` with `schema`, or throws a MixPayValidationError naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : "(input)",
    message: issue.message,
  }));
  throw new MixPayValidationError(what, issues);
}
