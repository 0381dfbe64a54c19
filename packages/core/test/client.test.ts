import { ASSET_IDS, MIXPAY_API_BASE } from "@mixpay-pos/protocol";
import { delay, HttpResponse, http, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MixPayClient, type MixPayClientOptions } from "../src/client.js";
import {
  type ErrorDisposition,
  MixPayBusyError,
  MixPayError,
  MixPayNetworkError,
  MixPayResponseError,
  MixPayValidationError,
} from "../src/errors.js";
import { type AcquireOptions, MemoryRateLimitStore, RateLimiter } from "../src/rate-limit.js";
import type { SleepFn } from "../src/retry.js";

/** Offline: msw answers every request; anything unhandled fails the test. */
const BASE = "https://api.mixpay.test/v1";
const PAYEE = "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7";
const TRACE = "4f7b0b8c-4a3b-4b5e-9a0e-6b1d2c3e4f50";
const CODE = "525502dd-e552-4505-b114-32fe32ff23c2";
const TS = 1645411665245;

const server = setupServer();
let sent = 0;
interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Headers;
}
let seen: Seen[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("request:start", () => {
    sent++;
  });
});
beforeEach(() => {
  sent = 0;
  seen = [];
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Reply = () => Response | Promise<Response>;

/** The scenarios MixPay (or something in front of it) may answer with, as data. */
const reply = {
  ok:
    (data: JsonBodyType, headers?: Record<string, string>): Reply =>
    () =>
      HttpResponse.json({ code: 0, success: true, message: "", data, timestampMs: TS }, headers ? { headers } : {}),
  mixpay:
    (code: number, message: string, status = 200, data: JsonBodyType = [], headers?: Record<string, string>): Reply =>
    () =>
      HttpResponse.json(
        { code, success: false, message, data, timestampMs: TS },
        headers ? { status, headers } : { status },
      ),
  json:
    (status: number, body: JsonBodyType): Reply =>
    () =>
      HttpResponse.json(body, { status }),
  text:
    (status: number, body: string): Reply =>
    () =>
      new HttpResponse(body, { status, headers: { "content-type": "text/html" } }),
  networkError: (): Reply => () => HttpResponse.error(),
  slow:
    (ms: number, then: Reply): Reply =>
    async () => {
      await delay(ms);
      return then();
    },
};

/** Serves `replies` in order on one route (the last one repeats) and records what arrived. */
function route(method: "get" | "post", path: string, ...replies: Reply[]): void {
  let i = 0;
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      seen.push({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
        headers: request.headers,
      });
      const next = replies[Math.min(i++, replies.length - 1)];
      if (!next) throw new Error("no reply configured");
      return next();
    }),
  );
}

const sleeps: number[] = [];
const instantSleep: SleepFn = async (ms) => {
  sleeps.push(ms);
};
beforeEach(() => {
  sleeps.length = 0;
});

