import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MalformedEncodingError } from "../wire/parameter-styles.js";
import { RequestAbortedError } from "./body/read-body.js";
import { hasBody, readRequestBody } from "./body/request-body.js";
import type { UploadOptions } from "./body/uploaded-file.js";
import { closeConnectionAfter, isReused, requestEnded, requestStarted } from "./connections.js";
import { HandlerContext } from "./context.js";
import type { ProxyTrust } from "./proxy.js";
import type { ResponseCompressor } from "./compression.js";
import type { Cors } from "./cors.js";
import { reviveRequestDates } from "./dates.js";
import type { DocsRoutes } from "./docs.js";
import { HttpError, internalProblem, runtimeError, toProblemDetails, truncateForDetail, validationDetail, validationProblem } from "./errors.js";
import { Exchange } from "./exchange.js";
import type { Hooks } from "./hooks.js";
import type { Logger } from "./logger.js";
import { rejectUnknownQueryKeys, type ParameterLimits } from "./params.js";
import { sendProblem, type HandlerResult } from "./respond.js";
import type { ApiDefinition, OperationParameters } from "./route-definition.js";
import type { Router } from "./router.js";
import { authenticate, type SecurityVerifiers } from "./security.js";
import { sendResult } from "./send-response.js";

/** A handler as the runtime calls it: typed input in, a {@link HandlerResult} out. */
export type RuntimeHandler = (input: HandlerInput, context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** The parsed, coerced and validated request a handler receives. */
export interface HandlerInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
  body: unknown;
  /** The media type the body was parsed as (one of the operation's declared ones). */
  contentType?: string;
}

/** Request limits, all overridable through createServer's options (defaults: `defaultLimits` in server.ts). */
export interface RequestLimits extends ParameterLimits {
  /** Largest request body in bytes before 413. Default 1 MiB. */
  bodyLimit: number;
  /** Deepest JSON nesting before 400. Default 128. */
  maxJsonDepth: number;
  /** multipart/form-data: most parts (files and text) before 413. Default 1000. */
  maxParts: number;
  /** multipart/form-data: most file parts before 413. Default 10. */
  maxFiles: number;
  /** Largest file in bytes before 413: a multipart file part, or a binary request body (streamed to the handler). Default 1 MiB. */
  maxFileSize: number;
  /** multipart/form-data: largest text part in bytes before 413 (all text parts together count against `bodyLimit`). Default 1 MiB. */
  maxFieldSize: number;
  /** multipart/form-data: longest part name in bytes before 413. Default 100. */
  maxFieldNameSize: number;
  /** multipart/form-data: most header lines in one part before 413. Default 2000. */
  maxPartHeaderPairs: number;
}

