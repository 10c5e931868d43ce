import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { keepAliveComment, serialiseEvent, type EventDataEncoding, type ServerSentEvent } from "../wire/event-stream.js";

/**
 * A response body produced while it is sent: a Node readable stream, a web `ReadableStream`, or
 * any async iterable of byte or string chunks (an `async function*`). Sent with chunked transfer
 * encoding; the source is destroyed when the client goes away.
 */
export type StreamingBody = NodeJS.ReadableStream | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** What a handler may return for a binary media type (`image/png`, `application/octet-stream`, …). */
export type BinaryBody = Uint8Array | string | StreamingBody;

/**
 * What a handler returns for a `text/event-stream` response: events, usually from an
 * `async function*`. Each event's `data` has the type the media type's schema describes.
 */
export type EventStream<Data> = AsyncIterable<ServerSentEvent<Data>> | Iterable<ServerSentEvent<Data>>;

/** True for the values {@link StreamingBody} allows (not strings, buffers or plain objects). */
export function isStreamingBody(value: unknown): value is StreamingBody {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return false;
  return (
    typeof (value as { pipe?: unknown }).pipe === "function" ||
    typeof (value as { getReader?: unknown }).getReader === "function" ||
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}

/**
 * Pipes a streaming body to the response (headers must be set, status included). Resolves when
 * the body is sent, or when the client went away (the source is then destroyed, so generators
 * run their `finally`). Rejects with the source's error after the headers went out; the caller
 * then destroys the response, which the client sees as an incomplete body.
 */
export async function sendStream(response: ServerResponse, body: StreamingBody): Promise<void> {
  const source = typeof (body as { getReader?: unknown }).getReader === "function"
    ? Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>)
    : typeof (body as { pipe?: unknown }).pipe === "function"
      ? (body as Readable)
      : Readable.from(body as AsyncIterable<Uint8Array | string>, { objectMode: false });
  try {
    await pipeline(source, response);
  } catch (error) {
    if (response.destroyed && !response.writableFinished && isPrematureClose(error)) return;
    throw error;
  }
}

function isPrematureClose(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ERR_STREAM_DESTROYED" || code === "ECONNRESET" || code === "EPIPE";
}

/** How {@link sendEvents} checks and writes each event. */
export interface EventStreamOptions {
  encoding: EventDataEncoding;
  /**
   * Checks one event's `data` as sent (JSON data parsed back from its text); returns a reason
   * when it breaks the contract.
   */
  check?: (data: unknown) => string | undefined;
  /**
   * Writes JSON data as text (the media type's generated serialiser, which leaves out undeclared
   * and writeOnly properties). Default `JSON.stringify`.
   */
  writeJsonData?: (data: unknown) => string;
  /** A comment line is written after this many ms without an event (proxies close idle connections). Default 15 000. */
  keepAliveMs?: number;
  /**
   * Aborted when the server closes: the stream then ends at once (a complete chunked response,
   * so the client's EventSource sees a normal end and reconnects elsewhere), `onStop` runs and the
   * iterator is stopped, instead of holding `close()` for its whole grace period.
   */
  stop?: AbortSignal;
  /** Called when `stop` ends the stream (the pipeline aborts the handler's `context.signal`). */
  onStop?: () => void;
}

/** Thrown into the event loop of {@link sendEvents} when an event breaks the response contract. */
export class EventContractError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "EventContractError";
  }
}

/**
 * Writes server-sent events (WHATWG HTML §9.2) as the handler yields them, honouring
 * backpressure. The headers (`text/event-stream`, `cache-control: no-cache`) must already be
 * set with the status. Stops the iterator (its `finally` runs) when the client disconnects, and
 * ends the stream when `options.stop` aborts (the server is closing).
 * Rejects with {@link EventContractError} when `check` refuses an event, or with the
 * iterator's own error; the caller then destroys the response.
 */
export async function sendEvents(response: ServerResponse, events: EventStream<unknown>, options: EventStreamOptions): Promise<void> {
  const iterator = (Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : (events as Iterable<ServerSentEvent>)[Symbol.iterator]()) as
    | AsyncIterator<ServerSentEvent>
    | Iterator<ServerSentEvent>;
  let closed = false;
  const onClose = () => {
    closed = true;
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  };
  response.once("close", onClose);
  const onStop = () => {
    if (closed) return;
    closed = true;
    options.onStop?.();
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
    response.end();
  };
  if (options.stop?.aborted) queueMicrotask(onStop);
  else options.stop?.addEventListener("abort", onStop, { once: true });
  const keepAlive = setInterval(() => {
    if (!closed) response.write(keepAliveComment);
  }, options.keepAliveMs ?? 15_000);
  keepAlive.unref();
  response.flushHeaders();
  try {
    while (!closed) {
      const step = await iterator.next();
      if (step.done || closed) break;
      const event = step.value;
      const json = options.encoding === "json" || typeof event.data !== "string";
      const dataText = json ? options.writeJsonData?.(event.data) : undefined;
      const reason = options.check?.(dataText !== undefined ? JSON.parse(dataText) : event.data);
      if (reason !== undefined) throw new EventContractError(reason);
      if (!response.write(serialiseEvent(event, options.encoding, dataText))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            response.off("drain", done);
            response.off("close", done);
            resolve();
          };
          response.on("drain", done);
          response.on("close", done);
        });
      }
    }
    if (!closed) response.end();
  } catch (error) {
    if (!closed) await Promise.resolve(iterator.return?.()).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(keepAlive);
    response.off("close", onClose);
    options.stop?.removeEventListener("abort", onStop);
  }
}