function client(options: MixPayClientOptions = {}): MixPayClient {
  return new MixPayClient({
    baseUrl: BASE,
    rateLimiter: false,
    retry: { sleep: instantSleep, random: () => 0.5 },
    ...options,
  });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const RESULT_DATA = {
  status: "success",
  quoteAmount: "0.01",
  quoteSymbol: "USD",
  quoteAssetId: "usd",
  quoteAssetVersion: "",
  paymentAmount: "0.010013",
  paymentSymbol: "USDT",
  paymentAssetId: ASSET_IDS.USDT_ERC20,
  paymentAssetVersion: "ERC20",
  payee: "payee_username",
  payeeId: PAYEE,
  payeeMixinNumber: "38000008",
  payeeAvatarUrl: "https://mixin-images.zeromesh.net/a.png",
  txid: "",
  blockExplorerUrl: "",
  date: 1656513302,
  surplusAmount: "0",
  surplusStatus: "no",
  confirmations: -1,
  payableAmount: "0.010013",
  failureCode: "0",
  failureReason: "",
  returnTo: "https://shop.example/thanks",
  traceId: TRACE,
  settleStatus: "success",
  settleAmount: "0.00000030",
  settleSymbol: "BTC",
  settleAsset: ASSET_IDS.BTC,
  settleAssetVersion: "",
  payment: { isMultiPay: false, isFullyPaid: true, totalTransactionsAmount: "0.010013" },
};

describe("resources send the right request and return parsed data", () => {
  it("payments.create POSTs canonical JSON (real booleans) and returns code + traceId = code", async () => {
    route("post", "/one_time_payment", reply.ok({ code: CODE }));
    const expiredTimestamp = Math.floor(Date.now() / 1000) + 3600;
    const out = await client().payments.create({
      payeeId: PAYEE.toUpperCase(),
      quoteAmount: "10.50",
      quoteAssetId: "USD",
      settlementAssetId: ASSET_IDS.BTC,
      orderId: "pos_0001",
      strictMode: 1,
      remark: "Table 4",
      callbackUrl: "https://shop.example/mixpay/callback",
      callbackEvent: ["settle", "pending"],
      expiredTimestamp,
    });
    expect(out).toEqual({ code: CODE, traceId: CODE });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.path).toBe("/v1/one_time_payment");
    expect(seen[0]?.query).toEqual({});
    expect(seen[0]?.headers.get("content-type")).toBe("application/json");
    expect(seen[0]?.headers.get("accept")).toBe("application/json");
    expect(seen[0]?.body).toEqual({
      payeeId: PAYEE,
      quoteAmount: "10.5",
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.BTC,
      orderId: "pos_0001",
      strictMode: true,
      remark: "Table 4",
      callbackUrl: "https://shop.example/mixpay/callback",
      callbackEvent: "settle|pending",
      expiredTimestamp,
    });
  });

  it("payments.create returns MixPay's deadline from data.info.expiredAt, and none when info is empty", async () => {
    const request = {
      payeeId: PAYEE,
      quoteAmount: 3,
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.USDT_TRC20,
      traceId: TRACE,
    };
    route("post", "/one_time_payment", reply.ok({ code: TRACE, info: { orderId: "", expiredAt: 1767225600 } }));
    expect(await client().payments.create(request)).toEqual({
      code: TRACE,
      traceId: TRACE,
      deadlineMs: 1767225600_000,
    });
    route("post", "/one_time_payment", reply.ok({ code: TRACE, info: [] }));
    expect(await client().payments.create(request)).toEqual({ code: TRACE, traceId: TRACE });
  });

  it("payments.create returns the given traceId (normalised) rather than the code", async () => {
    route("post", "/one_time_payment", reply.ok({ code: TRACE }));
    const out = await client().payments.create({
      payeeId: PAYEE,
      quoteAmount: 3,
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.USDT_TRC20,
      traceId: TRACE.toUpperCase(),
      strictMode: false,
    });
    expect(out).toEqual({ code: TRACE, traceId: TRACE });
    expect(seen[0]?.body).toEqual({
      payeeId: PAYEE,
      quoteAmount: "3",
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.USDT_TRC20,
      traceId: TRACE,
      strictMode: false,
    });
  });

  it("payments.retrieve GETs /payments_result by traceId and keeps amounts as exact strings", async () => {
    route("get", "/payments_result", reply.ok(RESULT_DATA));
    const result = await client().payments.retrieve({ traceId: TRACE, with: "payment" });
    expect(seen.map((s) => [s.method, s.path, s.query, s.body])).toEqual([
      ["GET", "/v1/payments_result", { traceId: TRACE, with: "payment" }, undefined],
    ]);
    expect(result.status).toBe("success");
    expect(result.quoteAmount).toBe("0.01");
    expect(result.paymentAmount).toBe("0.010013");
    expect(result.settleAmount).toBe("0.00000030");
    expect(result.failureCode).toBe("0");
    expect(result.payment).toEqual({ isMultiPay: false, isFullyPaid: true, totalTransactionsAmount: "0.010013" });
    expect(result.traceId).toBe(TRACE);
  });

  it("payments.retrieve by orderId + payeeId", async () => {
    route("get", "/payments_result", reply.ok({ ...RESULT_DATA, status: "unpaid", date: "" }));
    const result = await client().payments.retrieve({ orderId: "pos_0001", payeeId: PAYEE });
    expect(seen[0]?.query).toEqual({ orderId: "pos_0001", payeeId: PAYEE });
    expect(result.status).toBe("unpaid");
    expect(result.date).toBe("");
  });

  it("payments.info GETs /payments_info", async () => {
    const info = {
      isChain: false,
      expire: 1648191480,
      seconds: 900,
      payeeId: PAYEE,
      traceId: TRACE,
      clientId: "640a555a-b554-4790-95ec-6c5675381035",
      paymentAssetId: ASSET_IDS.TRX,
      settlementAssetId: ASSET_IDS.TRX,
      quoteAssetId: ASSET_IDS.TRX,
      paymentAmount: "4",
      quoteAmount: "4",
      estimatedSettlementAmount: "4",
      memo: "cGF5bWVudHw2NDBhNTU1YS1iNTU0LTQ3OTAtOTVlYy02YzU2NzUzODEwMzU=",
      recipient: "3539c3ce-52c0-4b0b-9573-c035ecb98d48",
      settlementAssetSymbol: "TRX",
      paymentAssetSymbol: "TRX",
      quoteAssetSymbol: "TRX",
      destination: "",
      tag: "",
    };
    route("get", "/payments_info", reply.ok(info));
    const out = await client().payments.info({ traceId: TRACE });
    expect(seen[0]?.query).toEqual({ traceId: TRACE });
    expect(out).toEqual(info);
  });

  it("payments.estimate GETs /payments_estimated with canonical amounts", async () => {
    const estimate = {
      price: "0.00147078",
      estimatedSettlementAmount: "0.0001",
      settlementAssetId: ASSET_IDS.BTC,
      settlementAssetSymbol: "BTC",
      paymentAssetId: ASSET_IDS.BTC,
      paymentAssetSymbol: "BTC",
      paymentAmount: "0.0001",
      quoteAssetSymbol: "BTC",
      quoteAssetId: ASSET_IDS.BTC,
      quoteAmount: "0.0001",
    };
    route("get", "/payments_estimated", reply.ok(estimate));
    const out = await client().payments.estimate({
      paymentAssetId: ASSET_IDS.BTC,
      settlementAssetId: ASSET_IDS.BTC,
      quoteAssetId: ASSET_IDS.BTC,
      quoteAmount: "0.00010000",
    });
    expect(seen[0]?.query).toEqual({
      paymentAssetId: ASSET_IDS.BTC,
      settlementAssetId: ASSET_IDS.BTC,
      quoteAssetId: ASSET_IDS.BTC,
      quoteAmount: "0.0001",
    });
    expect(out).toEqual(estimate);
  });

  it("assets.payment / settlement / quote GET /setting/* with and without filters", async () => {
    const btc = {
      name: "Bitcoin",
      symbol: "BTC",
      iconUrl: "https://app.mixpay.me/fiats/btc.png",
      assetId: ASSET_IDS.BTC,
      network: "Bitcoin",
      onChainSupported: true,
      minPaymentAmount: "0.0000005",
      maxPaymentAmount: "0.50075062",
      chainAsset: { id: ASSET_IDS.BTC, name: "Bitcoin", symbol: "BTC", iconUrl: "https://x/btc.png" },
    };
    route("get", "/setting/payment_assets", reply.ok([btc]));
    route(
      "get",
      "/setting/settlement_assets",
      reply.ok([{ name: "Tether", symbol: "USDT", iconUrl: "", assetId: ASSET_IDS.USDT_ERC20, isAsset: true }]),
    );
    route(
      "get",
      "/setting/quote_assets",
      reply.ok([
        {
          symbol: "USD",
          iconUrl: "https://mixpay.me/fiats/us.svg",
          minQuoteAmount: "0.1",
          maxQuoteAmount: "1000",
          decimalDigit: 2,
          isAsset: 0,
          assetId: "usd",
          chainAsset: [],
        },
      ]),
    );
    const c = client();
    expect(await c.assets.payment({ payeeId: PAYEE, quoteAssetId: "USD", quoteAmount: "12.00" })).toEqual([btc]);
    expect(await c.assets.settlement()).toEqual([
      { name: "Tether", symbol: "USDT", iconUrl: "", assetId: ASSET_IDS.USDT_ERC20, isAsset: true },
    ]);
    expect(await c.assets.quote({ payeeId: PAYEE })).toEqual([
      {
        symbol: "USD",
        iconUrl: "https://mixpay.me/fiats/us.svg",
        minQuoteAmount: "0.1",
        maxQuoteAmount: "1000",
        decimalDigit: 2,
        isAsset: false,
        assetId: "usd",
        chainAsset: {},
      },
    ]);
    expect(seen.map((s) => [s.method, s.path, s.query])).toEqual([
      ["GET", "/v1/setting/payment_assets", { payeeId: PAYEE, quoteAssetId: "usd", quoteAmount: "12" }],
      ["GET", "/v1/setting/settlement_assets", {}],
      ["GET", "/v1/setting/quote_assets", { payeeId: PAYEE }],
    ]);
  });

  it("users.mixinUuid GETs /user/mixin_uuid/{id}", async () => {
    route("get", "/user/mixin_uuid/37160854", reply.ok({ payeeId: "72562124-2db9-4210-aaa6-69983610d0b7" }));
    expect(await client().users.mixinUuid("37160854")).toEqual({ payeeId: "72562124-2db9-4210-aaa6-69983610d0b7" });
    expect(seen.map((s) => [s.method, s.path, s.query])).toEqual([["GET", "/v1/user/mixin_uuid/37160854", {}]]);
  });

  it("multisig.create POSTs receivers as a JSON array and threshold as a number", async () => {
    const receivers = [PAYEE, TRACE, CODE];
    route("post", "/multisig", reply.ok({ multisigId: "5bb8f0b4-4b0f-4f4c-9d5e-9a1f5a3b2c1d" }));
    expect(await client().multisig.create({ receivers, threshold: 2 })).toEqual({
      multisigId: "5bb8f0b4-4b0f-4f4c-9d5e-9a1f5a3b2c1d",
    });
    expect(seen[0]?.body).toEqual({ receivers, threshold: 2 });
  });

  it("defaults to MixPay's production base URL (still intercepted, offline) and sends a User-Agent", async () => {
    server.use(
      http.get(`${MIXPAY_API_BASE}/setting/quote_assets`, ({ request }) => {
        seen.push({
          method: request.method,
          path: new URL(request.url).pathname,
          query: {},
          body: undefined,
          headers: request.headers,
        });
        return HttpResponse.json({ code: 0, success: true, message: "", data: [], timestampMs: TS });
      }),
    );
    const c = new MixPayClient({ rateLimiter: false, userAgent: "till-7/1.0" });
    expect(c.baseUrl).toBe("https://api.mixpay.me/v1");
    expect(await c.assets.quote()).toEqual([]);
    expect(seen[0]?.headers.get("user-agent")).toBe("till-7/1.0");
    expect(new MixPayClient({ baseUrl: "http://127.0.0.1:4010/v1/" }).baseUrl).toBe("http://127.0.0.1:4010/v1");
  });
});

