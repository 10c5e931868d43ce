/**
 * Client middleware: code run around every request a generated client sends, to change the
 * request, look at or replace the response, recover from a failure, or send the request again
 * (a refreshed token, a retry). The model is openapi-fetch's `onRequest`/`onResponse`/`onError`,
 * with `resend` added so a middleware can repeat the request through the whole chain. Types only;
 * the chain runs in ./send.ts.
 */
import type { TransportRequest, TransportResponse } from "../wire/transport.js";
import type { OperationDescriptor } from "./operation.js";
import type { CallOptions } from "./options.js";

/** What every hook is told about the call. */
export interface MiddlewareContext {
  /** The operation called (its descriptor: method, path template, statuses, …). */
  operation: OperationDescriptor;
  /** The call's options (`signal`, `headers`, `timeout`, `retry`, `parseAs`, …). */
  options: CallOptions;
  /** 0 for the first send of this call, then one more per `resend`. */
  attempt: number;
  /** The request as sent (after every `onRequest`). */
  request: TransportRequest;
}

/** What `onResponse` and `onError` are told, and how they send again. */
export interface ResendContext extends MiddlewareContext {
  /**
   * Sends again, through every middleware (`attempt` one higher), and returns the response that
   * came through; return it from the hook. Without an argument the request is built again from
   * the call's arguments (credential functions are called again, so a refreshed token is used);
   * with one, that request is sent. A request body that was a stream cannot be sent twice.
   */
  resend(request?: TransportRequest): Promise<TransportResponse>;
}

/** The context of `onResponse`. */
export interface ResponseContext extends ResendContext {
  /** The response, its body read unless the call streams it (`response.stream`). */
  response: TransportResponse;
}

/** The context of `onError`. */
export interface ErrorContext extends ResendContext {
  /**
   * Why no response came: a `NetworkError` (a `TimeoutError` among them), the signal's reason
   * when the caller aborted, or what a custom transport threw.
   */
  error: unknown;
}

/**
 * One middleware; every hook is optional and may be async. `onRequest` hooks run in list order,
 * `onResponse` and `onError` in reverse order (the first middleware sees the response last).
 *
 * - `onRequest` returns a request to send instead, or nothing to keep it.
 * - `onResponse` returns a response to use instead (often `await resend()`), or nothing. A
 *   response that `resend` returned has passed every middleware: the chain ends with it.
 * - `onError` returns a response to recover with (then `onResponse` hooks see it, unless it came
 *   from `resend`), or nothing to pass the error on to the next `onError`.
 *
 * What a hook throws rejects the call with it.
 *
 * Errors thrown while the response body is parsed (UnexpectedResponseError) come after the
 * chain and are not seen here.
 */
export interface Middleware {
  onRequest?(context: MiddlewareContext): TransportRequest | undefined | void | Promise<TransportRequest | undefined | void>;
  onResponse?(context: ResponseContext): TransportResponse | undefined | void | Promise<TransportResponse | undefined | void>;
  onError?(context: ErrorContext): TransportResponse | undefined | void | Promise<TransportResponse | undefined | void>;
}
