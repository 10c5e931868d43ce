import { maxValidationIssues, type ProblemDetails, type ValidationIssue } from "../wire/problem.js";

/**
 * The runtime's error codes (`SPW_HTTP_…`), each with its status and title. One table, so the
 * documentation (docs/errors.md) and the behaviour can be checked against each other.
 */
export const httpErrorCodes = {
  SPW_HTTP_BAD_REQUEST: { status: 400, title: "Bad Request" },
  SPW_HTTP_MALFORMED_JSON: { status: 400, title: "Malformed JSON body" },
  SPW_HTTP_MALFORMED_ENCODING: { status: 400, title: "Malformed percent-encoding" },
  SPW_HTTP_TOO_MANY_PARAMETERS: { status: 400, title: "Too many query parameters" },
  SPW_HTTP_BODY_TOO_DEEP: { status: 400, title: "Body nested too deeply" },
  SPW_HTTP_FORBIDDEN_KEY: { status: 400, title: "Forbidden property name in body" },
  SPW_HTTP_MALFORMED_MULTIPART: { status: 400, title: "Malformed multipart body" },
  SPW_HTTP_MALFORMED_CONTENT_CODING: { status: 400, title: "Body does not match its Content-Encoding" },
  SPW_HTTP_DUPLICATE_HOST: { status: 400, title: "More than one Host header" },
  SPW_HTTP_UNAUTHORIZED: { status: 401, title: "Unauthorized" },
  SPW_HTTP_FORBIDDEN: { status: 403, title: "Forbidden" },
  SPW_HTTP_NOT_FOUND: { status: 404, title: "Not Found" },
  SPW_HTTP_METHOD_NOT_ALLOWED: { status: 405, title: "Method Not Allowed" },
  SPW_HTTP_NOT_ACCEPTABLE: { status: 406, title: "Not Acceptable" },
  SPW_HTTP_BODY_TOO_LARGE: { status: 413, title: "Content Too Large" },
  SPW_HTTP_PARAMETER_TOO_LONG: { status: 414, title: "URI Too Long" },
  SPW_HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported Media Type" },
  SPW_HTTP_UNSUPPORTED_CONTENT_CODING: { status: 415, title: "Unsupported Content-Encoding" },
  SPW_HTTP_EXPECTATION_FAILED: { status: 417, title: "Expectation Failed" },
  SPW_HTTP_VALIDATION: { status: 422, title: "Unprocessable Content" },
  SPW_HTTP_INTERNAL: { status: 500, title: "Internal Server Error" },
  SPW_HTTP_RESPONSE_CONTRACT: { status: 500, title: "Internal Server Error" },
  SPW_HTTP_CLOSING: { status: 503, title: "Service Unavailable" },
} as const;

/** A stable runtime error code. */
export type HttpErrorCode = keyof typeof httpErrorCodes;

/** Options of {@link HttpError}. */
export interface HttpErrorOptions {
  /** A stable machine-readable code, sent as the problem's `code`. */
  code?: string;
  /** Extra response headers, e.g. `WWW-Authenticate` or `Allow`. */
  headers?: Record<string, string>;
  /** Validation issues, sent as `errors` (422). */
  errors?: ValidationIssue[];
  /** A problem type URI (RFC 9457 §3.1.1); `about:blank` by default. */
  type?: string;
  cause?: unknown;
}