describe("input validation happens before anything is sent", () => {
  const calls: Array<[string, (c: MixPayClient) => Promise<unknown>, string]> = [
    [
      "create: quoteAmount not a number",
      (c) =>
        c.payments.create({
          payeeId: PAYEE,
          quoteAmount: "ten",
          quoteAssetId: "usd",
          settlementAssetId: ASSET_IDS.BTC,
          orderId: "pos_0001",
        }),
      "quoteAmount",
    ],
    [
      "create: neither orderId nor traceId",
      (c) =>
        c.payments.create({ payeeId: PAYEE, quoteAmount: "1", quoteAssetId: "usd", settlementAssetId: ASSET_IDS.BTC }),
      "orderId",
    ],
    [
      "create: remark over 50 characters",
      (c) =>
        c.payments.create({
          payeeId: PAYEE,
          quoteAmount: "1",
          quoteAssetId: "usd",
          settlementAssetId: ASSET_IDS.BTC,
          orderId: "pos_0001",
          remark: "x".repeat(51),
        }),
      "remark",
    ],
    ["retrieve: traceId not a UUID", (c) => c.payments.retrieve({ traceId: "not-a-uuid" }), "traceId"],
    ["info: clientId not a UUID", (c) => c.payments.info({ traceId: TRACE, clientId: "x" }), "clientId"],
    [
      "estimate: zero quoteAmount",
      (c) =>
        c.payments.estimate({
          paymentAssetId: ASSET_IDS.BTC,
          settlementAssetId: ASSET_IDS.BTC,
          quoteAssetId: "usd",
          quoteAmount: "0",
        }),
      "quoteAmount",
    ],
    [
      "assets.payment: quoteAssetId without quoteAmount",
      (c) => c.assets.payment({ quoteAssetId: "usd" }),
      "quoteAmount",
    ],
    ["assets.quote: bad payeeId", (c) => c.assets.quote({ payeeId: "nobody" }), "payeeId"],
    ["users.mixinUuid: not digits", (c) => c.users.mixinUuid("alice"), "mixinId"],
    [
      "multisig.create: threshold above receivers",
      (c) => c.multisig.create({ receivers: [PAYEE, TRACE, CODE], threshold: 4 }),
      "threshold",
    ],
    ["multisig.create: too few receivers", (c) => c.multisig.create({ receivers: [PAYEE], threshold: 1 }), "receivers"],
  ];

  it.each(calls)("%s → MixPayValidationError naming the field, no request", async (_name, call, field) => {
    let requests = 0;
    const error = await caught(call(client({ onRequest: () => requests++ })));
    expect(error).toBeInstanceOf(MixPayValidationError);
    const v = error as MixPayValidationError;
    expect(v.field).toBe(field);
    expect(v.message).toContain(field);
    expect(v.disposition).toBe("fail");
    expect(requests).toBe(0);
    expect(sent).toBe(0);
  });

  it("a validation error is a rejected promise, not a synchronous throw", () => {
    const p = client().payments.retrieve({ traceId: "x" });
    expect(p).toBeInstanceOf(Promise);
    return expect(p).rejects.toBeInstanceOf(MixPayValidationError);
  });
});

