/**
 * Reads a response into the call's result: which declared response it is (OpenAPI 3.1
 * §4.8.16.2), its body by media type, its declared headers, its `contentType`. Browser-safe.
 */
import { coerceValue } from "../wire/coerce.js";
import { parameterShapeOf } from "../wire/coercion.js";
import { eventStreamMediaType, isJsonMediaType, mediaTypeEssence, mediaTypeMatches } from "../wire/media-type.js";
import { parseHeaderParameter } from "../wire/parameter-styles.js";
import { matchDeclaredStatus } from "../wire/status.js";
import type { TransportResponse } from "../wire/transport.js";
import { readAll, readableStreamOf } from "./byte-streams.js";
import { UnexpectedResponseError } from "./errors.js";
import type { CallResult, OperationCodecs, OperationDescriptor } from "./operation.js";

/**
 * Statuses the specwright runtime answers with problem details (RFC 9457) whether or not the spec
 * declares them: malformed requests, security, routing, limits, validation, failures, shutdown.
 * The generated client types them as `{ status, body: ProblemDetails }` for every operation that
 * does not declare them itself.
 */
export const runtimeProblemStatuses = [400, 401, 403, 404, 405, 406, 408, 413, 414, 415, 422, 431, 500, 503] as const;

/** One of {@link runtimeProblemStatuses}. */
export type RuntimeProblemStatus = (typeof runtimeProblemStatuses)[number];

/**
 * The result of `response`. A 2xx body is a `ReadableStream` with `parseAs: "stream"`, events
 * with an event-stream codec and a `text/event-stream` response; other bodies are read whole and
 * decoded: JSON parsed, `text/*` as a string, other media types as bytes, empty as undefined,
 * date-times revived with a `dates` codec. Rejects with {@link UnexpectedResponseError} for a
 * status the operation does not declare (unless it is a runtime problem response) and for JSON
 * that does not parse.
 */
export async function readResult(operation: OperationDescriptor, codecs: OperationCodecs, response: TransportResponse, parseAs: string | undefined): Promise<CallResult> {
  const status = response.status;
  // The declared response this status falls under decides everything below: its headers, its
  // date-times, whether the status is expected at all.
  const matched = matchDeclaredStatus(operation.statuses, status);
  const header = response.headers.get("content-type");
  const essence = header === null ? undefined : mediaTypeEssence(header);
  const result: CallResult = { status, body: undefined, headers: response.headers };
  const contentType = responseContentType(operation, matched, essence);
  if (contentType !== undefined) result.contentType = contentType;
  if (matched !== undefined) readDeclaredHeaders(operation, matched, result);
  let body = response.body;
  if (response.stream) {
    if (status >= 200 && status < 300) {
      if (parseAs === "stream") {
        if (status !== 204 && status !== 205) result.body = readableStreamOf(response.stream);
        return result;
      }
      if (essence === eventStreamMediaType && codecs.eventStream) {
        result.body = codecs.eventStream(response.stream, operation.events ?? "json");
        return result;
      }
    }
    body = await readAll(response.stream);
  }
  const text = (): string => response.text ?? new TextDecoder().decode(body);
  const runtimeProblem = (runtimeProblemStatuses as readonly number[]).includes(status) && essence === "application/problem+json";
  if (matched === undefined && !runtimeProblem) throw new UnexpectedResponseError(status, response.headers, text(), "the status is not declared for this operation");
  if (response.text === undefined ? body.length === 0 : response.text === "") return result;
  if (essence !== undefined && isJsonMediaType(essence)) {
    try {
      result.body = JSON.parse(text());
    } catch {
      throw new UnexpectedResponseError(status, response.headers, text(), "the body is not valid JSON");
    }
    const dates = codecs.dates && matched !== undefined && operation.responseDates && Object.hasOwn(operation.responseDates, matched) ? operation.responseDates[matched] : undefined;
    if (dates) result.body = codecs.dates!.revive(result.body, dates, codecs.dates!.shapes);
  } else {
    result.body = essence?.startsWith("text/") ? text() : body;
  }
  return result;
}

/**
 * Sets `declaredHeaders` to the headers the declared response `matched` (its key, from
 * matchDeclaredStatus) declares: `simple` style (OpenAPI 3.1 §4.8.21), strict coercion to the
 * schema type, the text kept when it does not coerce. Left unset when that response declares none.
 */
function readDeclaredHeaders(operation: OperationDescriptor, matched: string, result: CallResult): void {
  const declared = operation.responseHeaders;
  const list = declared && Object.hasOwn(declared, matched) ? declared[matched] : undefined;
  if (!list) return;
  const values: Record<string, unknown> = {};
  for (const header of list) {
    const raw = result.headers.get(header.name);
    if (raw === null) continue;
    const value = coerceValue(parseHeaderParameter(raw, header.explode === true, parameterShapeOf(header.coercion)), header.coercion);
    values[header.name] = value === undefined ? raw : value;
  }
  result.declaredHeaders = values;
}

/**
 * The `contentType` of a result: the declared media type key the response's Content-Type essence
 * falls under (RFC 9110 §8.3: compared by essence, a declared range matching its subtypes), so
 * code can narrow a result with several media types on it; the essence itself where the declared
 * keys are plain. Undefined without a Content-Type.
 */
function responseContentType(operation: OperationDescriptor, matched: string | undefined, essence: string | undefined): string | undefined {
  const declared = matched !== undefined && essence !== undefined ? operation.responseMediaTypes?.[matched] : undefined;
  if (!declared) return essence;
  return declared.find((mediaType) => mediaTypeEssence(mediaType) === essence) ??
    declared.find((mediaType) => mediaTypeMatches(mediaType, essence!)) ??
    essence;
}
