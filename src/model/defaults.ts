/**
 * Which `default`s of a document do not apply, decided once for every output: a default whose
 * value does not satisfy the other keywords of the schema it is written on (`type: boolean,
 * default: "false"`). The runtime does not insert it (the validators leave it out, with the
 * warning SPW_W_INVALID_DEFAULT), so types.ts must not type its property as always present
 * (openapi-typescript's `defaultNonNullable` would). JSON Schema 2020-12 Validation §9.2: a
 * default is an annotation, which "SHOULD be valid against the associated schema".
 */
import { forEachSchemaObject } from "../load/schema-objects.js";
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