describe("MixPay errors and foreign answers become typed errors (whatever the HTTP status)", () => {
  interface ErrorCase {
    name: string;
    reply: Reply;
    type: typeof MixPayError | typeof MixPayResponseError;
    httpStatus: number;
    message: string;
    disposition: ErrorDisposition;
    code?: number;
    fieldErrors?: Record<string, string[]>;
    rateLimited?: boolean;
  }
  const cases: ErrorCase[] = [
    {
      name: "1017 with field data",
      reply: reply.mixpay(1017, "Parameter error.", 422, {
        quoteAmount: ["The quote amount must be a number."],
        payeeId: ["The payee id field is required.", "The payee id must be a UUID."],
      }),
      type: MixPayError,
      httpStatus: 422,
      code: 1017,
      message: "MixPay error 1017: Parameter error.",
      fieldErrors: {
        quoteAmount: ["The quote amount must be a number."],
        payeeId: ["The payee id field is required.", "The payee id must be a UUID."],
      },
      disposition: "fail",
      rateLimited: false,
    },
    {
      name: "10001 user does not exist (HTTP 200)",
      reply: reply.mixpay(10001, "User does not exist."),
      type: MixPayError,
      httpStatus: 200,
      code: 10001,
      message: "MixPay error 10001: User does not exist.",
      fieldErrors: {},
      disposition: "fail",
      rateLimited: false,
    },
    {
      name: "1429 rate limited (HTTP 429 with envelope)",
      reply: reply.mixpay(1429, "Your request frequency is too high, please try again later.", 429),
      type: MixPayError,
      httpStatus: 429,
      code: 1429,
      message: "MixPay error 1429: Your request frequency is too high, please try again later.",
      disposition: "retry",
      rateLimited: true,
    },
    {
      name: "-1 server error (HTTP 500 with envelope)",
      reply: reply.mixpay(-1, "Server error, please try again later.", 500),
      type: MixPayError,
      httpStatus: 500,
      code: -1,
      message: "MixPay error -1: Server error, please try again later.",
      disposition: "indeterminate",
      rateLimited: false,
    },
    {
      name: "10008 maintenance (HTTP 503 with envelope, empty message → table message)",
      reply: reply.mixpay(10008, "", 503),
      type: MixPayError,
      httpStatus: 503,
      code: 10008,
      message: "MixPay error 10008: Payments are suspended temporarily due to system maintenance.",
      disposition: "retry",
    },
    {
      name: "unknown code on HTTP 500",
      reply: reply.mixpay(77777, "Something new", 500),
      type: MixPayError,
      httpStatus: 500,
      code: 77777,
      message: "MixPay error 77777: Something new",
      disposition: "indeterminate",
    },
    {
      name: "HTTP 429 without an envelope",
      reply: reply.text(429, "Too Many Requests"),
      type: MixPayError,
      httpStatus: 429,
      code: 1429,
      message: "MixPay error 1429: HTTP 429 without a MixPay envelope",
      disposition: "retry",
      rateLimited: true,
    },
    {
      name: "HTTP 500 HTML page",
      reply: reply.text(500, "<html><body>Internal Server Error</body></html>"),
      type: MixPayResponseError,
      httpStatus: 500,
      message: "GET /payments_result: the HTTP 500 answer is not JSON",
      disposition: "indeterminate",
    },
    {
      name: "HTTP 503 empty body",
      reply: reply.text(503, ""),
      type: MixPayResponseError,
      httpStatus: 503,
      message: "GET /payments_result: the HTTP 503 answer is not JSON",
      disposition: "indeterminate",
    },
    {
      name: "HTTP 200 non-JSON body",
      reply: reply.text(200, "OK"),
      type: MixPayResponseError,
      httpStatus: 200,
      message: "GET /payments_result: the HTTP 200 answer is not JSON",
      disposition: "indeterminate",
    },
    {
      name: "HTTP 404 JSON that is not an envelope",
      reply: reply.json(404, { message: "The address you visited does not exist." }),
      type: MixPayResponseError,
      httpStatus: 404,
      message: "GET /payments_result: the HTTP 404 answer is not a MixPay envelope",
      disposition: "indeterminate",
    },
    {
      name: "malformed data (quoteAmount missing, status a number)",
      reply: reply.ok({ status: 3, payeeId: PAYEE, traceId: TRACE, quoteAssetId: "usd" }),
      type: MixPayResponseError,
      httpStatus: 200,
      message: "GET /payments_result: malformed data: status",
      disposition: "indeterminate",
    },
  ];

  it.each(cases)("$name", async (c) => {
    route("get", "/payments_result", c.reply);
    const error = await caught(client({ retry: false }).payments.retrieve({ traceId: TRACE }));
    expect(error).toBeInstanceOf(c.type);
    if (error instanceof MixPayError) {
      expect(error.code).toBe(c.code);
      expect(error.httpStatus).toBe(c.httpStatus);
      expect(error.message).toBe(c.message);
      if (c.fieldErrors) expect(error.fieldErrors).toEqual(c.fieldErrors);
      if (c.rateLimited !== undefined) expect(error.rateLimited).toBe(c.rateLimited);
    } else if (error instanceof MixPayResponseError) {
      expect(error.httpStatus).toBe(c.httpStatus);
      expect(error.message.startsWith(c.message)).toBe(true);
    }
    expect((error as MixPayError | MixPayResponseError).disposition).toBe(c.disposition);
    expect(sent).toBe(1);
  });

  it("keeps the raw body of a foreign answer (first 2000 characters)", async () => {
    route("get", "/payments_result", reply.text(502, "<h1>Bad Gateway</h1>"));
    const error = await caught(client({ retry: false }).payments.retrieve({ traceId: TRACE }));
    expect(error).toBeInstanceOf(MixPayResponseError);
    expect((error as MixPayResponseError).body).toBe("<h1>Bad Gateway</h1>");
  });

  it("a create answer without a code is malformed", async () => {
    route("post", "/one_time_payment", reply.ok({ info: { orderId: "pos_0001" } }));
    const error = await caught(
      client().payments.create({
        payeeId: PAYEE,
        quoteAmount: "1",
        quoteAssetId: "usd",
        settlementAssetId: ASSET_IDS.BTC,
        orderId: "pos_0001",
      }),
    );
    expect(error).toBeInstanceOf(MixPayResponseError);
    expect((error as MixPayResponseError).message).toBe(
      "POST /one_time_payment: malformed data: code Invalid input: expected string, received undefined",
    );
    expect((error as MixPayResponseError).disposition).toBe("indeterminate");
    expect(sent).toBe(1);
  });
});

