/**
 * `specwright/client`: what the generated client calls. Browser-safe: nothing reachable from here
 * imports a Node built-in or undici, so any bundler can take it as it is. The default transport
 * is `globalThis.fetch` (./transports.ts); Node programs may pass `undiciTransport()` from
 * `specwright/client/undici` instead.
 */
import {
  encodeValue, parseHeaderParameter, serialiseContentValue, serialiseCookieParameter, serialiseFormBody,
  serialiseHeaderParameter, serialisePathParameter, serialiseQueryParameter,
} from "../wire/parameter-styles.js";
import { parameterShapeOf, type Coercion } from "../wire/coercion.js";
import { matchDeclaredStatus } from "../wire/status.js";
import { coerceValue } from "../wire/coerce.js";
import { isJsonMediaType, mediaTypeMatches, parseMediaType } from "../wire/media-type.js";
import { eventStreamMediaType, parseEventStream, type EventDataEncoding } from "../wire/event-stream.js";
import { encodeMultipart } from "./multipart.js";
import { fetchTransport, readAll } from "./transports.js";
import { isRetryableStatus, mayRetry, NetworkError, retryDelay, sleep, TimeoutError, type RetryOptions } from "./retry.js";

export { NetworkError, TimeoutError, type RetryOptions } from "./retry.js";

export { fetchTransport } from "./transports.js";
import { reviveDates, serialiseDates, type DateShape } from "../wire/dates.js";

export type { EventDataEncoding, ServerSentEvent } from "../wire/event-stream.js";
export type { FileContent, FileUpload } from "./multipart.js";
export type { DateShape } from "../wire/dates.js";

/**
 * What the client sends for a binary request body (`application/octet-stream`, `image/png`, …):
 * bytes, a Blob or File (browsers stream it), a web ReadableStream (Node; browsers that support
 * request streams), or text.
 */
export type BinaryUpload = Uint8Array | Blob | ReadableStream<Uint8Array> | string;

export type { ProblemDetails, RuntimeProblem, ValidationIssue, ValidationProblemDetails } from "../wire/problem.js";
export type { ClientErrorStatus, InformationalStatus, RedirectionStatus, ServerErrorStatus, SuccessStatus } from "../wire/status.js";

/**
 * Statuses the specwright runtime answers with problem details (RFC 9457) whether or not the spec
 * declares them: malformed requests, security, routing, limits, validation, failures, shutdown.
 * The generated client types them as `{ status, body: ProblemDetails }` for every operation that
 * does not declare them itself.
 */
export const runtimeProblemStatuses = [400, 401, 403, 404, 405, 406, 408, 413, 414, 415, 422, 431, 500, 503] as const;

/** One of {@link runtimeProblemStatuses}. */
export type RuntimeProblemStatus = (typeof runtimeProblemStatuses)[number];

export type { Transport, TransportRequest, TransportResponse } from "../wire/transport.js";
import type { Transport, TransportRequest, TransportResponse } from "../wire/transport.js";

/** One decoder for every response body (decode() with no options keeps no state between calls). */
const utf8 = new TextDecoder();

