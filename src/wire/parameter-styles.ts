/**
 * Parameter serialisation styles, both directions, from one table of rules: the client's
 * serialisers and the runtime's parsers live side by side so they cannot drift.
 * Follows OpenAPI 3.1.1 §4.8.12.4 "Style Values" and §4.8.12.5 "Style Examples". Browser-safe.
 *
 * Parsers work on the raw, still percent-encoded text and split on delimiters *before* decoding,
 * so an encoded delimiter (`%2C`) stays inside a value.
 */
import { isJsonMediaType } from "./media-type.js";

/** What a parameter's value looks like before coercion: one string, a list, or a map. */
export type ParameterShape = "primitive" | "array" | "object";

/** A parameter value after style parsing and percent-decoding, before type coercion. */
export type RawParameterValue = string | string[] | Record<string, string>;

/** Thrown when percent-decoding fails (`%E0%A4%A`, `%zz`): the runtime answers 400. */
export class MalformedEncodingError extends Error {
  constructor(readonly text: string) {
    super(`malformed percent-encoding in ${JSON.stringify(text.slice(0, 64))}`);
    this.name = "MalformedEncodingError";
  }
}

/** decodeURIComponent that throws {@link MalformedEncodingError} instead of URIError. */
export function percentDecode(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MalformedEncodingError(text);
  }
}

/** Query and form decoding: `+` is a space (WHATWG application/x-www-form-urlencoded). */
export function formDecode(text: string): string {
  return percentDecode(text.includes("+") ? text.replace(/\+/g, " ") : text);
}

function pairsToObject(items: string[]): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (let index = 0; index + 1 < items.length; index += 2) result[items[index]!] = items[index + 1]!;
  return result;
}

/**
 * `key=value` items to an object. With `bareKeyIsEmpty` (matrix style), an item without `=` is a
 * key with the empty value: RFC 6570 §3.2.7 writes `;key` for an empty value, not `;key=`.
 */
function explodedPairsToObject(items: string[], bareKeyIsEmpty = false): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const item of items) {
    const equals = item.indexOf("=");
    if (equals > 0) result[item.slice(0, equals)] = item.slice(equals + 1);
    else if (equals === -1 && bareKeyIsEmpty && item !== "") result[item] = "";
  }
  return result;
}

/**
 * Parses a path parameter's raw segment text for style `simple`, `label` or `matrix`.
 * Returns undefined when the text does not have the style's prefix (`.` for label, `;name=` for matrix).
 */
export function parsePathParameter(raw: string, name: string, style: string, explode: boolean, shape: ParameterShape): RawParameterValue | undefined {
  let body = raw;
  let separator = ",";
  if (style === "label") {
    if (!body.startsWith(".")) return undefined;
    body = body.slice(1);
    if (explode) separator = ".";
  } else if (style === "matrix") {
    if (!body.startsWith(";")) return undefined;
    if (shape === "object" && explode) {
      return decodeEach(explodedPairsToObject(body.slice(1).split(";"), true));
    }
    const prefix = `;${encodeURIComponent(name)}=`;
    if (shape === "array" && explode) {
      // `;color` (RFC 6570's form of an empty item) and `;color=` are both the empty string.
      return body.split(";").slice(1).map((item) => item === encodeURIComponent(name) ? "" : percentDecode(item.startsWith(`${encodeURIComponent(name)}=`) ? item.slice(item.indexOf("=") + 1) : item));
    }
    if (!body.startsWith(prefix)) return body === `;${encodeURIComponent(name)}` ? "" : undefined;
    body = body.slice(prefix.length);
  }
  return parseDelimited(body, separator, explode, shape);
}

/** Parses a header value (style `simple`, §4.8.12.4). */
export function parseHeaderParameter(raw: string, explode: boolean, shape: ParameterShape): RawParameterValue {
  if (shape === "primitive") return raw;
  const items = raw.split(",").map((item) => item.trim());
  if (shape === "array") return items;
  return explode ? explodedPairsToObject(items) : pairsToObject(items);
}

