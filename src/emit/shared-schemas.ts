import type { JsonSchema } from "../model/ir.js";

type SchemaObject = { [keyword: string]: unknown };

/** Keywords whose value is a schema, an array of schemas, or a map of name → schema (as in model/schemas.ts). */
const schemaValuedKeywords = new Set(["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
  "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems"]);
const schemaArrayKeywords = new Set(["allOf", "oneOf", "anyOf", "prefixItems"]);
const schemaMapKeywords = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/**
 * Subschemas smaller than this (characters of JSON) stay inline: a shared validator costs a
 * function, a call and a copy of its schema, about 500 characters of generated code.
 */
const minimumSharedLength = 200;

const absoluteUri = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** A schema to compile, by the id ajv knows it under. */
export interface IdentifiedSchema {
  id: string;
  schema: JsonSchema;
}

/**
 * Replaces subschemas that occur more than once (inline copies of a component, the same object
 * written out under several operations) by a `$ref` to one shared schema, so ajv compiles and
 * emits their validator once: GitHub's spec repeats inline objects such as a user or a repository
 * hundreds of times. A subschema equal to a whole schema of `schemas` whose id is an absolute URI
 * (a component's) refers to that id; others get `https://specwright.invalid/shared/<n>`, numbered
 * in traversal order (deterministic).
 *
 * Validation is unchanged: in JSON Schema 2020-12 a `$ref` to an equal schema validates the same
 * instance (§8.2.3.1), ajv applies `default`s inside the referenced validator to the same object, and
 * errors keep their `instancePath` (only `schemaPath` differs). Callers do not use this when a schema
 * uses `unevaluatedProperties`/`unevaluatedItems`, whose bookkeeping would cross more functions.
 *
 * Returns the rewritten schemas (same order and ids) followed by the new shared ones. Input
 * schemas are not modified. `$ref`s must already point at ids (toAjvSchema's output).
 */
export function shareRepeatedSubschemas(schemas: IdentifiedSchema[]): IdentifiedSchema[] {
  const counts = new Map<string, number>();
  for (const { schema } of schemas) countSubschemas(schema, counts, true);
  const idByText = new Map<string, string>();
  for (const { id, schema } of schemas) {
    const text = JSON.stringify(schema);
    // Only absolute ids can be `$ref` targets: a plain one (an export name) would be resolved
    // against the referring schema's base URI and not found.
    if (!idByText.has(text) && absoluteUri.test(id)) idByText.set(text, id);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const shared: IdentifiedSchema[] = [];
  let sharedCount = 0;
  const share = (node: JsonSchema, text: string): JsonSchema => {
    let id = idByText.get(text);
    if (id === undefined) {
      id = `https://specwright.invalid/shared/${sharedCount++}`;
      idByText.set(text, id);
      shared.push({ id, schema: rewrite(node, true) });
    }
    return { $ref: id };
  };
  const rewrite = (node: JsonSchema, isRoot: boolean): JsonSchema => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
    if (!isRoot) {
      const text = JSON.stringify(node);
      if (text.length >= minimumSharedLength && (counts.get(text) ?? 0) > 1) return share(node, text);
    }
    return mapChildren(node, (child) => rewrite(child, false));
  };
  const rewritten = schemas.map(({ id, schema }) => ({ id, schema: rewrite(schema, true) }));
  return [...rewritten, ...shared];
}

/** Counts the JSON text of every subschema below the root that is long enough to share. */
function countSubschemas(node: JsonSchema, counts: Map<string, number>, isRoot: boolean): void {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return;
  if (!isRoot) {
    const text = JSON.stringify(node);
    if (text.length < minimumSharedLength) return;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  mapChildren(node, (child) => {
    countSubschemas(child, counts, false);
    return child;
  });
}

/** A copy of `node` with `map` applied to each of its direct subschemas (keyword order kept). */
function mapChildren(node: SchemaObject, map: (child: JsonSchema) => JsonSchema): SchemaObject {
  const result: SchemaObject = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (schemaValuedKeywords.has(keyword) && isSchema(value)) result[keyword] = map(value);
    else if (schemaArrayKeywords.has(keyword) && Array.isArray(value)) result[keyword] = value.map((item) => (isSchema(item) ? map(item) : item));
    else if (schemaMapKeywords.has(keyword) && value && typeof value === "object" && !Array.isArray(value)) {
      result[keyword] = Object.fromEntries(Object.entries(value as SchemaObject).map(([name, item]) => [name, isSchema(item) ? map(item) : item]));
    } else result[keyword] = value;
  }
  return result;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "boolean" || (!!value && typeof value === "object" && !Array.isArray(value));
}