/** Options of a generated client's `createClient`. */
export interface ClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:3000` (a path prefix is kept). */
  baseUrl: string;
  /** A fetch implementation (default `globalThis.fetch`); ignored when `transport` is given. */
  fetch?: typeof fetch;
  /** How requests are sent; default {@link fetchTransport}. In Node, `undiciTransport()` from `specwright/client/undici` is faster. */
  transport?: Transport;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Credentials by security scheme name, applied only to operations whose security requirements
   * name that scheme (the first requirement whose schemes all have credentials is used).
   */
  security?: Record<string, CredentialSource | undefined>;
  /** Time each attempt may take until its response is read (headers, for event streams), ms; past it → {@link TimeoutError}. Default: none. */
  timeout?: number;
  /** Retry failures that may pass (see {@link RetryOptions}): `true` for the defaults. Default: no retries. */
  retry?: boolean | RetryOptions;
}

/** Username and password for `http` `basic` schemes (RFC 7617). */
export interface BasicCredential {
  username: string;
  password: string;
}

/**
 * A credential: an API key or bearer token, a username and password for Basic, or a function that
 * returns one (called per request, e.g. to refresh a token).
 */
export type CredentialSource =
  | string
  | BasicCredential
  | (() => string | BasicCredential | Promise<string | BasicCredential>);

/** How a security scheme carries its credential, as the generated client describes it. */
export type SchemeDescriptor =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "http"; scheme: string }
  | { type: "oauth2" | "openIdConnect" | "mutualTLS" };

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** This call's timeout per attempt, ms (overrides the client's). */
  timeout?: number;
  /** This call's retries (overrides the client's; `false` for none). */
  retry?: boolean | RetryOptions;
}

/** Operation metadata the generated client passes to {@link ClientCore.call}. */
export interface OperationDescriptor {
  method: string;
  path: string;
  parameters: readonly {
    name: string;
    in: "path" | "query" | "header" | "cookie";
    style: string;
    explode: boolean;
    allowReserved?: boolean;
    /** For parameters described with `content`: the media type their value is written in (JSON). */
    contentMediaType?: string;
  }[];
  /** Declared request media types, first is the default. */
  requestMediaTypes: readonly string[];
  /**
   * The Encoding Object of the `application/x-www-form-urlencoded` body, by field: how each field
   * is serialised (OpenAPI 3.1 §4.8.15). Fields not listed are `form`, exploded.
   */
  formEncoding?: Readonly<Record<string, { style: string; explode: boolean; allowReserved?: boolean }>>;
  /** Declared statuses (`"200"`, `"2XX"`, `"default"`). */
  statuses: readonly string[];
  /**
   * Declared media types by status, where a response's Content-Type essence alone does not name
   * the declared key (several of them, a range, parameters): the result's `contentType` is then
   * the first that the response's media type matches.
   */
  responseMediaTypes?: Readonly<Record<string, readonly string[]>>;
  /** The Accept header to send. */
  accept?: string;
  /** Security requirements: alternatives of scheme names that must all be present. */
  security?: readonly (readonly string[])[];
  /**
   * Set when a response is `text/event-stream`: how each event's `data` is decoded (`json` or
   * `text`, see src/wire/event-stream.ts). The body is then read as it arrives.
   */
  events?: EventDataEncoding;
  /** Declared response headers by status (`"201"`, `"2XX"`, `"default"`), parsed into `declaredHeaders`. */
  responseHeaders?: Readonly<Record<string, readonly { name: string; explode?: boolean; coercion: Coercion }[]>>;
  /**
   * With `dateTime: "date"`: where date-times sit in each declared response's JSON body, by
   * status as declared (`"200"`, `"2XX"`, `"default"`); revived into `Date`s.
   */
  responseDates?: Readonly<Record<string, DateShape>>;
}

/** The arguments of one call: parameters by location, and the body. */
export interface CallArguments {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body?: unknown;
  /** The request media type, when the operation declares several. */
  contentType?: string;
}

/** The result of a call: the status, the parsed body and the response headers. */
export interface CallResult {
  status: number;
  body: unknown;
  headers: Headers;
  /**
   * The headers the response declares, by their declared names, parsed (`simple` style) and
   * coerced to their schema types; a value that does not coerce stays a string. Set only when
   * the matched response declares headers.
   */
  declaredHeaders?: Record<string, unknown>;
}

/**
 * Thrown when the server answers with a status the operation does not declare, or with a body
 * that cannot be read as its media type (RELIABILITY C5). Carries the status and the raw text.
 */
export class UnexpectedResponseError extends Error {
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

/** Thrown before sending when a header value contains CR or LF (RELIABILITY C9). */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRequestError";
  }
}

/** Builds requests by the spec's serialisation rules, sends them, reads the results. */
export interface ClientCore {
  call(operation: OperationDescriptor, args: CallArguments, options?: CallOptions): Promise<CallResult>;
}

/**
 * Creates the engine behind a generated client. Path, query, header and cookie parameters are
 * serialised per their `style`/`explode` (OpenAPI 3.1 §4.8.12.4); JSON bodies are
 * `JSON.stringify`'d; responses are parsed by their Content-Type (JSON, text, or bytes).
 * Rejects with {@link UnexpectedResponseError} for an undeclared status, {@link InvalidRequestError}
 * for a header with CR/LF, and the transport's own errors (network, timeout, abort).
 */
export function createClientCore(
  options: ClientOptions,
  schemes: Readonly<Record<string, SchemeDescriptor>> = {},
  dateShapes?: Readonly<Record<string, DateShape>>,
): ClientCore {
  const transport = options.transport ?? fetchTransport(options.fetch ?? globalThis.fetch.bind(globalThis));
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return {
    async call(operation, requestArguments, callOptions = {}) {
      // With dateTime "date" (dateShapes given), Date arguments are sent as RFC 3339 strings.
      const args = dateShapes ? (serialiseDates(requestArguments) as CallArguments) : requestArguments;
      let path = operation.path;
      const query: string[] = [];
      const headers: Record<string, string> = { ...options.headers };
      const cookies: string[] = [];
      for (const parameter of operation.parameters) {
        const source = parameter.in === "path" ? args.path : parameter.in === "query" ? args.query : parameter.in === "header" ? args.headers : args.cookies;
        const value = source?.[parameter.name];
        if (value === undefined) continue;
        if (parameter.contentMediaType !== undefined) {
          addContentParameter(parameter, parameter.contentMediaType, value, { headers, query, cookies, setPath: (segment) => (path = path.split(`{${parameter.name}}`).join(segment)) });
          continue;
        }
        switch (parameter.in) {
          case "path": {
            const segment = serialisePathParameter(parameter.name, value, parameter.style, parameter.explode);
            // fetch and URL normalise `.` and `..` segments (even percent-encoded), which would
            // send the request to another path: refuse them (RELIABILITY C9).
            if (/^(?:\.|%2e){1,2}$/i.test(segment)) throw new InvalidRequestError(`path parameter ${parameter.name} cannot be ${JSON.stringify(String(value))}`);
            path = path.split(`{${parameter.name}}`).join(segment);
            break;
          }
          case "query":
            query.push(...serialiseQueryParameter(parameter.name, value, parameter.style, parameter.explode, parameter.allowReserved));
            break;
          case "header":
            checkHeaderParameter(parameter.name, value);
            headers[parameter.name] = serialiseHeaderParameter(value, parameter.explode);
            break;
          case "cookie":
            cookies.push(serialiseCookieParameter(parameter.name, value, parameter.explode));
            break;
        }
      }
      if (operation.security && options.security) await applyCredentials(operation, schemes, options.security, headers, query, cookies);
      if (cookies.length > 0) headers["cookie"] = cookies.join("; ");
      Object.assign(headers, callOptions.headers);
      if (operation.accept) headers["accept"] ??= operation.accept;
      let body: TransportRequest["body"];
      if (args.body !== undefined) {
        const contentType = concreteContentType(args.contentType ?? operation.requestMediaTypes[0] ?? "application/json", args.body);
        headers["content-type"] = contentType;
        const essence = parseMediaType(contentType)?.essence ?? contentType;
        if (essence === "multipart/form-data" || (typeof FormData !== "undefined" && args.body instanceof FormData)) {
          const multipart = await encodeMultipart(args.body);
          headers["content-type"] = multipart.contentType;
          body = multipart.body;
        } else {
          body =
            args.body instanceof Uint8Array || (typeof Blob !== "undefined" && args.body instanceof Blob) || isReadableStream(args.body)
              ? (args.body as TransportRequest["body"])
              : essence === "application/x-www-form-urlencoded" && typeof args.body === "object" && args.body !== null
                ? serialiseFormBody(args.body as Record<string, unknown>, operation.formEncoding)
                : typeof args.body === "string" && !isJsonMediaType(essence)
                  ? args.body
                  : JSON.stringify(args.body);
        }
      }
      for (const name in headers) {
        if (lineBreak.test(headers[name]!)) throw new InvalidRequestError(`header ${name} contains CR or LF`);
      }
      const url = baseUrl + path + (query.length > 0 ? `?${query.join("&")}` : "");
      const transportRequest: TransportRequest = { method: operation.method, url, headers };
      if (body !== undefined) transportRequest.body = body;
      if (callOptions.signal) transportRequest.signal = callOptions.signal;
      if (operation.events) transportRequest.stream = true;
      const response = await send(transport, transportRequest, callOptions.timeout ?? options.timeout, retryOptionsOf(callOptions.retry ?? options.retry));
      // The declared response this status falls under decides everything below: its headers, its
      // date-times, whether the status is expected at all.
      const matched = matchDeclaredStatus(operation.statuses, response.status);
      const declaredHeaders = matched === undefined ? undefined : readDeclaredHeaders(operation, matched, response.headers);
      if (response.stream) {
        const essence = parseMediaType(response.headers.get("content-type") ?? "")?.essence;
        if (essence === eventStreamMediaType && response.status >= 200 && response.status < 300) {
          return { status: response.status, contentType: eventStreamMediaType, body: parseEventStream(response.stream, operation.events ?? "json"), headers: response.headers, ...declaredHeaders };
        }
        response.body = await readAll(response.stream);
        delete response.stream;
      }
      const status = response.status;
      const declared = matched !== undefined;
      const text = (): string => response.text ?? utf8.decode(response.body);
      const runtimeProblem =
        (runtimeProblemStatuses as readonly number[]).includes(status) &&
        parseMediaType(response.headers.get("content-type") ?? "")?.essence === "application/problem+json";
      if (!declared && !runtimeProblem) throw new UnexpectedResponseError(status, response.headers, text(), "the status is not declared for this operation");
      const decoded = decodeBody(response, text);
      const contentType = responseContentType(operation, matched, response.headers.get("content-type"));
      const dates = dateShapes && matched !== undefined && operation.responseDates && Object.hasOwn(operation.responseDates, matched) ? operation.responseDates[matched] : undefined;
      return {
        status,
        ...(contentType !== undefined ? { contentType } : {}),
        body: dates && !(decoded instanceof Uint8Array) ? reviveDates(decoded, dates, dateShapes!) : decoded,
        headers: response.headers,
        ...declaredHeaders,
      };
    },
  };
}

/** The retry options a `retry` setting stands for; undefined for none. */
function retryOptionsOf(setting: boolean | RetryOptions | undefined): RetryOptions | undefined {
  return setting === true ? {} : setting === false || setting === undefined ? undefined : setting;
}

/**
 * Sends `request`, each attempt bounded by `timeout` (ms) until the transport has the response
 * (for a streamed body, its headers), retrying what `retry` allows. A transport failure becomes a
 * {@link NetworkError} (its cause kept), an attempt past its timeout a {@link TimeoutError}; an
 * abort of the caller's own signal is rethrown as the transport gave it.
 */
async function send(transport: Transport, request: TransportRequest, timeout: number | undefined, retry: RetryOptions | undefined): Promise<TransportResponse> {
  const callerSignal = request.signal;
  const attempts = retry !== undefined && mayRetry(request, retry) ? (retry.retries ?? 2) + 1 : 1;
  for (let attempt = 0; ; attempt++) {
    const last = attempt === attempts - 1;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onCallerAbort: (() => void) | undefined;
    let attemptRequest = request;
    if (timeout !== undefined) {
      const controller = new AbortController();
      onCallerAbort = () => controller.abort(callerSignal!.reason);
      if (callerSignal?.aborted) controller.abort(callerSignal.reason);
      else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new TimeoutError(timeout));
      }, timeout);
      attemptRequest = { ...request, signal: controller.signal };
    }
    let response: TransportResponse;
    try {
      response = await transport(attemptRequest);
    } catch (error) {
      // The caller's abort, and what a custom transport throws that is not an Error, pass as they are.
      if ((callerSignal?.aborted && !timedOut) || !(error instanceof Error)) throw error;
      const failure = timedOut ? new TimeoutError(timeout!) : new NetworkError(`the request failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
      if (last) throw failure;
      await sleep(retryDelay(attempt, retry!, undefined), callerSignal);
      continue;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      // A streamed body is still read under this signal: the caller may abort it later.
      if (onCallerAbort && !request.stream) callerSignal?.removeEventListener("abort", onCallerAbort);
    }
    if (last || !isRetryableStatus(response.status)) return response;
    // Let the connection go back to the pool: the body of a response that will be retried is not read.
    if (response.stream) for await (const _chunk of response.stream) break;
    await sleep(retryDelay(attempt, retry!, response.headers), callerSignal);
  }
}