function parseDelimited(body: string, separator: string, explode: boolean, shape: ParameterShape): RawParameterValue {
  if (shape === "primitive") return percentDecode(body);
  const items = body === "" ? [] : body.split(separator);
  if (shape === "array") return items.map(percentDecode);
  const decoded = explode ? explodedPairsToObject(items) : pairsToObject(items);
  return decodeEach(decoded);
}

function decodeEach(record: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record)) result[percentDecode(key)] = percentDecode(value);
  return result;
}

/**
 * A query string split into pairs of still-encoded key and value, in order.
 * Throws RangeError when there are more than `maxPairs` pairs: never a silent truncation, as
 * Node's `querystring` (`maxKeys`) and qs (`parameterLimit`) drop the pairs past their limit.
 */
export function splitQuery(query: string, maxPairs: number): [string, string][] {
  const pairs: [string, string][] = [];
  if (query === "") return pairs;
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end === -1) end = query.length;
    if (end > start) {
      if (pairs.length === maxPairs) throw new RangeError(`more than ${maxPairs} query parameters`);
      const pair = query.slice(start, end);
      const equals = pair.indexOf("=");
      pairs.push(equals === -1 ? [pair, ""] : [pair.slice(0, equals), pair.slice(equals + 1)]);
    }
    start = end + 1;
  }
  return pairs;
}

/**
 * Reads one query parameter from decoded-key pairs for style `form`, `spaceDelimited`,
 * `pipeDelimited` or `deepObject`. Returns undefined when absent. A primitive given more than once
 * returns the list, so the caller can reject the repeat (422) instead of silently picking the first or last.
 * `claimed` collects the keys the parameter consumed (for exploded objects and unknown-key checks).
 */
export function parseQueryParameter(
  pairs: readonly [string, string][],
  name: string,
  style: string,
  explode: boolean,
  shape: ParameterShape,
  knownNames: ReadonlySet<string>,
): RawParameterValue | undefined {
  if (style === "deepObject") {
    const prefix = `${name}[`;
    let result: Record<string, string> | undefined;
    for (const [key, value] of pairs) {
      if (key.startsWith(prefix) && key.endsWith("]")) {
        result ??= Object.create(null) as Record<string, string>;
        result[key.slice(prefix.length, -1)] = formDecode(value);
      }
    }
    return result;
  }
  if (shape === "object" && explode && style === "form") {
    let result: Record<string, string> | undefined;
    for (const [key, value] of pairs) {
      if (knownNames.has(key)) continue;
      result ??= Object.create(null) as Record<string, string>;
      result[key] = formDecode(value);
    }
    return result;
  }
  const values: string[] = [];
  for (const [key, value] of pairs) if (key === name) values.push(value);
  if (values.length === 0) return undefined;
  if (shape === "primitive") return values.length === 1 ? formDecode(values[0]!) : values.map(formDecode);
  if (shape === "array" && explode) return values.map(formDecode);
  const separator = style === "spaceDelimited" ? /%20|\+| /i : style === "pipeDelimited" ? /%7C|\|/i : ",";
  const items = values.length === 1 ? (values[0] === "" ? [] : values[0]!.split(separator)) : values;
  if (shape === "array") return items.map(formDecode);
  return decodeEachForm(pairsToObject(items));
}

function decodeEachForm(record: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record)) result[formDecode(key)] = formDecode(value);
  return result;
}

/** Parses a Cookie header (RFC 6265 §5.4) into name → raw value; malformed pairs are skipped. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const equals = part.indexOf("=");
    if (equals <= 0) continue;
    const name = part.slice(0, equals).trim();
    let value = part.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

// ---------------------------------------------------------------------------------------------
// Serialisation (client side)
// ---------------------------------------------------------------------------------------------

/**
 * The RFC 3986 §2.2 reserved characters `allowReserved` sends literally. Left out, so still
 * percent-encoded: `#` (it would end the query and start a fragment), `&` and `=` (they would split
 * the pair), `+` (form decoding reads it as a space). Sending those raw would change the value the
 * server reads, not just how it looks; `%` is always encoded too, so every value round-trips.
 */
