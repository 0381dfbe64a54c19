// A minimal server-sent events client on fetch for the sandbox's tests and benchmark: opens a sale stream
// (GET …/events), parses `event: sale` frames and lets the caller wait for a state. Plain .mjs so bench/run.mjs
// (plain node) and the vitest suites share it.

/**
 * Opens `url` with `headers`. Resolves once the response headers arrived: `{ status, events, next, ended, close }`;
 * `events` are `{ event, data, atMs }` with `atMs` from Date.now() when the frame arrived.
 */
export async function openSaleStream(url, headers = {}) {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events = [];
  const waiters = [];
  const stream = {
    status: res.status,
    events,
    next(match, timeoutMs = 30_000) {
      const found = events.find((e) => match(e.data));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          match,
          done: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
    close: () => abort.abort(),
    ended: Promise.resolve(),
  };
  if (!res.ok || !res.body) return stream;
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          if (frame.startsWith(":")) continue;
          const lines = frame.split("\n");
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
          const data = JSON.parse(
            lines
              .filter((l) => l.startsWith("data: "))
              .map((l) => l.slice(6))
              .join("\n"),
          );
          const received = { event, data, atMs: Date.now() };
          events.push(received);
          for (const w of waiters.splice(0)) {
            if (w.match(data)) w.done(received);
            else waiters.push(w);
          }
        }
      }
    } catch {
      // closed by the caller
    }
  })();
  return stream;
}
