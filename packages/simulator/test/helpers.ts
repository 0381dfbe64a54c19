import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { ASSET_IDS } from "@mixpay-pos/protocol";
import { DEMO_PAYEE_ID, type PaymentResultData, type SimulatedPaymentView, type Simulator } from "../src/index.js";

export const PAYEE = DEMO_PAYEE_ID;
export const USDT = ASSET_IDS.USDT_ERC20;
export const BTC = ASSET_IDS.BTC;
export const BASE = "http://sim.test";

export interface Envelope<D> {
  code: number;
  success: boolean;
  message: string;
  data: D;
  timestampMs: number;
}

export type FieldErrors = Record<string, string[]>;

export interface Answer<B> {
  status: number;
  headers: Headers;
  body: B;
}

function requestInit(method: string, body?: Record<string, unknown> | URLSearchParams | string): RequestInit {
  const init: RequestInit = { method };
  if (body instanceof URLSearchParams) {
    init.body = body.toString();
    init.headers = { "content-type": "application/x-www-form-urlencoded" };
  } else if (typeof body === "string") {
    init.body = body;
    init.headers = { "content-type": "application/json" };
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return init;
}

/** A raw request through simulator.handle(): JSON for objects, a form body for URLSearchParams. */
export function send(
  sim: Simulator,
  method: string,
  path: string,
  body?: Record<string, unknown> | URLSearchParams | string,
  clientKey = "test-client",
): Promise<Response> {
  return sim.handle(new Request(BASE + path, requestInit(method, body)), { clientKey });
}

/** A /v1 call; `D` is the type of `data` the test expects. */
export async function api<D = unknown>(
  sim: Simulator,
  method: string,
  path: string,
  body?: Record<string, unknown> | URLSearchParams | string,
  clientKey = "test-client",
): Promise<Answer<Envelope<D>>> {
  const response = await send(sim, method, path, body, clientKey);
  const parsed: Envelope<D> = JSON.parse(await response.text());
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A /_control call (plain JSON). */
export async function control<B = SimulatedPaymentView>(
  sim: Simulator,
  method: string,
  path: string,
  body?: Record<string, unknown> | string,
): Promise<Answer<B>> {
  const response = await send(sim, method, path, body);
  const parsed: B = JSON.parse(await response.text());
  return { status: response.status, headers: response.headers, body: parsed };
}

export interface ControlErrorBody {
  error: string;
  field?: string;
}

/** An HTML page. */
export async function page(sim: Simulator, path: string, init?: RequestInit): Promise<Answer<string>> {
  const response = await sim.handle(new Request(BASE + path, init));
  return { status: response.status, headers: response.headers, body: await response.text() };
}

export function orderTerms(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payeeId: PAYEE,
    quoteAmount: "10",
    quoteAssetId: "usd",
    settlementAssetId: USDT,
    orderId: "order-1001",
    ...overrides,
  };
}

/** The same terms as a form body. */
export function formTerms(overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    payeeId: PAYEE,
    quoteAmount: "10",
    quoteAssetId: "usd",
    settlementAssetId: USDT,
    orderId: "order-1001",
    ...overrides,
  });
}

/** Creates a one-time payment and returns its code (= traceId). */
export async function createPayment(sim: Simulator, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api<{ code: string }>(sim, "POST", "/v1/one_time_payment", orderTerms(overrides));
  if (res.body.code !== 0) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
  return res.body.data.code;
}

/** GET /v1/payments_result?traceId=…&with=… → data (checked against protocol's schema by the caller when needed). */
export async function result(
  sim: Simulator,
  traceId: string,
  withParts = "payment,transactions",
): Promise<PaymentResultData> {
  const res = await api<PaymentResultData>(sim, "GET", `/v1/payments_result?traceId=${traceId}&with=${withParts}`);
  if (res.body.code !== 0) throw new Error(`payments_result failed: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export interface ReceivedCallback {
  at: number;
  body: string;
  contentType: string | undefined;
  userAgent: string | undefined;
  method: string | undefined;
  /** The address the request came from (the socket's remote address). */
  remoteAddress: string | undefined;
}

export interface Receiver {
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}

/**
 * A local callback receiver. `reply(n)` decides the answer to the n-th request (0-based);
 * default: HTTP 200 {"code":"SUCCESS"}.
 */
export async function startReceiver(
  reply: (n: number) => { status: number; body: string } = () => ({ status: 200, body: '{"code":"SUCCESS"}' }),
): Promise<Receiver> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = received.length;
      received.push({
        at: Date.now(),
        body: Buffer.concat(chunks).toString(),
        contentType: req.headers["content-type"],
        userAgent: req.headers["user-agent"],
        method: req.method,
        remoteAddress: req.socket.remoteAddress,
      });
      const r = reply(n);
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mixpay/callback`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
