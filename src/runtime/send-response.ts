/**
 * The response step of the pipeline: from a handler result to bytes on the wire, by the
 * operation's declared responses (OpenAPI 3.1 §4.8.16–§4.8.21).
 */
import type { ServerResponse } from "node:http";
import { serialiseDates } from "../wire/dates.js";
import { isJsonMediaType, mediaTypeMatches, negotiate, parseMediaType } from "../wire/media-type.js";
import { serialiseHeaderParameter } from "../wire/parameter-styles.js";
import { closeConnectionAfter } from "./connections.js";
import { internalProblem, runtimeError, toProblemDetails } from "./errors.js";
import type { Pipeline } from "./pipeline.js";
import { findResponse, projectBody, projectedSerializer, sendProblem, serialiseBody, serialiseProjected, type HandlerResult } from "./respond.js";
import type { ResponseContentDefinition, ResponseDefinition, ResponseShape, RouteDefinition } from "./route-definition.js";
import { isStreamingBody, sendEvents, sendStream, type EventStream } from "./stream-response.js";
import { describeValidatorError } from "./validation-messages.js";

/**
 * Checks a handler result against the operation's declared responses and writes it: status
 * (exact, `nXX`, `default`), media type (the handler's, or negotiated with Accept), declared
 * headers, then the body filtered to its schema (validated too when `validateResponses`), or
 * streamed. A result that breaks the contract is logged and answered 500. A promise only when
 * the body is streamed.
 */
export function sendResult(pipeline: Pipeline, route: RouteDefinition, result: HandlerResult, response: ServerResponse, requestId: string, onStreamStopped?: () => void): Promise<void> | void {
  if (pipeline.closing) closeConnectionAfter(response);
  const status = result?.status;
  const plan = typeof status === "number" ? responsePlanOf(route, status, pipeline.api.shapes) : undefined;
  if (!plan) {
    pipeline.logger.error({ requestId, operationId: route.operationId, status }, `handler ${route.handler} returned undeclared status ${String(status)}`);
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return;
  }
  // The common case, in one step: one JSON media type, nothing to validate, a plain body.
  if (plan.serialize && result.contentType === undefined && !(pipeline.validateResponses && plan.validates) && !pipeline.api.dateShapes) {
    const body = result.body;
    if (body === null || typeof body !== "object" || !(body instanceof Uint8Array || isStreamingBody(body))) {
      sendJsonFast(pipeline, route, plan, result, response, requestId);
      return;
    }
  }
  return sendResultInParts(pipeline, route, plan, result, response, requestId, onStreamStopped);
}

/**
 * Everything sendResult handles beyond the common case: content negotiation, a handler-chosen
 * media type, response validation, dates, bytes, streams and event streams.
 */
function sendResultInParts(pipeline: Pipeline, route: RouteDefinition, plan: ResponsePlan, result: HandlerResult, response: ServerResponse, requestId: string, onStreamStopped?: () => void): Promise<void> | void {
  const declared = plan.declared;
  const status = result.status;
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
  if (declared.headers.length > 0 && !checkDeclaredHeaders(pipeline, route, declared, result.headers ?? {}, response, requestId)) return;
  if (content?.eventData !== undefined) {
    return sendEventStream(pipeline, route, declared, content, result, response, requestId, onStreamStopped);
  }
  if (content && isStreamingBody(result.body)) {
    writeHead(response, status, result.headers, declared, requestId);
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
    } else {
      const body = projectBody(source, content.shape, pipeline.api.shapes);
      if (validate && !(body instanceof Uint8Array) && !validate(body)) {
        const error = validate.errors?.[0];
        pipeline.logger.error(
          { requestId, operationId: route.operationId, status, field: error?.instancePath || "/", keyword: error?.keyword, reason: error ? describeValidatorError(error) : undefined },
          `response of ${route.operationId} does not match its schema at ${error?.instancePath || "/"}`,
        );
        sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
        return;
      }
      ({ payload, contentType } = serialiseBody(body, mediaType));
    }
  }
  writeHead(response, status, result.headers, declared, requestId);
  if (payload !== undefined) {
    response.setHeader("content-type", contentType!);
    response.setHeader("content-length", Buffer.byteLength(payload));
    response.end(payload);
  } else {
    response.end();
  }
}

