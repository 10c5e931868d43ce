import type { ServerResponse } from "node:http";
import { isJsonMediaType, parseMediaType } from "../wire/media-type.js";
import { problemMediaType, type ProblemDetails } from "../wire/problem.js";
import { matchDeclaredStatus } from "../wire/status.js";
import { statusTitle } from "./errors.js";
import { serializerFor } from "./serialize.js";
import type { ResponseDefinition, ResponseShape, RouteDefinition } from "./route-definition.js";

/**
 * What a handler returns: a status declared for its operation, the body for that status, and
 * optionally headers and (when the response declares several media types) the content type.
 */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, unknown>;
  contentType?: string;
}

/**
 * Finds the declared response for a status: the exact code, then its `nXX` range, then `default`
 * (OpenAPI 3.1 §4.8.16.2: "the most specific key is used"). Undefined when none is declared.
 */
export function findResponse(route: RouteDefinition, status: number): ResponseDefinition | undefined {
  return matchDeclaredStatus(route.responses, status);
}

/** Thrown when a response body is nested deeper than {@link maxProjectionDepth}. */
const maxProjectionDepth = 256;

/**
 * Copies a response body keeping only what the schema declares (FastAPI's `response_model`):
 * undeclared properties are dropped unless `additionalProperties` allows them, and `writeOnly`
 * properties are always dropped (RELIABILITY B9). The input is not modified.
 * Throws RangeError past 256 levels of nesting.
 */
export function projectBody(value: unknown, shape: ResponseShape | undefined, shapes: Readonly<Record<string, ResponseShape>>, depth = 0): unknown {
  if (!shape || value === null || typeof value !== "object") return value;
  if (depth > maxProjectionDepth) throw new RangeError("response body nested too deeply");
  switch (shape.kind) {
    case "any":
      return value;
    case "ref":
      return projectBody(value, shapes[shape.ref], shapes, depth + 1);
    case "array":
      if (!Array.isArray(value)) return value;
      return value.map((item, index) => projectBody(item, shape.prefixItems?.[index] ?? shape.items, shapes, depth + 1));
    case "object": {
      if (Array.isArray(value) || Buffer.isBuffer(value)) return value;
      const source = value as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const [key, propertyShape] of shape.properties) {
        if (Object.hasOwn(source, key) && source[key] !== undefined) setOwn(result, key, projectBody(source[key], propertyShape, shapes, depth + 1));
      }
      if (shape.keepAdditional) {
        const declared = declaredNames(shape);
        for (const key of Object.keys(source)) {
          if (declared.has(key) || shape.writeOnly?.includes(key) || source[key] === undefined) continue;
          setOwn(result, key, projectBody(source[key], shape.additional, shapes, depth + 1));
        }
      }
      return result;
    }
  }
}

/** Assigns an own data property; `__proto__` included, which plain assignment would turn into a prototype change. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The declared property names of an object shape, computed once per shape. */
const declaredNameSets = new WeakMap<object, Set<string>>();
function declaredNames(shape: Extract<ResponseShape, { kind: "object" }>): Set<string> {
  let names = declaredNameSets.get(shape);
  if (!names) {
    names = new Set(shape.properties.map(([name]) => name));
    declaredNameSets.set(shape, names);
  }
  return names;
}

/**
 * Serialises a body for a media type: JSON for `application/json` and `+json`, UTF-8 text for
 * `text/*`, bytes as they are. Returns the bytes and the Content-Type to send.
 */
export function serialiseBody(body: unknown, mediaType: string): { payload: string | Buffer; contentType: string } {
  const essence = essenceOf(mediaType);
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    return { payload: Buffer.from(body as Uint8Array), contentType: mediaType.includes("*") ? "application/octet-stream" : mediaType };
  }
  if (essence.startsWith("text/") && !isJsonMediaType(essence) && typeof body === "string") {
    return { payload: body, contentType: mediaType.includes("charset") ? mediaType : `${mediaType}; charset=utf-8` };
  }
  if (isJsonMediaType(essence) || mediaType.includes("*") || typeof body !== "string") {
    return { payload: JSON.stringify(body) ?? "null", contentType: mediaType.includes("*") ? "application/json" : mediaType };
  }
  return { payload: String(body), contentType: mediaType };
}

/**
 * `JSON.stringify(projectBody(value, shape, shapes))` in one pass (see serialize.ts): the JSON
 * text of a response body with undeclared and writeOnly properties left out. "null" for
 * undefined, as serialiseBody. Throws RangeError past 256 levels, TypeError for a BigInt.
 */
export function serialiseProjected(value: unknown, shape: ResponseShape | undefined, shapes: Readonly<Record<string, ResponseShape>>): string {
  return serializerFor(shape, shapes, projectThenStringify)(value, 0) ?? "null";
}

/**
 * The serialiser {@link serialiseProjected} uses for one shape, looked up once: for callers that
 * write many bodies of the same shape (a response plan).
 */
export function projectedSerializer(shape: ResponseShape, shapes: Readonly<Record<string, ResponseShape>>): (value: unknown) => string {
  const write = serializerFor(shape, shapes, projectThenStringify);
  return (value) => write(value, 0) ?? "null";
}

function projectThenStringify(value: unknown, shape: ResponseShape, shapes: Readonly<Record<string, ResponseShape>>): string | undefined {
  return JSON.stringify(projectBody(value, shape, shapes));
}

/** Response media types come from the route table, a small fixed set: parse each once. */
const essences = new Map<string, string>();

function essenceOf(mediaType: string): string {
  let essence = essences.get(mediaType);
  if (essence === undefined) {
    essence = parseMediaType(mediaType)?.essence ?? mediaType.toLowerCase();
    // Handlers may pass their own contentType; keep the cache bounded all the same.
    if (essences.size < 1000) essences.set(mediaType, essence);
  }
  return essence;
}

/**
 * Sends problem details (RFC 9457) with `Content-Type: application/problem+json`, the problem's
 * `requestId` as `X-Request-Id`, and `headers` (e.g. `Allow`, `WWW-Authenticate`).
 */
export function sendProblem(response: ServerResponse, problem: ProblemDetails, headers?: Record<string, string>): void {
  const payload = JSON.stringify(problem);
  const fields: Record<string, string | number> = {};
  if (problem.requestId !== undefined) fields["x-request-id"] = problem.requestId;
  if (headers) for (const name in headers) fields[name] = headers[name]!;
  fields["content-type"] = problemMediaType;
  fields["content-length"] = Buffer.byteLength(payload);
  // RFC 9110's reason phrases (node:http still says "Unprocessable Entity", "Payload Too Large").
  const reason = statusTitle(problem.status);
  if (reason.startsWith("HTTP ")) response.writeHead(problem.status, fields);
  else response.writeHead(problem.status, reason, fields);
  response.end(payload);
}
