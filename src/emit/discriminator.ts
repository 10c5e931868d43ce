import type { JsonSchema } from "../model/ir.js";

type SchemaObject = { [keyword: string]: unknown };

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The `discriminator` ajv can compile for a schema node (ajv option `discriminator: true`), or
 * undefined when it cannot, and the node is then validated as the plain `oneOf` it sits on.
 *
 * ajv's rules (ajv/lib/vocabularies/discriminator): the node has `oneOf`; each branch, or the
 * schema a branch's pure `$ref` points at (one level, resolved by `resolveReference`), has
 * `properties/<propertyName>` with a non-empty string `const` or an `enum` of strings; the values
 * are unique across branches; the property is required at the node or in every branch. `mapping`
 * is not supported by ajv: it is left out, which changes nothing, since ajv then picks the branch
 * by the `const`/`enum` values the mapping names anyway. Values that are `Object.prototype` names
 * (`constructor`, `__proto__`) are refused, because ajv looks values up with `in`.
 * OpenAPI 3.1 §4.8.25 (Discriminator Object).
 */
export function ajvDiscriminator(node: SchemaObject, resolveReference: (ref: string) => JsonSchema | undefined): { propertyName: string } | undefined {
  const discriminator = node["discriminator"];
  const branches = node["oneOf"];
  if (!isObject(discriminator) || !Array.isArray(branches) || branches.length === 0) return undefined;
  const propertyName = discriminator["propertyName"];
  if (typeof propertyName !== "string") return undefined;
  const requiredHere = (schema: SchemaObject): boolean => Array.isArray(schema["required"]) && schema["required"].includes(propertyName);
  const requiredAtTop = requiredHere(node);
  const seen = new Set<string>();
  for (const raw of branches) {
    let branch: unknown = raw;
    if (isObject(branch) && typeof branch["$ref"] === "string") {
      if (Object.keys(branch).length !== 1) return undefined;
      branch = resolveReference(branch["$ref"]);
    }
    if (!isObject(branch) || !isObject(branch["properties"])) return undefined;
    if (!requiredAtTop && !requiredHere(branch)) return undefined;
    const tag = (branch["properties"] as SchemaObject)[propertyName];
    if (!isObject(tag)) return undefined;
    const values = typeof tag["const"] === "string" && tag["const"] !== "" ? [tag["const"]] : tag["const"] === undefined ? tag["enum"] : undefined;
    if (!Array.isArray(values) || values.length === 0) return undefined;
    for (const value of values) {
      if (typeof value !== "string" || value in {} || seen.has(value)) return undefined;
      seen.add(value);
    }
  }
  return { propertyName };
}
