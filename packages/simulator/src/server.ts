import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimulatorOptions } from "./options.js";
import { createSimulator, type Simulator } from "./simulator.js";

/** The node:http adapter: every request goes to simulator.handle(); "down" destroys the socket. */

export interface SimulatorServer {
  /** e.g. "http://127.0.0.1:4010" (API under /v1, checkout at /pay and /code, control at /_control). */
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

export interface SimulatorServerOptions extends SimulatorOptions {
  /** Default 0: a free port chosen by the OS (the CLI defaults to 4010). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

async function serve(simulator: Simulator, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const request = await toRequest(req, origin);
  const response = await simulator.handle(request, { clientKey: req.socket.remoteAddress ?? "unknown" });
  if (response.type === "error") {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(request.method === "HEAD" ? undefined : body);
}

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startSimulatorServer(opts: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const { port = 0, host = "127.0.0.1", ...simulatorOptions } = opts;
  const simulator = createSimulator(simulatorOptions);
  let origin = "http://127.0.0.1";
  const server = createServer((req, res) => {
    serve(simulator, req, res, origin).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${displayHost(host)}:${address.port}`;
  if (opts.checkoutBaseUrl === undefined) simulator.setCheckoutBaseUrl(origin);
  return {
    url: origin,
    simulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        simulator.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
