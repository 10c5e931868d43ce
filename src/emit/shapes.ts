import type { JsonSchema } from "../model/ir.js";

/**
 * Which properties of a response body are written (see {@link shapeOf}): the input of the
 * generated serialisers (routes/serializers.ts).
 */
export type ResponseShape =
  | { kind: "any" }
  | { kind: "ref"; ref: string }
  | { kind: "array"; items: ResponseShape; prefixItems?: ResponseShape[] }
  | {
      kind: "object";
      /**
       * Declared, non-writeOnly properties and their shapes, as `[name, shape]` pairs: a pair list,
       * not an object, so names like `__proto__` and `constructor` stay ordinary data.
       */
      properties: readonly (readonly [string, ResponseShape])[];
      /** Whether undeclared properties are kept (`additionalProperties` true or a schema). */
      keepAdditional: boolean;
      additional?: ResponseShape;
      /** writeOnly property names, dropped even when undeclared properties are kept. */
      writeOnly?: string[];
    };

type SchemaObject = { [keyword: string]: unknown };

const maxInlineDepth = 24;

/** The most nodes one response shape is built from (see shapeOf). */
const maxShapeNodes = 5000;

/**
 * The response shape of a schema: which properties the runtime keeps when it filters a response
 * body (FastAPI's response_model). Declared properties are kept unless `writeOnly`; undeclared
 * ones only when `additionalProperties` is not false (absent counts as allowing them only when the
 * object declares no properties at all, so `properties:` lists act as the model, as in FastAPI).
 * `allOf` merges; `oneOf`/`anyOf` keep the union of what their branches declare.
 * `$ref`s stay references: each referenced schema gets one serialiser, shared. A shape that
 * would take more than 5,000 nodes keeps everything from there on (`any`).
 */
export function shapeOf(schema: JsonSchema | undefined, resolve: (ref: string) => JsonSchema | undefined, depth = 0, budget = { nodes: maxShapeNodes }): ResponseShape {
  if (!schema || typeof schema !== "object") return { kind: "any" };
  // Unions of several $refs inline their branches' properties, whose own unions inline theirs:
  // nested, that grows exponentially. Past a fixed number of nodes per shape, keep everything,
  // so compile cost and output grow at most linearly with the spec.
  if (--budget.nodes < 0) return { kind: "any" };
  if (typeof schema["$ref"] === "string" && Object.keys(schema).length === 1) return { kind: "ref", ref: schema["$ref"] };
  // Compositions inline the properties of the schemas they reference, so a recursive composition
  // (`A.properties.x: {allOf: [{$ref: A}]}`) would never end: past this depth, keep everything.
  if (depth > maxInlineDepth) return { kind: "any" };
  const next = (inner: JsonSchema | undefined): ResponseShape => shapeOf(inner, resolve, depth + 1, budget);
  const single = singleReferenceBranch(schema);
  if (single) return { kind: "ref", ref: single };
  const merged = collectObject(schema, resolve, next);
  if (merged) return merged;
  const type = schema["type"];
  const isArray = type === "array" || (Array.isArray(type) && type.includes("array")) || schema["items"] !== undefined || schema["prefixItems"] !== undefined;
  if (isArray) {
    const shape: ResponseShape = { kind: "array", items: next(schema["items"] as JsonSchema | undefined) };
    if (Array.isArray(schema["prefixItems"])) shape.prefixItems = (schema["prefixItems"] as JsonSchema[]).map(next);
    return shape;
  }
  return { kind: "any" };
}

/**
 * The `$ref` of a union whose only object-like branch is that reference (`anyOf: [{type: string},
 * {$ref: Customer}]`, the way payment APIs type expandable fields): its shape is the referenced
 * schema's, kept in the shared table, and the other branches are values the filter passes as they
 * are. Inlining the referenced properties instead would copy them at every such field, which
 * grows exponentially with nesting.
 */
function singleReferenceBranch(schema: SchemaObject): string | undefined {
  if (schema["properties"] !== undefined || schema["allOf"] !== undefined || schema["additionalProperties"] !== undefined) return undefined;
  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || schema[keyword === "anyOf" ? "oneOf" : "anyOf"] !== undefined) continue;
    const references = branches.filter((branch) => branch && typeof branch === "object" && typeof branch["$ref"] === "string" && Object.keys(branch).length === 1);
    const others = branches.filter((branch) => !references.includes(branch));
    const plain = others.every((branch) => {
      if (!branch || typeof branch !== "object") return true;
      const type = branch["type"];
      const objectLike = type === "object" || type === "array" || (Array.isArray(type) && (type.includes("object") || type.includes("array")));
      return !objectLike && ["properties", "items", "allOf", "anyOf", "oneOf", "$ref", "additionalProperties"].every((keyword) => branch[keyword] === undefined);
    });
    if (references.length === 1 && plain) return references[0]["$ref"] as string;
  }
  return undefined;
}

/** Flattens `allOf`/`oneOf`/`anyOf` (following `$ref` branches) into the list of object parts. */
function compositionParts(schema: SchemaObject, resolve: (ref: string) => JsonSchema | undefined, seen: Set<string>, parts: SchemaObject[]): boolean {
  parts.push(schema);
  let complete = true;
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      if (!branch || typeof branch !== "object") continue;
      let target = branch as SchemaObject;
      const ref = target["$ref"];
      if (typeof ref === "string") {
        const resolved = seen.has(ref) ? undefined : resolve(ref);
        if (!resolved || typeof resolved !== "object") {
          complete = false;
          continue;
        }
        seen.add(ref);
        target = resolved;
      }
      complete = compositionParts(target, resolve, seen, parts) && complete;
    }
  }
  return complete;
}

function collectObject(schema: SchemaObject, resolve: (ref: string) => JsonSchema | undefined, next: (inner: JsonSchema | undefined) => ResponseShape): ResponseShape | undefined {
  const parts: SchemaObject[] = [];
  const complete = compositionParts(schema, resolve, new Set(), parts);
  const hasComposition = parts.length > 1;
  const declaresProperties = parts.some((part) => part["properties"] !== undefined);
  if (!declaresProperties) return undefined;
  // A branch that cannot be followed (a recursive composition) could declare more properties:
  // keep everything rather than drop fields it allows.
  if (!complete) return { kind: "any" };
  const properties = new Map<string, ResponseShape>();
  const writeOnly: string[] = [];
  let keepAdditional = false;
  let additional: ResponseShape | undefined;
  for (const part of parts) {
    for (const [name, property] of Object.entries((part["properties"] ?? {}) as Record<string, JsonSchema>)) {
      if (property && typeof property === "object" && property["writeOnly"] === true) {
        writeOnly.push(name);
        continue;
      }
      properties.set(name, next(property));
    }
    const extra = part["additionalProperties"];
    if (extra === true || (extra && typeof extra === "object")) {
      keepAdditional = true;
      if (extra && typeof extra === "object") additional = next(extra as JsonSchema);
    }
  }
  if (hasComposition && !keepAdditional && parts.some((part) => part["patternProperties"] !== undefined)) keepAdditional = true;
  const shape: ResponseShape = { kind: "object", properties: [...properties], keepAdditional };
  if (additional) shape.additional = additional;
  if (writeOnly.length > 0) shape.writeOnly = writeOnly;
  return shape;
}