/**
 * Sets the status, `X-Request-Id` and the handler's headers, each as {@link headerFieldValue}
 * writes it.
 */
function writeHead(response: ServerResponse, status: number, headers: Record<string, unknown> | undefined, declared: ResponseDefinition, requestId: string): void {
  response.statusCode = status;
  response.setHeader("x-request-id", requestId);
  if (!headers) return;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    response.setHeader(name, headerFieldValue(value, declared.headers.length > 0 ? declaredHeader(declared, name) : undefined));
  }
}

/**
 * What sending a status of a route needs, worked out on its first use: the declared response
 * (exact code, `nXX`, `default`) and, when it has a single JSON media type with a shape, the
 * one-pass serialiser of that shape.
 */
interface ResponsePlan {
  declared: ResponseDefinition;
  /** The single JSON content's serialiser (filtering as it writes); undefined otherwise. */
  serialize?: ((value: unknown) => string) | undefined;
  /** The single JSON content's media type, sent as Content-Type. */
  mediaType?: string;
  /** Whether validating responses would run a validator here (body or headers). */
  validates: boolean;
  /** The declared headers by lower-cased name. */
  headers: ReadonlyMap<string, ResponseDefinition["headers"][number]>;
  /** How many declared headers are required. */
  requiredHeaders: number;
}

const responsePlans = new WeakMap<RouteDefinition, Map<number, ResponsePlan | null>>();

/** The plan for answering `status` on `route`, or undefined when the status is not declared. */
function responsePlanOf(route: RouteDefinition, status: number, shapes: Readonly<Record<string, ResponseShape>>): ResponsePlan | undefined {
  let plans = responsePlans.get(route);
  if (!plans) {
    plans = new Map();
    responsePlans.set(route, plans);
  }
  let plan = plans.get(status);
  if (plan === undefined) {
    const declared = findResponse(route, status);
    plan = declared ? buildResponsePlan(declared, shapes) : null;
    // Handlers choose statuses from the contract; the bound keeps odd ones from growing the map.
    if (plans.size < 64) plans.set(status, plan);
  }
  return plan ?? undefined;
}

function buildResponsePlan(declared: ResponseDefinition, shapes: Readonly<Record<string, ResponseShape>>): ResponsePlan {
  const content = declared.contents.length === 1 ? declared.contents[0]! : undefined;
  const validates = declared.validateHeaders !== undefined || declared.contents.some((candidate) => candidate.validate !== undefined);
  const headers = declaredHeaderIndex(declared);
  const requiredHeaders = new Set(declared.headers.filter((header) => header.required).map((header) => header.name.toLowerCase())).size;
  const essence = content ? parseMediaType(content.mediaType)?.essence : undefined;
  if (!content || content.eventData !== undefined || !content.shape || essence === undefined || !isJsonMediaType(essence) || content.mediaType.includes("*")) {
    return { declared, validates, headers, requiredHeaders };
  }
  return { declared, validates, headers, requiredHeaders, mediaType: content.mediaType, serialize: projectedSerializer(content.shape, shapes) };
}

/**
 * The common response: a JSON body filtered to its schema, the handler's headers (declared ones
 * in `simple` style) and the request id, written with one writeHead.
 */
function sendJsonFast(pipeline: Pipeline, route: RouteDefinition, plan: ResponsePlan, result: HandlerResult, response: ServerResponse, requestId: string): void {
  const declared = plan.declared;
  const headers: Record<string, string | string[] | number> = { "x-request-id": requestId };
  const given = result.headers;
  let requiredSeen = 0;
  if (given) {
    for (const name in given) {
      const value = given[name];
      if (value === undefined) continue;
      const lowerCased = name.toLowerCase();
      if (lowerCased === "content-type" || lowerCased === "content-length" || lowerCased === "x-request-id") {
        // The handler overrides a field this path writes itself: the general path merges them.
        sendResultInParts(pipeline, route, plan, result, response, requestId);
        return;
      }
      const header = plan.headers.get(lowerCased);
      if (header?.required) requiredSeen += 1;
      headers[name] = headerFieldValue(value, header);
    }
  }
  if (requiredSeen < plan.requiredHeaders && !checkDeclaredHeaders(pipeline, route, declared, given ?? {}, response, requestId)) return;
  const status = result.status;
  if (status === 204 || status === 304) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const payload = plan.serialize!(result.body);
  headers["content-type"] = plan.mediaType!;
  headers["content-length"] = Buffer.byteLength(payload);
  response.writeHead(status, headers);
  response.end(payload);
}

