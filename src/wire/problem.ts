/**
 * Problem details (RFC 9457) and the validation issue shape, shared by the runtime (which sends
 * them) and the client (which reads them). Browser-safe: imports nothing from node.
 */

/** Where a request value came from (FastAPI's first `loc` element). */
export type RequestPart = "path" | "query" | "header" | "cookie" | "body";

/**
 * One reason a request did not match the contract.
 * `loc` follows FastAPI (`["body", "year"]`, `["query", "limit"]`); `pointer` is the RFC 6901
 * pointer inside that part (`/year`); `keyword` is the failing JSON Schema keyword (`minimum`).
 */
export interface ValidationIssue {
  in: RequestPart;
  /** The parameter name for path/query/header/cookie issues. */
  name?: string;
  loc: (string | number)[];
  pointer: string;
  keyword: string;
  message: string;
}

/** An RFC 9457 problem details object, as every runtime error response carries it. */
export interface ProblemDetails {
  /** A URI reference identifying the problem type; `about:blank` when the status says it all. */
  type: string;
  title: string;
  /** The HTTP status code, repeated for convenience (RFC 9457 §3.1.3). */
  status: number;
  detail?: string;
  instance?: string;
  /** A stable machine-readable code, e.g. `SPW_HTTP_VALIDATION`. */
  code?: string;
  /** Correlates the response with the server's log line. */
  requestId?: string;
  /** Present on 422 responses: every issue found, at most one per request part. */
  errors?: ValidationIssue[];
  [extension: string]: unknown;
}

/** The media type of problem details bodies (RFC 9457 §3). */
export const problemMediaType = "application/problem+json";

/**
 * JSON Schema of {@link ProblemDetails}, as published in the served OpenAPI document
 * (`components.schemas.SpecwrightProblemDetails`), so the documented and the actual body agree.
 */
export const problemDetailsSchema = {
  type: "object",
  description: "Problem details (RFC 9457) sent by the specwright runtime.",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string", description: "A URI reference identifying the problem type; about:blank when the status says it all." },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    code: { type: "string", description: "A stable machine-readable code, e.g. SPW_HTTP_VALIDATION." },
    requestId: { type: "string", description: "Correlates the response with the server's log line." },
  },
} as const;

/** JSON Schema of a 422 body: {@link ProblemDetails} with `errors` ({@link ValidationIssue}s). */
export const validationProblemSchema = {
  description: "A request that does not match the contract (422): problem details with one issue per request part.",
  allOf: [
    { $ref: "#/components/schemas/SpecwrightProblemDetails" },
    {
      type: "object",
      required: ["errors"],
      properties: {
        errors: {
          type: "array",
          items: {
            type: "object",
            required: ["in", "loc", "pointer", "keyword", "message"],
            properties: {
              in: { type: "string", enum: ["path", "query", "header", "cookie", "body"] },
              name: { type: "string" },
              loc: { type: "array", items: { oneOf: [{ type: "string" }, { type: "integer" }] } },
              pointer: { type: "string" },
              keyword: { type: "string" },
              message: { type: "string" },
            },
          },
        },
      },
    },
  ],
} as const;
