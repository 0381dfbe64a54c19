import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny local server speaking the pushed-status contract: `GET <url>` answers `text/event-stream`, each update is
 * `event: sale\ndata: <JSON>\n\n` (the poll route's body), `: ping` comments keep it alive, and the server may
 * close the stream. Each test sets `handle` to script what the server does.
 */
export interface SseServer {
  url: string;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Requests received, in order (method and path). */
  requests: string[];
  close(): Promise<void>;
}

export function openStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
  res.flushHeaders();
}

export function sendSale(res: ServerResponse, body: unknown): void {
  res.write(`event: sale\ndata: ${JSON.stringify(body)}\n\n`);
}

export async function startSseServer(): Promise<SseServer> {
  const open = new Set<ServerResponse>();
  const server: SseServer = {
    url: "",
    requests: [],
    handle: (_req, res) => res.writeHead(404).end(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
  const http = createServer((req, res) => {
    server.requests.push(`${req.method} ${req.url}`);
    open.add(res);
    res.on("close", () => open.delete(res));
    server.handle(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return server;
}
