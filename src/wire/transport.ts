/**
 * The contract between the generated client and whatever carries its requests: a socket (fetch,
 * undici) or the server itself, in process (the runtime's `inject`). Types only; browser-safe.
 */

/**
 * An HTTP request as a transport sends it. `body` is already serialised: text, bytes, a Blob
 * (a multipart body of Blobs and bytes) or a stream of bytes (a multipart body with a stream in
 * it; Node only, sent with chunked transfer coding).
 */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | Blob | AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
  /** Return the body as it arrives (`TransportResponse.stream`) instead of reading it whole. */
  stream?: boolean;
}

/** An HTTP response as a transport returns it: status, lower-cased headers and the body bytes. */
export interface TransportResponse {
  status: number;
  headers: Headers;
  /** The whole body; empty when `stream` is set, or when `text` is. */
  body: Uint8Array;
  /**
   * The whole body as text, when the transport already decoded it as UTF-8 (a BOM dropped,
   * invalid bytes replaced by U+FFFD, as `TextDecoder` does): for JSON and `text/*` responses,
   * where the client needs text, not bytes. `body` is then empty.
   */
  text?: string;
  /**
   * When the request asked for `stream`: the body chunks as they arrive, not yet read. Stopping
   * the iteration early (`break`) cancels the body.
   */
  stream?: AsyncIterable<Uint8Array>;
}

/**
 * Sends one request. Implementations: the client's `fetchTransport` and `undiciTransport`, the
 * runtime's `inject` (in process), or your own.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
