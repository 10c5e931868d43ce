import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isJsonMediaType, mediaTypeMatches, negotiate, parseMediaType, type MediaType } from "../wire/media-type.js";
import { MalformedEncodingError, serialiseHeaderParameter } from "../wire/parameter-styles.js";
import type { ValidationIssue } from "../wire/problem.js";
import { readBody, RequestAbortedError, streamBody } from "./body/read-body.js";
import { parseJsonBody } from "./body/json.js";
import { parseMultipartBody } from "./body/multipart.js";
import { parseFormBody } from "./body/urlencoded.js";
import { UploadStore, type UploadOptions } from "./body/uploaded-file.js";
import { HandlerContext } from "./context.js";
import type { Cors } from "./cors.js";
import type { DocsRoutes } from "./docs.js";
import type { Hooks } from "./hooks.js";
import { HttpError, internalProblem, runtimeError, toProblemDetails } from "./errors.js";
import type { Logger } from "./logger.js";
import { readParameters, type ParameterLimits } from "./params.js";
import { findResponse, projectBody, sendProblem, serialiseBody, serialiseProjected, type HandlerResult } from "./respond.js";
import type { ApiDefinition, CompiledValidator, RequestContentDefinition, ResponseContentDefinition, ResponseDefinition, RouteDefinition } from "./route-definition.js";
import type { Router } from "./router.js";
import { authenticate, type SecurityVerifiers } from "./security.js";
import { isStreamingBody, sendEvents, sendStream, type EventStream } from "./stream-response.js";
import { validatePart } from "./validate.js";
import { reviveRequestDates } from "./dates.js";
import { serialiseDates } from "../wire/dates.js";

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

