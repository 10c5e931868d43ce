/**
 * The request body step of the pipeline: choose the declared media type by Content-Type, read
 * and parse the body by that same media type (JSON, form, multipart, text, or a stream for
 * binary), then validate it against that media type's schema.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { mediaTypeKind, parseMediaType, type MediaType } from "../../wire/media-type.js";
import type { ValidationIssue } from "../../wire/problem.js";
import { runtimeError, truncateForDetail } from "../errors.js";
import type { Exchange } from "../exchange.js";
import type { CompiledValidator, RequestContentDefinition } from "../route-definition.js";
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
 * Reads, parses and validates the body of the routed operation against the schema of the media
 * type it was parsed as: one strict Content-Type grammar decides both, so a body is never parsed
 * by one rule and validated by another (the family of Fastify's CVE-2025-32442). Undeclared or
 * unparseable Content-Type → 415; a required body that is absent → a 422 issue at `["body"]`.
 * Returns the value, the declared content it was read as and that content's index.
 */
export async function readRequestBody(exchange: Exchange): Promise<{ value: unknown; content: RequestContentDefinition; index: number } | undefined> {
  const { request, response, pipeline, issues } = exchange;
  const requestBody = exchange.route!.requestBody!;
  const limits = pipeline.limits;
  const header = request.headers["content-type"];
  // An empty form body is an empty object, not an absent body (`{}` sent by a client is zero bytes).
  if (!hasBody(request) && header?.toLowerCase().startsWith("application/x-www-form-urlencoded") !== true) {
    if (requestBody.required) issues.push({ in: "body", loc: ["body"], pointer: "", keyword: "required", message: "a request body is required" });
    return undefined;
  }
  const mediaType = header === undefined ? undefined : parseMediaType(header) ?? declaredSpelling(requestBody.contents, header);
  const index = mediaType ? mostSpecificContent(requestBody.contents, mediaType.essence) : -1;
  const content = requestBody.contents[index];
  if (!mediaType || !content) {
    request.resume();
    throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", `Content-Type ${header === undefined ? "(none)" : JSON.stringify(truncateForDetail(header))} is not one of: ${requestBody.contents.map((candidate) => candidate.mediaType).join(", ")}`);
  }
  // Content-Encoding (RFC 9110 §8.4): gzip, deflate and br are decoded; any other is a 415.
  const coding = contentCodingOf(request);
  const kind = mediaTypeKind(mediaType.essence);
  if (kind === "multipart") {
    if (!content.multipart) {
      // A route definition without the parts' reading rules (written by hand, not generated):
      // raw bytes typed as an object would be a lie.
      request.resume();
      throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", "this operation has no multipart definition; regenerate its routes");
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
    return { value, content, index };
  }
  const json = kind === "json";
  const charset = mediaType.parameters["charset"]?.toLowerCase();
  if (json && charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    request.resume();
    throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", `charset ${charset} is not supported for JSON; send UTF-8`);
  }
  if (kind === "binary" || kind === "range") {
    // Binary bodies (`format: binary`, images, archives) reach the handler as a stream, bounded
    // by maxFileSize: there is no JSON value to validate, and they may be large.
    continueIfExpected(request, response, limits.maxFileSize);
    return { value: streamBody(request, limits.maxFileSize, coding), content, index };
  }
  continueIfExpected(request, response, limits.bodyLimit);
  const bytes = await readBody(request, limits.bodyLimit, coding);
  if (bytes.length === 0 && kind !== "urlencoded") {
    if (requestBody.required) issues.push({ in: "body", loc: ["body"], pointer: "", keyword: "required", message: "a request body is required" });
    return undefined;
  }
  const value = json
    ? parseJsonBody(bytes, limits.maxJsonDepth)
    : kind === "urlencoded" && content.form
      ? parseFormBody(bytes, content.form, limits.maxQueryPairs)
      : bytes.toString("utf8");
  if (content.validate) {
    issues.push(...(pipeline.ignoreReadOnly ? validateDroppingReadOnly(content.validate, value) : validatePart(content.validate, value, "body")));
  }
  return { value, content, index };
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

/**
 * A Content-Type outside the RFC 9110 grammar that is spelled exactly as a declared media type
 * (`text/plain; utf-8` in a spec, which its generated client sends): read as that media type's
 * essence, since client and spec agree on it (warned at generate time, SPW_W_MEDIA_TYPE_MALFORMED).
 */
function declaredSpelling(contents: readonly RequestContentDefinition[], header: string): MediaType | undefined {
  const declared = contents.find((content) => content.mediaType.toLowerCase() === header.toLowerCase());
  return declared ? parseMediaType(declared.essence) : undefined;
}

/**
 * The index of the declared content a media type falls under, the most specific key first
 * (OpenAPI 3.1 §4.8.14: "text/plain overrides text/*"): the exact type, then `type/*`, then
 * `*\/*`; -1 when none does.
 */
function mostSpecificContent(contents: readonly RequestContentDefinition[], essence: string): number {
  let best = -1;
  let bestRank = 0;
  for (let index = 0; index < contents.length; index++) {
    const declared = contents[index]!.essence;
    const rank = declared === essence ? 3 : declared === "*/*" ? 1 : declared.endsWith("/*") && essence.startsWith(declared.slice(0, -1)) ? 2 : 0;
    if (rank > bestRank) {
      best = index;
      bestRank = rank;
    }
  }
  return best;
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
