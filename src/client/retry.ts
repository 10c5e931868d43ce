/**
 * Timeouts and retries of the generated client, opt-in per client or per call. Retries follow what
 * commercial SDK generators ship (Stainless: two retries, exponential backoff from 0.5 s to 8 s
 * with jitter, `Retry-After` honoured): only for requests that are safe to repeat, idempotent
 * methods (RFC 9110 §9.2.2) or a request carrying an `Idempotency-Key`, unless the call says
 * otherwise, and only when the failure may pass: a network error, a timeout, or 408, 409, 429 and
 * 5xx except 501 and 505. Browser-safe.
 */
import type { TransportRequest } from "../wire/transport.js";

/** How a client retries (`ClientOptions.retry`, `CallOptions.retry`). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  retries?: number;
  /** The first backoff, ms; it doubles per retry. Default 500. */
  minDelay?: number;
  /** The longest backoff, and the longest `Retry-After` honoured, ms. Default 8 000. */
  maxDelay?: number;
  /** Retry methods that are not idempotent (POST, PATCH) without an `Idempotency-Key` too. Default false. */
  nonIdempotent?: boolean;
}

/** Thrown when an attempt takes longer than its timeout (`ClientOptions.timeout`, `CallOptions.timeout`). */
export class TimeoutError extends Error {
  constructor(readonly timeout: number) {
    super(`the request took longer than ${timeout} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Thrown when the request could not be sent or its response not read: the connection was
 * refused or reset, the name did not resolve, the body was cut off. `cause` is the transport's
 * error. A declared error response is never one of these: it is a result.
 */
export class NetworkError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = "NetworkError";
  }
}

/** RFC 9110 §9.2.2: methods whose repetition has the effect of one request. */
const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/** Statuses that may pass on their own (Stainless' list): timeouts, conflicts, rate limits, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Whether `request` may be sent again under `options`. A streamed body cannot be replayed. */
export function mayRetry(request: TransportRequest, options: RetryOptions): boolean {
  const body = request.body;
  if (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array) && !(typeof Blob !== "undefined" && body instanceof Blob)) return false;
  if (options.nonIdempotent) return true;
  if (idempotentMethods.has(request.method.toUpperCase())) return true;
  return Object.keys(request.headers).some((name) => name.toLowerCase() === "idempotency-key");
}

/**
 * How long to wait before retry number `retry` (0 for the first), ms: `Retry-After` (seconds or
 * an HTTP date, RFC 9110 §10.2.3) or `retry-after-ms` when the server sent one within `maxDelay`,
 * else `minDelay · 2^retry` capped at `maxDelay`, less up to 25 % of jitter.
 */
export function retryDelay(retry: number, options: RetryOptions, headers: Headers | undefined, now = Date.now()): number {
  const minDelay = options.minDelay ?? 500;
  const maxDelay = options.maxDelay ?? 8_000;
  const milliseconds = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0 && milliseconds <= maxDelay) return milliseconds;
  const retryAfter = headers?.get("retry-after");
  if (retryAfter) {
    const seconds = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(seconds) && seconds >= 0 && seconds <= maxDelay) return seconds;
  }
  return Math.min(maxDelay, minDelay * 2 ** retry) * (1 - Math.random() * 0.25);
}

/** Waits `milliseconds`, or rejects with the signal's reason when it aborts first. */
export function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
