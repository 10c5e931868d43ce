import type { IncomingMessage, ServerResponse } from "node:http";
import { runtimeError } from "./errors.js";

/**
 * CORS options (Fetch Standard §3.2 "CORS protocol"). Off unless given; `origin: "*"` together
 * with `credentials: true` is refused at startup: the Fetch Standard's CORS check fails a
 * credentialed response with `Access-Control-Allow-Origin: *`, and reflecting any origin with
 * credentials instead would let every site read the user's data (OWASP API Security Top 10 2023,
 * API8 Security Misconfiguration).
 */
export interface CorsOptions {
  /** Allowed origins: `"*"`, one origin, a list, a pattern, or a predicate. */
  origin: "*" | string | readonly string[] | RegExp | ((origin: string) => boolean);
  /** Send `Access-Control-Allow-Credentials: true`. Default false. */
  credentials?: boolean;
  /**
   * Response headers scripts may read (`Access-Control-Expose-Headers`), besides the response
   * headers the spec declares, which are always exposed (the generated client reads them).
   * Default: `Location`, `X-Request-Id`.
   */
  exposedHeaders?: readonly string[];
  /** Request headers allowed in preflights. Default: those the preflight asks for. */
  allowedHeaders?: readonly string[];
  /** How long browsers may cache a preflight, in seconds (`Access-Control-Max-Age`). Default 600. */
  maxAge?: number;
  /** Answer 400 to an OPTIONS request with `Origin` but no `Access-Control-Request-Method`. Default true. */
  strictPreflight?: boolean;
}

/** CORS as the pipeline uses it, built once from {@link CorsOptions}. */
export interface Cors {
  /** Adds the CORS headers of an actual (non-preflight) request whose origin is allowed. */
  applyToResponse(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Answers a preflight (OPTIONS with `Origin` and `Access-Control-Request-Method`) from the
   * methods the route table declares for the path; no authentication runs. Returns false when the
   * request is not a preflight. Throws HttpError 400 for a malformed one when strict.
   */
  answerPreflight(request: IncomingMessage, response: ServerResponse, methodsAtPath: string[] | undefined): boolean;
}

/**
 * Builds {@link Cors}; `declaredHeaders` are the response header names the spec declares, added
 * to the exposed ones. Throws Error for `origin: "*"` with `credentials: true`.
 */
export function createCors(options: CorsOptions, declaredHeaders: readonly string[] = []): Cors {
  if (options.origin === "*" && options.credentials) {
    throw new Error('CORS: origin "*" cannot be combined with credentials: true; list the allowed origins');
  }
  const allowed = originMatcher(options.origin);
  const exposedNames = new Map<string, string>();
  for (const name of [...(options.exposedHeaders ?? ["Location", "X-Request-Id"]), ...declaredHeaders]) {
    if (!exposedNames.has(name.toLowerCase())) exposedNames.set(name.toLowerCase(), name);
  }
  const exposed = [...exposedNames.values()].join(", ");
  const maxAge = String(options.maxAge ?? 600);
  const strict = options.strictPreflight ?? true;
  const allowOrigin = (origin: string, response: ServerResponse): void => {
    if (options.origin === "*") {
      response.setHeader("access-control-allow-origin", "*");
      return;
    }
    response.setHeader("access-control-allow-origin", origin);
    // The answer depends on the Origin header, so caches must key on it.
    response.setHeader("vary", appendVary(response.getHeader("vary"), "Origin"));
    if (options.credentials) response.setHeader("access-control-allow-credentials", "true");
  };
  return {
    applyToResponse(request, response) {
      const origin = request.headers.origin;
      if (origin === undefined || !allowed(origin)) return;
      allowOrigin(origin, response);
      if (exposed) response.setHeader("access-control-expose-headers", exposed);
    },
    answerPreflight(request, response, methodsAtPath) {
      const origin = request.headers.origin;
      if (request.method !== "OPTIONS" || origin === undefined) return false;
      const requestedMethod = request.headers["access-control-request-method"];
      if (requestedMethod === undefined) {
        if (strict) throw runtimeError("SPW_HTTP_BAD_REQUEST", "a CORS preflight needs Access-Control-Request-Method");
        return false;
      }
      if (!methodsAtPath) return false;
      response.statusCode = 204;
      response.setHeader("vary", appendVary(response.getHeader("vary"), "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"));
      if (allowed(origin)) {
        allowOrigin(origin, response);
        response.setHeader("access-control-allow-methods", methodsAtPath.join(", "));
        const requestedHeaders = request.headers["access-control-request-headers"];
        const headers = options.allowedHeaders ? options.allowedHeaders.join(", ") : requestedHeaders;
        if (headers) response.setHeader("access-control-allow-headers", headers);
        response.setHeader("access-control-max-age", maxAge);
      }
      response.setHeader("content-length", "0");
      response.end();
      return true;
    },
  };
}

function originMatcher(origin: CorsOptions["origin"]): (value: string) => boolean {
  if (origin === "*") return () => true;
  if (typeof origin === "string") return (value) => value === origin;
  if (origin instanceof RegExp) return (value) => origin.test(value);
  if (typeof origin === "function") return origin;
  const set = new Set(origin);
  return (value) => set.has(value);
}

function appendVary(current: number | string | string[] | undefined, value: string): string {
  if (current === undefined || current === "") return value;
  const text = Array.isArray(current) ? current.join(", ") : String(current);
  return text.toLowerCase().includes(value.toLowerCase()) ? text : `${text}, ${value}`;
}
