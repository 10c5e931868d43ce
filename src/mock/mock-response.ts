/**
 * A mock response of an operation, built from the spec alone: the declared response for a status,
 * one of its media types, a body from the media type's examples or else generated from its schema,
 * and a value for each declared header. Shared by `specwright mock` (at request time) and the MSW
 * output (at generate time), so both answer alike.
 */
import type { MediaTypeContent, Operation, Response, ResponseHeader } from "../model/ir.js";
import { bodyKind } from "../emit/media-types.js";
import { STATUS_CODES } from "node:http";
import { parseMediaType } from "../wire/media-type.js";
import { matchDeclaredStatus } from "../wire/status.js";
import type { ValueGenerator } from "./generate-value.js";

/** A response to send, as plain data. */
export interface MockResponse {
  status: number;
  /** The declared response the status falls under. */
  response: Response;
  /** The media type sent; undefined when the response has no content (or the status has none, 204 and 304). */
  content?: MediaTypeContent;
  /**
   * The body, by the media type's kind: a JSON value; a string for text and binary media types;
   * for `text/event-stream`, a list of events `{ data }`. Undefined when there is no content.
   */
  body?: unknown;
  /** The name of the example sent, when it came from a named example. */
  example?: string;
  /** A typed value per declared response header, by its name as declared. */
  headers: Record<string, unknown>;
}

/** Thrown when a preference names something the operation does not declare (an example name, a status). */
export class MockSelectionError extends Error {}

/**
 * The response sent when nothing is asked for: the lowest declared 2xx status, then `2XX` (as
 * 200), then `default` (as 200), then the lowest other declared status (a range as its `n00`).
 * Undefined when the operation declares no response.
 */
export function defaultResponseOf(operation: Operation): { status: number; response: Response } | undefined {
  const exact = (response: Response): number | undefined => (/^[1-5][0-9][0-9]$/.test(response.status) ? Number(response.status) : undefined);
  const byStatus = (a: Response, b: Response): number => (exact(a) ?? Number(a.status[0]) * 100) - (exact(b) ?? Number(b.status[0]) * 100);
  const success = operation.responses.filter((response) => exact(response) !== undefined && exact(response)! >= 200 && exact(response)! < 300).sort(byStatus)[0];
  if (success) return { status: exact(success)!, response: success };
  const range = operation.responses.find((response) => response.status === "2XX");
  if (range) return { status: 200, response: range };
  const fallback = operation.responses.find((response) => response.status === "default");
  if (fallback) return { status: 200, response: fallback };
  const other = operation.responses.filter((response) => response.status !== "default").sort(byStatus)[0];
  return other ? { status: exact(other) ?? Number(other.status[0]) * 100, response: other } : undefined;
}

/**
 * The declared response for an asked-for status: the exact code, its range, then `default`
 * (OpenAPI 3.1 §4.8.16.2). Throws {@link MockSelectionError} when none is declared.
 */
export function responseForStatus(operation: Operation, status: number): { status: number; response: Response } {
  const response = matchDeclaredStatus(operation.responses, status);
  if (!response) {
    const declared = operation.responses.map((item) => item.status).join(", ");
    throw new MockSelectionError(`${operation.operationId} declares no ${status} response (it declares ${declared || "none"})`);
  }
  return { status, response };
}

/** What to build a mock response from, besides the status. */
export interface MockOptions {
  /** The media type to send, one of the response's `mediaType`s as declared. Default: the first declared. */
  mediaType?: string;
  /** Send the example of this name (a key of the media type's `examples`). */
  example?: string;
  /** Generate the body from the schema even when there are examples. */
  dynamic?: boolean;
  /** Varies generated values: `0` is the value every run starts with. Default 0. */
  variant?: number;
}