/** CR or LF, which no header value may carry (header injection, RELIABILITY C9). */
const lineBreak = /[\r\n]/;

/**
 * Parses the headers that the declared response `matched` (its key, from matchDeclaredStatus)
 * declares: `simple` style (OpenAPI 3.1 §4.8.21), strict coercion to the schema type, the text
 * kept when it does not coerce. Undefined when that response declares none.
 */
function readDeclaredHeaders(operation: OperationDescriptor, matched: string, headers: Headers): { declaredHeaders: Record<string, unknown> } | undefined {
  const declared = operation.responseHeaders;
  if (!declared || !Object.hasOwn(declared, matched)) return undefined;
  const list = declared[matched];
  if (!list) return undefined;
  const values: Record<string, unknown> = {};
  for (const header of list) {
    const raw = headers.get(header.name);
    if (raw === null) continue;
    const parsed = parseHeaderParameter(raw, header.explode === true, parameterShapeOf(header.coercion));
    const value = coerceValue(parsed, header.coercion);
    values[header.name] = value === undefined ? raw : value;
  }
  return { declaredHeaders: values };
}

/**
 * Writes a parameter described with `content` (OpenAPI 3.1 §4.8.12.2): its value as the media
 * type's text (JSON), then percent-encoded for the path, query and cookie; header values are sent
 * as JSON with non-ASCII characters escaped (`\uXXXX`), since a header carries visible ASCII only.
 */
