import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from "node:net";
import { ASSET_IDS } from "@mixpay-pos/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { MixPayClient } from "../src/client.js";
import { MixPayNetworkError } from "../src/errors.js";

/**
 * The real fetch (undici) against real sockets on 127.0.0.1 (offline): checks that the client tells
 * "refused before sending" from "reset after sending" with the errors Node actually produces.
 */

const PAYEE = "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7";
const TRACE = "4f7b0b8c-4a3b-4b5e-9a0e-6b1d2c3e4f50";
const createBody = {
  payeeId: PAYEE,
  quoteAmount: "1",
  quoteAssetId: "usd",
  settlementAssetId: ASSET_IDS.BTC,
  traceId: TRACE,
};

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

async function closedPort(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

function client(baseUrl: string, attempts: number[], timeoutMs = 2_000): MixPayClient {
  return new MixPayClient({
    baseUrl,
    timeoutMs,
    rateLimiter: false,
    retry: { sleep: async () => {} },
    onRequest: (info) => attempts.push(info.attempt),
  });
}

async function caught(promise: Promise<unknown>): Promise<MixPayNetworkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MixPayNetworkError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("real sockets", () => {
  it("POST to a closed port: ECONNREFUSED, disposition retry, retried to maxAttempts", async () => {
    const attempts: number[] = [];
    const error = await caught(client(await closedPort(), attempts).payments.create(createBody));
    expect(error.reason).toBe("connection");
    expect(error.disposition).toBe("retry");
    expect(error.message).toBe("POST /one_time_payment failed: fetch failed (ECONNREFUSED)");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("POST whose connection is reset after the request was sent: indeterminate, sent once", async () => {
    let received = 0;
    const base = await listen(
      createTcpServer((socket) =>
        socket.once("data", () => {
          received++;
          socket.resetAndDestroy();
        }),
      ),
    );
    const attempts: number[] = [];
    const error = await caught(client(base, attempts).payments.create(createBody));
    expect(error.reason).toBe("connection");
    expect(error.disposition).toBe("indeterminate");
    expect(attempts).toEqual([1]);
    expect(received).toBe(1);
  });

  it("GET whose connection is closed without an answer: retried", async () => {
    let received = 0;
    const base = await listen(
      createTcpServer((socket) =>
        socket.once("data", () => {
          received++;
          socket.destroy();
        }),
      ),
    );
    const attempts: number[] = [];
    const error = await caught(client(base, attempts).payments.retrieve({ traceId: TRACE }));
    expect(error.reason).toBe("connection");
    expect(error.disposition).toBe("retry");
    expect(attempts).toEqual([1, 2, 3]);
    expect(received).toBe(3);
  });

  it("POST to a server that never answers: timeout, indeterminate, sent once", async () => {
    let received = 0;
    const base = await listen(createTcpServer((socket) => socket.once("data", () => received++)));
    const attempts: number[] = [];
    const error = await caught(client(base, attempts, 80).payments.create(createBody));
    expect(error.reason).toBe("timeout");
    expect(error.disposition).toBe("indeterminate");
    expect(attempts).toEqual([1]);
    expect(received).toBe(1);
  });

  it("a real HTTP server receives the JSON body and the answer is parsed", async () => {
    const got: Array<{ method?: string; url?: string; type?: string; body: string }> = [];
    const base = await listen(
      createHttpServer((req: IncomingMessage, res: ServerResponse) => {
        let body = "";
        req.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
        });
        req.on("end", () => {
          got.push({ method: req.method, url: req.url, type: req.headers["content-type"], body });
          res.writeHead(200, { "content-type": "application/json", "x-ratelimit-remaining": "58" });
          res.end(JSON.stringify({ code: 0, success: true, message: "", data: { code: TRACE }, timestampMs: 1 }));
        });
      }),
    );
    const attempts: number[] = [];
    expect(await client(base, attempts).payments.create({ ...createBody, strictMode: "1" })).toEqual({
      code: TRACE,
      traceId: TRACE,
    });
    expect(got).toEqual([
      {
        method: "POST",
        url: "/v1/one_time_payment",
        type: "application/json",
        body: JSON.stringify({ ...createBody, strictMode: true }),
      },
    ]);
  });
});
