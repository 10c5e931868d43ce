import { parameterShapeOf, type Coercion } from "../../wire/coercion.js";
import { formDecode, parseQueryParameter } from "../../wire/parameter-styles.js";
import { coerceValue } from "../../wire/coerce.js";
import { runtimeError } from "../errors.js";
import { decodeQueryKeys } from "../params.js";

/** How a form body is read: field coercion and per-field encoding (OpenAPI 3.1 §4.8.15). */
export interface FormDefinition {
  coercion: Coercion;
  encoding: Record<string, { style: string; explode: boolean }>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses an `application/x-www-form-urlencoded` body (WHATWG URL Standard §5) into an object the
 * schema validates: each declared field by its encoding's `style`/`explode` (default `form`,
 * exploded, as OpenAPI 3.1 §4.8.14.4 says for this media type) and strict coercion; undeclared
 * fields stay strings, so `additionalProperties` decides about them. The result has no prototype,
 * so `__proto__` is an ordinary field name.
 *
 * Throws HttpError 400: SPW_HTTP_MALFORMED_ENCODING for bad UTF-8 or percent-encoding (thrown as
 * MalformedEncodingError by the decoders), SPW_HTTP_TOO_MANY_PARAMETERS past `maxPairs` pairs.
 */
export function parseFormBody(body: Buffer, form: FormDefinition, maxPairs: number): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw runtimeError("SPW_HTTP_MALFORMED_ENCODING", "the form body is not valid UTF-8");
  }
  const pairs = decodeQueryKeys(text, maxPairs, "the form body");
  const declared = form.coercion.type === "object" ? form.coercion.properties : {};
  const names = new Set(Object.keys(declared));
  const result: Record<string, unknown> = Object.create(null);
  for (const name of names) {
    const coercion = declared[name]!;
    const encoding = form.encoding[name] ?? { style: "form", explode: true };
    const raw = parseQueryParameter(pairs, name, encoding.style, encoding.explode, parameterShapeOf(coercion), names);
    if (raw !== undefined) result[name] = coerceValue(raw, coercion);
  }
  // An exploded `form` object field (the default encoding) has no name of its own on the wire: its
  // properties are top-level pairs, so it claims every pair the other fields do not, and none is left
  // over as an undeclared field (which `additionalProperties: false` would reject).
  const openObjectField = [...names].some((name) => {
    const encoding = form.encoding[name] ?? { style: "form", explode: true };
    return encoding.style === "form" && encoding.explode && declared[name]!.type === "object";
  });
  if (openObjectField) return result;
  for (const [key, value] of pairs) {
    if (names.has(key) || [...names].some((name) => key.startsWith(`${name}[`))) continue;
    const additional = form.coercion.type === "object" ? form.coercion.additional : { type: "unknown" as const };
    result[key] = coerceValue(formDecode(value), additional);
  }
  return result;
}