function addContentParameter(
  parameter: OperationDescriptor["parameters"][number],
  mediaType: string,
  value: unknown,
  target: { headers: Record<string, string>; query: string[]; cookies: string[]; setPath: (segment: string) => void },
): void {
  const text = serialiseContentValue(value, mediaType, parameter.in === "header");
  switch (parameter.in) {
    case "path":
      target.setPath(encodeURIComponent(text));
      break;
    case "query":
      target.query.push(`${encodeURIComponent(parameter.name)}=${encodeValue(text, parameter.allowReserved)}`);
      break;
    case "header":
      target.headers[parameter.name] = text;
      break;
    case "cookie":
      target.cookies.push(`${parameter.name}=${encodeURIComponent(text)}`);
      break;
  }
}

/**
 * The Content-Type to send: the media type as declared, or, for a range the spec declares
 * (`image/*`), the Blob's own type when it falls within the range, else `application/octet-stream`
 * when that does. Throws {@link InvalidRequestError} when neither does: pass `contentType`.
 */
function concreteContentType(mediaType: string, body: unknown): string {
  if (!mediaType.includes("*")) return mediaType;
  const blobType = typeof Blob !== "undefined" && body instanceof Blob ? parseMediaType(body.type)?.essence : undefined;
  if (blobType && mediaTypeMatches(mediaType, blobType)) return body instanceof Blob ? body.type : blobType;
  if (mediaTypeMatches(mediaType, "application/octet-stream")) return "application/octet-stream";
  throw new InvalidRequestError(`the body's media type is declared as ${mediaType}: pass a concrete contentType (or a Blob with its type)`);
}

