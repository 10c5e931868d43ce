/**
 * Server-sent events (`text/event-stream`, WHATWG HTML §9.2 "Server-sent events"): the one set
 * of rules the runtime writes events with and the client reads them with. Browser-safe.
 *
 * specwright's convention for OpenAPI 3.0/3.1, which have no item schema for streams: the
 * `schema` of a `text/event-stream` media type describes the `data` of each event. String
 * schemas send `data` as text; every other schema sends it as JSON.
 */

/** One event as a handler yields it and the client returns it (WHATWG HTML §9.2.6 fields). */
export interface ServerSentEvent<Data = unknown> {
  /** The event's payload: JSON-encoded on the wire unless the schema is a string. */
  data: Data;
  /** The event type (`event:` field); omitted means `message`. */
  event?: string;
  /** The last event id (`id:` field); a browser's EventSource sends it back on reconnect. */
  id?: string;
  /** Reconnection time in ms (`retry:` field). */
  retry?: number;
}

/** How an event's `data` is written: `text` as is (split into `data:` lines), `json` as JSON. */
export type EventDataEncoding = "text" | "json";

/**
 * Serialises one event as its wire text, ending with the blank line that dispatches it.
 * Throws TypeError when `event` or `id` contain CR, LF (which would inject fields) or, for `id`,
 * NUL (WHATWG HTML §9.2.6 ignores such ids), or when `retry` is not a non-negative integer.
 * `dataText` is the data already written as text (a serialiser's JSON); by default `data` is
 * written as it is for `text` and by `JSON.stringify` for `json`.
 */
export function serialiseEvent(event: ServerSentEvent, encoding: EventDataEncoding, dataText?: string): string {
  let text = "";
  if (event.event !== undefined) {
    if (/[\r\n]/.test(event.event)) throw new TypeError("an event type cannot contain CR or LF");
    text += `event: ${event.event}\n`;
  }
  if (event.id !== undefined) {
    if (/[\r\n\0]/.test(event.id)) throw new TypeError("an event id cannot contain CR, LF or NUL");
    text += `id: ${event.id}\n`;
  }
  if (event.retry !== undefined) {
    if (!Number.isInteger(event.retry) || event.retry < 0) throw new TypeError("retry must be a non-negative integer (ms)");
    text += `retry: ${event.retry}\n`;
  }
  const data = dataText ?? (encoding === "text" && typeof event.data === "string" ? event.data : JSON.stringify(event.data) ?? "null");
  for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment line: ignored by readers, used to keep idle connections open through proxies. */
export const keepAliveComment = ":\n\n";

/**
 * Reads an event stream into events, per WHATWG HTML §9.2.6 "Interpreting an event stream":
 * lines end with CRLF, LF or CR; `:` starts a comment; an empty line dispatches the event;
 * events without `data` are not dispatched; a leading BOM is skipped. `data` is decoded per
 * `encoding` (JSON.parse for `json`; a SyntaxError is thrown for an event that is not JSON).
 */
export async function* parseEventStream(chunks: AsyncIterable<Uint8Array>, encoding: EventDataEncoding): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  let first = true;
  let data: string[] = [];
  let type: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  const dispatch = (): ServerSentEvent | undefined => {
    if (data.length === 0) {
      type = undefined;
      return undefined;
    }
    const text = data.join("\n");
    const event: ServerSentEvent = { data: encoding === "json" ? JSON.parse(text) : text };
    if (type !== undefined) event.event = type;
    if (id !== undefined) event.id = id;
    if (retry !== undefined) event.retry = retry;
    data = [];
    type = undefined;
    retry = undefined;
    return event;
  };
  const readLine = (line: string): ServerSentEvent | undefined => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") type = value;
    else if (field === "id" && !value.includes("\0")) id = value;
    else if (field === "retry" && /^[0-9]+$/.test(value)) retry = Number(value);
    return undefined;
  };
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    let start = 0;
    for (let index = 0; index < buffer.length; index += 1) {
      const code = buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (code === 13 && index === buffer.length - 1) break;
      const event = readLine(buffer.slice(start, index));
      if (code === 13 && buffer.charCodeAt(index + 1) === 10) index += 1;
      start = index + 1;
      if (event) yield event;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  // An incomplete last event (no blank line after it) is discarded, as the standard says.
}
