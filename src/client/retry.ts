/**
 * Retries, as a middleware (`retries()`), so a client that does not retry carries none of this.
 * The policy follows what commercial SDK generators ship (Stainless: two retries, exponential
 * backoff from 0.5 s to 8 s with jitter, `Retry-After` honoured): only requests that are safe to
 * repeat, idempotent methods (RFC 9110 §9.2.2) or a request carrying an `Idempotency-Key`, unless
 * the call says otherwise, and only failures that may pass: a network error, a timeout, or 408,
 * 409, 429 and 5xx except 501 and 505. Browser-safe.
 */
import type { TransportRequest } from "../wire/transport.js";
import { NetworkError } from "./errors.js";
import type { Middleware, ResendContext } from "./middleware.js";

/** How a client retries (`retries(options)`, `CallOptions.retry`). */
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

/**
 * A middleware that retries what may pass (see the module comment), waiting
 * `minDelay · 2^retry` ms capped at `maxDelay`, less up to 25 % of jitter, or what the response's
 * `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) or `retry-after-ms` asks when that is
 * within `maxDelay`. A call's `retry` option overrides `defaults` (`false`: no retries for it).
 * Aborting the call's signal during a wait rejects the call at once with the signal's reason.
 * The last attempt's response or error is the call's.
 */
export function retries(defaults: RetryOptions = {}): Middleware {
  /** The settings of this try, or undefined when it is not to be retried. */
  const settingsOf = ({ options, attempt, request }: ResendContext): RetryOptions | undefined => {
    if (options.retry === false) return undefined;
    const settings = typeof options.retry === "object" ? { ...defaults, ...options.retry } : defaults;
    return attempt < (settings.retries ?? 2) && mayRetry(request, settings) ? settings : undefined;
  };
  return {
    async onResponse(context) {
      const settings = isRetryableStatus(context.response.status) ? settingsOf(context) : undefined;
      if (!settings) return undefined;
      // Let the connection go back to the pool: the body of a response that is retried is not read.
      if (context.response.stream) for await (const _chunk of context.response.stream) break;
      await sleep(retryDelay(context.attempt, settings, context.response.headers), context.options.signal);
      return context.resend(context.request);
    },
    async onError(context) {
      const settings = context.error instanceof NetworkError && !context.options.signal?.aborted ? settingsOf(context) : undefined;
      if (!settings) return undefined;
      await sleep(retryDelay(context.attempt, settings, undefined), context.options.signal);
      return context.resend(context.request);
    },
  };
}

/** Statuses that may pass on their own (Stainless' list): timeouts, conflicts, rate limits, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * Whether `request` may be sent again under `options`: its body can be replayed (text, bytes, a
 * Blob; not a stream), and its method is idempotent (RFC 9110 §9.2.2: GET, HEAD, OPTIONS, TRACE,
 * PUT, DELETE), or it carries an `Idempotency-Key`, or `nonIdempotent` is set.
 */
export function mayRetry(request: TransportRequest, options: RetryOptions): boolean {
  const body = request.body;
  if (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array) && !(typeof Blob !== "undefined" && body instanceof Blob)) return false;
  if (options.nonIdempotent || /^(?:GET|HEAD|OPTIONS|TRACE|PUT|DELETE)$/i.test(request.method)) return true;
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
    const delay = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(delay) && delay >= 0 && delay <= maxDelay) return delay;
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
