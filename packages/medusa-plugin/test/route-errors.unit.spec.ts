import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { MedusaError, serializeError } from "@medusajs/framework/utils";
import {
  MIXPAY_ADMIN_ROUTES,
  MixPayBusyError,
  MixPayError,
  MixPayNetworkError,
  MixPayResponseError,
  MixPayValidationError,
  PayeeNotFoundError,
} from "@mixpay-pos/core";
import { routeError } from "../src/api/errors";
import { errorMessage, MixpayCallError, MixpayFieldError, SaleStateError } from "../src/lib/errors";

/** What Medusa's orchestrator hands a route for an error thrown inside a workflow step: a plain copy. */
const throughWorkflow = (error: Error): unknown => JSON.parse(JSON.stringify(serializeError(error)));

describe("routeError: one mapping for every plugin route", () => {
  it("MixPay busy is a 503 with Retry-After from the budget's wait (core's error, MixPay's 1429)", () => {
    const busy = routeError(new MixPayBusyError(12_300), { mixpayFailure: "MixPay's asset lists could not be loaded" });
    expect(busy).toMatchObject({
      status: 503,
      headers: { "Retry-After": "13" },
      body: { type: "mixpay_busy", message: expect.stringMatching(/^MixPay's asset lists could not be loaded: /) },
    });
    expect(busy.body.errors).toBeUndefined();
    const limited = routeError(new MixPayError({ code: 1429, message: "slow down", httpStatus: 429 }));
    expect(limited).toMatchObject({ status: 503, headers: { "Retry-After": "60" }, body: { type: "mixpay_busy" } });
  });

  it("MixPay unreachable, failing or not MixPay's API is a 503 with Retry-After, in our own words", () => {
    for (const error of [
      new MixPayNetworkError("SECRET", "connection", "retry"),
      new MixPayError({ code: -1, message: "SECRET", httpStatus: 500 }),
      new MixPayResponseError("SECRET", 200, "<html>SECRET</html>"),
    ]) {
      const answer = routeError(error);
      expect(answer).toMatchObject({
        status: 503,
        headers: { "Retry-After": "5" },
        body: { type: "mixpay_unavailable" },
      });
      expect(answer.body.message).not.toContain("SECRET");
      expect(answer.log?.level).toBe("warn");
    }
  });

  it("a sale whose state does not allow the request is a 409 in our own words, also as a workflow's plain copy", () => {
    const error = new SaleStateError(
      "This sale is already paid, so it cannot be cancelled. Refund the customer instead.",
    );
    for (const thrown of [error, throughWorkflow(error)]) {
      expect(routeError(thrown)).toEqual({
        status: 409,
        headers: {},
        body: { type: "sale_state", message: error.message },
        log: null,
      });
    }
  });

  it("MixPay refusing is a 502 without Retry-After", () => {
    const answer = routeError(new MixPayError({ code: 10007, message: "SECRET", httpStatus: 200 }));
    expect(answer).toMatchObject({ status: 502, headers: {}, body: { type: "mixpay_refused" } });
    expect(answer.body.message).not.toContain("SECRET");
  });

  it("the provider's busy and unavailable errors answer 503 with their seconds, also as a workflow's plain copy", () => {
    const busy = new MixpayCallError(
      "mixpay_busy",
      "MixPay is busy right now. Nothing was charged; try again in 42 s.",
      42,
    );
    for (const error of [busy, throughWorkflow(busy)]) {
      expect(routeError(error)).toMatchObject({
        status: 503,
        headers: { "Retry-After": "42" },
        body: { type: "mixpay_busy", message: busy.message },
      });
    }
    const down = throughWorkflow(new MixpayCallError("mixpay_unavailable", "MixPay could not create the payment", 5));
    expect(routeError(down)).toMatchObject({ status: 503, headers: { "Retry-After": "5" } });
    const refused = throughWorkflow(
      new MixpayCallError("mixpay_refused", "MixPay refused the request (code 10004)", null),
    );
    expect(routeError(refused)).toMatchObject({ status: 502, headers: {}, body: { type: "mixpay_refused" } });
    // The code alone (no seconds: another sender of it) still means 503 with Retry-After.
    const bare = new MedusaError(MedusaError.Types.NOT_ALLOWED, "busy", "mixpay_busy");
    expect(routeError(bare)).toMatchObject({ status: 503, headers: { "Retry-After": "60" } });
  });

  it("field errors are a {field, message} list, with the status of their type, also out of a workflow", () => {
    const one = MixpayFieldError.of("payee_id", "MixPay does not know the payee");
    expect(routeError(one)).toEqual({
      status: 400,
      headers: {},
      log: null,
      body: {
        type: "invalid_data",
        message: "payee_id: MixPay does not know the payee",
        errors: [{ field: "payee_id", message: "MixPay does not know the payee" }],
      },
    });
    const missing = MixpayFieldError.of("cart_id", "no cart cart_1", MedusaError.Types.NOT_FOUND);
    expect(routeError(throughWorkflow(missing))).toMatchObject({
      status: 404,
      body: { type: "not_found", errors: [{ field: "cart_id", message: "no cart cart_1" }] },
    });
    const core = new MixPayValidationError("payee", [{ field: "payee", message: "must be a Mixin ID" }]);
    expect(routeError(core)).toMatchObject({
      status: 400,
      body: { type: "invalid_data", errors: [{ field: "payee", message: "must be a Mixin ID" }] },
    });
  });

  it("a payee MixPay does not know is a 404; other MedusaErrors and foreign errors keep Medusa's answers", () => {
    expect(routeError(new PayeeNotFoundError("123", "MixPay has no user with Mixin ID 123"))).toMatchObject({
      status: 404,
      body: { type: "not_found", message: "MixPay has no user with Mixin ID 123" },
    });
    const notAllowed = new MedusaError(MedusaError.Types.NOT_ALLOWED, "MixPay is not configured");
    expect(routeError(throughWorkflow(notAllowed))).toMatchObject({
      status: 400,
      body: { type: "not_allowed", message: "MixPay is not configured" },
    });
    expect(routeError(new MedusaError(MedusaError.Types.NOT_FOUND, "no payment"))).toMatchObject({ status: 404 });
    const foreign = routeError(new TypeError("SECRET internals"));
    expect(foreign).toMatchObject({
      status: 500,
      body: { type: "unknown_error", message: "An unknown error occurred." },
    });
    expect(foreign.log?.level).toBe("error");
  });
});

describe("the admin route contract", () => {
  it("every route the admin UI calls has a route file, and every admin route file is in the contract", () => {
    const api = join(__dirname, "../src/api");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name === "route.ts") files.push(`/${relative(api, dir).split("\\").join("/")}`);
      }
    };
    walk(join(api, "admin"));
    const routes = Object.values(MIXPAY_ADMIN_ROUTES).map((r) => r.replace(/:([A-Za-z_]+)/g, "[$1]"));
    expect([...routes].sort()).toEqual([...files].sort());
  });
});

describe("errorMessage", () => {
  it("reads an Error, a workflow's plain { message } object, or anything else", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage({ message: "Payment already exists", name: "Error" })).toBe("Payment already exists");
    expect(errorMessage({ code: 1 })).toBe("[object Object]");
    expect(errorMessage("plain")).toBe("plain");
  });
});
