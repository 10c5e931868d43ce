import { SpecError } from "../diagnostics/diagnostic.js";
import { forEachSubschemaOf, mapSubschemas } from "../json-schema/subschemas.js";
import { escapePointerSegment, parsePointer } from "../wire/json-pointer.js";
import type { Coercion, JsonSchema } from "./ir.js";

type SchemaObject = { [keyword: string]: unknown };

/**
 * Rewrites an OpenAPI 3.0 Schema Object into the 3.1 dialect (JSON Schema 2020-12), so later stages
 * read one dialect: `nullable: true` → `"null"` in `type` (and in `enum`); boolean
 * `exclusiveMinimum`/`exclusiveMaximum` → numeric bounds (in both dialects); `$ref` siblings dropped
 * (3.0 ignores them, OpenAPI 3.0.3 §4.7.24). Returns a new object; the input is untouched.
 */
export function normaliseSchema(schema: unknown, dialect: "3.0" | "3.1"): JsonSchema {
  if (typeof schema === "boolean") return schema;
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return {};
  const source = schema as SchemaObject;
  if (dialect === "3.0" && typeof source["$ref"] === "string") return { $ref: source["$ref"] };
  const result = mapSubschemas(source, (subschema) => normaliseSchema(subschema, dialect));
  // `nullable` is 3.0 syntax; 3.1 documents converted by tools still carry it, so it is read in both.
  if ("nullable" in result) {
    if (result["nullable"] === true) {
      if (typeof result["type"] === "string") {
        result["type"] = [result["type"], "null"];
        if (Array.isArray(result["enum"]) && !result["enum"].includes(null)) result["enum"] = [...result["enum"], null];
      } else if (result["type"] === undefined) {
        const { nullable: _nullable, ...rest } = result;
        return { anyOf: [rest, { type: "null" }] };
      }
    }
    delete result["nullable"];
  }
  // `type: "null"` beside `oneOf`/`anyOf` is unsatisfiable as written (null matches no branch);
  // generators that write it mean "nullable", so it is read that way.
  if (result["type"] === "null" && (Array.isArray(result["oneOf"]) || Array.isArray(result["anyOf"]))) {
    const { type: _type, ...rest } = result;
    return { anyOf: [rest, { type: "null" }] };
  }
  // Boolean exclusive bounds are 3.0 (draft 4) syntax; 3.1 documents written by hand still use
  // them, so they are read the same way in both dialects.
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (result[flag] === true && typeof result[bound] === "number") {
      result[flag] = result[bound];
      delete result[bound];
    } else if (typeof result[flag] === "boolean") {
      delete result[flag];
    }
  }
  return result;
}

/**
 * Resolves an internal `$ref` (`#/components/schemas/Book`) against the document, following
 * chains of pure references. Throws SpecError SPW_E_REF for a missing target or a reference loop
 * (`A: {$ref: B}`, `B: {$ref: A}`: a chain of references that never reaches a schema).
 */
export function resolveReference(document: unknown, ref: string): unknown {
  const seen: string[] = [];
  let current = ref;
  for (;;) {
    if (seen.includes(current)) {
      throw new SpecError([{ code: "SPW_E_REF", severity: "error", pointer: ref, message: `$ref loop: ${[...seen, current].join(" → ")}` }]);
    }
    seen.push(current);
    if (!current.startsWith("#")) {
      throw new SpecError([{ code: "SPW_E_REF", severity: "error", pointer: ref, message: `$ref ${current} is not internal after bundling` }]);
    }
    let target: unknown = document;
    for (const segment of parsePointer(current)) {
      if (target && typeof target === "object" && Object.hasOwn(target, segment)) {
        target = (target as Record<string, unknown>)[segment];
      } else {
        throw new SpecError([{ code: "SPW_E_REF", severity: "error", pointer: current, message: `$ref target ${current} does not exist` }]);
      }
    }
    if (target && typeof target === "object" && typeof (target as SchemaObject)["$ref"] === "string" && Object.keys(target).length === 1) {
      current = (target as SchemaObject)["$ref"] as string;
      continue;
    }
    return target;
  }
}

/**
 * Calls `visit` for every `$ref` in schema positions of a schema (any depth). Keyword values that
 * are data (`enum`, `default`, `examples`, …) are not searched, but properties that happen to be
 * called `default` or `example` are (Kubernetes has both).
 */
export function forEachReference(schema: unknown, visit: (ref: string) => void): void {
  if (!schema || typeof schema !== "object") return;
  if (Array.isArray(schema)) {
    for (const item of schema) forEachReference(item, visit);
    return;
  }
  for (const [keyword, value] of Object.entries(schema as SchemaObject)) {
    if (keyword === "$ref" && typeof value === "string") visit(value);
    else forEachSubschemaOf(keyword, value, (subschema) => forEachReference(subschema, visit));
  }
}

/**
 * Adds to `marked` every key of `references` (a schema's key → the keys it refers to) that
 * reaches a marked key, directly or through other keys (cycles included), and returns `marked`:
 * the schemas that must change because a schema they hold changes.
 */
