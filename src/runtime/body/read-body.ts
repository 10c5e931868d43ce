import type { IncomingMessage } from "node:http";
import { Transform, type Readable } from "node:stream";
import { runtimeError } from "../errors.js";

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
 * Reads a request body into one Buffer, up to `limit` bytes.
 *
 * With a `Content-Length` over the limit it answers before reading anything; a chunked body is
 * stopped as soon as `limit + 1` bytes have arrived (RELIABILITY B1). Throws HttpError 413
 * (SPW_HTTP_BODY_TOO_LARGE); rejects with {@link RequestAbortedError} if the client aborts.
 * RFC 9110 §15.5.14.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body is larger than ${limit} bytes`));
  }
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
        request.pause();
        finish(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    const onError = (error: Error): void => finish(new RequestAbortedError(`the request stream failed: ${error.message}`, { cause: error }));
    const onAborted = (): void => finish(new RequestAbortedError("the client aborted the request"));
    request.on("data", onData);
    request.on("end", onEnd);
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
export function streamBody(request: IncomingMessage, limit: number): Readable {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) throw runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body is larger than ${limit} bytes`);
  let received = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) {
        request.unpipe(body);
        request.pause();
        callback(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the body is larger than ${limit} bytes`));
        return;
      }
      callback(null, chunk);
    },
  });
  request.once("aborted", () => body.destroy(new RequestAbortedError("the client aborted the request")));
  request.once("error", (error) => body.destroy(new RequestAbortedError(`the request stream failed: ${error.message}`, { cause: error })));
  request.pipe(body);
  return body;
}
