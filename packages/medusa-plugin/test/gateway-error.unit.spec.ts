import {
  MixPayCoreError,
  MixPayError,
  MixPayNetworkError,
  MixPayResponseError,
  MixPayValidationError,
  PayeeNotFoundError,
} from "@mixpay-pos/core";
import { gatewayErrorDetail, summariseGatewayError } from "../src/lib/gateway-error";

const SECRET = "SECRET-INTERNAL-BANNER";

describe("what the admin is told about a failed MixPay call (never the answering server's text)", () => {
  it("MixPay's error codes: our description of a known code, else the bare code", () => {
    const known = new MixPayError({ code: 1429, message: SECRET, httpStatus: 429 });
    expect(summariseGatewayError(known)).toBe(
      "MixPay refused the request (code 1429): Your request frequency is too high, please try again later.",
    );
    const unknown = new MixPayError({ code: 987654, message: SECRET, httpStatus: 400 });
    expect(summariseGatewayError(unknown)).toBe("MixPay refused the request (code 987654).");
    const weird = new MixPayError({ code: Number.NaN, message: SECRET, httpStatus: 400 });
    expect(summariseGatewayError(weird)).toBe("MixPay refused the request.");
  });

  it("network failures: one fixed sentence per reason", () => {
    const cause = new Error(`connect ECONNREFUSED ${SECRET}`);
    expect(summariseGatewayError(new MixPayNetworkError(SECRET, "timeout", "retry", cause))).toBe(
      "MixPay did not answer in time.",
    );
    expect(summariseGatewayError(new MixPayNetworkError(SECRET, "connection", "retry", cause))).toBe(
      "MixPay could not be reached (the connection failed).",
    );
    expect(summariseGatewayError(new MixPayNetworkError(SECRET, "aborted", "retry", cause))).toMatch(
      /^The request to MixPay was given up/,
    );
  });

  it("an answer that is not MixPay's: only its HTTP status", () => {
    const error = new MixPayResponseError(`GET /assets: the HTTP 500 answer is not JSON ${SECRET}`, 500, SECRET);
    expect(summariseGatewayError(error)).toBe(
      "The server at the API base answered HTTP 500, which is not MixPay's API.",
    );
  });

  it("core's own sentences about the admin's input pass; anything else is a generic sentence", () => {
    const notFound = new PayeeNotFoundError("123", "MixPay has no user with Mixin ID 123.");
    expect(summariseGatewayError(notFound)).toBe("MixPay has no user with Mixin ID 123.");
    const invalid = new MixPayValidationError("payee", [{ field: "payee", message: "must be a Mixin ID" }]);
    expect(summariseGatewayError(invalid)).toBe("Invalid payee: payee must be a Mixin ID");
    for (const other of [new Error(SECRET), new MixPayCoreError(SECRET, "fail"), SECRET, null, undefined, 42]) {
      expect(summariseGatewayError(other)).toBe("MixPay could not be asked (an unexpected error; see the server log).");
    }
  });

  it("never contains the upstream text", () => {
    const errors: unknown[] = [
      new MixPayError({ code: 10007, message: SECRET, httpStatus: 403, data: { field: [SECRET] } }),
      new MixPayError({ code: 55555, message: SECRET, httpStatus: 500 }),
      new MixPayNetworkError(SECRET, "connection", "retry", new Error(SECRET)),
      new MixPayResponseError(SECRET, 502, SECRET),
      new TypeError(SECRET),
    ];
    for (const error of errors) expect(summariseGatewayError(error)).not.toContain(SECRET);
  });

  it("the server log keeps the detail, on one line", () => {
    const error = new MixPayResponseError(
      "GET /assets: the HTTP 500 answer is not JSON",
      500,
      `${SECRET}\nforged line`,
    );
    const detail = gatewayErrorDetail(error);
    expect(detail).toContain(SECRET);
    expect(detail).toContain("HTTP 500");
    expect(detail).not.toContain("\n");
    expect(gatewayErrorDetail(new MixPayError({ code: 1, message: `a\nb ${SECRET}`, httpStatus: 400 }))).toMatch(
      /^MixPayError \(HTTP 400\): MixPay error 1: a b SECRET/,
    );
    expect(
      gatewayErrorDetail(new MixPayNetworkError("GET /assets failed", "connection", "retry", new Error("ECONNRESET"))),
    ).toBe("MixPayNetworkError: GET /assets failed (cause: ECONNRESET)");
  });
});