/**
 * Builds the mock response of `status` under `response`. The body is, in this order: the named
 * example (searched in the chosen media type, then the response's other media types), the media
 * type's first example (unless `dynamic` and it has a schema), or a value generated from its schema (see
 * {@link ValueGenerator}); the declared headers likewise from their examples or schemas.
 * Throws {@link MockSelectionError} when `example` names no example of the response.
 */
export function buildMockResponse(generator: ValueGenerator, operation: Operation, chosen: { status: number; response: Response }, options: MockOptions = {}): MockResponse {
  const { status, response } = chosen;
  const variant = options.variant ?? 0;
  const key = (part: string): string => `${operation.operationId} ${response.status} ${part}${variant === 0 ? "" : ` #${variant}`}`;
  const headers: Record<string, unknown> = {};
  for (const header of response.headers) headers[header.name] = headerValue(generator, header, key(`header ${header.name}`));
  const noContent = status === 204 || status === 304 || response.contents.length === 0;
  if (noContent) {
    if (options.example !== undefined) throw new MockSelectionError(`the ${status} response of ${operation.operationId} has no content, so no example ${JSON.stringify(options.example)}`);
    return { status, response, headers };
  }
  let content = response.contents.find((item) => item.mediaType === options.mediaType) ?? response.contents[0]!;
  let value: unknown;
  let example: string | undefined;
  if (options.example !== undefined) {
    const holder = [content, ...response.contents].find((item) => item.examples?.some((candidate) => candidate.name === options.example));
    if (!holder) {
      const names = response.contents.flatMap((item) => item.examples?.flatMap((candidate) => (candidate.name === undefined ? [] : [candidate.name])) ?? []);
      throw new MockSelectionError(`the ${status} response of ${operation.operationId} has no example ${JSON.stringify(options.example)} (${names.length > 0 ? `it has ${names.join(", ")}` : "it has no named examples"})`);
    }
    content = holder;
    value = holder.examples!.find((candidate) => candidate.name === options.example)!.value;
    example = options.example;
  } else if (content.examples && !(options.dynamic && content.schema !== undefined)) {
    value = content.examples[0]!.value;
    example = content.examples[0]!.name;
  } else if (content.schema !== undefined) {
    value = generator.generate(content.schema, `${content.pointer}/schema`, key(content.mediaType), options.dynamic ? { dynamic: true } : {});
    value = asProblemDetails(generator, content, status, value);
  }
  return { status, response, content, body: bodyOf(content, value), ...(example !== undefined ? { example } : {}), headers };
}

/**
 * A generated problem details body (RFC 9457 §3.1) that agrees with the response: `status` the
 * status sent, `title` its reason phrase, `type` `about:blank` (whose title is the reason phrase,
 * §4.2.1); left as generated when the schema does not allow that.
 */
function asProblemDetails(generator: ValueGenerator, content: MediaTypeContent, status: number, value: unknown): unknown {
  if (parseMediaType(content.mediaType)?.essence !== "application/problem+json" || !value || typeof value !== "object" || Array.isArray(value)) return value;
  const candidate = { ...(value as Record<string, unknown>), type: "about:blank", title: STATUS_CODES[status] ?? `HTTP ${status}`, status };
  return generator.isValid(`${content.pointer}/schema`, "response", candidate) ? candidate : value;
}

/** The body for a media type's kind from an example or generated value (undefined: none there). */
function bodyOf(content: MediaTypeContent, value: unknown): unknown {
  switch (bodyKind(content)) {
    case "event-stream":
      // The schema of a `text/event-stream` media type describes each event's `data` (src/wire/event-stream.ts).
      return value === undefined ? [] : [{ data: value }];
    case "text":
    case "binary":
      return value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
    default:
      return value === undefined ? null : value;
  }
}

/** A declared header's value: its first example, else generated from its schema for a header. */
function headerValue(generator: ValueGenerator, header: ResponseHeader, key: string): unknown {
  if (header.examples) return header.examples[0]!.value;
  return generator.generate(header.schema, `${header.pointer}/schema`, key, { channel: "header" });
}
