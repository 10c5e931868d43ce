/**
 * The response step of the pipeline: from a handler result to bytes on the wire, by the
 * operation's declared responses (OpenAPI 3.1 §4.8.16–§4.8.21). One path for every result: the
 * declared response its status falls under, the media type (the handler's, the only one, or
 * negotiated with Accept), the declared headers, then the body written by its kind (JSON through
 * the generated serialiser, text, bytes, a stream, server-sent events).
 */
import { mediaTypeMatches, negotiate } from "../wire/media-type.js";
import { serialiseHeaderParameter } from "../wire/parameter-styles.js";
import { matchDeclaredStatus } from "../wire/status.js";
import { closeConnectionAfter } from "./connections.js";
import { internalProblem, runtimeError, toProblemDetails } from "./errors.js";
import type { Exchange } from "./exchange.js";
import { writeBody, writeJson } from "./json-writer.js";
import { sendProblem, type HandlerResult } from "./respond.js";
import type { ResponseContentDefinition, ResponseDefinition, ResponseHeaderDefinition } from "./route-definition.js";
import { isStreamingBody, sendEvents, sendStream, type EventStream } from "./stream-response.js";
import { describeValidatorError } from "./validation-messages.js";

/** The header fields of a response as writeHead takes them. */
type HeaderFields = Record<string, string | string[] | number>;

/**
 * Checks a handler result against the operation's declared responses and writes it. A result
 * that breaks the contract (an undeclared status or media type, a missing required header, with
 * response validation a body or header that does not match its schema) is logged and answered
 * 500 SPW_HTTP_RESPONSE_CONTRACT; none acceptable to the client is a 406. A promise only when
 * the body is streamed. Throws RangeError for a body nested past 256 levels, TypeError for a
 * BigInt in a JSON body (the caller answers 500).
 */
export function sendResult(exchange: Exchange, result: HandlerResult): Promise<void> | void {
  const { pipeline, response } = exchange;
  const route = exchange.route!;
  if (pipeline.closing) closeConnectionAfter(response);
  const status = result?.status;
  const declared = typeof status === "number" ? matchDeclaredStatus(route.responses, status) : undefined;
  if (!declared) return contractBroken(exchange, { status }, `handler ${route.handler} returned undeclared status ${String(status)}`);
  const hasBody = status !== 204 && status !== 304 && declared.contents.length > 0;
  const content = hasBody ? chooseContent(exchange, declared, result) : undefined;
  if (content === null) return;
  const head = headerFields(exchange, declared, result, content !== undefined);
  if (!head) return;
  if (content?.kind === "event-stream") return sendEventStream(exchange, declared, content, result, head);
  if (content && isStreamingBody(result.body)) {
    head["content-type"] = result.contentType ?? concreteMediaType(content, "application/octet-stream");
    response.writeHead(status!, head);
    return sendStream(response, result.body);
  }
  if (content) {
    const encoded = encodeBody(exchange, content, result);
    if (!encoded) return;
    head["content-type"] = encoded.contentType;
    head["content-length"] = Buffer.byteLength(encoded.payload);
    response.writeHead(status!, head);
    response.end(encoded.payload);
    return;
  }
  response.writeHead(status!, head);
  response.end();
}

/**
 * The declared media type to answer with: the handler's `contentType`, the only one declared, or
 * the one the Accept header prefers (RFC 9110 §12.5.1). null once a 406 or 500 has been sent.
 */
function chooseContent(exchange: Exchange, declared: ResponseDefinition, result: HandlerResult): ResponseContentDefinition | null {
  const contents = declared.contents;
  if (result.contentType !== undefined) {
    const essence = result.contentType.split(";")[0]!.trim().toLowerCase();
    const content = contents.find((candidate) => mediaTypeMatches(candidate.mediaType, essence));
    if (content) return content;
    contractBroken(exchange, { status: result.status, contentType: result.contentType }, `handler ${exchange.route!.handler} returned an undeclared content type`);
    return null;
  }
  if (contents.length === 1) return contents[0]!;
  const chosen = negotiate(contents.map((candidate) => candidate.mediaType), exchange.request.headers.accept);
  if (chosen === undefined) {
    const problem = runtimeError("SPW_HTTP_NOT_ACCEPTABLE", `none of ${contents.map((candidate) => candidate.mediaType).join(", ")} is acceptable`);
    sendProblem(exchange.response, toProblemDetails(problem, exchange.requestId));
    return null;
  }
  return contents.find((candidate) => candidate.mediaType === chosen)!;
}

