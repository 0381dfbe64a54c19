/**
 * MixPay's envelope error codes (the answer's `code`) and payment failure codes (payments_result's `failureCode`).
 * `retry` says what a client may do when it sees the code:
 *  - "retry": the request was not acted on; trying again later is safe (rate limit, maintenance).
 *  - "indeterminate": a server error; a write may or may not have happened, so re-query before re-sending it.
 *  - "fail": the request is wrong or not allowed; trying again gives the same answer.
 */
export type ErrorRetry = "retry" | "indeterminate" | "fail";

export interface ErrorCodeInfo {
  readonly message: string;
  readonly retry: ErrorRetry;
}

export const ERROR_CODES = {
  SERVER_ERROR: -1,
  NOT_FOUND: 404,
  PARAMETER_ERROR: 1017,
  RATE_LIMITED: 1429,
  INSUFFICIENT_PERMISSIONS: 2000,
  MIXIN_AUTH_EXPIRED: 10000,
  USER_NOT_FOUND: 10001,
  CURRENCY_UNSUPPORTED: 10002,
  QUOTE_ASSET_UNSUPPORTED: 10003,
  PRICE_TOO_LOW: 10004,
  PRICE_TOO_HIGH: 10005,
  TRANSFER_OVER_1000_USDT: 10006,
  SERVICE_REFUSED: 10007,
  PAYMENTS_SUSPENDED: 10008,
  WITHDRAWALS_SUSPENDED: 10009,
  INSUFFICIENT_BALANCE: 10010,
  PARAMETER_ERROR_2: 10011,
  PRICE_EXCEPTION: 10034,
  MULTISIG_THRESHOLD: 10041,
  // Since MixPay's 2026-08-13 release:
  TRACE_COMPLETED: 10020,
  CANNOT_CANCEL: 10032,
  CALLBACK_URL_NOT_HTTPS: 10061,
  ORDER_NOT_FOUND: 10062,
  EXPIRY_TOO_SOON: 10063,
  EXPIRY_TOO_LATE: 10064,
  TRACE_ENDED: 10065,
  TRACE_UNAVAILABLE: 10084,
  CALLBACK_EVENT_INVALID: 10131,
} as const;

export const ERROR_CODE_INFO: Readonly<Record<number, ErrorCodeInfo>> = {
  [-1]: { message: "Server error, please try again later.", retry: "indeterminate" },
  404: { message: "The payment link you visited does not exist.", retry: "fail" },
  1017: { message: "Parameter error.", retry: "fail" },
  1429: { message: "Your request frequency is too high, please try again later.", retry: "retry" },
  2000: { message: "Insufficient permissions.", retry: "fail" },
  10000: { message: "Mixin authorization expired.", retry: "fail" },
  10001: { message: "User does not exist.", retry: "fail" },
  10002: { message: "The currency does not exist or does not supported exchanging.", retry: "fail" },
  10003: { message: "Does not support this quote asset.", retry: "fail" },
  10004: { message: "The price is too low.", retry: "fail" },
  10005: { message: "The price is too high.", retry: "fail" },
  10006: { message: "The transfer amount exceeds 1000 USDT.", retry: "fail" },
  10007: { message: "We can not provide service to you.", retry: "fail" },
  10008: { message: "Payments are suspended temporarily due to system maintenance.", retry: "retry" },
  10009: { message: "Withdrawals are suspended temporarily due to system maintenance.", retry: "retry" },
  10010: { message: "Insufficient balance of assets.", retry: "fail" },
  10011: { message: "Parameter error", retry: "fail" },
  10033: { message: "The same user can be added only 3 times in 24 hours.", retry: "fail" },
  10034: { message: "Price exception, please try again later.", retry: "retry" },
  10035: { message: "The multisigId does not belong to the token.", retry: "fail" },
  10036: { message: "The robot does not exist.", retry: "fail" },
  10037: { message: "This is not a robot.", retry: "fail" },
  10039: { message: "This is not your robot and cannot be bound.", retry: "fail" },
  10040: { message: "The robot is already bound.", retry: "fail" },
  10041: { message: "The threshold cannot exceed the number of payees.", retry: "fail" },
  10042: { message: "More than 20 multi-signature group bindings.", retry: "fail" },
  10043: { message: "More than 20 robot bindings.", retry: "fail" },
  10044: { message: "Please set the name of this multi-signature group first.", retry: "fail" },
  10020: {
    message:
      "The trace or merchant order has already completed, or is already attached to an order that cannot be recreated.",
    retry: "fail",
  },
  10032: { message: "The payment cannot be cancelled in its current state.", retry: "fail" },
  10061: { message: "The callback URL must use HTTPS.", retry: "fail" },
  10062: { message: "The requested order does not exist.", retry: "fail" },
  10063: { message: "The requested expiration is below the accepted minimum.", retry: "fail" },
  10064: { message: "The requested expiration exceeds the accepted maximum.", retry: "fail" },
  10065: {
    message: "The trace has expired or is already in a terminal failed state and cannot create another payment.",
    retry: "fail",
  },
  10084: { message: "The trace is not available for the requested operation.", retry: "fail" },
  10131: { message: "The requested callback event is invalid.", retry: "fail" },
};

/**
 * Payment failure codes carried in payments_result `failureCode` / `failureReason` when `status` is `failed`.
 * Not a closed list: an unknown code is kept and never fulfilled. Since MixPay's 2026-08-13 release, 40000 also
 * means "fully paid, but the confirmations missed MixPay's confirmation deadline": money can have arrived.
 */
export const FAILURE_CODES = {
  /** No valid payment by the payment deadline, or a full payment not confirmed by the confirmation deadline. */
  DEADLINE_PASSED: "40000",
  WRONG_ASSET: "40020",
  /** Legacy only. */
  DOUBLE_PAYMENT: "40021",
  /** Legacy only. */
  TRACE_NOT_FOUND: "40022",
  /** The deadline passed with an insufficient recognised amount (was "wrong amount paid"). */
  INSUFFICIENT_AMOUNT: "40024",
  MARKET_VOLATILITY: "40025",
  SETTLEMENT_RESTRICTED: "40027",
  CANCELLED: "40032",
  REVIEW_REJECTED: "10095",
} as const;

export const FAILURE_REASONS: Readonly<Record<string, string>> = {
  "40000": "Payment deadline or confirmation deadline exceeded.",
  "40020": "Wrong payment asset.",
  "40021": "Double payment.",
  "40022": "TraceId does not exist.",
  "40024": "Payment deadline passed with an insufficient amount.",
  "40025": "Too much market volatility.",
  "40027": "Your payment fails due to transaction restrictions on settlement assets.",
  "40032": "The payment was cancelled.",
  "10095": "Rejected during risk, compliance or manual review.",
};

/** Codes with which MixPay says it has no such payment (404 before the 2026-08-13 release, 10062 since). */
export const ORDER_NOT_FOUND_CODES: readonly number[] = [404, 10062];

export function errorCodeInfo(code: number): ErrorCodeInfo | undefined {
  return ERROR_CODE_INFO[code];
}