const literalReservedCharacters = /[:/?@!$'()*,;[\]]/;

/**
 * Percent-encodes a query value (encodeURIComponent); with `allowReserved` (OpenAPI 3.1 §4.8.12.2),
 * the reserved characters that cannot change how the query is split or decoded stay literal.
 */
export function encodeValue(value: string, allowReserved = false): string {
  if (!allowReserved) return encodeURIComponent(value);
  return [...value].map((character) => (literalReservedCharacters.test(character) ? character : encodeURIComponent(character))).join("");
}

function entriesOf(value: unknown): [string, string][] {
  return Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => [key, stringify(item)]);
}

/** Converts a primitive to its text form (`true`, `42`, `text`); objects become JSON. */
export function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null) return "null";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Serialises a path parameter (already-encoded text to put in place of `{name}`) for style
 * `simple`, `label` or `matrix`. Values are encoded with encodeURIComponent, so `a/b`, `?` and
 * `#` cannot change the path (RFC 3986 §2.2). A whole segment `.` or `..` is left as it is: URL
 * parsers remove such dot segments (RFC 3986 §5.2.4), so the client refuses to send it.
 */
export function serialisePathParameter(name: string, value: unknown, style: string, explode: boolean): string {
  // Label style delimits with `.`, which encodeURIComponent leaves alone (RFC 6570 §3.2.5 expands
  // "a.b" to `.a.b`, the same as the list ["a", "b"]); writing it as %2E keeps the value whole.
  const encode = style === "label" ? (text: string): string => encodeURIComponent(text).replace(/\./g, "%2E") : (text: string): string => encodeURIComponent(text);
  if (Array.isArray(value)) {
    const items = value.map((item) => encode(stringify(item)));
    if (style === "label") return "." + items.join(explode ? "." : ",");
    // RFC 6570 §3.2.7: an empty exploded item is `;name`, without `=` (as for an empty primitive).
    if (style === "matrix") return explode ? items.map((item) => (item === "" ? `;${encode(name)}` : `;${encode(name)}=${item}`)).join("") : `;${encode(name)}=${items.join(",")}`;
    return items.join(",");
  }
  if (value !== null && typeof value === "object") {
    const entries = entriesOf(value).map(([key, item]) => [encode(key), encode(item)] as const);
    const flat = explode ? entries.map(([key, item]) => `${key}=${item}`) : entries.flatMap(([key, item]) => [key, item]);
    if (style === "label") return "." + flat.join(explode ? "." : ",");
    if (style === "matrix") return explode ? entries.map(([key, item]) => (item === "" ? `;${key}` : `;${key}=${item}`)).join("") : `;${encode(name)}=${flat.join(",")}`;
    return flat.join(",");
  }
  const text = encode(stringify(value));
  if (style === "label") return "." + text;
  // RFC 6570 §3.2.7: an empty value is `;name`, without `=` (OpenAPI Style Examples table).
  if (style === "matrix") return text === "" ? `;${encode(name)}` : `;${encode(name)}=${text}`;
  return text;
}

/**
 * Serialises a query parameter into `key=value` pieces (to be joined with `&`) for style `form`,
 * `spaceDelimited`, `pipeDelimited` or `deepObject`. Undefined yields no piece.
 */
export function serialiseQueryParameter(name: string, value: unknown, style: string, explode: boolean, allowReserved = false): string[] {
  if (value === undefined) return [];
  // An unexploded form array or object is joined with commas, so a comma inside an item must stay
  // encoded even when allowReserved would send it literally.
  const joinsWithCommas = style === "form" && !explode;
  const encode = (text: string): string => {
    const encoded = encodeValue(text, allowReserved);
    return allowReserved && joinsWithCommas ? encoded.replace(/,/g, "%2C") : encoded;
  };
  const key = encodeURIComponent(name);
  if (Array.isArray(value)) {
    const items = value.map((item) => encode(stringify(item)));
    if (explode && style === "form") return items.map((item) => `${key}=${item}`);
    return [`${key}=${items.join(queryDelimiter(style))}`];
  }
  if (value !== null && typeof value === "object") {
    const entries = entriesOf(value);
    if (style === "deepObject") return entries.map(([property, item]) => `${key}%5B${encodeURIComponent(property)}%5D=${encode(item)}`);
    if (explode && style === "form") return entries.map(([property, item]) => `${encodeURIComponent(property)}=${encode(item)}`);
    return [`${key}=${entries.flatMap(([property, item]) => [encode(property), encode(item)]).join(queryDelimiter(style))}`];
  }
  return [`${key}=${encode(stringify(value))}`];
}

