/**
 * Which `default`s apply, decided once in the model for every output. A default whose value does
 * not satisfy the other keywords of the schema it is written on (`type: boolean, default:
 * "false"`) does not: buildModel reads the document without it (documentWithoutDefaults), so
 * no schema of the model carries it and the runtime never inserts it; it warns
 * (SPW_W_INVALID_DEFAULT); and types.ts, which reads the same view of the document, does not
 * type its property as always present (openapi-typescript's `defaultNonNullable` would). JSON
 * Schema 2020-12 Validation §9.2: a default is an annotation, which "SHOULD be valid against the
 * associated schema". A parameter's default applies under further conditions
 * (parameterDefaultApplies), which the validators, the routes and the handler types read from
 * the model.
 */
import { forEachOpenApiObject } from "../load/schema-objects.js";
import { formatPointer, parsePointer, resolvePointer } from "../wire/json-pointer.js";
import type { Parameter } from "./ir.js";
import { normaliseSchema } from "./schemas.js";

/** Whether a schema node's `default` satisfies the node's other keywords (the validators' rule: emit/validators.ts createDefaultCheck). */
export type DefaultCheck = (node: Record<string, unknown>) => boolean;

/**
 * The JSON pointers of the schema objects of a bundled document (as written,
 * `#/components/schemas/Note/properties/pinned`) whose `default` `fits` refuses, sorted. Every
 * Schema Object is judged where it is written (components, the schemas of parameters, headers
 * and media types, and their subschemas: load/schema-objects.ts), and so is every target of an
 * internal `$ref` that sits anywhere else (`#/components/x-shared/Thing`), since the model reads
 * those too. Each node is read as the model reads it, normalised to the 3.1 dialect first (a 3.0
 * `nullable` may move the default into an `anyOf` branch: it is judged against the whole
 * normalised node); in a 3.0 document the siblings of a `$ref` are ignored, as the model ignores them.
 */
export function invalidDefaultsOf(document: unknown, dialect: "3.0" | "3.1", fits: DefaultCheck): string[] {
  const invalid: string[] = [];
  const judged = new Set<string>();
  const references: string[] = [];
  const judge = (node: Record<string, unknown>, pointer: string, place: string): boolean => {
    if (place !== "schema") return false;
    judged.add(pointer);
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#")) references.push(ref);
    if ("default" in node) {
      const normalised = normaliseSchema(node, dialect);
      const candidate = typeof normalised === "object" && !("default" in normalised) ? { ...normalised, default: node["default"] } : normalised;
      if (typeof candidate === "object" && !fits(candidate)) invalid.push(pointer);
    }
    // OpenAPI 3.0.3, Reference Object: properties added beside a `$ref` "SHALL be ignored".
    return dialect === "3.0" && typeof ref === "string";
  };
  forEachOpenApiObject(document, "document", "#", judge);
  while (references.length > 0) {
    const segments = parsePointer(references.pop()!);
    const pointer = formatPointer(segments);
    if (judged.has(pointer)) continue;
    const target = resolvePointer(document, pointer);
    if (target && typeof target === "object") forEachOpenApiObject(target, "schema", pointer, judge);
  }
  return invalid.sort();
}

/**
 * `document` without the `default` keyword of the schema objects at `pointers` (as
 * invalidDefaultsOf returns them): a copy that shares every subtree the removal does not
 * touch. `document` itself is left as it is (openapi.json serves the spec as written). A
 * pointer that leads nowhere is skipped.
 */
export function documentWithoutDefaults<Document>(document: Document, pointers: readonly string[]): Document {
  if (pointers.length === 0) return document;
  const copies = new Set<object>();
  const writable = (node: object): Record<string, unknown> => {
    const copy = (Array.isArray(node) ? [...node] : { ...node }) as Record<string, unknown>;
    copies.add(copy);
    return copy;
  };
  const root = writable(document as object);
  for (const pointer of pointers) {
    let parent = root;
    let reached = true;
    for (const segment of parsePointer(pointer)) {
      const child = Object.hasOwn(parent, segment) ? parent[segment] : undefined;
      if (!child || typeof child !== "object") {
        reached = false;
        break;
      }
      const next = copies.has(child) ? (child as Record<string, unknown>) : writable(child);
      parent[segment] = next;
      parent = next;
    }
    if (reached && !Array.isArray(parent)) delete parent["default"];
  }
  return root as Document;
}

/**
 * Whether the runtime inserts a parameter's `default` when a request leaves the parameter out:
 * the parameter is not required (OpenAPI 3.1 §4.8.12.2: a default is what the server uses "if
 * none is provided", which a required parameter never is, and inserting it would hide the
 * missing value) and the default is written on the parameter's own schema (ajv's `useDefaults`
 * inserts no default found behind a `$ref`). A default that breaks its own schema is not in the
 * model's schemas at all (documentWithoutDefaults).
 */
export function parameterDefaultApplies(parameter: Parameter): boolean {
  const schema = parameter.schema;
  return !parameter.required && typeof schema === "object" && "default" in schema;
}
