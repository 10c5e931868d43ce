/**
 * Where a JSON Schema holds other schemas, declared once: the keywords whose value is one
 * subschema, an array of subschemas, or a map of name → subschema, and the walker over them that
 * every generic schema transform of specwright uses (the loader's checks, the model's dialect
 * normalisation and `$ref` collection, the validators' rewrites, the fuzzer's oracle).
 *
 * The keywords are JSON Schema 2020-12's (Core §8.2.4 `$defs`, §10.2 "Keywords for Applying
 * Subschemas in Place", §10.3 "… to Child Instances", §11 unevaluated*; Validation §8.2.4
 * `contentSchema`), with the draft-04 forms an OpenAPI 3.0 Schema Object may carry
 * (`definitions`, `additionalItems`, `dependencies`, `items` as an array of schemas).
 * Walkers that follow only some keywords on purpose (date-time shapes, response views) keep
 * their own choice; this table is for the walks that must reach every subschema.
 */

/** A JSON Schema: an object or a boolean (2020-12 Core §4.3.2). */
export type SchemaValue = { [keyword: string]: unknown } | boolean;

/** How a keyword holds subschemas: one, an array, or a map of name → subschema. */
export type SubschemaPlace = "one" | "array" | "map";

const places: ReadonlyMap<string, SubschemaPlace> = new Map([
  ...(["items", "additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema"] as const).map(
    (keyword) => [keyword, "one"] as const,
  ),
  ...(["allOf", "anyOf", "oneOf", "prefixItems"] as const).map((keyword) => [keyword, "array"] as const),
  ...(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"] as const).map((keyword) => [keyword, "map"] as const),
]);

/** How `keyword` holds subschemas, or undefined for a keyword whose value is not a schema (`type`, `enum`, `default`, `x-…`). */
export function subschemaPlace(keyword: string): SubschemaPlace | undefined {
  return places.get(keyword);
}

/** Whether a value is a schema: an object that is not an array, or a boolean. */
export function isSchemaValue(value: unknown): value is SchemaValue {
  return typeof value === "boolean" || (typeof value === "object" && value !== null && !Array.isArray(value));
}

/**
 * The value of `keyword` with `map` applied to each subschema it holds: the value itself for
 * `"one"`, each item for `"array"` (and for `items` in draft 04's array form), each entry for
 * `"map"`. `map` is given the subschema, the keyword and, in an array or map, the index or name.
 * Values that are not schemas where one belongs (a `dependencies` entry listing property names, a
 * malformed value) are kept as they are, and so is the value of any other keyword.
 */
export function mapSubschemasOf(keyword: string, value: unknown, map: (subschema: SchemaValue, keyword: string, key?: string | number) => unknown): unknown {
  const place = places.get(keyword);
  if (place === undefined) return value;
  if (Array.isArray(value)) {
    // `items` as an array is draft 04's tuple form; no other one-subschema keyword takes an array.
    if (place === "array" || keyword === "items") return value.map((item, index) => (isSchemaValue(item) ? map(item, keyword, index) : item));
    return value;
  }
  if (place === "one") return isSchemaValue(value) ? map(value, keyword) : value;
  if (place === "map" && typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, isSchemaValue(item) ? map(item, keyword, name) : item]));
  }
  return value;
}

/**
 * A copy of a schema object with `map` applied to each of its direct subschemas (see
 * {@link mapSubschemasOf}); keyword order is kept and every other keyword is copied as it is.
 */
export function mapSubschemas(node: { [keyword: string]: unknown }, map: (subschema: SchemaValue, keyword: string, key?: string | number) => unknown): { [keyword: string]: unknown } {
  const result: { [keyword: string]: unknown } = {};
  for (const [keyword, value] of Object.entries(node)) result[keyword] = mapSubschemasOf(keyword, value, map);
  return result;
}

/** Calls `visit` with each subschema the value of `keyword` holds, in order (see {@link mapSubschemasOf}). */
export function forEachSubschemaOf(keyword: string, value: unknown, visit: (subschema: SchemaValue, keyword: string, key?: string | number) => void): void {
  const place = places.get(keyword);
  if (place === undefined) return;
  if (Array.isArray(value)) {
    if (place === "array" || keyword === "items") value.forEach((item, index) => isSchemaValue(item) && visit(item, keyword, index));
  } else if (place === "one") {
    if (isSchemaValue(value)) visit(value, keyword);
  } else if (place === "map" && typeof value === "object" && value !== null) {
    for (const [name, item] of Object.entries(value)) if (isSchemaValue(item)) visit(item, keyword, name);
  }
}

/** Calls `visit` with each direct subschema of a schema object, in keyword order. */
export function forEachSubschema(node: { [keyword: string]: unknown }, visit: (subschema: SchemaValue, keyword: string, key?: string | number) => void): void {
  for (const [keyword, value] of Object.entries(node)) forEachSubschemaOf(keyword, value, visit);
}