/**
 * An error with an HTTP status, sent as problem details (RFC 9457). Throw it from a handler
 * (FastAPI's `HTTPException`): `throw new HttpError(404, "Book 999 not found")`.
 * The `detail` is sent to the client, so never put secrets or internals in it.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: string | undefined;
  readonly code: string | undefined;
  readonly headers: Record<string, string>;
  readonly errors: ValidationIssue[] | undefined;
  readonly type: string;

  constructor(status: number, detail?: string, options: HttpErrorOptions = {}) {
    super(detail ?? `HTTP ${status}`, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "HttpError";
    this.status = status;
    this.detail = detail;
    this.code = options.code;
    this.headers = options.headers ?? {};
    this.errors = options.errors;
    this.type = options.type ?? "about:blank";
  }

  /** 400 Bad Request. */
  static badRequest(detail?: string, options?: HttpErrorOptions): HttpError {
    return new HttpError(400, detail, options);
  }
  /** 401 Unauthorized; pass `WWW-Authenticate` in `options.headers` (RFC 9110 §15.5.2). */
  static unauthorized(detail?: string, options?: HttpErrorOptions): HttpError {
    return new HttpError(401, detail, options);
  }
  /** 403 Forbidden. */
  static forbidden(detail?: string, options?: HttpErrorOptions): HttpError {
    return new HttpError(403, detail, options);
  }
  /** 404 Not Found. */
  static notFound(detail?: string, options?: HttpErrorOptions): HttpError {
    return new HttpError(404, detail, options);
  }
  /** 409 Conflict. */
  static conflict(detail?: string, options?: HttpErrorOptions): HttpError {
    return new HttpError(409, detail, options);
  }
  /** 422 Unprocessable Content. */
  static unprocessable(detail?: string, options?: HttpErrorOptions): HttpError {
    return new HttpError(422, detail, options);
  }
}

/** Builds an {@link HttpError} from a code of {@link httpErrorCodes}. */
export function runtimeError(code: HttpErrorCode, detail: string, options: Omit<HttpErrorOptions, "code"> = {}): HttpError {
  // These describe the request, not a fault in the server: no stack trace to capture, which is
  // most of the cost of a 404 or 422 (a client sending bad requests makes many of them).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new HttpError(httpErrorCodes[code].status, detail, { ...options, code });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const statusTitles: Record<number, string> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Content Too Large",
  414: "URI Too Long", 415: "Unsupported Media Type", 417: "Expectation Failed", 422: "Unprocessable Content", 429: "Too Many Requests",
  431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
  502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

/** The standard reason phrase of a status, or `HTTP <status>`. */
export function statusTitle(status: number): string {
  return statusTitles[status] ?? `HTTP ${status}`;
}

/** Problem details for an {@link HttpError}; 5xx never carry the error's own message. */
export function toProblemDetails(error: HttpError, requestId: string, instance?: string): ProblemDetails {
  const problem: ProblemDetails = {
    type: error.type,
    title: statusTitle(error.status),
    status: error.status,
  };
  if (error.detail !== undefined) problem.detail = error.detail;
  if (instance !== undefined) problem.instance = instance;
  if (error.code !== undefined) problem.code = error.code;
  problem.requestId = requestId;
  if (error.errors) problem.errors = cappedIssues(error.errors);
  return problem;
}

/** The `detail` of every request validation failure (422). */
export const validationDetail = "the request does not match the contract";

/**
 * The 422 problem for request validation issues: what
 * `toProblemDetails(runtimeError("SPW_HTTP_VALIDATION", validationDetail, { errors }), requestId)`
 * gives, without building the exception.
 */
export function validationProblem(errors: ValidationIssue[], requestId: string): ProblemDetails {
  return {
    type: "about:blank",
    title: statusTitle(422),
    status: 422,
    detail: validationDetail,
    code: "SPW_HTTP_VALIDATION",
    requestId,
    errors: cappedIssues(errors),
  };
}

/**
 * The issues of every request part together, at most {@link maxValidationIssues} (the first
 * ones, in the order path, query, header, cookie, body): each part reports up to that many.
 */
function cappedIssues(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.length > maxValidationIssues ? issues.slice(0, maxValidationIssues) : issues;
}

/** The body of a 500: generic, with the request id; details only go to the log. */
export function internalProblem(requestId: string, code: HttpErrorCode = "SPW_HTTP_INTERNAL"): ProblemDetails {
  return {
    type: "about:blank",
    title: "Internal Server Error",
    status: 500,
    detail: `The server failed to handle the request; quote request id ${requestId} when reporting it.`,
    code,
    requestId,
  };
}

/** Client text quoted in a problem's `detail`: its first 200 characters, then `…`. */
export function truncateForDetail(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