describe("retries: only where safe", () => {
  const create = (c: MixPayClient) =>
    c.payments.create({
      payeeId: PAYEE,
      quoteAmount: "1",
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.BTC,
      traceId: TRACE,
    });
  const retrieve = (c: MixPayClient) => c.payments.retrieve({ traceId: TRACE });
  const okResult = reply.ok(RESULT_DATA);
  const okCreate = reply.ok({ code: TRACE });

  // [name, method, first reply (repeated until the last), succeeds on attempt (0 = never), expected attempts]
  const table: Array<[string, "get" | "post", Reply, number, number]> = [
    ["GET on HTTP 500 non-JSON, then ok", "get", reply.text(500, "oops"), 2, 2],
    ["GET on 503 with 10008, then ok", "get", reply.mixpay(10008, "", 503), 2, 2],
    ["GET on malformed data, then ok", "get", reply.ok({ status: 1 }), 3, 3],
    ["GET on connection error, then ok", "get", reply.networkError(), 2, 2],
    ["GET on 1429, then ok", "get", reply.mixpay(1429, "", 429), 2, 2],
    ["GET on HTTP 500 forever: gives up after maxAttempts", "get", reply.text(500, "oops"), 0, 3],
    ["GET not retried on 1017", "get", reply.mixpay(1017, "Parameter error.", 400), 0, 1],
    ["GET not retried on 10001", "get", reply.mixpay(10001, "User does not exist."), 0, 1],
    ["POST retried on 1429, then ok", "post", reply.mixpay(1429, "", 429), 2, 2],
    ["POST retried on HTTP 429 without envelope, then ok", "post", reply.text(429, "slow down"), 2, 2],
    ["POST retried on 10008 maintenance, then ok", "post", reply.mixpay(10008, "", 200), 3, 3],
    ["GET retried on -1 server error, then ok", "get", reply.mixpay(-1, "", 500), 2, 2],
    ["POST not retried on -1 server error (it may have created the payment)", "post", reply.mixpay(-1, "", 500), 0, 1],
    ["POST not retried on HTTP 500 non-JSON (indeterminate)", "post", reply.text(500, "oops"), 0, 1],
    ["POST not retried on malformed data (indeterminate)", "post", reply.ok({ nope: 1 }), 0, 1],
    ["POST not retried on a connection error after sending", "post", reply.networkError(), 0, 1],
    ["POST not retried on unknown code on 5xx", "post", reply.mixpay(77777, "", 502), 0, 1],
    ["POST not retried on 10001", "post", reply.mixpay(10001, "User does not exist."), 0, 1],
  ];

  it.each(table)("%s", async (_name, method, failure, succeedOn, attempts) => {
    const ok = method === "get" ? okResult : okCreate;
    const replies = succeedOn === 0 ? [failure] : [...Array<Reply>(succeedOn - 1).fill(failure), ok];
    route(method, method === "get" ? "/payments_result" : "/one_time_payment", ...replies);
    const log: number[] = [];
    const c = client({ onRequest: (info) => log.push(info.attempt) });
    const call = method === "get" ? retrieve(c) : create(c);
    if (succeedOn === 0) await expect(call).rejects.toThrow();
    else await expect(call).resolves.toBeTruthy();
    expect(log).toEqual(Array.from({ length: attempts }, (_, i) => i + 1));
    expect(sent).toBe(attempts);
    expect(sleeps).toHaveLength(attempts - 1);
  });

  it("backs off exponentially with full jitter (injected random 0.5): 125 ms then 250 ms", async () => {
    route("get", "/payments_result", reply.text(500, "oops"));
    await expect(retrieve(client())).rejects.toBeInstanceOf(MixPayResponseError);
    expect(sleeps).toEqual([125, 250]);
  });

  it("respects maxAttempts, baseDelayMs, maxDelayMs and jitter: false", async () => {
    route("get", "/payments_result", reply.text(500, "oops"));
    const c = client({
      retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300, jitter: false, sleep: instantSleep },
    });
    await expect(retrieve(c)).rejects.toBeInstanceOf(MixPayResponseError);
    expect(sent).toBe(5);
    expect(sleeps).toEqual([100, 200, 300, 300]);
  });

  it("retry: false sends once", async () => {
    route("get", "/payments_result", reply.text(500, "oops"));
    await expect(retrieve(client({ retry: false }))).rejects.toBeInstanceOf(MixPayResponseError);
    expect(sent).toBe(1);
  });
});