/** Request limits (RELIABILITY §1.7), all overridable through createServer's options. */
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
  /** CORS, when configured. */
  cors?: Cors | undefined;
  hooks: Hooks;
  /** Deferred tasks still running; close() waits for them. */
  pendingTasks: Set<Promise<void>>;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Serves one request, top to bottom (FastAPI's request story in one function):
 * documentation endpoints → route → authenticate → parameters → body → validate → handler → respond.
 * Every failure becomes problem details (RFC 9457); nothing escapes as an exception.
 */
export async function handleRequest(pipeline: Pipeline, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // Only the onResponse hook reads the duration.
  const started = pipeline.hooks.onResponse ? performance.now() : 0;
  const socket = request.socket;
  inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
  const incomingId = request.headers["x-request-id"];
  const requestId = typeof incomingId === "string" && requestIdPattern.test(incomingId) ? incomingId : randomUUID();
  response.setHeader("x-request-id", requestId);
  let route: RouteDefinition | undefined;
  let context: HandlerContext | undefined;
  // One listener per request: `close` follows `finish` when the response was sent, and comes
  // alone when the connection went away first.
  response.once("close", () => {
    const remaining = (inFlight.get(socket) ?? 1) - 1;
    inFlight.set(socket, remaining);
    if (pipeline.closing && remaining === 0 && !socket.destroyed) socket.end();
    if (response.writableFinished && (pipeline.hooks.onResponse || (context && context.deferred.length > 0))) {
      afterResponse(pipeline, request, response, requestId, route, context, started);
    }
  });
  try {
    if (pipeline.closing) {
      response.setHeader("connection", "close");
      throw runtimeError("SPW_HTTP_CLOSING", "the server is shutting down");
    }
    if (pipeline.hooks.onRequest) await pipeline.hooks.onRequest(request, response);
    const { path, query } = splitTarget(request.url ?? "/");
    if (pipeline.cors) {
      if (pipeline.cors.answerPreflight(request, response, pipeline.router.methodsAt(path))) return;
      pipeline.cors.applyToResponse(request, response);
    }
    const docs = pipeline.docs?.match(path);
    if (docs) {
      await docs(request, response);
      return;
    }
    const match = pipeline.router.find(request.method ?? "GET", path);
    if (!match) throw runtimeError("SPW_HTTP_NOT_FOUND", `no operation at ${truncate(path)}`);
    if ("allowed" in match) {
      throw runtimeError("SPW_HTTP_METHOD_NOT_ALLOWED", `${request.method} is not declared for this path`, {
        headers: { allow: match.allowed.join(", ") },
      });
    }
    route = match.route;
    const authentication = route.security.length > 0
      ? await authenticate(route, pipeline.api.securitySchemes, pipeline.verifiers, request, query, pipeline.api.title)
      : { principal: undefined, principals: {} };

    const { values, issues } = readParameters(route, match.rawParameters, query, request.headers, pipeline.limits);
    const validators = route.validators;
    if (validators.path) issues.push(...validatePart(validators.path, values.path, "path"));
    if (validators.query) issues.push(...validatePart(validators.query, values.query, "query"));
    if (validators.header) issues.push(...validatePart(validators.header, values.header, "header"));
    if (validators.cookie) issues.push(...validatePart(validators.cookie, values.cookie, "cookie"));

    const input: HandlerInput = { path: values.path, query: values.query, headers: values.header, cookies: values.cookie, body: undefined };
    if (route.requestBody) {
      const body = await readRequestBody(route, request, response, pipeline, issues);
      if (body) {
        input.body = body.value;
        input.contentType = body.content.mediaType;
      }
    } else if (hasBody(request)) {
      request.resume();
    }
    context = new HandlerContext(route.operationId, requestId, authentication.principal, authentication.principals, request, response);
    if (issues.length > 0) {
      throw runtimeError("SPW_HTTP_VALIDATION", "the request does not match the contract", { errors: issues });
    }
    if (route.dates && pipeline.api.dateShapes) {
      const contentIndex = route.requestBody?.contents.findIndex((content) => content.mediaType === input.contentType) ?? -1;
      reviveRequestDates(route, input, contentIndex, pipeline.api.dateShapes);
    }
    if (pipeline.hooks.preHandler) await pipeline.hooks.preHandler(input, context);
    const handler = pipeline.handlers[route.handler]!;
    // Handlers that answer synchronously skip the promise round trips (most of them do).
    const returned = handler(input, context);
    const result = isPromise(returned) ? await returned : returned;
    const sent = send(pipeline, route, result, response, context);
    if (sent) await sent;
  } catch (error) {
    if (pipeline.hooks.onError && route && context && !response.headersSent) {
      try {
        const mapped = await pipeline.hooks.onError(error, context);
        if (mapped) {
          await send(pipeline, route, mapped, response, context);
          return;
        }
      } catch (hookError) {
        sendError(pipeline, hookError, request, response, requestId, route);
        return;
      }
    } else if (pipeline.hooks.onError && !response.headersSent) {
      await Promise.resolve(pipeline.hooks.onError(error, context)).catch(() => undefined);
    }
    sendError(pipeline, error, request, response, requestId, route);
  }
}

/** Runs `onSend`, then checks and writes the result; a promise only when something is asynchronous. */
function send(pipeline: Pipeline, route: RouteDefinition, result: HandlerResult, response: ServerResponse, context: HandlerContext): Promise<void> | void {
  if (pipeline.hooks.onSend) return sendAfterHook(pipeline, route, result, response, context);
  return sendResult(pipeline, route, result, response, context.requestId);
}

async function sendAfterHook(pipeline: Pipeline, route: RouteDefinition, result: HandlerResult, response: ServerResponse, context: HandlerContext): Promise<void> {
  const final = (await pipeline.hooks.onSend!(result, context)) ?? result;
  await sendResult(pipeline, route, final, response, context.requestId);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** After the response was sent: the onResponse hook, then the deferred tasks, tracked so close() can wait. */
function afterResponse(
  pipeline: Pipeline,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  route: RouteDefinition | undefined,
  context: HandlerContext | undefined,
  started: number,
): void {
  if (pipeline.hooks.onResponse) {
    try {
      pipeline.hooks.onResponse({
        requestId,
        operationId: route?.operationId,
        method: request.method ?? "GET",
        url: request.url ?? "/",
        statusCode: response.statusCode,
        durationMs: performance.now() - started,
      });
    } catch (error) {
      pipeline.logger.error({ requestId, error }, "onResponse hook failed");
    }
  }
  const tasks = context?.deferred ?? [];
  if (tasks.length === 0) return;
  const running = (async () => {
    for (const task of tasks) {
      try {
        await task();
      } catch (error) {
        pipeline.logger.error({ requestId, operationId: route?.operationId, error }, "deferred task failed");
      }
    }
  })();
  pipeline.pendingTasks.add(running);
  void running.finally(() => pipeline.pendingTasks.delete(running));
}

/** Requests in flight per connection (pipelined requests are dispatched before earlier ones finish). */
const inFlight = new WeakMap<object, number>();

/** How many requests of a connection are being answered (0 for one that has sent none yet). */
export function requestsInFlight(socket: object): number {
  return inFlight.get(socket) ?? 0;
}

/**
 * While closing: the last response in flight on a connection says `Connection: close`. An
 * earlier one must not, or node:http would end the connection before the responses queued
 * behind it (pipelined requests already being handled) are written.
 */
function closeConnectionAfter(response: ServerResponse): void {
  if ((inFlight.get(response.req.socket) ?? 1) <= 1) response.setHeader("connection", "close");
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

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}

/**
 * Reads, parses and validates the body against the schema of the media type it was parsed as
 * (one strict Content-Type grammar decides both, RELIABILITY B6). Undeclared or unparseable
 * Content-Type → 415; a required body that is absent → a 422 issue at `["body"]`.
 */
async function readRequestBody(
  route: RouteDefinition,
  request: IncomingMessage,
  response: ServerResponse,
  pipeline: Pipeline,
  issues: ValidationIssue[],
): Promise<{ value: unknown; content: RequestContentDefinition } | undefined> {
  const requestBody = route.requestBody!;
  const limits = pipeline.limits;
  // An empty form body is an empty object, not an absent body (`{}` sent by a client is zero bytes).
  const emptyForm = request.headers["content-type"]?.toLowerCase().startsWith("application/x-www-form-urlencoded") === true;
  if (!hasBody(request) && !emptyForm) {
    if (requestBody.required) issues.push({ in: "body", loc: ["body"], pointer: "", keyword: "required", message: "a request body is required" });
    return undefined;
  }
  const header = request.headers["content-type"];
  const mediaType = header === undefined ? undefined : parseMediaType(header);
  const content = mediaType && requestBody.contents.find((candidate) => mediaTypeMatches(candidate.mediaType, mediaType.essence));
  if (!mediaType || !content) {
    request.resume();
    throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", `Content-Type ${header === undefined ? "(none)" : JSON.stringify(truncate(header))} is not one of: ${requestBody.contents.map((candidate) => candidate.mediaType).join(", ")}`);
  }
  if (mediaType.essence === "multipart/form-data") {
    if (!content.multipart) {
      // A route table from before multipart was parsed: raw bytes typed as an object would be a lie.
      request.resume();
      throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", "this route table has no multipart definition; regenerate it");
    }
    // Temporary files live until the response is over, sent or aborted.
    const store = new UploadStore(pipeline.uploads.directory);
    response.once("close", () => void store.dispose());
    const value = await parseMultipartBody(request, content.multipart, limits, store, pipeline.uploads.memoryThreshold).catch((error: unknown) => {
      // Reading stopped at the fault: close the connection rather than drain a large upload.
      if (!request.complete) response.setHeader("connection", "close");
      throw error;
    });
    if (content.validate) issues.push(...validatePart(content.validate, value, "body"));
    return { value, content };
  }
  const json = isJsonMediaType(mediaType.essence);
  const charset = mediaType.parameters["charset"]?.toLowerCase();
  if (json && charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    request.resume();
    throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", `charset ${charset} is not supported for JSON; send UTF-8`);
  }
  if (isBinaryMediaType(mediaType)) {
    // Binary bodies (`format: binary`, images, archives) reach the handler as a stream, bounded
    // by maxFileSize: there is no JSON value to validate, and they may be large.
    return { value: streamBody(request, limits.maxFileSize), content };
  }
  const bytes = await readBody(request, limits.bodyLimit);
  if (bytes.length === 0 && mediaType.essence !== "application/x-www-form-urlencoded") {
    if (requestBody.required) issues.push({ in: "body", loc: ["body"], pointer: "", keyword: "required", message: "a request body is required" });
    return undefined;
  }
  const value = json
    ? parseJsonBody(bytes, limits.maxJsonDepth)
    : mediaType.essence === "application/x-www-form-urlencoded" && content.form
      ? parseFormBody(bytes, content.form, limits.maxQueryPairs)
      : bytes.toString("utf8");
  if (content.validate) {
    issues.push(...(pipeline.ignoreReadOnly ? validateDroppingReadOnly(content.validate, value) : validatePart(content.validate, value, "body")));
  }
  return { value, content };
}

/**
 * Whether a request body of this media type is binary (everything but JSON, text and form
 * bodies; the same classification as the emitters' bodyKind), so it reaches the handler as a stream.
 */
function isBinaryMediaType(mediaType: MediaType): boolean {
  return !isJsonMediaType(mediaType.essence) && mediaType.type !== "text" && mediaType.essence !== "application/x-www-form-urlencoded" && mediaType.essence !== "multipart/form-data";
}

/** At most this many readOnly properties are removed from one body before giving up (422). */
const maxReadOnlyRemovals = 1000;

/**
 * Validates a body, removing each readOnly property the validator reports (one per run, as
 * validators stop at the first error) and validating again; any other issue is returned as is.
 * Only bodies that hold readOnly properties pay for the extra runs.
 */
function validateDroppingReadOnly(validate: CompiledValidator, value: unknown): ValidationIssue[] {
  for (let removals = 0; ; removals += 1) {
    const issues = validatePart(validate, value, "body");
    const issue = issues[0];
    if (!issue || issue.keyword !== "readOnly" || removals >= maxReadOnlyRemovals) return issues;
    const path = issue.loc.slice(1);
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value) as Record<string | number, unknown>;
    delete parent[path[path.length - 1]!];
  }
}

function sendResult(pipeline: Pipeline, route: RouteDefinition, result: HandlerResult, response: ServerResponse, requestId: string): Promise<void> | void {
  if (pipeline.closing) closeConnectionAfter(response);
  const status = result?.status;
  const declared = typeof status === "number" ? findResponse(route, status) : undefined;
  if (!declared) {
    pipeline.logger.error({ requestId, operationId: route.operationId, status }, `handler ${route.handler} returned undeclared status ${String(status)}`);
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return;
  }
  const noBody = status === 204 || status === 304 || declared.contents.length === 0;
  let content: ResponseContentDefinition | undefined;
  if (!noBody) {
    if (result.contentType !== undefined) {
      content = declared.contents.find((candidate) => mediaTypeMatches(candidate.mediaType, result.contentType!.toLowerCase()));
    } else if (declared.contents.length === 1) {
      content = declared.contents[0];
    } else {
      // Several media types and the handler did not choose: the Accept header does (RFC 9110 §12.5.1).
      const chosen = negotiate(declared.contents.map((candidate) => candidate.mediaType), response.req.headers.accept);
      if (chosen === undefined) {
        sendProblem(response, toProblemDetails(runtimeError("SPW_HTTP_NOT_ACCEPTABLE", `none of ${declared.contents.map((candidate) => candidate.mediaType).join(", ")} is acceptable`), requestId));
        return;
      }
      content = declared.contents.find((candidate) => candidate.mediaType === chosen);
    }
  }
  if (!noBody && !content) {
    pipeline.logger.error({ requestId, operationId: route.operationId, status, contentType: result.contentType }, `handler ${route.handler} returned an undeclared content type`);
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return;
  }
  if (declared.headers.length > 0) {
    const values = declaredHeaderValues(declared, result.headers);
    const missing = declared.headers.find((header) => header.required && values[header.name] === undefined);
    if (missing) {
      pipeline.logger.error({ requestId, operationId: route.operationId, status, header: missing.name }, `handler ${route.handler} did not set required header ${missing.name}`);
      sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
      return;
    }
    const validate = declared.validateHeaders;
    if (pipeline.validateResponses && validate && !validate(values)) {
      const error = validate.errors?.[0];
      pipeline.logger.error(
        { requestId, operationId: route.operationId, status, field: error?.instancePath || "/", keyword: error?.keyword, reason: error?.message },
        `response headers of ${route.operationId} do not match their schemas at ${error?.instancePath || "/"}`,
      );
      sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
      return;
    }
  }
  if (content?.eventData !== undefined) {
    return sendEventStream(pipeline, route, declared, content, result, response, requestId);
  }
  if (content && isStreamingBody(result.body)) {
    writeHead(response, status, result.headers, declared);
    response.setHeader("content-type", result.contentType ?? (content.mediaType.includes("*") ? "application/octet-stream" : content.mediaType));
    return sendStream(response, result.body);
  }
  let payload: string | Buffer | undefined;
  let contentType: string | undefined;
  if (content) {
    // With dateTime "date", handlers return Dates; the schema (and the wire) has RFC 3339 strings.
    const source = pipeline.api.dateShapes ? serialiseDates(result.body) : result.body;
    const mediaType = result.contentType ?? content.mediaType;
    const validate = pipeline.validateResponses ? content.validate : undefined;
    if (!validate && content.shape && !(source instanceof Uint8Array) && isJsonMediaType(parseMediaType(mediaType)?.essence ?? "")) {
      // Nothing to validate: filter and write the JSON in one pass, without the filtered copy.
      payload = serialiseProjected(source, content.shape, pipeline.api.shapes);
      contentType = mediaType;
    }
  }
  if (content && payload === undefined) {
    const source = pipeline.api.dateShapes ? serialiseDates(result.body) : result.body;
    const body = projectBody(source, content.shape, pipeline.api.shapes);
    if (pipeline.validateResponses && content.validate && !(body instanceof Uint8Array) && !content.validate(body)) {
      const error = content.validate.errors?.[0];
      pipeline.logger.error(
        { requestId, operationId: route.operationId, status, field: error?.instancePath || "/", keyword: error?.keyword, reason: error?.message },
        `response of ${route.operationId} does not match its schema at ${error?.instancePath || "/"}`,
      );
      sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
      return;
    }
    ({ payload, contentType } = serialiseBody(body, result.contentType ?? content.mediaType));
  }
  writeHead(response, status, result.headers, declared);
  if (payload !== undefined) {
    response.setHeader("content-type", contentType!);
    response.setHeader("content-length", Buffer.byteLength(payload));
    response.end(payload);
  } else {
    response.end();
  }
}

/**
 * Sets the status and the handler's headers. Declared headers are written in `simple` style
 * (arrays and objects comma-separated in one field, OpenAPI 3.1 §4.8.21); other arrays become
 * repeated fields (`Set-Cookie`).
 */
function writeHead(response: ServerResponse, status: number, headers: Record<string, unknown> | undefined, declared?: ResponseDefinition): void {
  response.statusCode = status;
  if (!headers) return;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const header = declared && declared.headers.length > 0 ? declaredHeader(declared, name) : undefined;
    if (header) response.setHeader(name, serialiseHeaderParameter(value, header.explode === true));
    else response.setHeader(name, Array.isArray(value) ? value.map(String) : String(value));
  }
}

