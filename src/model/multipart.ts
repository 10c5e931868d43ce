import type { Coercion, JsonSchema, MultipartDefinition, MultipartProperty } from "./ir.js";
import { isJsonMediaType } from "../wire/media-type.js";
import { coercionOf, normaliseSchema, resolveReference } from "./schemas.js";

type SchemaObject = { [keyword: string]: unknown };

/**
 * How a `multipart/form-data` body is read, from its schema and Encoding Objects (OpenAPI 3.1
 * §4.8.14.4 "Special Considerations for multipart Content" and §4.8.15 Encoding Object):
 * - a property whose schema (or, for an array, whose `items`) is a string with `format: binary`,
 *   `contentMediaType` or `contentEncoding` is a file part;
 * - an array property is sent as repeated parts, one item per part;
 * - a part is JSON when its item is an object or array, or its `encoding.contentType` is JSON
 *   (the spec's default contentType: string → text/plain, object/array → application/json,
 *   binary → application/octet-stream); other parts are text coerced like form fields;
 * - `contentTypes` holds the media ranges a part must match, only when the spec says so
 *   explicitly (`encoding.contentType`, or a file's `contentMediaType`): the defaults are not
 *   enforced, since browsers label files by their own type (`image/png`, not octet-stream).
 * - a file's `minLength`/`maxLength` bound its size in bytes (the file is the string's content);
 * `$ref`s of the body schema and of its properties are followed through `document`.
 */
export function multipartOf(schema: unknown, encoding: unknown, document: unknown, dialect: "3.0" | "3.1"): MultipartDefinition {
  const body = resolved(schema, document, dialect);
  const properties = (body["properties"] && typeof body["properties"] === "object" ? body["properties"] : {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(body["required"]) ? (body["required"] as unknown[]).filter((name): name is string => typeof name === "string") : []);
  const encodings = (encoding && typeof encoding === "object" ? encoding : {}) as Record<string, unknown>;
  const result: MultipartProperty[] = Object.entries(properties).map(([name, rawProperty]) => {
    const property = resolved(rawProperty, document, dialect);
    const array = typeOf(property, document, dialect) === "array";
    const item = array ? resolved(property["items"], document, dialect) : property;
    const file = isFileSchema(item);
    const fieldEncoding = Object.hasOwn(encodings, name) ? (encodings[name] as SchemaObject | undefined) : undefined;
    const declared = typeof fieldEncoding?.["contentType"] === "string" ? (fieldEncoding["contentType"] as string) : undefined;
    const contentTypes = declared !== undefined
      ? declared.split(",").map((range) => range.trim()).filter((range) => range !== "")
      : file && typeof item["contentMediaType"] === "string" ? [item["contentMediaType"] as string] : undefined;
    const itemType = typeOf(item, document, dialect);
    const json = !file && (itemType === "object" || itemType === "array" || (contentTypes !== undefined && contentTypes.some((range) => isJsonMediaType(range.split(";")[0]!.trim().toLowerCase()))));
    const coercion: Coercion = file ? { type: "unknown" } : json ? { type: "json" } : coercionOf(item, document, dialect);
    return {
      name,
      file,
      array,
      json,
      ...(contentTypes && contentTypes.length > 0 ? { contentTypes } : {}),
      ...(file && typeof item["minLength"] === "number" ? { minLength: item["minLength"] as number } : {}),
      ...(file && typeof item["maxLength"] === "number" ? { maxLength: item["maxLength"] as number } : {}),
      coercion,
      required: required.has(name),
    };
  });
  const additional = body["additionalProperties"];
  return {
    properties: result,
    additional: additional && typeof additional === "object" ? coercionOf(additional, document, dialect) : { type: "unknown" },
  };
}

/** Whether a schema describes file content: a string with `format: binary`, `contentMediaType` or `contentEncoding`. */
export function isFileSchema(schema: JsonSchema): boolean {
  if (!schema || typeof schema !== "object") return false;
  const type = typeOf(schema as SchemaObject);
  if (type !== undefined && type !== "string") return false;
  return schema["format"] === "binary" || typeof schema["contentMediaType"] === "string" || typeof schema["contentEncoding"] === "string";
}

/**
 * The one type a schema describes: its `type` (a nullable `[T, "null"]` reads as T), what its
 * keywords imply, or, for a composition (`allOf`, `oneOf`, `anyOf`), the type its members
 * agree on (`allOf: [{$ref: Options}, {properties: …}]` is an object, sent as a JSON part).
 */
function typeOf(schema: SchemaObject, document?: unknown, dialect: "3.0" | "3.1" = "3.1", depth = 0): string | undefined {
  const type = schema["type"];
  if (typeof type === "string") return type;
  if (Array.isArray(type)) {
    const named = type.filter((item) => item !== "null");
    return named.length === 1 && typeof named[0] === "string" ? named[0] : undefined;
  }
  if (schema["properties"]) return "object";
  if (schema["items"]) return "array";
  if (document === undefined || depth > 8) return undefined;
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    const types = new Set(members.map((member) => typeOf(resolved(member, document, dialect), document, dialect, depth + 1)).filter((item) => item !== undefined && item !== "null"));
    if (types.size === 1) return [...types][0];
  }
  return undefined;
}

/** The schema with a leading `$ref` followed, normalised to 3.1; `{}` for anything that is not an object. */
function resolved(schema: unknown, document: unknown, dialect: "3.0" | "3.1"): SchemaObject {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return {};
  const source = schema as SchemaObject;
  const target = typeof source["$ref"] === "string" ? resolveReference(document, source["$ref"]) : source;
  const normalised = normaliseSchema(target, dialect);
  return normalised && typeof normalised === "object" ? normalised : {};
}
