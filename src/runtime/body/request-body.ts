/**
 * The request body step of the pipeline: choose the declared media type by Content-Type, read
 * and parse the body by that same media type (JSON, form, multipart, text, or a stream for
 * binary), then validate it against that media type's schema.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isJsonMediaType, mediaTypeMatches, parseMediaType, type MediaType } from "../../wire/media-type.js";
import type { ValidationIssue } from "../../wire/problem.js";
import { runtimeError, truncateForDetail } from "../errors.js";
import type { Pipeline } from "../pipeline.js";
import type { CompiledValidator, RequestContentDefinition, RouteDefinition } from "../route-definition.js";
import { validatePart } from "../validate.js";
import { parseJsonBody } from "./json.js";
import { multipartSizeLimit, parseMultipartBody } from "./multipart.js";
import { contentCodingOf, readBody, streamBody } from "./read-body.js";
import { UploadStore } from "./uploaded-file.js";
import { parseFormBody } from "./urlencoded.js";

/** Whether a request carries a body (a non-zero Content-Length, or Transfer-Encoding). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}

/**
 * Reads, parses and validates the body against the schema of the media type it was parsed as
 * (one strict Content-Type grammar decides both, RELIABILITY B6). Undeclared or unparseable
 * Content-Type → 415; a required body that is absent → a 422 issue at `["body"]`.
 */
export async function readRequestBody(
  route: RouteDefinition,
  request: IncomingMessage,
  response: ServerResponse,
  pipeline: Pipeline,
  issues: ValidationIssue[],
): Promise<{ value: unknown; content: RequestContentDefinition } | undefined> {
  const requestBody = route.requestBody!;
  const limits = pipeline.limits;
  const header = request.headers["content-type"];
  // An empty form body is an empty object, not an absent body (`{}` sent by a client is zero bytes).
  if (!hasBody(request) && header?.toLowerCase().startsWith("application/x-www-form-urlencoded") !== true) {
    if (requestBody.required) issues.push({ in: "body", loc: ["body"], pointer: "", keyword: "required", message: "a request body is required" });
    return undefined;
  }
  const mediaType = header === undefined ? undefined : parseMediaType(header) ?? declaredSpelling(requestBody.contents, header);
  const content = mediaType && declaredContentFor(route, mediaType);
  if (!mediaType || !content) {
    request.resume();
    throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", `Content-Type ${header === undefined ? "(none)" : JSON.stringify(truncateForDetail(header))} is not one of: ${requestBody.contents.map((candidate) => candidate.mediaType).join(", ")}`);
  }
  // Content-Encoding (RFC 9110 §8.4): gzip, deflate and br are decoded; any other is a 415.
  const coding = contentCodingOf(request);
  if (mediaType.essence === "multipart/form-data") {
    if (!content.multipart) {
      // A route table from before multipart was parsed: raw bytes typed as an object would be a lie.
      request.resume();
      throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", "this route table has no multipart definition; regenerate it");
    }
    // Temporary files live until the response is over, sent or aborted.
    const store = new UploadStore(pipeline.uploads.directory);
    response.once("close", () => void store.dispose());
    continueIfExpected(request, response, multipartSizeLimit(limits));
    const value = await parseMultipartBody(request, content.multipart, limits, store, pipeline.uploads.memoryThreshold, coding).catch((error: unknown) => {
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
    continueIfExpected(request, response, limits.maxFileSize);
    return { value: streamBody(request, limits.maxFileSize, coding), content };
  }
  continueIfExpected(request, response, limits.bodyLimit);
  const bytes = await readBody(request, limits.bodyLimit, coding);
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
 * Answers `Expect: 100-continue` (RFC 9110 §10.1.1) once the server has decided to read the body:
 * after routing, security, the media type and content coding, and only when `Content-Length` is
 * within the reader's `limit` (bytes), so a request the server will refuse (404, 401, 415, 413)
 * gets its final answer without an invitation to upload first. The server hands such requests
 * over without sending 100 itself (its `checkContinue` listener).
 */
function continueIfExpected(request: IncomingMessage, response: ServerResponse, limit: number): void {
  const expect = request.headers.expect;
  if (expect === undefined || response.headersSent || expect.trim().toLowerCase() !== "100-continue") return;
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return;
  response.writeContinue();
}

/** Per route: the declared content each parsed request media type matches (null: none), bounded. */
const declaredContents = new WeakMap<RouteDefinition, Map<MediaType, RequestContentDefinition | null>>();

/**
 * The declared request content a media type falls under (exact, or a declared range such as
 * `image/*`), looked up once per route and parsed media type (parseMediaType shares its results).
 */
function declaredContentFor(route: RouteDefinition, mediaType: MediaType): RequestContentDefinition | undefined {
  let contents = declaredContents.get(route);
  if (!contents) {
    contents = new Map();
    declaredContents.set(route, contents);
  }
  let content = contents.get(mediaType);
  if (content === undefined) {
    content = mostSpecificContent(route.requestBody!.contents, mediaType.essence) ?? null;
    if (contents.size < 64) contents.set(mediaType, content);
  }
  return content ?? undefined;
}

/**
 * A Content-Type outside the RFC 9110 grammar that is spelled exactly as a declared media type
 * (`text/plain; utf-8` in a spec, which its generated client sends): read as that media type's
 * essence, since client and spec agree on it (warned at generate time, SPW_W_MEDIA_TYPE_MALFORMED).
 */
function declaredSpelling(contents: readonly RequestContentDefinition[], header: string): MediaType | undefined {
  const declared = contents.find((content) => content.mediaType.toLowerCase() === header.toLowerCase());
  return declared ? parseMediaType(declared.mediaType.split(";")[0]!.trim()) : undefined;
}

/**
 * The declared content a media type falls under, the most specific key first (OpenAPI 3.1
 * §4.8.14: "text/plain overrides text/*"): the exact type, then `type/*`, then `*\/*`.
 */
function mostSpecificContent(contents: readonly RequestContentDefinition[], essence: string): RequestContentDefinition | undefined {
  let best: RequestContentDefinition | undefined;
  let bestRank = 0;
  for (const candidate of contents) {
    if (!mediaTypeMatches(candidate.mediaType, essence)) continue;
    const range = candidate.mediaType.split(";")[0]!.trim();
    const rank = range.startsWith("*") ? 1 : range.endsWith("/*") ? 2 : 3;
    if (rank > bestRank) {
      best = candidate;
      bestRank = rank;
    }
  }
  return best;
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
 * Validates a body, removing the readOnly properties the validator reports and validating again
 * until none is reported; any other issue is returned as is. Only bodies that hold readOnly
 * properties pay for the extra runs.
 */
function validateDroppingReadOnly(validate: CompiledValidator, value: unknown): readonly ValidationIssue[] {
  for (let removals = 0; ; ) {
    const issues = validatePart(validate, value, "body");
    const readOnly = issues.filter((issue) => issue.keyword === "readOnly");
    if (readOnly.length === 0 || removals >= maxReadOnlyRemovals) return issues;
    for (const issue of readOnly) {
      const path = issue.loc.slice(1);
      // A property inside a readOnly object that is already removed is gone with it.
      const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined), value);
      if (parent && typeof parent === "object") delete (parent as Record<string | number, unknown>)[path[path.length - 1]!];
      removals += 1;
    }
  }
}
