import { describe, expect, it } from "vitest";
import {
  isHttpErrorBody,
  isRetryableErrorType,
  MIXPAY_ADMIN_ROUTES,
  MIXPAY_ERROR_STATUS,
  MIXPAY_ERROR_TYPES,
  parseRetryAfter,
  routePath,
  summariseFieldErrors,
} from "../src/admin-http.js";

describe("admin HTTP contract", () => {
  it("fills route parameters, encoded", () => {
    expect(routePath(MIXPAY_ADMIN_ROUTES.settings)).toBe("/admin/mixpay/settings");
    expect(routePath(MIXPAY_ADMIN_ROUTES.paymentRecheck, { traceId: "a/b" })).toBe(
      "/admin/mixpay/payments/a%2Fb/recheck",
    );
    expect(routePath(MIXPAY_ADMIN_ROUTES.payee, { ref: "12345" })).toBe("/admin/mixpay/payees/12345");
  });

  it("answers busy and down with 503, a refusal with 502, field errors with 400", () => {
    expect(MIXPAY_ERROR_STATUS[MIXPAY_ERROR_TYPES.mixpayBusy]).toBe(503);
    expect(MIXPAY_ERROR_STATUS[MIXPAY_ERROR_TYPES.mixpayUnavailable]).toBe(503);
    expect(MIXPAY_ERROR_STATUS[MIXPAY_ERROR_TYPES.mixpayRefused]).toBe(502);
    expect(MIXPAY_ERROR_STATUS[MIXPAY_ERROR_TYPES.invalidData]).toBe(400);
    expect(isRetryableErrorType("mixpay_busy")).toBe(true);
    expect(isRetryableErrorType("mixpay_refused")).toBe(false);
  });

  it("recognises the error body and its field list", () => {
    expect(isHttpErrorBody({ type: "invalid_data", message: "x", errors: [{ field: "a", message: "b" }] })).toBe(true);
    expect(isHttpErrorBody({ type: "mixpay_busy", message: "x" })).toBe(true);
    expect(isHttpErrorBody({ type: "invalid_data", message: "x", errors: ["a: b"] })).toBe(false);
    expect(isHttpErrorBody({ message: "x" })).toBe(false);
    expect(isHttpErrorBody(null)).toBe(false);
  });

  it("summarises field errors for people and reads Retry-After seconds", () => {
    expect(
      summariseFieldErrors([
        { field: "a", message: "bad" },
        { field: "b", message: "worse" },
      ]),
    ).toBe("a: bad; b: worse");
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter("0")).toBe(1);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
