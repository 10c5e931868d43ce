/**
 * What a request asks the mock server for, as Prism reads it: the `Prefer` header (RFC 7240)
 * with the preferences `code=404`, `example=name` and `dynamic=true`, or the query parameters
 * `__code`, `__example` and `__dynamic` for clients that cannot set headers (a link in a
 * browser). A preference in the header wins over the same one in the query.
 *
 * Written here rather than taken from a package: the grammar is a dozen lines, and the packages
 * that parse it (parse-prefer-header, which Prism uses) have not been maintained for years.
 */

/** The preferences the mock server honours. */
export interface MockPreferences {
  /** The status of the declared response to send (`Prefer: code=404`). */
  code?: number;
  /** The name of the example to send, a key of the media type's `examples` (`Prefer: example=cat`). */
  example?: string;
  /** Generate the body from the schema even when there are examples (`Prefer: dynamic=true`). */
  dynamic?: boolean;
}

/** Thrown for a preference whose value cannot be read (`code=abc`, `dynamic=maybe`). */
export class PreferenceError extends Error {}

/**
 * Reads the preferences of a request from its `Prefer` header values and its query string
 * (without the `?`). Preferences other than these three are ignored, as RFC 7240 §2 lets a
 * server do. Throws {@link PreferenceError} for a malformed value.
 */
export function readPreferences(prefer: string | string[] | undefined, query: string): MockPreferences {
  const values = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (name === "__code" || name === "__example" || name === "__dynamic") values.set(name.slice(2), value);
  }
  for (const header of Array.isArray(prefer) ? prefer : prefer === undefined ? [] : [prefer]) {
    for (const [name, value] of preferencesOf(header)) values.set(name, value);
  }
  const preferences: MockPreferences = {};
  const code = values.get("code");
  if (code !== undefined) {
    if (!/^[1-5][0-9][0-9]$/.test(code)) throw new PreferenceError(`Prefer: code=${code} is not an HTTP status code (100 to 599)`);
    preferences.code = Number(code);
  }
  const example = values.get("example");
  if (example !== undefined) preferences.example = example;
  const dynamic = values.get("dynamic");
  if (dynamic !== undefined) {
    if (dynamic !== "true" && dynamic !== "false") throw new PreferenceError(`Prefer: dynamic=${dynamic} must be true or false`);
    preferences.dynamic = dynamic === "true";
  }
  return preferences;
}

/**
 * The `name=value` pairs of one `Prefer` field value, lower-cased names, quotes removed from
 * quoted-string values (RFC 7240 §2: `1#preference`, each `token [ BWS "=" BWS word ]` followed by
 * `;`-separated parameters). Parameters are read as preferences too, so both
 * `code=404, example=gone` and `code=404; example=gone` ask for both, as Prism reads them.
 */
function preferencesOf(header: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const match of header.matchAll(/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,;\s]*))?/g)) {
    const raw = match[2] ?? "";
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    pairs.push([match[1]!.toLowerCase(), value]);
  }
  return pairs;
}
