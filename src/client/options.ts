/**
 * The options of a generated client (per client and per call), and the result type a call has
 * with `parseAs: "stream"`. Types only.
 */
import type { Transport } from "../wire/transport.js";
import type { CredentialSource } from "./credentials.js";
import type { Middleware } from "./middleware.js";
import type { RetryOptions } from "./retry.js";

/** Options of a generated client's `createClient` (and `createCore`). */
export interface ClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:3000` (a path prefix is kept). */
  baseUrl: string;
  /** A fetch implementation (default `globalThis.fetch`); ignored when `transport` is given. */
  fetch?: typeof fetch;
  /** How requests are sent; default `fetchTransport()`. In Node, `undiciTransport()` from `specwright/client/undici` is faster. */
  transport?: Transport;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Credentials by security scheme name, applied only to operations whose security requirements
   * name that scheme (the first requirement whose schemes all have credentials is used).
   */
  security?: Record<string, CredentialSource | undefined>;
  /**
   * Time each attempt may take until its response is read (its headers, for streamed bodies), ms;
   * past it the call rejects with a `TimeoutError`. Default: none.
   */
  timeout?: number;
  /**
   * Middleware run around every request, in order (see {@link Middleware}); `retries()` is one.
   * Default: none.
   */
  middleware?: readonly Middleware[];
}

/** Per-call options, the second argument of every operation method. */
export interface CallOptions {
  /** Aborts the call (and the reading of a streamed body); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Headers for this call, over the client's and the generated ones. */
  headers?: Record<string, string>;
  /** This call's timeout per attempt, ms (overrides the client's). */
  timeout?: number;
  /**
   * This call's retry settings, read by the `retries()` middleware: `false` for none, options to
   * override the middleware's for this call. Without that middleware nothing is retried.
   */
  retry?: boolean | RetryOptions;
  /** Middleware for this call only, run after the client's. */
  middleware?: readonly Middleware[];
  /**
   * `"stream"`: the body of a 2xx response is a `ReadableStream<Uint8Array>` of its bytes, unread
   * (any media type: binary downloads, large exports), instead of being parsed; other statuses
   * are parsed as usual. Default `"auto"`: parsed by the response's media type.
   */
  parseAs?: "auto" | "stream";
}

/** A result member whose body is a stream of bytes. */
type WithStreamBody<Member> = Omit<Member, "body"> & { body: ReadableStream<Uint8Array> };

/**
 * What one member of a result union becomes with `parseAs: "stream"`: a 2xx member with a body
 * gets a byte stream as body; a member that may or may not be 2xx (a `default` response) may be
 * either; other members stay as they are.
 */
type StreamedMember<Member> = Member extends { status: infer Status; body?: infer Body }
  ? undefined extends Body
    ? Member
    : `${Status & number}` extends `2${string}`
      ? WithStreamBody<Member>
      : `${Status & number}` extends `${1 | 3 | 4 | 5}${string}`
        ? Member
        : Member | WithStreamBody<Member>
  : Member;

/**
 * The type of a call's result given its call options: `Result` itself, or with `parseAs: "stream"`
 * each 2xx body as a `ReadableStream<Uint8Array>`.
 */
export type ResultAs<Result, Options> = Options extends { parseAs: "stream" } ? StreamedMember<Result> : Result;
