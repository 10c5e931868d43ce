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

/**
 * The most validation issues one 422 lists (over all request parts). Validators collect every
 * error of a part up to this many, so a form can show each invalid field at once (FastAPI lists
 * them all) while a hostile body costs bounded work.
 */
export const maxValidationIssues = 100;

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
  /** Present on 422 responses: every issue found, at most {@link maxValidationIssues}. */
  errors?: ValidationIssue[];
  [extension: string]: unknown;
}

/**
 * The body of a 422 the runtime sends when a request does not match the contract: problem details
 * whose `errors` list every issue of every request part (path, query, header, cookie, body, in
 * that order), at most {@link maxValidationIssues}.
 */
export interface ValidationProblemDetails extends ProblemDetails {
  status: 422;
  code: "SPW_HTTP_VALIDATION";
  errors: ValidationIssue[];
}

/**
 * A problem response the runtime sends for `Status` whether or not the operation declares it, as
 * the generated client's results type it: a 422 carries {@link ValidationProblemDetails}, any
 * other status {@link ProblemDetails}. Distributes over a union of statuses.
 */
export type RuntimeProblem<Status extends number> = Status extends 422
  ? { status: 422; contentType?: "application/problem+json"; body: ValidationProblemDetails; headers: Headers }
  : { status: Status; contentType?: "application/problem+json"; body: ProblemDetails; headers: Headers };

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
  description: "A request that does not match the contract (422): problem details listing every issue of every request part (path, query, header, cookie, body), at most 100.",
  allOf: [
    { $ref: "#/components/schemas/SpecwrightProblemDetails" },
    {
      type: "object",
      required: ["errors"],
      properties: {
        errors: {
          type: "array",
          maxItems: maxValidationIssues,
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
