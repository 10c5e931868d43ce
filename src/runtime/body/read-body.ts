import type { IncomingMessage } from "node:http";
import { Transform, type Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { runtimeError } from "../errors.js";

/** The content codings a request body may carry (RFC 9110 §8.4.1); `x-gzip` is gzip (§8.4.1.3). */
export type ContentCoding = "gzip" | "deflate" | "br";

/** What servers send in `Accept-Encoding` when refusing a coding (RFC 9110 §12.5.3). */
export const acceptedContentCodings = "gzip, deflate, br";

/**
 * The content coding of a request body from its `Content-Encoding` header (RFC 9110 §8.4):
 * undefined when there is none or only `identity`. Throws HttpError 415
 * (SPW_HTTP_UNSUPPORTED_CONTENT_CODING, with `Accept-Encoding`) for any other coding, and for
 * more than one coding applied in sequence.
 */
export function contentCodingOf(request: IncomingMessage): ContentCoding | undefined {
  const header = request.headers["content-encoding"];
  if (header === undefined) return undefined;
  const codings = header.split(",").map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return undefined;
  const coding = codings.length === 1 ? (codings[0] === "x-gzip" ? "gzip" : codings[0]) : undefined;
  if (coding === "gzip" || coding === "deflate" || coding === "br") return coding;
  request.resume();
  throw runtimeError("SPW_HTTP_UNSUPPORTED_CONTENT_CODING", `Content-Encoding ${JSON.stringify(header.slice(0, 100))} is not supported; send one of: ${acceptedContentCodings}`, {
    headers: { "accept-encoding": acceptedContentCodings },
  });
}

/**
 * The request's bytes decoded from `coding` as they arrive: `deflate` is the zlib format (RFC 9110
 * §8.4.1.2), `br` Brotli (RFC 7932). The decoder's errors mean the body is not what its coding
 * says (see {@link malformedCoding}); the caller bounds the decoded size, so a small body that
 * decodes to gigabytes stops at the limit.
 */
export function decoderFor(request: IncomingMessage, coding: ContentCoding): Transform {
  const decoder = coding === "gzip" ? createGunzip() : coding === "deflate" ? createInflate() : createBrotliDecompress();
  request.pipe(decoder);
  return decoder;
}

/** HttpError 400 (SPW_HTTP_MALFORMED_CONTENT_CODING) for a body its decoder refused (a bad header, corrupt data, a truncated stream). */
export function malformedCoding(coding: ContentCoding, error: Error) {
  return runtimeError("SPW_HTTP_MALFORMED_CONTENT_CODING", `the body is not valid ${coding}: ${error.message}`);
}

/**
 * The request stream ended with an error or an abort before the body was complete: the client
 * went away, or node:http gave up on it (requestTimeout → 408, a parse error → 400) and already
 * answered and destroyed the socket. Not a server fault (RELIABILITY H2, H5).
 */
export class RequestAbortedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RequestAbortedError";
  }
}

/**
 * Reads a request body into one Buffer, up to `limit` bytes, decoded from its content `coding`
 * when it has one (the limit then bounds the decoded bytes; Content-Length the encoded ones).
 *
 * With a `Content-Length` over the limit it answers before reading anything; a chunked body is
 * stopped as soon as `limit + 1` bytes have arrived (RELIABILITY B1). Throws HttpError 413
 * (SPW_HTTP_BODY_TOO_LARGE) or, for a body its coding's decoder refuses, 400
 * (SPW_HTTP_MALFORMED_CONTENT_CODING); rejects with {@link RequestAbortedError} if the client
 * aborts. RFC 9110 §15.5.14.
 */
export function readBody(request: IncomingMessage, limit: number, coding?: ContentCoding): Promise<Buffer> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body is larger than ${limit} bytes`));
  }
  const source = coding ? decoderFor(request, coding) : request;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    // The listeners stay attached once settled (removing four costs more than the request's
    // whole body read); they ignore whatever comes after, so nothing more is buffered.
    const finish = (error: unknown, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(body!);
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      received += chunk.length;
      if (received > limit) {
        // Stop reading; the response (413) is sent with `Connection: close`, so the rest is dropped.
        // What was read goes now: the listeners (and this closure) live as long as the connection.
        chunks.length = 0;
        request.pause();
        if (source !== request) {
          request.unpipe();
          source.destroy();
        }
        finish(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body${coding ? ` decoded from ${coding}` : ""} is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    const onError = (error: Error): void => finish(new RequestAbortedError(`the request stream failed: ${error.message}`, { cause: error }));
    const onAborted = (): void => finish(new RequestAbortedError("the client aborted the request"));
    source.on("data", onData);
    source.on("end", onEnd);
    if (source !== request) source.on("error", (error: Error) => finish(malformedCoding(coding!, error)));
    request.on("error", onError);
    request.on("aborted", onAborted);
  });
}

/**
 * What a handler receives for a binary request body (`application/octet-stream`, `image/png`, …):
 * a Node readable stream of the bytes (`for await`, `.pipe()`, or `node:stream/consumers`'s
 * `buffer()`), bounded by `limits.maxFileSize`.
 */
export type BinaryRequestBody = Readable;

/**
 * A binary request body as a stream: the request's bytes as they arrive, up to `limit` bytes.
 * Throws HttpError 413 (SPW_HTTP_BODY_TOO_LARGE) at once when `Content-Length` is over the limit;
 * a chunked body that passes it makes the stream fail with that HttpError, so a handler reading
 * it rejects with a 413 the pipeline sends. A client abort fails the stream with
 * {@link RequestAbortedError}. Whatever the handler leaves unread, node:http discards after the
 * response.
 */
export function streamBody(request: IncomingMessage, limit: number, coding?: ContentCoding): Readable {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) throw runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body is larger than ${limit} bytes`);
  let received = 0;
  const decoder = coding ? decoderFor(request, coding) : undefined;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) {
        request.unpipe();
        request.pause();
        decoder?.destroy();
        callback(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body${coding ? ` decoded from ${coding}` : ""} is larger than ${limit} bytes`));
        return;
      }
      callback(null, chunk);
    },
  });
  request.once("aborted", () => body.destroy(new RequestAbortedError("the client aborted the request")));
  request.once("error", (error) => body.destroy(new RequestAbortedError(`the request stream failed: ${error.message}`, { cause: error })));
  if (decoder) {
    decoder.once("error", (error) => body.destroy(malformedCoding(coding!, error)));
    decoder.pipe(body);
  } else {
    request.pipe(body);
  }
  return body;
}