/** A response's declared headers by lower-cased name, built once per response definition. */
const declaredHeaderIndexes = new WeakMap<ResponseDefinition, Map<string, ResponseDefinition["headers"][number]>>();

/** The declared header a handler's header name (any case) stands for, if any. */
function declaredHeader(declared: ResponseDefinition, name: string): ResponseDefinition["headers"][number] | undefined {
  let index = declaredHeaderIndexes.get(declared);
  if (!index) {
    index = new Map(declared.headers.map((header) => [header.name.toLowerCase(), header]));
    declaredHeaderIndexes.set(declared, index);
  }
  return index.get(name.toLowerCase());
}

/** The values of a response's declared headers, keyed by their declared names (matched case-insensitively). */
function declaredHeaderValues(declared: ResponseDefinition, headers: Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (!headers) return values;
  for (const name in headers) {
    const value = headers[name];
    const header = value === undefined ? undefined : declaredHeader(declared, name);
    if (header) values[header.name] = value;
  }
  return values;
}

/**
 * Streams a `text/event-stream` response: each event's `data` is projected and, when response
 * validation is on, validated against the media type's schema. A bad event or a failing
 * generator ends the stream early (the headers are gone, so no problem details can follow):
 * logged, and the connection is closed so the client sees an incomplete stream.
 */