/**
 * The response's header fields: `X-Request-Id`, then the handler's headers (a declared one in
 * `simple` style, arrays and objects comma-separated, OpenAPI 3.1 §4.8.21; other arrays as
 * repeated fields, `Set-Cookie`). The runtime writes Content-Length, and Content-Type when there
 * is a body. Undefined once a 500 has been sent for a missing or (with response validation)
 * invalid declared header.
 */
function headerFields(exchange: Exchange, declared: ResponseDefinition, result: HandlerResult, hasBody: boolean): HeaderFields | undefined {
  const head: HeaderFields = { "x-request-id": exchange.requestId };
  const given = result.headers;
  const declaredHeaders = declared.headers;
  let values: Record<string, unknown> | undefined;
  if (given) {
    for (const name in given) {
      const value = given[name];
      if (value === undefined) continue;
      const key = name.toLowerCase();
      if (key === "content-length" || (hasBody && key === "content-type")) continue;
      const header = declaredHeaders.length > 0 ? findHeader(declaredHeaders, key) : undefined;
      if (header) (values ??= {})[header.name] = value;
      head[key === "x-request-id" ? key : name] = headerFieldValue(value, header);
    }
  }
  if (declaredHeaders.length === 0) return head;
  const missing = declaredHeaders.find((header) => header.required && values?.[header.name] === undefined);
  if (missing) return contractBroken(exchange, { status: declared.status, header: missing.name }, `handler ${exchange.route!.handler} did not set required header ${missing.name}`);
  const validate = exchange.pipeline.validateResponses ? declared.validateHeaders : undefined;
  if (validate && !validate(values ?? {})) {
    const error = validate.errors?.[0];
    return contractBroken(
      exchange,
      { status: declared.status, field: error?.instancePath || "/", keyword: error?.keyword, reason: error ? describeValidatorError(error) : undefined },
      `response headers of ${exchange.route!.operationId} do not match their schemas at ${error?.instancePath || "/"}`,
    );
  }
  return head;
}

function findHeader(headers: readonly ResponseHeaderDefinition[], key: string): ResponseHeaderDefinition | undefined {
  for (const header of headers) if (header.key === key) return header;
  return undefined;
}

/** A header value as written on the wire (see {@link headerFields}). */
function headerFieldValue(value: unknown, header: ResponseHeaderDefinition | undefined): string | string[] {
  if (header) return serialiseHeaderParameter(value, header.explode === true);
  return Array.isArray(value) ? value.map(String) : String(value);
}

/**
 * The payload and Content-Type of a body by its media type's kind: JSON through the generated
 * serialiser (undeclared and writeOnly properties left out), text as UTF-8 (with `charset=utf-8`
 * unless declared), bytes as they are, and under a range (`*\/*`) bytes as
 * `application/octet-stream`, strings under `text/*` as `text/plain`, anything else as JSON. With
 * response validation, what is sent is validated (JSON parsed back, so it is checked as a client
 * will read it); a mismatch is answered 500 and undefined returned.
 */