describe("timeouts and aborts", () => {
  it("a GET that times out is a MixPayNetworkError(timeout, retry) and is retried", async () => {
    route("get", "/payments_result", reply.slow(300, reply.ok(RESULT_DATA)));
    const error = await caught(client({ timeoutMs: 30 }).payments.retrieve({ traceId: TRACE }));
    expect(error).toBeInstanceOf(MixPayNetworkError);
    const e = error as MixPayNetworkError;
    expect(e.reason).toBe("timeout");
    expect(e.disposition).toBe("retry");
    expect(e.message).toBe("GET /payments_result timed out after 30 ms waiting for an answer");
    expect(sent).toBe(3);
  });

  it("a GET timeout followed by a fast answer succeeds", async () => {
    route("get", "/payments_result", reply.slow(300, reply.ok(RESULT_DATA)), reply.ok(RESULT_DATA));
    const result = await client({ timeoutMs: 30 }).payments.retrieve({ traceId: TRACE });
    expect(result.quoteAmount).toBe("0.01");
    expect(sent).toBe(2);
  });

  it("a POST that times out is indeterminate and never retried", async () => {
    route("post", "/one_time_payment", reply.slow(300, reply.ok({ code: TRACE })));
    const error = await caught(
      client({ timeoutMs: 30 }).payments.create({
        payeeId: PAYEE,
        quoteAmount: "1",
        quoteAssetId: "usd",
        settlementAssetId: ASSET_IDS.BTC,
        traceId: TRACE,
      }),
    );
    expect(error).toBeInstanceOf(MixPayNetworkError);
    expect((error as MixPayNetworkError).reason).toBe("timeout");
    expect((error as MixPayNetworkError).disposition).toBe("indeterminate");
    expect(sent).toBe(1);
  });

  it("the per-call timeoutMs overrides the client's", async () => {
    route("get", "/payments_result", reply.slow(100, reply.ok(RESULT_DATA)));
    const c = client({ timeoutMs: 20 });
    const result = await c.payments.retrieve({ traceId: TRACE }, { timeoutMs: 2_000 });
    expect(result.status).toBe("success");
    expect(sent).toBe(1);
  });

  it("aborting mid-request rejects at once with reason 'aborted' and is not retried", async () => {
    route("get", "/payments_result", reply.slow(5_000, reply.ok(RESULT_DATA)));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const error = await caught(client().payments.retrieve({ traceId: TRACE }, { signal: controller.signal }));
    expect(error).toBeInstanceOf(MixPayNetworkError);
    expect((error as MixPayNetworkError).reason).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sent).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("aborting mid-backoff stops the retry loop at once", async () => {
    route("get", "/payments_result", reply.text(500, "oops"));
    const controller = new AbortController();
    const started = Date.now();
    // Real sleeps, and a backoff far longer than the test: only the abort can end it.
    const c = client({
      retry: { baseDelayMs: 60_000, jitter: false },
      onRequest: () => setTimeout(() => controller.abort(), 20),
    });
    const error = await caught(c.payments.retrieve({ traceId: TRACE }, { signal: controller.signal }));
    expect(error).toBeInstanceOf(MixPayNetworkError);
    const e = error as MixPayNetworkError;
    expect(e.reason).toBe("aborted");
    expect(e.disposition).toBe("indeterminate");
    expect(e.cause).toBeInstanceOf(MixPayResponseError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sent).toBe(1);
  });

  it("an already aborted signal sends nothing", async () => {
    route("get", "/payments_result", reply.ok(RESULT_DATA));
    const error = await caught(client().payments.retrieve({ traceId: TRACE }, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(MixPayNetworkError);
    expect((error as MixPayNetworkError).reason).toBe("aborted");
    expect((error as MixPayNetworkError).disposition).toBe("retry");
    expect(sent).toBe(0);
  });

  it("aborting while waiting for the rate limiter sends nothing more", async () => {
    route("get", "/payments_result", reply.ok(RESULT_DATA));
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 });
    const c = client({ rateLimiter: limiter });
    await c.payments.retrieve({ traceId: TRACE });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await caught(c.payments.retrieve({ traceId: TRACE }, { signal: controller.signal }));
    expect(error).toBeInstanceOf(MixPayNetworkError);
    expect((error as MixPayNetworkError).reason).toBe("aborted");
    expect((error as MixPayNetworkError).message).toBe(
      "GET /payments_result aborted while waiting for the rate limiter",
    );
    expect(sent).toBe(1);
  });
});

describe("priorities and maxQueueMs: a checkout under pressure fails fast", () => {
  /** A limiter on a fake clock that records what each acquire was asked. */
  class RecordingLimiter extends RateLimiter {
    readonly asked: Array<AcquireOptions | undefined> = [];
    override async acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<void> {
      this.asked.push(options);
      return super.acquire(signal, options);
    }
  }
  function recording(options: { limit?: number; reserved?: number } = {}) {
    let now = 1_000_000;
    const waits: number[] = [];
    const limiter = new RecordingLimiter({
      marginMs: 0,
      ...options,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    return { limiter, waits, advance: (ms: number) => (now += ms) };
  }
  const createRequest = {
    payeeId: PAYEE,
    quoteAmount: "1",
    quoteAssetId: "usd",
    settlementAssetId: ASSET_IDS.BTC,
    traceId: TRACE,
  };

  it("passes priority, reserved and maxQueueMs to the limiter (maxQueueMs as maxWaitMs), and nothing when not given", async () => {
    route("get", "/payments_result", reply.ok(RESULT_DATA));
    route("post", "/one_time_payment", reply.ok({ code: TRACE }));
    const { limiter } = recording();
    const c = client({ rateLimiter: limiter });
    await c.payments.retrieve({ traceId: TRACE }, { priority: "background" });
    await c.payments.create(createRequest, { priority: "interactive", maxQueueMs: 5_000 });
    await c.payments.retrieve({ traceId: TRACE });
    await c.payments.retrieve({ traceId: TRACE }, { priority: "background", reserved: 25 });
    expect(limiter.asked).toEqual([
      { priority: "background", maxWaitMs: undefined, reserved: undefined },
      { priority: "interactive", maxWaitMs: 5_000, reserved: undefined },
      { priority: undefined, maxWaitMs: undefined, reserved: undefined },
      { priority: "background", maxWaitMs: undefined, reserved: 25 },
    ]);
    expect(sent).toBe(4);
  });

  it("background checks leave the reserved slots to a checkout, which answers normally at once", async () => {
    route("get", "/payments_result", reply.ok(RESULT_DATA));
    route("post", "/one_time_payment", reply.ok({ code: TRACE }));
    const { limiter, waits } = recording({ limit: 5, reserved: 2 });
    const c = client({ rateLimiter: limiter });
    for (let i = 0; i < 3; i++) await c.payments.retrieve({ traceId: TRACE }, { priority: "background" });
    const error = await caught(c.payments.retrieve({ traceId: TRACE }, { priority: "background", maxQueueMs: 0 }));
    expect(error).toBeInstanceOf(MixPayBusyError);
    expect((error as MixPayBusyError).retryAfterMs).toBe(60_000);
    expect(sent).toBe(3);
    const out = await c.payments.create(createRequest, { maxQueueMs: 0 });
    expect(out).toEqual({ code: TRACE, traceId: TRACE });
    expect(sent).toBe(4);
    expect(waits).toEqual([]);
  });

  it("a busy budget fails the call at once with MixPayBusyError, sends nothing and is not retried", async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      return Response.json({ code: 0, success: true, message: "", data: { code: TRACE }, timestampMs: TS });
    };
    const { limiter, waits } = recording();
    await limiter.observe({ status: 429, headers: new Headers({ "retry-after": "12" }), code: 1429 });
    const c = client({ fetch, rateLimiter: limiter, retry: { maxAttempts: 5, sleep: instantSleep } });
    for (const call of [
      () => c.payments.create(createRequest, { maxQueueMs: 2_000 }),
      () => c.payments.retrieve({ traceId: TRACE }, { maxQueueMs: 2_000 }),
    ]) {
      const error = await caught(call());
      expect(error).toBeInstanceOf(MixPayBusyError);
      expect(error).not.toBeInstanceOf(MixPayNetworkError);
      expect((error as MixPayBusyError).disposition).toBe("retry");
      expect((error as MixPayBusyError).retryAfterMs).toBe(12_000);
      expect((error as MixPayBusyError).message).toBe("MixPay's request budget is used up for now; try again in 12 s");
    }
    expect(calls).toBe(0);
    expect(limiter.asked).toHaveLength(2); // one attempt each
    expect(sleeps).toEqual([]); // no retry backoff
    expect(waits).toEqual([]); // no rate-limit wait
  });

  it("a POST answered 1429 is retried, and the retry fails fast instead of waiting out MixPay's minute", async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      return Response.json(
        { code: 1429, success: false, message: "Too Many Attempts.", data: [], timestampMs: TS },
        { status: 429 },
      );
    };
    const { limiter, waits } = recording();
    const started = Date.now();
    const error = await caught(
      client({ fetch, rateLimiter: limiter }).payments.create(createRequest, { maxQueueMs: 20_000 }),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(MixPayBusyError);
    expect((error as MixPayBusyError).retryAfterMs).toBe(60_000); // no retry-after: a whole window
    expect(calls).toBe(1);
    expect(limiter.asked).toHaveLength(2);
    expect(sleeps).toEqual([125]); // the one backoff before the second attempt
    expect(waits).toEqual([]);
  });

  it("a slot that frees within maxQueueMs is waited for, and the call succeeds", async () => {
    route("get", "/setting/quote_assets", reply.ok([]));
    const { limiter, waits, advance } = recording({ limit: 3 });
    const c = client({ rateLimiter: limiter });
    for (let i = 0; i < 3; i++) {
      await c.assets.quote();
      advance(20_000);
    }
    // t = 60 s: the slot of t = 0 has just left; the next frees at 80 s.
    await c.assets.quote(undefined, { maxQueueMs: 0 });
    const error = await caught(c.assets.quote(undefined, { maxQueueMs: 19_999 }));
    expect((error as MixPayBusyError).retryAfterMs).toBe(20_000);
    expect(await c.assets.quote(undefined, { maxQueueMs: 20_000 })).toEqual([]);
    expect(waits).toEqual([20_000]);
    expect(sent).toBe(5);
  });

  it("aborting while waiting within maxQueueMs is still an abort, as without it", async () => {
    route("get", "/payments_result", reply.ok(RESULT_DATA));
    const c = client({ rateLimiter: new RateLimiter({ limit: 1, windowMs: 60_000 }) });
    await c.payments.retrieve({ traceId: TRACE });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await caught(
      c.payments.retrieve({ traceId: TRACE }, { signal: controller.signal, maxQueueMs: 120_000 }),
    );
    expect(error).toBeInstanceOf(MixPayNetworkError);
    expect((error as MixPayNetworkError).message).toBe(
      "GET /payments_result aborted while waiting for the rate limiter",
    );
    expect(sent).toBe(1);
  });
});

