import type { IncomingMessage } from "node:http";
import { formDecode, parseCookieHeader, splitQuery } from "../wire/parameter-styles.js";
import { runtimeError } from "./errors.js";
import type { RouteDefinition, SecuritySchemeDefinition } from "./route-definition.js";

/** Username and password from an `Authorization: Basic` header (RFC 7617). */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** What a verifier is given besides the credential. */
export interface VerifierContext {
  /** Scopes the security requirement asks for (oauth2/openIdConnect; also passed for other schemes). */
  scopes: readonly string[];
  /** The security scheme's name in `components.securitySchemes`. */
  scheme: string;
  request: IncomingMessage;
}

/**
 * Checks one credential and returns the principal it identifies, or null/undefined/false when it is
 * not valid (→ 401). Throw `HttpError.forbidden()` for a valid credential without the needed
 * permission or scope (→ 403). API keys and bearer tokens arrive as strings, Basic as
 * {@link BasicCredentials}.
 */
export type SecurityVerifier<Principal = unknown, Credential = string> = (
  credential: Credential,
  context: VerifierContext,
) => Principal | null | undefined | false | Promise<Principal | null | undefined | false>;

/** Verifiers by security scheme name. */
export type SecurityVerifiers = Record<string, SecurityVerifier<unknown, never>>;

/** The outcome of authentication: the principals of the requirement that passed, by scheme. */
export interface AuthenticationResult {
  principals: Record<string, unknown>;
  /** The first principal of the passing requirement, for the common one-scheme case. */
  principal: unknown;
}

const token68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads a scheme's credential from the request, or undefined when it is absent or malformed
 * (malformed is treated as absent, so the answer is 401, never 500; RFC 9110 §15.5.2). An API key
 * is read only from the location its scheme declares (OpenAPI 3.1 §4.8.27.1 `in`): one declared
 * `in: header` and sent in the query does not count.
 */
export function extractCredential(scheme: SecuritySchemeDefinition, request: IncomingMessage, rawQuery: string): string | BasicCredentials | undefined {
  switch (scheme.type) {
    case "apiKey": {
      if (scheme.in === "header") {
        const value = request.headers[scheme.name.toLowerCase()];
        return typeof value === "string" && value !== "" ? value : undefined;
      }
      if (scheme.in === "cookie") return parseCookieHeader(request.headers.cookie)[scheme.name] || undefined;
      for (const [key, value] of splitQuery(rawQuery, 1000)) {
        if (formDecode(key) === scheme.name) return formDecode(value) || undefined;
      }
      return undefined;
    }
    case "http": {
      const authorization = request.headers.authorization;
      if (!authorization) return undefined;
      const space = authorization.indexOf(" ");
      if (space <= 0) return undefined;
      // The scheme name is case-insensitive (RFC 9110 §11.1).
      const name = authorization.slice(0, space).toLowerCase();
      const value = authorization.slice(space + 1).trim();
      if (name !== scheme.scheme) return undefined;
      if (name === "basic") return parseBasic(value);
      return token68.test(value) ? value : undefined;
    }
    case "oauth2":
    case "openIdConnect": {
      const authorization = request.headers.authorization;
      const match = authorization ? /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization) : null;
      return match ? match[1] : undefined;
    }
    default:
      return undefined;
  }
}

