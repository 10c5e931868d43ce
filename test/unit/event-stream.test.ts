import { describe, expect, it } from "vitest";
import { parseEventStream, serialiseEvent, type ServerSentEvent } from "../../src/wire/event-stream.js";

/** Feeds `text` to the parser in chunks of `size` bytes (splitting CRLF pairs and UTF-8 sequences). */
async function parse(text: string, encoding: "text" | "json", size = 1): Promise<ServerSentEvent[]> {
  const bytes = new TextEncoder().encode(text);
  async function* chunks() {
    for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
  }
  const events: ServerSentEvent[] = [];
  for await (const event of parseEventStream(chunks(), encoding)) events.push(event);
  return events;
}

describe("server-sent events wire format (WHATWG HTML §9.2.6)", () => {
  it("serialises fields, multi-line text data and JSON data", () => {
    expect(serialiseEvent({ data: "a\nb\r\nc", event: "note", id: "7", retry: 1000 }, "text")).toBe("event: note\nid: 7\nretry: 1000\ndata: a\ndata: b\ndata: c\n\n");
    expect(serialiseEvent({ data: { text: "x\ny" } }, "json")).toBe('data: {"text":"x\\ny"}\n\n');
    // A string under a JSON schema is still JSON, so the reader can tell "1" from 1.
    expect(serialiseEvent({ data: "1" }, "json")).toBe('data: "1"\n\n');
  });

  it("refuses event types and ids that would inject fields", () => {
    expect(() => serialiseEvent({ data: 1, event: "a\ndata: x" }, "json")).toThrow(TypeError);
    expect(() => serialiseEvent({ data: 1, id: "1\r" }, "json")).toThrow(TypeError);
    expect(() => serialiseEvent({ data: 1, retry: -1 }, "json")).toThrow(TypeError);
  });

  it("reads what it writes, byte by byte", async () => {
    const events: ServerSentEvent[] = [
      { data: "first line\nsecond line", event: "note", id: "1" },
      { data: "é ✓ 𝄞", retry: 5 },
    ];
    const text = events.map((event) => serialiseEvent(event, "text")).join("");
    // The last event id carries over to later events (the standard's "last event ID buffer").
    const expected = [events[0], { ...events[1], id: "1" }];
    expect(await parse(text, "text", 1)).toEqual(expected);
    expect(await parse(text, "text", 7)).toEqual(expected);
  });

  it("follows the standard's line rules: CR, LF and CRLF endings, comments, BOM, no space after the colon", async () => {
    const text = "\uFEFF: comment\r\ndata:one\rdata: two\r\n\r\nevent: x\ndata\n\n";
    expect(await parse(text, "text")).toEqual([{ data: "one\ntwo" }, { data: "", event: "x" }]);
  });

  it("does not dispatch an event without data, nor an unfinished last event", async () => {
    expect(await parse("event: lonely\n\ndata: cut off", "text")).toEqual([]);
  });

  it("keeps the last id across events and ignores ids with NUL and non-numeric retry", async () => {
    expect(await parse("id: 4\ndata: a\n\ndata: b\n\nid: x\0y\nretry: soon\ndata: c\n\n", "text")).toEqual([
      { data: "a", id: "4" },
      { data: "b", id: "4" },
      { data: "c", id: "4" },
    ]);
  });

  it("decodes JSON data and throws on data that is not JSON", async () => {
    expect(await parse('data: {"a":[1,\ndata: 2]}\n\n', "json")).toEqual([{ data: { a: [1, 2] } }]);
    await expect(parse("data: {oops\n\n", "json")).rejects.toThrow(SyntaxError);
  });
});
