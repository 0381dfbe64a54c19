import { describe, expect, it } from "vitest";
import { createSseParser, type SseEvent } from "../src/sse";

function parse(chunks: string[]): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const parser = createSseParser(
    (e) => events.push(e),
    (c) => comments.push(c),
  );
  for (const c of chunks) parser.push(c);
  parser.end();
  return { events, comments };
}

describe("createSseParser", () => {
  it("reads the server's sale events and pings", () => {
    const body = `event: sale\ndata: {"payment":{"status":"unpaid"}}\n\n: ping\n\nevent: sale\ndata: {"payment":{"status":"paid"}}\n\n`;
    const { events, comments } = parse([body]);
    expect(events).toEqual([
      { event: "sale", data: '{"payment":{"status":"unpaid"}}', id: null },
      { event: "sale", data: '{"payment":{"status":"paid"}}', id: null },
    ]);
    expect(comments).toEqual(["ping"]);
  });

  it("gives the same events however the text is cut into chunks, one character at a time included", () => {
    const body = `event: sale\r\ndata: {"a":1}\r\n\r\n: ping\r\nevent: sale\rdata: {"b":2}\r\rdata: x\ndata: y\n\n`;
    const whole = parse([body]).events;
    expect(whole.map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}', "x\ny"]);
    expect(parse(body.split("")).events).toEqual(whole);
    for (let cut = 1; cut < body.length; cut++) {
      expect(parse([body.slice(0, cut), body.slice(cut)]).events).toEqual(whole);
    }
  });

  it("joins data lines with a newline, defaults the event to message, and keeps the last id", () => {
    const { events } = parse(["id: 7\ndata: one\ndata:two\n\ndata\n\n"]);
    expect(events).toEqual([
      { event: "message", data: "one\ntwo", id: "7" },
      { event: "message", data: "", id: "7" },
    ]);
  });

  it("dispatches nothing without data, and drops an event the stream cut off before its blank line", () => {
    const { events } = parse(["event: sale\n\n", "retry: 100\nunknown: x\n\n", "event: sale\ndata: half"]);
    expect(events).toEqual([]);
  });

  it("removes one leading space only, and reads a field without a colon as an empty value", () => {
    const { events } = parse(["data:  two spaces\nevent\ndata: z\n\n"]);
    expect(events).toEqual([{ event: "message", data: " two spaces\nz", id: null }]);
  });
});
