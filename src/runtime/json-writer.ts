/**
 * What generated response serialisers are made of. For each declared response schema the compiler
 * writes a function (`writeBook`) that writes the body's JSON text directly, keeping only the
 * declared, non-`writeOnly` properties (FastAPI's response_model): no filtered copy is built and
 * nothing is decided per request. These helpers are the parts that do not depend on a schema.
 *
 * The text is what `JSON.stringify` writes for the kept properties, in the schema's order:
 * `undefined`, functions and symbols are left out of objects (and `null` in arrays), non-finite
 * numbers are `null`, values under a schema that declares no properties (a date-time, a free
 * object) go through `JSON.stringify` itself, so a `Date` becomes its ISO string (its `toJSON`).
 */

/**
 * Writes one value as JSON at nesting `depth` (0 for a body); undefined where `JSON.stringify`
 * gives undefined (left out of objects, `null` in arrays). Throws RangeError past
 * {@link maxResponseDepth} levels, TypeError for a BigInt (as `JSON.stringify`).
 */
export type JsonWriter = (value: unknown, depth: number) => string | undefined;

/** The deepest nesting a response body is written to; past it, RangeError (answered 500). */
export const maxResponseDepth = 256;

/** Characters a JSON string must escape, and lone surrogates (ES2019 well-formed JSON.stringify). */
const needsEscape = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A string as a JSON string literal (RFC 8259 §7). */
export function quoteJson(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Own-property test for serialisers: inherited properties are never written. */
export const hasOwn: (value: object, key: PropertyKey) => boolean = Object.hasOwn;

/**
 * One member of an object's JSON text (RFC 8259 §4): `prefix` (`,"name":`) followed by the
 * value's text, or nothing where the value writes nothing (`undefined`, a function). Generated
 * serialisers write each declared property as `json += hasOwn(value, "name") ? writeMember(…) : ""`:
 * one expression per property and no branching statement, which tsc checks in linear time.
 */
export function writeMember(prefix: string, text: string | undefined): string {
  return text === undefined ? "" : prefix + text;
}

/**
 * The {@link JsonWriter} of a value whose schema declares nothing to leave out: its plain JSON.
 * Strings, numbers and booleans are written here; anything else by `JSON.stringify`.
 */
export function writeJson(value: unknown, _depth?: number): string | undefined {
  switch (typeof value) {
    case "string":
      return quoteJson(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    default:
      return JSON.stringify(value);
  }
}

/**
 * Whether a value is written as an object with declared properties: not null, not an array, not
 * bytes. Anything else under an object schema is written as its plain JSON (a response validator
 * reports the mismatch). Throws RangeError past {@link maxResponseDepth}.
 */
export function isJsonObject(value: unknown, depth: number): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) return false;
  if (depth > maxResponseDepth) throw new RangeError("response body nested too deeply");
  return true;
}

/** An array whose items are written by `items`; any other value as its plain JSON. */
export function writeArray(value: unknown, depth: number, items: JsonWriter): string | undefined {
  if (!Array.isArray(value)) return writeJson(value, depth);
  if (depth > maxResponseDepth) throw new RangeError("response body nested too deeply");
  let json = "[";
  for (let index = 0; index < value.length; index++) {
    if (index > 0) json += ",";
    json += items(value[index], depth + 1) ?? "null";
  }
  return json + "]";
}

/** A tuple (`prefixItems`, JSON Schema 2020-12 §10.3.1.1): item `n` by `prefix[n]`, the rest by `items`. */
export function writeTuple(value: unknown, depth: number, prefix: readonly JsonWriter[], items: JsonWriter): string | undefined {
  if (!Array.isArray(value)) return writeJson(value, depth);
  if (depth > maxResponseDepth) throw new RangeError("response body nested too deeply");
  let json = "[";
  for (let index = 0; index < value.length; index++) {
    if (index > 0) json += ",";
    json += (prefix[index] ?? items)(value[index], depth + 1) ?? "null";
  }
  return json + "]";
}

/**
 * The undeclared properties an object schema keeps (`additionalProperties` true or a schema), as
 * `,"key":value` text to append: own enumerable string keys not in `declared` (the declared and
 * `writeOnly` names), each written by `additional`.
 */
export function writeOtherProperties(value: Record<string, unknown>, declared: ReadonlySet<string>, additional: JsonWriter, depth: number): string {
  let json = "";
  for (const key of Object.keys(value)) {
    if (declared.has(key)) continue;
    const text = additional(value[key], depth + 1);
    if (text !== undefined) json += "," + quoteJson(key) + ":" + text;
  }
  return json;
}

/** The whole JSON text of a body: what `write` gives, or `null` where it gives nothing. */
export function writeBody(write: JsonWriter, body: unknown): string {
  return write(body, 0) ?? "null";
}
