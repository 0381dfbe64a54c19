/**
 * A server-sent events parser (the WHATWG event-stream format) for text arriving in chunks of any size: lines end
 * in LF, CRLF or CR; `:` starts a comment (the server's `: ping`); `data` lines join with LF; an event is
 * dispatched at a blank line, and only when it has data. `event` defaults to "message". Pure: no I/O.
 */

export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

export interface SseParser {
  /** Feeds the next chunk of decoded text. */
  push(chunk: string): void;
  /** The stream ended: an event without its closing blank line is dropped, as the format says. */
  end(): void;
}

export function createSseParser(onEvent: (event: SseEvent) => void, onComment?: (text: string) => void): SseParser {
  let buffer = "";
  let pendingCr = false;
  let type = "";
  let data: string[] = [];
  let lastId: string | null = null;

  const dispatch = () => {
    if (data.length > 0) onEvent({ event: type || "message", data: data.join("\n"), id: lastId });
    type = "";
    data = [];
  };

  const line = (text: string) => {
    if (text === "") return dispatch();
    if (text.startsWith(":")) return onComment?.(text.slice(1).trimStart());
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) lastId = value;
    // "retry" and unknown fields are ignored: the caller decides when to reconnect.
  };

  return {
    push(chunk) {
      let text = chunk;
      // A CR at the end of the last chunk and an LF at the start of this one are one line ending.
      if (pendingCr && text.startsWith("\n")) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        if (match[0] === "\r" && match.index === buffer.length - 1) {
          pendingCr = true; // may be the first half of a CRLF split across chunks
        }
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
    end() {
      buffer = "";
      type = "";
      data = [];
    },
  };
}