/**
 * Header parameters have no percent-encoding (OpenAPI 3.1 §4.8.12.4, `simple`): an item or
 * object value containing a comma, or any value with leading or trailing spaces, would reach the
 * server as something else. Throws {@link InvalidRequestError} for them.
 */
function checkHeaderParameter(name: string, value: unknown): void {
  const items = Array.isArray(value) ? value : value !== null && typeof value === "object" ? Object.entries(value).flat() : [value];
  for (const item of items) {
    const text = String(item);
    if ((items.length > 1 || typeof value === "object") && text.includes(",")) throw new InvalidRequestError(`header parameter ${name}: the item ${JSON.stringify(text)} contains a comma, the separator of simple style`);
    if (text !== text.trim()) throw new InvalidRequestError(`header parameter ${name}: ${JSON.stringify(text)} has leading or trailing spaces, which HTTP drops`);
  }
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && value instanceof ReadableStream;
}

/**
 * The `contentType` of a result: the declared media type key the response's Content-Type falls
 * under (RFC 9110 §8.3: compared by essence, a declared range matching its subtypes), so code can
 * narrow a result with several media types on it; the essence itself where the declared keys are
 * plain. Undefined without a Content-Type.
 */
function responseContentType(operation: OperationDescriptor, matched: string | undefined, header: string | null): string | undefined {
  if (header === null) return undefined;
  const essence = parseMediaType(header)?.essence ?? header.split(";")[0]!.trim().toLowerCase();
  const declared = matched !== undefined ? operation.responseMediaTypes?.[matched] : undefined;
  if (!declared) return essence;
  return declared.find((mediaType) => (parseMediaType(mediaType)?.essence ?? mediaType) === essence) ??
    declared.find((mediaType) => mediaTypeMatches(mediaType, essence)) ??
    essence;
}

