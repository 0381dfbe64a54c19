/** MixPay's documented limits: the rate limit, parameter bounds and the callback contract. */
export const RATE_LIMIT_PER_MINUTE = 60;
export const RATE_LIMIT_WINDOW_MS = 60_000;
export const RATE_LIMIT_HEADERS = { limit: "x-ratelimit-limit", remaining: "x-ratelimit-remaining" } as const;

export const REMARK_MAX_LENGTH = 50;
export const SETTLEMENT_MEMO_MAX_LENGTH = 200;

/** expiredTimestamp must be > now + 10 s and < now + 2880 min (48 h). */
export const EXPIRY_MIN_SECONDS_AHEAD = 10;
export const EXPIRY_MAX_SECONDS_AHEAD = 2880 * 60;

/**
 * Delays before each callback attempt, in seconds: since MixPay's 2026-08-13 release, 9 attempts in total
 * including the first, the last about 7440 s (just over 2 hours) after the first.
 */
export const CALLBACK_RETRY_DELAYS_S = [0, 15, 15, 30, 180, 1800, 1800, 1800, 1800] as const;

/** The schedule of payments created before the 2026-08-13 release: 10 attempts, about 3 hours. */
export const LEGACY_CALLBACK_RETRY_DELAYS_S = [0, 15, 15, 30, 180, 1800, 1800, 1800, 1800, 3600] as const;

/** MixPay gives up on a callback reply after this long and counts the attempt as failed. */
export const CALLBACK_TIMEOUT_MS = 20_000;

/** The only reply MixPay accepts from a callback receiver (with HTTP 200). */
export const CALLBACK_SUCCESS_REPLY = { code: "SUCCESS" } as const;

/** The published source address of MixPay's callbacks (its security guidelines, 2025-04-14). */
export const CALLBACK_SOURCE_IP = "52.198.117.57";

export const MIXPAY_API_BASE = "https://api.mixpay.me/v1";
export const MIXPAY_CHECKOUT_BASE = "https://mixpay.me";
