import { mapSubschemas } from "../json-schema/subschemas.js";
import type { JsonSchema } from "../model/ir.js";

type SchemaObject = { [keyword: string]: unknown };

/**
 * Subschemas smaller than this (characters of JSON) stay inline. A call to a shared validator costs
 * about 250 characters of generated code at each use; inline, every keyword costs its check and an
 * error object, so from two keywords on (`{"type":"string","format":"uri"}`, 32) sharing is
 * smaller, and a lone keyword (`{"type":"integer"}`, 18) is smaller inline. On GitHub's spec,
 * 200 → 25 took validators.cjs from 5.1 MB to 4.8 MB.
 */
const minimumSharedLength = 25;

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
 * instance (§8.2.3.1), ajv applies `default`s inside the referenced validator to the same object (a
 * subschema with a `default` of its own stays inline: only its parent applies that one), and
 * errors keep their `instancePath` (only `schemaPath`, which validators.cjs leaves out, would differ). Callers do not use this when a schema
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
  const tagNames = discriminatorPropertyNames(schemas);
  const rewrite = (node: JsonSchema, isRoot: boolean): JsonSchema => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
    // A `default` at the subschema's root is applied by the parent's code (ajv's useDefaults for
    // `properties` and `prefixItems`), never through a `$ref`: such a subschema stays inline.
    if (!isRoot && !Object.hasOwn(node, "default")) {
      const text = JSON.stringify(node);
      if (text.length >= minimumSharedLength && (counts.get(text) ?? 0) > 1) return share(node, text);
    }
    // ajv reads a discriminator's tag values from `properties/<propertyName>` of each branch
    // without following a `$ref` there, so a property with such a name is never replaced by one.
    return mapChildren(node, (child, keyword, name) => rewrite(child, keyword === "properties" && tagNames.has(name!)));
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

/**
 * A copy of `node` with `map` applied to each of its direct subschemas (keyword order kept);
 * `map` is told the keyword, and for a map keyword (`properties`, …) the name of the entry.
 */
function mapChildren(node: SchemaObject, map: (child: JsonSchema, keyword: string, name?: string) => JsonSchema): SchemaObject {
  return mapSubschemas(node, (child, keyword, key) => map(child as JsonSchema, keyword, typeof key === "string" ? key : undefined));
}

/** The `discriminator.propertyName`s used anywhere in `schemas`. */
function discriminatorPropertyNames(schemas: IdentifiedSchema[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: JsonSchema): JsonSchema => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
    const discriminator = node["discriminator"];
    if (discriminator && typeof discriminator === "object" && typeof (discriminator as SchemaObject)["propertyName"] === "string") {
      names.add((discriminator as SchemaObject)["propertyName"] as string);
    }
    return mapChildren(node, visit);
  };
  for (const { schema } of schemas) visit(schema);
  return names;
}

/** A copy of `node` whose `$ref`s (in schema positions, any depth) are replaced through `target`. */
function replaceReferences(node: JsonSchema, target: (ref: string) => string): JsonSchema {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
  const result = mapChildren(node, (child) => replaceReferences(child, target));
  if (typeof result["$ref"] === "string") result["$ref"] = target(result["$ref"]);
  return result;
}

/**
 * Merges schemas that validate the same way because they are equal once their `$ref`s are: two
 * components written out alike, or alike except that they refer to other alike components (GitHub's
 * spec has such families: `webhook-…` copies of `repository`, `simple-user`, …). Repeats until
 * nothing more merges; each group keeps its first member (input order, so deterministic), and
 * every `$ref` to a merged member points at the kept one. Validation is unchanged for the reason
 * given in {@link shareRepeatedSubschemas}: a `$ref` to an equal schema validates the same instance.
 *
 * Returns the kept schemas, rewritten, in input order, and `canonicalId`, which maps any input id
 * to the id of the schema that now validates for it (itself when kept).
 */
export function mergeEqualSchemas(schemas: IdentifiedSchema[]): { schemas: IdentifiedSchema[]; canonicalId: (id: string) => string } {
  const merged = new Map<string, string>();
  const canonicalId = (id: string): string => {
    let current = id;
    for (let next = merged.get(current); next !== undefined; next = merged.get(current)) current = next;
    return current;
  };
  const ids = new Set(schemas.map((entry) => entry.id));
  for (let changed = true; changed; ) {
    changed = false;
    const firstByText = new Map<string, string>();
    for (const { id, schema } of schemas) {
      if (merged.has(id)) continue;
      const text = JSON.stringify(replaceReferences(schema, canonicalId));
      const first = firstByText.get(text);
      // Only absolute ids can be `$ref` targets (see shareRepeatedSubschemas); an export's own id
      // is absolute too, so every entry can stand for its equals.
      if (first === undefined) firstByText.set(text, id);
      else if (absoluteUri.test(first) && ids.has(first)) {
        merged.set(id, first);
        changed = true;
      }
    }
  }
  return {
    schemas: schemas.filter((entry) => !merged.has(entry.id)).map(({ id, schema }) => ({ id, schema: replaceReferences(schema, canonicalId) })),
    canonicalId,
  };
}