/**
 * The delimiter of an unexploded query array or object, percent-encoded as the OpenAPI 3.1.1
 * Style Examples table writes it (`%20`, `%7C`): a raw space or `|` is not allowed in a URI query
 * (RFC 3986 §3.4). A space or `|` inside a value is encoded the same way, so such values are
 * ambiguous for these two styles (the specification says so); the parser splits on both forms.
 */
function queryDelimiter(style: string): string {
  return style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "%7C" : ",";
}

/**
 * Serialises a cookie parameter (style `form`, §4.8.12.4) into its `name=value` pair for the
 * Cookie header. Each item, key and value is percent-encoded on its own (so `;`, `,`, `=`, spaces
 * and non-ASCII cannot break the header, RFC 6265 §4.1.1) and joined with literal commas: arrays
 * `color=blue,black,brown`, objects `color=R,100,G,200` (explode false) or `color=R=100,G=200`
 * (explode true; RFC 6570 would join exploded values with `&`, which a Cookie header cannot carry,
 * so this is the runtime's own, documented choice). The runtime's cookie parser reads exactly this.
 */
export function serialiseCookieParameter(name: string, value: unknown, explode: boolean): string {
  const encode = (text: string): string => encodeURIComponent(text);
  let text: string;
  if (Array.isArray(value)) text = value.map((item) => encode(stringify(item))).join(",");
  else if (value !== null && typeof value === "object") {
    const entries = entriesOf(value).map(([key, item]) => [encode(key), encode(item)] as const);
    text = (explode ? entries.map(([key, item]) => `${key}=${item}`) : entries.flatMap(([key, item]) => [key, item])).join(",");
  } else text = encode(stringify(value));
  return `${name}=${text}`;
}

/**
 * Serialises the fields of an `application/x-www-form-urlencoded` body, each by its Encoding
 * Object's `style`/`explode`/`allowReserved` (OpenAPI 3.1 §4.8.15; a field without one is `form`,
 * exploded), into the body text: the same rules as query parameters, which the runtime's form
 * parser mirrors. Undefined fields are left out.
 */
export function serialiseFormBody(
  fields: Readonly<Record<string, unknown>>,
  encoding: Readonly<Record<string, { style: string; explode: boolean; allowReserved?: boolean }>> = {},
): string {
  return Object.entries(fields)
    .flatMap(([name, value]) => {
      const field = encoding[name] ?? { style: "form", explode: true };
      return serialiseQueryParameter(name, value, field.style, field.explode, field.allowReserved);
    })
    .join("&");
}

/**
 * The text of a parameter described with `content` instead of `schema` (OpenAPI 3.1 §4.8.12.2):
 * JSON for JSON media types, the plain text form otherwise, before any percent-encoding. With
 * `asciiOnly` (header values, which carry visible ASCII only, RFC 9110 §5.5), JSON escapes every
 * other character as `\uXXXX`, which is still the same JSON value.
 */
export function serialiseContentValue(value: unknown, mediaType: string, asciiOnly = false): string {
  const essence = mediaType.split(";")[0]!.trim().toLowerCase();
  if (!isJsonMediaType(essence)) return stringify(value);
  const json = JSON.stringify(value);
  return asciiOnly ? json.replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}

/** Serialises a header parameter (style `simple`). */
export function serialiseHeaderParameter(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(stringify).join(",");
  if (value !== null && typeof value === "object") {
    const entries = entriesOf(value);
    return explode ? entries.map(([key, item]) => `${key}=${item}`).join(",") : entries.flat().join(",");
  }
  return stringify(value);
}
