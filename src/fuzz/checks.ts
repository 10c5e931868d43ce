/**
 * The contract checks, named as Schemathesis names them so users recognise them, each with the
 * rule that decides it. A check looks at one request and its response and returns what is wrong.
 */
import type { Operation, Response } from "../model/ir.js";
import { escapePointerSegment } from "../wire/json-pointer.js";
import { isJsonMediaType, mediaTypeMatches, parseMediaType } from "../wire/media-type.js";
import { matchDeclaredStatus } from "../wire/status.js";
import type { Oracle } from "./oracle.js";
import { someReadingIsValid } from "./readings.js";
import { bodySchemaPointer } from "./requests.js";

/** The checks `fuzz` runs. */
export type CheckName =
  | "not_a_server_error"
  | "status_code_conformance"
  | "content_type_conformance"
  | "response_schema_conformance"
  | "response_headers_conformance"
  | "positive_data_acceptance"
  | "negative_data_rejection"
  | "ignored_auth"
  | "unsupported_method"
  | "use_after_free"
  | "ensure_resource_availability";

/** Every check with the one-sentence rule that decides it and the source of that rule. */
export const checks: Readonly<Record<CheckName, { rule: string; source: string }>> = {
  not_a_server_error: { rule: "no request, valid or not, is answered with a 5xx status", source: "RFC 9110 §15.6: 5xx means the server failed, not the request" },
  status_code_conformance: { rule: "the status is declared for the operation: exactly, by its nXX range, or through default", source: "OpenAPI 3.1 §4.8.16 Responses Object" },
  content_type_conformance: { rule: "the response's Content-Type is one of the media types declared for its status", source: "OpenAPI 3.1 §4.8.17 Response Object, content" },
  response_schema_conformance: { rule: "the response body satisfies the schema declared for its status and media type (writeOnly properties absent)", source: "OpenAPI 3.1 §4.8.14 Media Type Object, schema; §4.8.24.4" },
  response_headers_conformance: { rule: "required response headers are present and every declared header's value satisfies its schema", source: "OpenAPI 3.1 §4.8.21 Header Object" },
  positive_data_acceptance: { rule: "a request that satisfies the contract is not refused with 400, 413, 414, 415 or 422", source: "OpenAPI 3.1 §4.8.12 Parameter Object, §4.8.13 Request Body Object" },
  negative_data_rejection: { rule: "a request that breaks the contract gets a 4xx and never reaches the handler", source: "OpenAPI 3.1 §4.8.12, §4.8.13; RFC 9110 §15.5" },
  ignored_auth: { rule: "without credentials, or with wrong ones, a protected operation answers 401 or 403 and never reaches its handler", source: "OpenAPI 3.1 §4.8.30 Security Requirement Object; RFC 9110 §15.5.2" },
  unsupported_method: { rule: "a method the path does not declare gets 405 with an Allow header listing the declared methods", source: "RFC 9110 §15.5.6, §10.2.1" },
  use_after_free: { rule: "after a successful DELETE, reading the same resource answers 404 (or 410)", source: "RFC 9110 §9.3.5 DELETE" },
  ensure_resource_availability: { rule: "a resource just created can be read back", source: "RFC 9110 §15.3.2 201 Created" },
};

/** A response as the checks read it. */
export interface WireResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** One thing a check found wrong. */
export interface CheckFinding {
  check: CheckName;
  message: string;
}

/**
 * The declared response a status falls under: the exact code, then its `nXX` range, then
 * `default` (OpenAPI 3.1 §4.8.16.2: "the most specific key is applied").
 */
export function declaredResponseFor(operation: Operation, status: number): Response | undefined {
  return matchDeclaredStatus(operation.responses, status);
}