/**
 * Required declared headers are present, and (with response validation) their values match
 * their schemas; otherwise logs, answers 500 and returns false.
 */
function checkDeclaredHeaders(pipeline: Pipeline, route: RouteDefinition, declared: ResponseDefinition, given: Record<string, unknown>, response: ServerResponse, requestId: string): boolean {
  const values = declaredHeaderValues(declared, given);
  const missing = declared.headers.find((header) => header.required && values[header.name] === undefined);
  if (missing) {
    pipeline.logger.error({ requestId, operationId: route.operationId, status: declared.status, header: missing.name }, `handler ${route.handler} did not set required header ${missing.name}`);
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return false;
  }
  const validate = declared.validateHeaders;
  if (pipeline.validateResponses && validate && !validate(values)) {
    const error = validate.errors?.[0];
    pipeline.logger.error(
      { requestId, operationId: route.operationId, status: declared.status, field: error?.instancePath || "/", keyword: error?.keyword, reason: error ? describeValidatorError(error) : undefined },
      `response headers of ${route.operationId} do not match their schemas at ${error?.instancePath || "/"}`,
    );
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return false;
  }
  return true;
}

/** A response's declared headers by lower-cased name, built once per response definition. */
const declaredHeaderIndexes = new WeakMap<ResponseDefinition, Map<string, ResponseDefinition["headers"][number]>>();

/** A response's declared headers by lower-cased name (built once per response definition). */
function declaredHeaderIndex(declared: ResponseDefinition): ReadonlyMap<string, ResponseDefinition["headers"][number]> {
  let index = declaredHeaderIndexes.get(declared);
  if (!index) {
    index = new Map(declared.headers.map((header) => [header.name.toLowerCase(), header]));
    declaredHeaderIndexes.set(declared, index);
  }
  return index;
}

/** The declared header a handler's header name (any case) stands for, if any. */
function declaredHeader(declared: ResponseDefinition, name: string): ResponseDefinition["headers"][number] | undefined {
  return declaredHeaderIndex(declared).get(name.toLowerCase());
}

/**
 * A handler's header value as written on the wire: a declared header in `simple` style (arrays
 * and objects comma-separated in one field, OpenAPI 3.1 §4.8.21), other arrays as repeated
 * fields (`Set-Cookie`), anything else as its string.
 */
function headerFieldValue(value: unknown, header: ResponseDefinition["headers"][number] | undefined): string | string[] {
  if (header) return serialiseHeaderParameter(value, header.explode === true);
  return Array.isArray(value) ? value.map(String) : String(value);
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
  onStreamStopped: (() => void) | undefined,
): Promise<void> {
  const events = result.body as EventStream<unknown> | undefined;
  if (events === null || typeof events !== "object" || !(Symbol.asyncIterator in events || Symbol.iterator in events)) {
    pipeline.logger.error({ requestId, operationId: route.operationId, status: declared.status }, `handler ${route.handler} must return an iterable of events for ${content.mediaType}`);
    sendProblem(response, internalProblem(requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
    return;
  }
  writeHead(response, result.status, result.headers, declared, requestId);
  response.setHeader("content-type", "text/event-stream; charset=utf-8");
  response.setHeader("cache-control", "no-cache");
  response.setHeader("x-accel-buffering", "no");
  const validate = pipeline.validateResponses ? content.validate : undefined;
  try {
    await sendEvents(response, events, {
      encoding: content.eventData!,
      stop: pipeline.shutdown.signal,
      ...(onStreamStopped ? { onStop: onStreamStopped } : {}),
      project: content.shape ? (data) => projectBody(data, content.shape, pipeline.api.shapes) : undefined,
      check: validate
        ? (data) => (validate(data) ? undefined : `event data does not match its schema at ${validate.errors?.[0]?.instancePath || "/"}: ${validate.errors?.[0] ? describeValidatorError(validate.errors[0]) : "invalid"}`)
        : undefined,
    });
  } catch (error) {
    pipeline.logger.error({ requestId, operationId: route.operationId, error }, `event stream of ${route.operationId} ended early`);
    response.destroy();
  }
}