/** Everything the pipeline needs, computed once when the server is created. */
export interface Pipeline {
  api: ApiDefinition;
  router: Router;
  handlers: Record<string, RuntimeHandler>;
  verifiers: SecurityVerifiers;
  limits: RequestLimits;
  /** Where multipart file parts go beyond the memory threshold. */
  uploads: UploadOptions;
  validateResponses: boolean;
  /** Remove `readOnly` properties from request bodies instead of answering 422. */
  ignoreReadOnly: boolean;
  logger: Logger;
  /** `/openapi.json` and `/docs`, answered before the API routes; undefined when turned off. */
  docs?: DocsRoutes | undefined;
  /** True once close() started: new requests get 503 + `Connection: close`. */
  closing: boolean;
  /** Aborted when close() starts: open server-sent-event streams end (see sendEvents). */
  shutdown: AbortController;
  /** Which proxies' forwarding headers to believe (`trustProxy`); undefined: none. */
  proxyTrust: ProxyTrust | undefined;
  /** Response compression (`compression`); undefined: off. */
  compress: ResponseCompressor | undefined;
  /** CORS, when configured. */
  cors?: Cors | undefined;
  hooks: Hooks;
  /** Deferred tasks still running; close() waits for them. */
  pendingTasks: Set<Promise<void>>;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The authentication outcome of a route without security requirements: shared, frozen. */
const anonymous: { principal: undefined; principals: Readonly<Record<string, unknown>> } = Object.freeze({ principal: undefined, principals: Object.freeze({}) });

/** The first 28 characters of the current request ids: a random version 4 UUID's, dashes included. */
let requestIdPrefix = randomUUID().slice(0, 28);
let requestCounter = 0;

/**
 * The id of a request that brought none: UUID-shaped, a random prefix (about 100 random bits, so
 * ids do not collide across processes) and a counter in 8 hex digits (unique within the process;
 * after 2^30 ids a new random prefix starts). randomUUID() per request builds its 36 characters
 * from about twenty string pieces, some 600 bytes of garbage per request; this builds three. The
 * counter stays a small integer: hex digits of a larger number take V8's slow path (200 ns).
 */
export function nextRequestId(): string {
  if (requestCounter === 0x3fffffff) {
    requestIdPrefix = randomUUID().slice(0, 28);
    requestCounter = 0;
  }
  requestCounter += 1;
  const hex = requestCounter.toString(16);
  return requestIdPrefix + "00000000".slice(hex.length) + hex;
}

/** Parameters of a location the operation declares none in: empty, shared, frozen. */
const noParameters: Record<string, unknown> = Object.freeze(Object.create(null));

/** The parameters of an operation that declares none. */
const noLocations: OperationParameters = Object.freeze({});

/**
 * Serves one request, top to bottom (FastAPI's request story in one function):
 * documentation endpoints → route → authenticate → parameters → body → validate → handler → respond.
 * Every failure becomes problem details (RFC 9457); nothing escapes as an exception.
 */
export async function handleRequest(pipeline: Pipeline, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // Every failure of a step below is answered as problem details; this outer guard is for a
  // failure of that answering itself (a logger that throws), so the promise never rejects and
  // callers need no catch handler (one costs a promise and a microtask per request).
  try {
    requestStarted(request.socket);
    if (pipeline.compress) pipeline.compress(request, response);
    const incomingId = request.headers["x-request-id"];
    const requestId = typeof incomingId === "string" && requestIdPattern.test(incomingId) ? incomingId : nextRequestId();
    // Only the onResponse hook reads the duration.
    const exchange = new Exchange(pipeline, request, response, requestId, pipeline.hooks.onResponse ? performance.now() : 0);
    // Whatever writes the response head adds X-Request-Id (sendResult, sendProblem); paths that
    // may answer before those (hooks, CORS preflight, documentation) get it here.
    if (pipeline.hooks.onRequest || pipeline.cors) response.setHeader("x-request-id", requestId);
    try {
      await serve(exchange);
    } catch (error) {
      await answerFailure(exchange, error);
    } finally {
      requestFinished(exchange);
    }
  } catch (error) {
    try {
      pipeline.logger.error({ error }, "unexpected failure while answering");
    } catch {
      // Nothing left to report to.
    }
    response.destroy();
  }
}

/** The request's story from routing to the response; a failure of any step is thrown to handleRequest. */
async function serve(exchange: Exchange): Promise<void> {
  const { pipeline, request, response } = exchange;
  if (pipeline.closing) {
    response.setHeader("connection", "close");
    // A connection accepted before close() began brings its first request in flight as far
    // as its client knows: it is served, then closed. A further request on a kept-alive
    // connection is refused, so the client sends it elsewhere.
    if (isReused(request.socket)) throw runtimeError("SPW_HTTP_CLOSING", "the server is shutting down");
  }
  // RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any [...]
  // request message that contains more than one Host header field line". node:http keeps the
  // first in `headers.host`, so two servers behind one another could route by different hosts.
  if (hasDuplicateHost(request.rawHeaders)) throw runtimeError("SPW_HTTP_DUPLICATE_HOST", "the request has more than one Host header");
  if (pipeline.hooks.onRequest) await pipeline.hooks.onRequest(request, response);
  const { path, query } = splitTarget(request.url ?? "/");
  if (pipeline.cors) {
    if (pipeline.cors.answerPreflight(request, response, pipeline.router.methodsAt(path))) return;
    pipeline.cors.applyToResponse(request, response);
  }
  const docs = pipeline.docs?.match(path);
  if (docs) {
    response.setHeader("x-request-id", exchange.requestId);
    await docs(request, response);
    return;
  }
  const match = pipeline.router.find(request.method ?? "GET", path);
  if (!match) throw runtimeError("SPW_HTTP_NOT_FOUND", `no operation at ${truncateForDetail(path)}`);
  if ("allowed" in match) {
    throw runtimeError("SPW_HTTP_METHOD_NOT_ALLOWED", `${request.method} is not declared for this path`, {
      headers: { allow: match.allowed.join(", ") },
    });
  }
  const route = match.route;
  exchange.route = route;
  exchange.rawPath = match.rawParameters;
  exchange.rawQuery = query;
  const authentication = route.security.length > 0
    ? await authenticate(route, pipeline.api.securitySchemes, pipeline.verifiers, request, query, pipeline.api.title)
    : anonymous;

  const parameters = route.readParameters ? route.readParameters(exchange) : noLocations;
  if (pipeline.limits.rejectUnknownQueryParameters) rejectUnknownQueryKeys(exchange, route);
  const input: HandlerInput = {
    path: parameters.path ?? noParameters,
    query: parameters.query ?? noParameters,
    headers: parameters.header ?? noParameters,
    cookies: parameters.cookie ?? noParameters,
    body: undefined,
  };
  let bodyIndex = -1;
  if (route.requestBody) {
    const body = await readRequestBody(exchange);
    if (body) {
      input.body = body.value;
      input.contentType = body.content.mediaType;
      bodyIndex = body.index;
    }
  } else if (hasBody(request)) {
    request.resume();
  }
  const context = new HandlerContext(route.operationId, exchange.requestId, authentication.principal, authentication.principals, request, response, pipeline.proxyTrust);
  exchange.context = context;
  if (exchange.issues.length > 0) {
    // Without an onError hook to hand it to, the 422 needs no exception object (most of its cost).
    if (pipeline.hooks.onError) throw runtimeError("SPW_HTTP_VALIDATION", validationDetail, { errors: exchange.issues });
    if (pipeline.closing) closeConnectionAfter(response);
    sendProblem(response, validationProblem(exchange.issues, exchange.requestId));
    return;
  }
  if (route.dates && pipeline.api.dateShapes) reviveRequestDates(route, input, bodyIndex, pipeline.api.dateShapes);
  if (pipeline.hooks.preHandler) await pipeline.hooks.preHandler(input, context);
  const handler = pipeline.handlers[route.handler]!;
  // Handlers that answer synchronously skip the promise round trips (most of them do).
  const returned = handler(input, context);
  const result = isPromise(returned) ? await returned : returned;
  const sent = send(exchange, result);
  if (sent) await sent;
}

/**
 * Answers a request whose serving failed: through the onError hook (which may map the error to a
 * declared response), else as problem details.
 */
async function answerFailure(exchange: Exchange, error: unknown): Promise<void> {
  const { pipeline, response, route, context } = exchange;
  if (pipeline.hooks.onError && route && context && !response.headersSent) {
    try {
      const mapped = await pipeline.hooks.onError(error, context);
      if (mapped) {
        await send(exchange, mapped);
        return;
      }
    } catch (hookError) {
      sendError(exchange, hookError);
      return;
    }
  } else if (pipeline.hooks.onError && !response.headersSent) {
    await Promise.resolve(pipeline.hooks.onError(error, context)).catch(() => undefined);
  }
  sendError(exchange, error);
}

/**
 * Once the pipeline is done with a request, and its response has been written out (at once for
 * most; at `close` for one queued behind an earlier response on a pipelined connection, or
 * cut short): uncounts it from its connection, ends the connection when the server is closing
 * and nothing else is in flight on it, then runs the onResponse hook and the deferred tasks of a
 * response that was sent. Only queued or cut-short responses add a listener (which calls this
 * again once `closed` is true).
 */
function requestFinished(exchange: Exchange): void {
  const { pipeline, request, response, context } = exchange;
  if (!response.writableFinished && !response.closed) {
    response.once("close", () => requestFinished(exchange));
    return;
  }
  const socket = request.socket;
  // While closing, a connection ends after a response that told the client so (`Connection:
  // close`). One whose response went out before close() began may already carry the client's
  // next request: it is left to the server's drain, which answers that request or ends the
  // connection once it has been idle a while.
  if (requestEnded(socket) === 0 && pipeline.closing && !socket.destroyed && response.getHeader("connection") === "close") socket.end();
  if (response.writableFinished && (pipeline.hooks.onResponse || (context !== undefined && context.deferred.length > 0))) afterResponse(exchange);
}

/** Runs `onSend`, then checks and writes the result; a promise only when something is asynchronous. */
function send(exchange: Exchange, result: HandlerResult): Promise<void> | void {
  if (exchange.pipeline.hooks.onSend) return sendAfterHook(exchange, result);
  return sendResult(exchange, result);
}

async function sendAfterHook(exchange: Exchange, result: HandlerResult): Promise<void> {
  const final = (await exchange.pipeline.hooks.onSend!(result, exchange.context!)) ?? result;
  await sendResult(exchange, final);
}

/** Whether the raw header lines (name, value, name, value…) name Host more than once. */
function hasDuplicateHost(rawHeaders: readonly string[]): boolean {
  let seen = false;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    if (name.length === 4 && name.toLowerCase() === "host") {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** After the response was sent: the onResponse hook, then the deferred tasks, tracked so close() can wait. */
function afterResponse(exchange: Exchange): void {
  const { pipeline, request, response, requestId, route, context } = exchange;
  if (pipeline.hooks.onResponse) {
    try {
      pipeline.hooks.onResponse({
        requestId,
        operationId: route?.operationId,
        method: request.method ?? "GET",
        url: request.url ?? "/",
        statusCode: response.statusCode,
        durationMs: performance.now() - exchange.started,
      });
    } catch (error) {
      pipeline.logger.error({ requestId, error }, "onResponse hook failed");
    }
  }
  const tasks = context?.deferred ?? [];
  if (tasks.length === 0) return;
  const failed = (error: unknown): void => pipeline.logger.error({ requestId, operationId: route?.operationId, error }, "deferred task failed");
  // Tasks run in order; synchronous ones (most) right here, without a promise chain. From the
  // first task that returns a promise on, the rest wait for it, and close() waits for them all.
  for (let index = 0; index < tasks.length; index++) {
    let returned: unknown;
    try {
      returned = tasks[index]!();
    } catch (error) {
      failed(error);
      continue;
    }
    if (!isPromise(returned)) continue;
    const rest = tasks.slice(index + 1);
    const running = (async () => {
      try {
        await returned;
      } catch (error) {
        failed(error);
      }
      for (const task of rest) {
        try {
          await task();
        } catch (error) {
          failed(error);
        }
      }
    })();
    pipeline.pendingTasks.add(running);
    void running.finally(() => pipeline.pendingTasks.delete(running));
    return;
  }
}

/** Splits a request target into raw path and raw query; absolute-form targets route by path only. */
function splitTarget(target: string): { path: string; query: string } {
  let rest = target;
  if (!rest.startsWith("/")) {
    const schemeEnd = rest.indexOf("://");
    const pathStart = schemeEnd >= 0 ? rest.indexOf("/", schemeEnd + 3) : -1;
    rest = pathStart >= 0 ? rest.slice(pathStart) : "/";
  }
  const question = rest.indexOf("?");
  return question === -1 ? { path: rest, query: "" } : { path: rest.slice(0, question), query: rest.slice(question + 1) };
}

function sendError(exchange: Exchange, error: unknown): void {
  const { pipeline, request, response, requestId, route } = exchange;
  if (error instanceof RequestAbortedError) {
    // The client is gone (or node:http already answered 408/400 and closed): nobody to answer,
    // and not a server fault, so no error-level log.
    pipeline.logger.info({ requestId, operationId: route?.operationId, reason: error.message }, "the request ended before its body was received");
    response.destroy();
    return;
  }
  if (response.headersSent) {
    pipeline.logger.error({ requestId, operationId: route?.operationId, error }, "failed after the response headers were sent");
    response.destroy();
    return;
  }
  // Headers a failed handler may have set must not leak into the error response; CORS headers
  // stay, so browsers can read the problem.
  for (const name of response.getHeaderNames()) {
    if (name !== "x-request-id" && name !== "connection" && name !== "vary" && !name.startsWith("access-control-")) response.removeHeader(name);
  }
  let httpError: HttpError | undefined;
  if (pipeline.closing) closeConnectionAfter(response);
  if (error instanceof HttpError) httpError = error;
  else if (error instanceof MalformedEncodingError) httpError = runtimeError("SPW_HTTP_MALFORMED_ENCODING", error.message);
  if (!httpError) {
    pipeline.logger.error({ requestId, operationId: route?.operationId, method: request.method, error }, "handler failed");
    sendProblem(response, internalProblem(requestId));
    return;
  }
  if (httpError.status === 413 || httpError.status === 503) response.setHeader("connection", "close");
  if (httpError.status >= 500) pipeline.logger.error({ requestId, operationId: route?.operationId, error }, "request failed");
  sendProblem(response, toProblemDetails(httpError, requestId), httpError.headers);
}
