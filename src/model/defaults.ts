/**
 * Which `default`s apply, decided once in the model for every output. A default whose value does
 * not satisfy the other keywords of the schema it is written on (`type: boolean, default:
 * "false"`) does not: the runtime does not insert it (the validators leave it out, with the
 * warning SPW_W_INVALID_DEFAULT), so types.ts must not type its property as always present
 * (openapi-typescript's `defaultNonNullable` would). JSON Schema 2020-12 Validation §9.2: a
 * default is an annotation, which "SHOULD be valid against the associated schema". A
 * parameter's default applies under further conditions (parameterDefaultApplies), which the
 * validators, the routes and the handler types read from the model.
 */
import { forEachSchemaObject } from "../load/schema-objects.js";
import type { Parameter } from "./ir.js";
import { normaliseSchema } from "./schemas.js";

/** Whether a schema node's `default` satisfies the node's other keywords (the validators' rule: emit/validators.ts createDefaultCheck). */
export type DefaultCheck = (node: Record<string, unknown>) => boolean;

/**
 * The JSON pointers of the schema objects of a bundled document (as written, `#/components/schemas/Note/properties/pinned`)
 * whose `default` `fits` refuses, sorted. Each schema is read as the validators read it
 * (normalised to the 3.1 dialect first).
 */
export function invalidDefaultsOf(document: unknown, dialect: "3.0" | "3.1", fits: DefaultCheck): string[] {
  const invalid: string[] = [];
  forEachSchemaObject(document, (node, pointer) => {
    if (!("default" in node)) return;
    const schema = normaliseSchema(node, dialect);
    if (typeof schema === "object" && "default" in schema && !fits(schema)) invalid.push(pointer);
  });
  return invalid.sort();
}

/**
 * Whether the runtime inserts a parameter's `default` when a request leaves the parameter out:
 * the parameter is not required (OpenAPI 3.1 §4.8.12.2: a default is what the server uses "if
 * none is provided", which a required parameter never is, and inserting it would hide the
 * missing value), the default is written on the parameter's own schema (ajv's `useDefaults`
 * inserts no default found behind a `$ref`), and `fits` accepts it (without `fits`, every
 * default counts as valid).
 */
export function parameterDefaultApplies(parameter: Parameter, fits?: DefaultCheck): boolean {
  const schema = parameter.schema;
  if (parameter.required || typeof schema !== "object" || !("default" in schema)) return false;
  return fits ? fits(schema) : true;
}
