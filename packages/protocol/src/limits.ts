/** MixPay's documented limits (reference §2.3, §4, §5). */
export const RATE_LIMIT_PER_MINUTE = 60;
export const RATE_LIMIT_WINDOW_MS = 60_000;
export const RATE_LIMIT_HEADERS = { limit: "x-ratelimit-limit", remaining: "x-ratelimit-remaining" } as const;

export const REMARK_MAX_LENGTH = 50;
export const SETTLEMENT_MEMO_MAX_LENGTH = 200;

/** expiredTimestamp must be > now + 10 s and < now + 2880 min (48 h). */
export const EXPIRY_MIN_SECONDS_AHEAD = 10;
export const EXPIRY_MAX_SECONDS_AHEAD = 2880 * 60;

/** Delays before each callback attempt, in seconds: 10 attempts in total, about 3 hours. */
export const CALLBACK_RETRY_DELAYS_S = [0, 15, 15, 30, 180, 1800, 1800, 1800, 1800, 3600] as const;

/** The only reply MixPay accepts from a callback receiver (with HTTP 200). */
export const CALLBACK_SUCCESS_REPLY = { code: "SUCCESS" } as const;

/** The published source address of MixPay's callbacks (reference §5). */
export const CALLBACK_SOURCE_IP = "52.198.117.57";

export const MIXPAY_API_BASE = "https://api.mixpay.me/v1";
export const MIXPAY_CHECKOUT_BASE = "https://mixpay.me";