/** Runs the response checks of `active` on one response. */
export function checkResponse(operation: Operation, response: WireResponse, oracle: Oracle, active: ReadonlySet<CheckName>): CheckFinding[] {
  const findings: CheckFinding[] = [];
  if (active.has("not_a_server_error") && response.status >= 500) findings.push({ check: "not_a_server_error", message: `answered ${response.status}` });
  const declared = declaredResponseFor(operation, response.status);
  if (!declared) {
    if (active.has("status_code_conformance")) {
      findings.push({ check: "status_code_conformance", message: `status ${response.status} is not declared (declared: ${operation.responses.map((item) => item.status).join(", ") || "none"})` });
    }
    return findings;
  }
  const contentType = response.headers.get("content-type");
  const essence = contentType ? parseMediaType(contentType)?.essence : undefined;
  const hasBody = response.body.length > 0;
  const content = essence ? declared.contents.find((candidate) => mediaTypeMatches(candidate.mediaType, essence)) : undefined;
  if (active.has("content_type_conformance") && declared.contents.length > 0 && hasBody && !content) {
    findings.push({ check: "content_type_conformance", message: `Content-Type ${contentType ?? "(none)"} is not declared for ${declared.status} (declared: ${declared.contents.map((item) => item.mediaType).join(", ")})` });
  }
  if (active.has("response_schema_conformance") && content && hasBody && essence && isJsonMediaType(essence) && content.schema !== undefined) {
    let value: unknown;
    let parsed = true;
    try {
      value = JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      parsed = false;
    }
    if (!parsed) findings.push({ check: "response_schema_conformance", message: `the ${essence} body is not valid JSON` });
    else {
      const error = oracle.firstError(bodySchemaPointer(content), "response", value);
      if (error) findings.push({ check: "response_schema_conformance", message: `body${error.instanceLocation ? ` at ${error.instanceLocation}` : ""}: ${error.keyword}: ${error.message}` });
    }
  }
  if (active.has("response_headers_conformance")) {
    for (const header of declared.headers) {
      const value = response.headers.get(header.name);
      if (value === null) {
        if (header.required) findings.push({ check: "response_headers_conformance", message: `required header ${header.name} is missing` });
        continue;
      }
      const pointer = `${declared.pointer}/headers/${escapePointerSegment(header.name)}/schema`;
      const items = header.coercion.type === "array" ? value.split(",").map((item) => item.trim()) : value;
      if (!someReadingIsValid(items, (candidate) => oracle.isValid(pointer, "response", candidate))) {
        findings.push({ check: "response_headers_conformance", message: `header ${header.name}: ${JSON.stringify(value)} does not satisfy its schema` });
      }
    }
  }
  return findings;
}

/** Statuses that say a valid request was refused as malformed, too large or unprocessable. */
const refusals = new Set([400, 413, 414, 415, 422]);

/** positive_data_acceptance: a valid request must not be refused as invalid. */
export function checkPositive(response: WireResponse): CheckFinding[] {
  return refusals.has(response.status) ? [{ check: "positive_data_acceptance", message: `a valid request was refused with ${response.status}: ${problemSummary(response)}` }] : [];
}

/** negative_data_rejection: an invalid request must get a 4xx and not reach the handler. */
export function checkNegative(response: WireResponse, reachedHandler: boolean, what: string): CheckFinding[] {
  if (response.status >= 400 && response.status < 500 && !reachedHandler) return [];
  return [{ check: "negative_data_rejection", message: `an invalid request (${what}) was ${reachedHandler ? "passed to the handler" : "accepted"}: ${response.status}` }];
}

/** The `code` and `detail` of a problem details body, or the start of the body. */
export function problemSummary(response: WireResponse): string {
  const text = new TextDecoder().decode(response.body.subarray(0, 4096));
  try {
    const problem = JSON.parse(text) as { code?: unknown; detail?: unknown; errors?: { loc?: unknown; message?: unknown }[] };
    const first = Array.isArray(problem.errors) && problem.errors[0] ? ` at ${JSON.stringify(problem.errors[0].loc)}: ${String(problem.errors[0].message)}` : "";
    return `${String(problem.code ?? "")} ${String(problem.detail ?? "")}${first}`.trim();
  } catch {
    return text.slice(0, 200);
  }
}