async function sendEventStream(
  pipeline: Pipeline,
  route: RouteDefinition,
  declared: ResponseDefinition,
  content: ResponseContentDefinition,
  result: HandlerResult,
  response: ServerResponse,
  requestId: string,
): Promise<void> {
  const events = result.body as EventStream<unknown> | undefined;
  if (events === null || typeof events !== "object" || !(Symbol.asyncIterator in events || Symbol.iterator in events)) {
    pipeline.logger.error({ requestId, operationId: route.operationId, status: declared.status }, `handler ${route.handler} must return an iterable of events for ${content.mediaType}`);
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return;
  }
  writeHead(response, result.status, result.headers, declared);
  response.setHeader("content-type", "text/event-stream; charset=utf-8");
  response.setHeader("cache-control", "no-cache");
  response.setHeader("x-accel-buffering", "no");
  const validate = pipeline.validateResponses ? content.validate : undefined;
  try {
    await sendEvents(response, events, {
      encoding: content.eventData!,
      project: content.shape ? (data) => projectBody(data, content.shape, pipeline.api.shapes) : undefined,
      check: validate
        ? (data) => (validate(data) ? undefined : `event data does not match its schema at ${validate.errors?.[0]?.instancePath || "/"}: ${validate.errors?.[0]?.message ?? "invalid"}`)
        : undefined,
    });
  } catch (error) {
    pipeline.logger.error({ requestId, operationId: route.operationId, error }, `event stream of ${route.operationId} ended early`);
    response.destroy();
  }
}

function sendError(pipeline: Pipeline, error: unknown, request: IncomingMessage, response: ServerResponse, requestId: string, route: RouteDefinition | undefined): void {
  if (error instanceof RequestAbortedError) {
    // The client is gone (or node:http already answered 408/400 and closed): nobody to answer,
    // and not a server fault, so no error-level log (RELIABILITY H2, H5).
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

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
