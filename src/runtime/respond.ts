import type { ServerResponse } from "node:http";
import { problemMediaType, type ProblemDetails } from "../wire/problem.js";
import { statusTitle } from "./errors.js";

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
