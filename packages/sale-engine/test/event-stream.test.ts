import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventStreamError, readEventStream } from "../src/event-stream";
import type { SseEvent } from "../src/sse";
import { openStream, type SseServer, sendSale, startSseServer } from "./sse-server";

let server: SseServer;
beforeEach(async () => {
  server = await startSseServer();
});
afterEach(() => server.close());

describe("readEventStream over fetch", () => {
  it("sends the caller's headers (the store's publishable key) and delivers each sale event until the server closes", async () => {
    server.handle = (req, res) => {
      if (req.headers["x-publishable-api-key"] !== "pk_test") return void res.writeHead(401).end();
      openStream(res);
      sendSale(res, { payment: { status: "unpaid" } });
      res.write(": ping\n\n");
      setTimeout(() => {
        sendSale(res, { payment: { status: "paid" } });
        res.end();
      }, 20);
    };
    const events: SseEvent[] = [];
    let opened = false;
    await readEventStream({
      url: `${server.url}/store/mixpay/payments/t/stream`,
      headers: { "x-publishable-api-key": "pk_test" },
      onOpen: () => {
        opened = true;
      },
      onEvent: (e) => events.push(e),
    });
    expect(opened).toBe(true);
    expect(events.map((e) => [e.event, JSON.parse(e.data)])).toEqual([
      ["sale", { payment: { status: "unpaid" } }],
      ["sale", { payment: { status: "paid" } }],
    ]);
  });

  it("rejects an HTTP error with its status, and an answer that is not an event stream", async () => {
    server.handle = (_req, res) => res.writeHead(401).end();
    const err = await readEventStream({ url: server.url, onEvent: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventStreamError);
    expect((err as EventStreamError).status).toBe(401);

    server.handle = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}");
    await expect(readEventStream({ url: server.url, onEvent: () => {} })).rejects.toThrow(/not an event stream/);
  });

  it("gives up on a stream that falls silent (no event, no ping) for the idle timeout", async () => {
    server.handle = (_req, res) => {
      openStream(res);
      sendSale(res, { payment: { status: "unpaid" } });
    };
    const events: SseEvent[] = [];
    await expect(
      readEventStream({ url: server.url, idleTimeoutMs: 150, onEvent: (e) => events.push(e) }),
    ).rejects.toThrow(/silent for 150 ms/);
    expect(events).toHaveLength(1);
  });

  it("stops when the caller aborts", async () => {
    server.handle = (_req, res) => openStream(res);
    const controller = new AbortController();
    const reading = readEventStream({ url: server.url, signal: controller.signal, onEvent: () => {} });
    setTimeout(() => controller.abort(), 50);
    await expect(reading).rejects.toThrow();
  });
});
