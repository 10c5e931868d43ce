/**
 * The errors a generated client's call rejects with, one class per failure a caller handles
 * differently, under one base class (shaped like undici's error tree and Stainless' SDK errors):
 *
 * - {@link NetworkError}: the request did not get a response (refused, reset, a name that does
 *   not resolve, a body cut off); {@link TimeoutError}, one of them, when an attempt took too long.
 * - {@link UnexpectedResponseError}: a response the operation does not declare, or a body that
 *   cannot be read as its media type.
 * - {@link InvalidRequestError}: arguments that cannot be put on the wire as they are; nothing
 *   was sent.
 *
 * A declared error response (a 404 or 422 the spec lists) is never an error: it is a result,
 * discriminated by `status`. Aborting a call's `signal` rejects with the signal's reason, as
 * `fetch` does. Browser-safe.
 */

/** The base class of every error the client itself raises. */
export class ClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClientError";
  }
}

/**
 * Thrown when the request could not be sent or its response not read: the connection was
 * refused or reset, the name did not resolve, the body was cut off. `cause` is the transport's
 * error. Retrying may help (the `retries()` middleware does, for requests safe to repeat).
 */
export class NetworkError extends ClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NetworkError";
  }
}

/**
 * Thrown when an attempt takes longer than its timeout (`ClientOptions.timeout`,
 * `CallOptions.timeout`, ms): a {@link NetworkError}, so code that handles network failures
 * handles timeouts too.
 */
export class TimeoutError extends NetworkError {
  constructor(readonly timeout: number) {
    super(`the request took longer than ${timeout} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Thrown when the server answers with a status the operation does not declare (and that is not
 * one of the runtime's problem responses), or with a body that cannot be read as its media type
 * (JSON that does not parse). Carries the status, the headers and the raw text.
 */
export class UnexpectedResponseError extends ClientError {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly text: string,
    reason: string,
  ) {
    super(`unexpected response ${status}: ${reason}`);
    this.name = "UnexpectedResponseError";
  }
}

/**
 * Thrown before anything is sent when an argument cannot go on the wire as it is: a header value
 * with CR or LF (header injection), a path parameter of `.` or `..` (URLs would rewrite the
 * path), a header item with the separator in it, a body whose media type is only a range.
 */
export class InvalidRequestError extends ClientError {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRequestError";
  }
}
