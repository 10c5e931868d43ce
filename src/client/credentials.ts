/**
 * Credentials of the generated client: configured once per security scheme, added only to the
 * operations whose security requirements name that scheme (OpenAPI 3.1 §4.8.30). Browser-safe.
 */

/** Username and password for `http` `basic` schemes (RFC 7617). */
export interface BasicCredential {
  username: string;
  password: string;
}

/**
 * A credential: an API key or bearer token, a username and password for Basic, or a function that
 * returns one (called per request, e.g. to refresh a token).
 */
export type CredentialSource =
  | string
  | BasicCredential
  | (() => string | BasicCredential | Promise<string | BasicCredential>);

/** How a security scheme carries its credential, as the generated client describes it. */
export type SchemeDescriptor =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "http"; scheme: string }
  | { type: "oauth2" | "openIdConnect" | "mutualTLS" };

/** Where credentials go: the request's headers, query pieces (`name=value`) and cookie pairs. */
export interface CredentialTarget {
  headers: Record<string, string>;
  query: string[];
  cookies: string[];
}

/**
 * Adds the credentials of the first security requirement whose schemes all have one configured
 * (OpenAPI 3.1 §4.8.30: alternatives are OR, schemes inside one are AND). API keys go where the
 * scheme says; bearer-style schemes (`http` bearer, oauth2, openIdConnect) and Basic go in
 * `Authorization`. Operations without requirements get nothing; `mutualTLS` is the transport's.
 * Credential functions are called here, once per request built.
 */
export async function applyCredentials(
  requirements: readonly (readonly string[])[],
  schemes: Readonly<Record<string, SchemeDescriptor>>,
  credentials: Readonly<Record<string, CredentialSource | undefined>>,
  target: CredentialTarget,
): Promise<void> {
  const requirement = requirements.find((names) => names.length > 0 && names.every((name) => credentials[name] !== undefined && schemes[name]));
  for (const name of requirement ?? []) {
    const source = credentials[name]!;
    const value = typeof source === "function" ? await source() : source;
    const scheme = schemes[name]!;
    if (scheme.type === "apiKey") {
      const text = typeof value === "string" ? value : value.password;
      if (scheme.in === "header") target.headers[scheme.name] = text;
      else if (scheme.in === "query") target.query.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(text)}`);
      else target.cookies.push(`${scheme.name}=${encodeURIComponent(text)}`);
    } else if (scheme.type === "http" && scheme.scheme === "basic") {
      const basic = typeof value === "string" ? { username: value, password: "" } : value;
      target.headers["authorization"] = `Basic ${base64(`${basic.username}:${basic.password}`)}`;
    } else if (scheme.type !== "mutualTLS") {
      target.headers["authorization"] = `Bearer ${typeof value === "string" ? value : value.password}`;
    }
  }
}

/** Base64 of the UTF-8 bytes of a string (RFC 7617 §2.1 encodes user-pass as UTF-8), in browsers and Node alike. */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