function encodeBody(exchange: Exchange, content: ResponseContentDefinition, result: HandlerResult): { payload: string | Buffer; contentType: string } | undefined {
  const body = result.body;
  if (body instanceof Uint8Array) {
    return { payload: Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType: result.contentType ?? concreteMediaType(content, "application/octet-stream") };
  }
  const validate = exchange.pipeline.validateResponses ? content.validate : undefined;
  let payload: string;
  let contentType: string;
  let json = false;
  if (content.kind === "text" && typeof body === "string") {
    payload = body;
    contentType = withCharset(result.contentType ?? content.mediaType);
  } else if (content.kind === "range" && typeof body === "string" && content.mediaType.toLowerCase().startsWith("text/")) {
    payload = body;
    contentType = result.contentType ?? "text/plain; charset=utf-8";
  } else if (content.kind === "binary" && typeof body === "string") {
    payload = body;
    contentType = result.contentType ?? concreteMediaType(content, "application/octet-stream");
  } else {
    payload = writeBody(content.serialize ?? writeJson, body);
    contentType = result.contentType ?? concreteMediaType(content, "application/json");
    json = true;
  }
  if (validate && !validate(json ? JSON.parse(payload) : body)) {
    const error = validate.errors?.[0];
    return contractBroken(
      exchange,
      { status: result.status, field: error?.instancePath || "/", keyword: error?.keyword, reason: error ? describeValidatorError(error) : undefined },
      `response of ${exchange.route!.operationId} does not match its schema at ${error?.instancePath || "/"}`,
    );
  }
  return { payload, contentType };
}

/** The declared media type, or `fallback` when it is a range (a Content-Type must be concrete). */
function concreteMediaType(content: ResponseContentDefinition, fallback: string): string {
  return content.kind === "range" ? fallback : content.mediaType;
}

function withCharset(mediaType: string): string {
  return /;\s*charset=/i.test(mediaType) ? mediaType : `${mediaType}; charset=utf-8`;
}

/**
 * Logs a result that breaks the operation's contract and answers 500 SPW_HTTP_RESPONSE_CONTRACT
 * (its details go to the log only). Returns undefined, for callers to return.
 */
function contractBroken(exchange: Exchange, details: Record<string, unknown>, message: string): undefined {
  exchange.pipeline.logger.error({ requestId: exchange.requestId, operationId: exchange.route!.operationId, ...details }, message);
  sendProblem(exchange.response, internalProblem(exchange.requestId, "SPW_HTTP_RESPONSE_CONTRACT"));
  return undefined;
}

/**
 * Streams a `text/event-stream` response: each event's `data` is written by the media type's
 * serialiser (JSON data) and, with response validation, validated. A bad event or a failing
 * generator ends the stream early (the headers are gone, so no problem details can follow):
 * logged, and the connection is closed so the client sees an incomplete stream.
 */
async function sendEventStream(exchange: Exchange, declared: ResponseDefinition, content: ResponseContentDefinition, result: HandlerResult, head: HeaderFields): Promise<void> {
  const { pipeline, response } = exchange;
  const route = exchange.route!;
  const events = result.body as EventStream<unknown> | undefined;
  if (events === null || typeof events !== "object" || !(Symbol.asyncIterator in events || Symbol.iterator in events)) {
    contractBroken(exchange, { status: declared.status }, `handler ${route.handler} must return an iterable of events for ${content.mediaType}`);
    return;
  }
  head["content-type"] = "text/event-stream; charset=utf-8";
  head["cache-control"] = "no-cache";
  head["x-accel-buffering"] = "no";
  response.writeHead(result.status, head);
  const validate = pipeline.validateResponses ? content.validate : undefined;
  const serialize = content.serialize ?? writeJson;
  try {
    await sendEvents(response, events, {
      encoding: content.eventData ?? "json",
      stop: pipeline.shutdown.signal,
      onStop: () => exchange.context?.abort(),
      writeJsonData: (data) => writeBody(serialize, data),
      check: validate
        ? (data) => (validate(data) ? undefined : `event data does not match its schema at ${validate.errors?.[0]?.instancePath || "/"}: ${validate.errors?.[0] ? describeValidatorError(validate.errors[0]) : "invalid"}`)
        : undefined,
    });
  } catch (error) {
    pipeline.logger.error({ requestId: exchange.requestId, operationId: route.operationId, error }, `event stream of ${route.operationId} ended early`);
    response.destroy();
  }
}
