/**
 * The browser-safe transport of the generated client, on `fetch`. Node's faster transport is in
 * ./undici.ts, its own entry point (`specwright/client/undici`), so that bundles for the browser
 * never reach undici.
 */
import type { Transport, TransportRequest } from "../wire/transport.js";

/**
 * A transport on `fetch` (browsers, Node ≥ 18). Redirects are returned, not followed, so
 * credentials never travel to another origin (RELIABILITY C6).
 */
export function fetchTransport(fetchFunction: typeof fetch = globalThis.fetch.bind(globalThis)): Transport {
  return async (request) => {
    const response = await fetchFunction(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body as BodyInit } : {}),
      // A stream body needs half-duplex mode (the Fetch standard's `duplex`, which Node requires).
      ...(isStreamBody(request.body) ? { duplex: "half" } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      redirect: "manual",
    } as RequestInit);
    if (request.stream && response.body) return { status: response.status, headers: response.headers, body: new Uint8Array(0), stream: readableChunks(response.body) };
    return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
  };
}

/**
 * A web ReadableStream as an async iterable (not every browser makes streams iterable); ending
 * the iteration early cancels the stream.
 */
function readableChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const reader = stream.getReader();
      let finished = false;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            finished = true;
            return;
          }
          yield value;
        }
      } finally {
        if (!finished) await reader.cancel().catch(() => undefined);
        reader.releaseLock();
      }
    },
  };
}

/** Whether a request body is a stream (not text, bytes or a Blob). */
function isStreamBody(body: TransportRequest["body"]): boolean {
  return body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array) && !(typeof Blob !== "undefined" && body instanceof Blob);
}