/** RFC 7617 §2: base64 of `user-id ":" password`, UTF-8, no control characters. */
function parseBasic(value: string): BasicCredentials | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(value)) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "base64"));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  // eslint-disable-next-line no-control-regex
  if (colon < 0 || /[\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The `WWW-Authenticate` challenge for a scheme (RFC 9110 §11.6.1). */
export function challengeFor(scheme: SecuritySchemeDefinition, realm: string): string {
  switch (scheme.type) {
    case "http":
      return scheme.scheme === "basic" ? `Basic realm=${JSON.stringify(realm)}, charset="UTF-8"` : `${capitalise(scheme.scheme)} realm=${JSON.stringify(realm)}`;
    case "apiKey":
      // There is no registered scheme for API keys; this names where the key goes, as FastAPI does.
      return `APIKey realm=${JSON.stringify(realm)}, ${scheme.in}=${JSON.stringify(scheme.name)}`;
    default:
      return `Bearer realm=${JSON.stringify(realm)}`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Evaluates a route's security requirements (OpenAPI 3.1 §4.8.30): alternatives are tried in order
 * (OR), every scheme inside one must pass (AND), `{}` passes without credentials. Runs before the
 * body is read. A principal that carries `scopes` (an array, or a space-separated string as in
 * OAuth 2.0, RFC 6749 §3.3) must hold every scope the requirement lists. Fails closed: throws
 * HttpError 403 (SPW_HTTP_FORBIDDEN) when credentials were valid but lacked scopes, else 401
 * (SPW_HTTP_UNAUTHORIZED) with a `WWW-Authenticate` challenge per scheme; a verifier's own
 * HttpError (e.g. 403) propagates; any other throw is a 500.
 */
export async function authenticate(
  route: RouteDefinition,
  schemes: Readonly<Record<string, SecuritySchemeDefinition>>,
  verifiers: SecurityVerifiers,
  request: IncomingMessage,
  rawQuery: string,
  realm: string,
): Promise<AuthenticationResult> {
  let missingScopes: string[] | undefined;
  for (const requirement of route.security) {
    const principals: Record<string, unknown> = {};
    let passed = true;
    for (const { scheme: schemeName, scopes } of requirement) {
      const scheme = schemes[schemeName];
      const verify = verifiers[schemeName] as SecurityVerifier<unknown, unknown> | undefined;
      const credential = scheme ? extractCredential(scheme, request, rawQuery) : undefined;
      if (!scheme || !verify || credential === undefined) {
        passed = false;
        break;
      }
      const principal = await verify(credential, { scopes, scheme: schemeName, request });
      if (principal === null || principal === undefined || principal === false) {
        passed = false;
        break;
      }
      const lacking = lackingScopes(principal, scopes);
      if (lacking.length > 0) {
        missingScopes ??= lacking;
        passed = false;
        break;
      }
      principals[schemeName] = principal;
    }
    if (passed) return { principals, principal: Object.values(principals)[0] };
  }
  if (missingScopes) {
    throw runtimeError("SPW_HTTP_FORBIDDEN", `the credentials lack the scope(s) ${missingScopes.join(", ")}`);
  }
  const challenges = [...new Set(route.security.flat().map(({ scheme }) => scheme))]
    .filter((name) => schemes[name])
    .map((name) => challengeFor(schemes[name]!, realm));
  throw runtimeError("SPW_HTTP_UNAUTHORIZED", "missing or invalid credentials", {
    headers: challenges.length > 0 ? { "www-authenticate": challenges.join(", ") } : {},
  });
}

/**
 * The schemes the routes use that have no verifier. createServer refuses to start when this is
 * not empty, so a forgotten verifier is an error, never an open door (fail closed; OWASP API
 * Security Top 10 2023, API2 Broken Authentication).
 */
export function missingVerifiers(
  routes: readonly RouteDefinition[],
  verifiers: SecurityVerifiers,
  schemes: Readonly<Record<string, SecuritySchemeDefinition>> = {},
): string[] {
  const used = new Set(routes.flatMap((route) => route.security.flatMap((requirement) => requirement.map(({ scheme }) => scheme))));
  // mutualTLS is not supported: no verifier can make it pass, so none is asked for.
  return [...used].filter((scheme) => schemes[scheme]?.type !== "mutualTLS" && typeof verifiers[scheme] !== "function").sort();
}

/** The required scopes a principal's `scopes` (array or space-separated string) does not hold; none when it carries no scopes. */
function lackingScopes(principal: unknown, required: readonly string[]): string[] {
  if (required.length === 0 || !principal || typeof principal !== "object" || !("scopes" in principal)) return [];
  const granted = (principal as { scopes: unknown }).scopes;
  const list = Array.isArray(granted) ? granted.map(String) : typeof granted === "string" ? granted.split(/\s+/) : [];
  return required.filter((scope) => !list.includes(scope));
}
