import { type IncomingHttpHeaders, request } from "node:http";

/** One server-sent event as a client parses it. */
export interface ReceivedEvent {
  event: string;
  data: unknown;
  atMs: number;
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Events so far (comments excluded). */
  events: ReceivedEvent[];
  /** `: ping` comments so far. */
  pings: number;
  /** The JSON body when the server answered with something other than a stream. */
  body: unknown;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** Waits for an event whose data satisfies `match`. */
  next(match: (data: unknown) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

/** A minimal EventSource over node:http (tests only): opens `url` with `headers` and parses the stream. */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    // A connection of its own, with no idle timeout (Node 20's global agent closes sockets idle for 5 s).
    const req = request(url, { agent: false, headers: { accept: "text/event-stream", ...headers } }, (res) => {
      let buffer = "";
      let raw = "";
      let endResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => {
        endResolve = r;
      });
      const waiters: { match: (d: unknown) => boolean; done: (e: ReceivedEvent) => void }[] = [];
      const stream: OpenStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        pings: 0,
        body: null,
        ended,
        next(match, timeoutMs = 15_000) {
          const found = stream.events.find((e) => match(e.data));
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(stream.events)}`)),
              timeoutMs,
            );
            waiters.push({
              match,
              done: (e) => {
                clearTimeout(timer);
                ok(e);
              },
            });
          });
        },
        close: () => req.destroy(),
      };
      const isStream = String(res.headers["content-type"] ?? "").startsWith("text/event-stream");
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (!isStream) {
          raw += chunk;
          return;
        }
        buffer += chunk;
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          if (frame.startsWith(":")) {
            stream.pings += 1;
            continue;
          }
          const lines = frame.split("\n");
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
          const data = lines
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n");
          const received = { event, data: JSON.parse(data) as unknown, atMs: Date.now() };
          stream.events.push(received);
          for (const w of waiters.splice(0)) {
            if (w.match(received.data)) w.done(received);
            else waiters.push(w);
          }
        }
      });
      const finish = () => {
        if (!isStream && raw) stream.body = JSON.parse(raw) as unknown;
        endResolve();
      };
      res.on("end", finish);
      res.on("close", finish);
      if (isStream) resolve(stream);
      else res.on("end", () => resolve(stream));
    });
    req.on("error", reject);
    req.end();
  });
}
