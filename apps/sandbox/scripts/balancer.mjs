// A small round-robin HTTP load balancer (node:http) for the sandbox's production topology: each request goes to
// the next server in turn, as a cloud load balancer or nginx's `upstream` would send it. It appends the caller's
// address to x-forwarded-for (so a Medusa behind it sets the plugin's `trustedProxyHops` to 1 to see the caller),
// streams answers (server-sent events included), and when a server refuses the connection (stopped, restarting)
// it tries the next one, like nginx's `proxy_next_upstream error`. Bodies are read first so they can be resent.
import { Agent, createServer, request } from "node:http";

/**
 * @param {{ targets: string[]; port?: number; host?: string }} options Servers as base URLs (http://host:port).
 * @returns {Promise<{ url: string; port: number; targets: string[]; picks: number[]; close: () => Promise<void> }>}
 */
export function startBalancer({ targets, port = 0, host = "127.0.0.1" }) {
  if (targets.length === 0) throw new Error("the balancer needs at least one server");
  const upstreams = targets.map((t) => new URL(t));
  // A new connection per request: a kept-alive one the server closes just as it is reused fails with a reset that
  // cannot be retried safely (the request may have arrived), and loopback connections cost next to nothing.
  const agent = new Agent({ keepAlive: false, maxSockets: 256 });
  /** How many requests each server was given (for tests and the curious). */
  const picks = targets.map(() => 0);
  let next = 0;

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("error", () => res.destroy());
    req.on("end", () => forward(req, res, Buffer.concat(chunks), 0));
  });

  /** Sends the request to the next server; on a refused connection, to the one after (each server once). */
  function forward(req, res, body, attempt) {
    const index = next;
    next = (next + 1) % upstreams.length;
    const target = upstreams[index];
    const remote = req.socket.remoteAddress ?? "";
    const forwardedFor = req.headers["x-forwarded-for"];
    const headers = {
      ...req.headers,
      host: req.headers.host ?? target.host,
      "x-forwarded-for": forwardedFor ? `${forwardedFor}, ${remote}` : remote,
      "x-forwarded-proto": "http",
      "content-length": String(body.length),
    };
    delete headers["transfer-encoding"];
    picks[index] += 1;
    const upstream = request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        res.on("close", () => answer.destroy());
      },
    );
    upstream.on("error", (error) => {
      if (res.headersSent) return res.destroy();
      const refused = ["ECONNREFUSED", "ECONNRESET"].includes(/** @type {{ code?: string }} */ (error).code ?? "");
      if (refused && attempt + 1 < upstreams.length) return forward(req, res, body, attempt + 1);
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`bad gateway: ${error.message}\n`);
    });
    upstream.end(body);
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      resolve({
        url: `http://${host === "127.0.0.1" ? "localhost" : host}:${bound}`,
        port: bound,
        targets,
        picks,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}