function decodeBody(response: TransportResponse, text: () => string): unknown {
  if (response.text === undefined ? response.body.length === 0 : response.text === "") return undefined;
  const contentType = response.headers.get("content-type") ?? "";
  const essence = parseMediaType(contentType)?.essence ?? contentType.split(";")[0]!.trim().toLowerCase();
  if (isJsonMediaType(essence)) {
    try {
      return JSON.parse(text());
    } catch {
      throw new UnexpectedResponseError(response.status, response.headers, text(), "the body is not valid JSON");
    }
  }
  if (essence.startsWith("text/")) return text();
  return response.body;
}

/**
 * Adds the credentials of the first security requirement whose schemes all have one configured
 * (OpenAPI 3.1 §4.8.30: alternatives are OR, schemes inside one are AND). API keys go where the
 * scheme says; bearer-style schemes (`http` bearer, oauth2, openIdConnect) and Basic go in
 * `Authorization`. Operations without requirements get nothing.
 */
async function applyCredentials(
  operation: OperationDescriptor,
  schemes: Readonly<Record<string, SchemeDescriptor>>,
  credentials: Record<string, CredentialSource | undefined>,
  headers: Record<string, string>,
  query: string[],
  cookies: string[],
): Promise<void> {
  const requirement = operation.security?.find((names) => names.length > 0 && names.every((name) => credentials[name] !== undefined && schemes[name]));
  for (const name of requirement ?? []) {
    const source = credentials[name]!;
    const value = typeof source === "function" ? await source() : source;
    const scheme = schemes[name]!;
    if (scheme.type === "apiKey") {
      const text = typeof value === "string" ? value : value.password;
      if (scheme.in === "header") headers[scheme.name] = text;
      else if (scheme.in === "query") query.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(text)}`);
      else cookies.push(`${scheme.name}=${encodeURIComponent(text)}`);
    } else if (scheme.type === "http" && scheme.scheme === "basic") {
      const basic = typeof value === "string" ? { username: value, password: "" } : value;
      headers["authorization"] = `Basic ${base64(`${basic.username}:${basic.password}`)}`;
    } else if (scheme.type !== "mutualTLS") {
      headers["authorization"] = `Bearer ${typeof value === "string" ? value : value.password}`;
    }
  }
}

/** Base64 of the UTF-8 bytes of a string, in browsers and Node alike. */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