describe("connection failures through an injected fetch", () => {
  const refused = () =>
    new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" }),
    });
  const reset = () =>
    new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });

  const body = {
    payeeId: PAYEE,
    quoteAmount: "1",
    quoteAssetId: "usd",
    settlementAssetId: ASSET_IDS.BTC,
    traceId: TRACE,
  };

  it("POST: connection refused (nothing sent) is 'retry' and retried up to maxAttempts", async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      throw refused();
    };
    const error = await caught(client({ fetch }).payments.create(body));
    expect(error).toBeInstanceOf(MixPayNetworkError);
    const e = error as MixPayNetworkError;
    expect(e.reason).toBe("connection");
    expect(e.disposition).toBe("retry");
    expect(e.message).toBe("POST /one_time_payment failed: fetch failed (ECONNREFUSED)");
    expect(calls).toBe(3);
  });

  it("POST: refused once, then created", async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      if (calls === 1) throw refused();
      return Response.json({ code: 0, success: true, message: "", data: { code: TRACE }, timestampMs: TS });
    };
    expect(await client({ fetch }).payments.create(body)).toEqual({ code: TRACE, traceId: TRACE });
    expect(calls).toBe(2);
  });

  it("POST: connection reset after sending is indeterminate and not retried; GET is retried", async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      throw reset();
    };
    const error = await caught(client({ fetch }).payments.create(body));
    expect((error as MixPayNetworkError).reason).toBe("connection");
    expect((error as MixPayNetworkError).disposition).toBe("indeterminate");
    expect(calls).toBe(1);
    calls = 0;
    const getError = await caught(client({ fetch }).payments.retrieve({ traceId: TRACE }));
    expect((getError as MixPayNetworkError).disposition).toBe("retry");
    expect(calls).toBe(3);
  });

  it("the injected fetch receives the URL, method, headers and body", async () => {
    const got: Array<[string, RequestInit | undefined]> = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      got.push([String(input), init]);
      return Response.json({ code: 0, success: true, message: "", data: { multisigId: "m-1" }, timestampMs: TS });
    };
    await client({ fetch, baseUrl: "http://127.0.0.1:4010/v1/" }).multisig.create({
      receivers: [PAYEE, TRACE, CODE],
      threshold: 3,
    });
    expect(got).toHaveLength(1);
    expect(got[0]?.[0]).toBe("http://127.0.0.1:4010/v1/multisig");
    expect(got[0]?.[1]?.method).toBe("POST");
    expect(got[0]?.[1]?.body).toBe(JSON.stringify({ receivers: [PAYEE, TRACE, CODE], threshold: 3 }));
    expect(got[0]?.[1]?.headers).toEqual({
      accept: "application/json",
      "user-agent": "mixpay-pos-core",
      "content-type": "application/json",
    });
  });
});