export function markReferrers(marked: Set<string>, references: ReadonlyMap<string, readonly string[]>): Set<string> {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, targets] of references) {
      if (!marked.has(key) && targets.some((target) => marked.has(target))) {
        marked.add(key);
        changed = true;
      }
    }
  }
  return marked;
}

/**
 * Collects every schema reachable through `$ref` from `roots`, normalised, keyed by the pointer.
 * Handles recursive and mutually recursive schemas (each target is visited once).
 */
export function collectReferencedSchemas(document: unknown, roots: unknown[], dialect: "3.0" | "3.1"): Record<string, JsonSchema> {
  const found: Record<string, JsonSchema> = {};
  const queue: string[] = [];
  const enqueue = (ref: string): void => {
    if (!Object.hasOwn(found, ref) && !queue.includes(ref)) queue.push(ref);
  };
  for (const root of roots) forEachReference(root, enqueue);
  while (queue.length > 0) {
    const ref = queue.shift()!;
    const target = normaliseSchema(resolveReference(document, ref), dialect);
    found[ref] = target;
    forEachReference(target, enqueue);
  }
  return Object.fromEntries(Object.keys(found).sort().map((key) => [key, found[key]!]));
}

/** What {@link coercionOf} is told beside the schema. */
export interface CoercionOptions {
  /** `format: int64` integers become `{ type: "int64" }` (read as BigInt) instead of `integer`. */
  int64AsBigInt?: boolean;
}

/**
 * Derives how a parameter's strings are coerced from its (normalised) schema. `$ref`s are followed
 * through `document`; composition keywords become unions; an untyped schema keeps the string.
 */
export function coercionOf(schema: unknown, document: unknown, dialect: "3.0" | "3.1", options: CoercionOptions = {}, depth = 0): Coercion {
  if (depth > 16 || !schema || typeof schema !== "object") return { type: "unknown" };
  let source = schema as SchemaObject;
  if (typeof source["$ref"] === "string") {
    source = normaliseSchema(resolveReference(document, source["$ref"]), dialect) as SchemaObject;
  }
  const next = (inner: unknown): Coercion => coercionOf(inner, document, dialect, options, depth + 1);
  const type = source["type"];
  if (Array.isArray(type)) {
    const options = type.map((item) => next({ ...source, type: item }));
    return options.length === 1 ? options[0]! : { type: "union", options };
  }
  switch (type) {
    case "integer":
      // `enum`, `const` and `multipleOf` compare numbers; a BigInt never equals one.
      if (options.int64AsBigInt && source["format"] === "int64" && !("enum" in source) && !("const" in source) && !("multipleOf" in source)) return { type: "int64" };
      return { type };
    case "number":
    case "boolean":
    case "string":
    case "null":
      return { type };
    case "array":
      return { type: "array", items: next(source["items"]) };
    case "object": {
      const properties = (source["properties"] ?? {}) as SchemaObject;
      return {
        type: "object",
        properties: Object.fromEntries(Object.entries(properties).map(([name, inner]) => [name, next(inner)])),
        additional: typeof source["additionalProperties"] === "object" ? next(source["additionalProperties"]) : { type: "unknown" },
      };
    }
  }
  for (const keyword of ["oneOf", "anyOf"]) {
    if (Array.isArray(source[keyword])) return { type: "union", options: (source[keyword] as unknown[]).map(next) };
  }
  if (Array.isArray(source["allOf"])) {
    for (const part of source["allOf"] as unknown[]) {
      const coercion = next(part);
      if (coercion.type !== "unknown") return coercion;
    }
  }
  const values = Array.isArray(source["enum"]) ? source["enum"] : "const" in source ? [source["const"]] : undefined;
  if (values && values.length > 0) {
    const kinds = [...new Set(values.map((value) => (value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value)))];
    const options = kinds.filter((kind): kind is "integer" | "number" | "boolean" | "string" | "null" =>
      ["integer", "number", "boolean", "string", "null"].includes(kind)).map((kind) => ({ type: kind }));
    return options.length === 1 ? options[0]! : { type: "union", options };
  }
  if (source["properties"]) return next({ ...source, type: "object" });
  if (source["items"]) return next({ ...source, type: "array" });
  return { type: "unknown" };
}

/**
 * Rebuilds a schema bottom-up, calling `visit` on every schema node (the root, and every value of a
 * schema-valued keyword), so keywords are told apart from property names: a property called
 * `example` under `properties` is kept, the annotation `example` can be dropped. `visit` also gets
 * the node's JSON pointer relative to the root (`""`, `/properties/name`, `/anyOf/0`).
 */
export function mapSchema(schema: unknown, visit: (node: { [keyword: string]: unknown }, pointer: string) => JsonSchema, pointer = ""): JsonSchema {
  if (typeof schema === "boolean") return schema;
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return {};
  // Keywords are JSON Schema's own names: none needs escaping in a pointer (RFC 6901 §3).
  const result = mapSubschemas(schema as SchemaObject, (subschema, keyword, key) =>
    mapSchema(subschema, visit, key === undefined ? `${pointer}/${keyword}` : `${pointer}/${keyword}/${escapePointerSegment(String(key))}`));
  return visit(result, pointer);
}