describe("the client and its rate limiter", () => {
  function fakeLimiter(options: { limit?: number; store?: MemoryRateLimitStore } = {}) {
    let now = 1_000_000;
    const waits: number[] = [];
    const limiter = new RateLimiter({
      marginMs: 0, // these tests check the window rule itself
      ...options,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    return { limiter, waits, advance: (ms: number) => (now += ms) };
  }

  it("takes a slot before every attempt, retries included", async () => {
    route("get", "/payments_result", reply.text(500, "oops"), reply.text(500, "oops"), reply.ok(RESULT_DATA));
    const store = new MemoryRateLimitStore();
    const { limiter } = fakeLimiter({ store });
    await client({ rateLimiter: limiter }).payments.retrieve({ traceId: TRACE });
    expect(sent).toBe(3);
    // 3 of 60 used.
    expect(await store.take("mixpay", 60, 60_000, 1_000_000)).toEqual({ granted: true, waitMs: 0, remaining: 56 });
  });

  it("x-ratelimit-remaining: 0 makes the next call wait for a whole window", async () => {
    route(
      "get",
      "/payments_result",
      reply.ok(RESULT_DATA, { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0" }),
      reply.ok(RESULT_DATA, { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "59" }),
    );
    const { limiter, waits } = fakeLimiter();
    const c = client({ rateLimiter: limiter });
    await c.payments.retrieve({ traceId: TRACE });
    expect(waits).toEqual([]);
    await c.payments.retrieve({ traceId: TRACE });
    expect(waits).toEqual([60_000]);
    expect(sent).toBe(2);
  });

  it("a POST answered 1429 with retry-after: 3 waits 3 s in the limiter, then succeeds", async () => {
    route(
      "post",
      "/one_time_payment",
      reply.mixpay(1429, "", 429, [], { "retry-after": "3", "x-ratelimit-remaining": "0" }),
      reply.ok({ code: TRACE }),
    );
    const { limiter, waits } = fakeLimiter();
    const out = await client({ rateLimiter: limiter }).payments.create({
      payeeId: PAYEE,
      quoteAmount: "1",
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.BTC,
      traceId: TRACE,
    });
    expect(out).toEqual({ code: TRACE, traceId: TRACE });
    expect(sleeps).toEqual([125]); // the retry backoff
    expect(waits).toEqual([3_000]); // the limiter honoured retry-after
    expect(sent).toBe(2);
  });

  it("the 61st call within a minute waits for the oldest slot", async () => {
    route("get", "/setting/quote_assets", reply.ok([]));
    const { limiter, waits, advance } = fakeLimiter();
    const c = client({ rateLimiter: limiter });
    for (let i = 0; i < 60; i++) {
      await c.assets.quote();
      advance(500);
    }
    expect(waits).toEqual([]);
    await c.assets.quote();
    expect(waits).toEqual([30_000]);
    expect(sent).toBe(61);
  });

  it("a failing limiter store does not turn a received answer into an error", async () => {
    route("post", "/one_time_payment", reply.ok({ code: TRACE }, { "x-ratelimit-remaining": "0" }));
    const store = new MemoryRateLimitStore();
    store.blockUntil = async () => {
      throw new Error("redis down");
    };
    const c = client({ rateLimiter: new RateLimiter({ store }) });
    const out = await c.payments.create({
      payeeId: PAYEE,
      quoteAmount: "1",
      quoteAssetId: "usd",
      settlementAssetId: ASSET_IDS.BTC,
      traceId: TRACE,
    });
    expect(out.code).toBe(TRACE);
  });
});
