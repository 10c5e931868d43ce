import { formatPointer } from "../wire/json-pointer.js";
import type { EnumConstant, NamedSchema } from "./ir.js";
import { enumConstantName, IdentifierAllocator } from "./names.js";

function enumOf(schema: unknown): unknown[] | undefined {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return undefined;
  const values = (schema as Record<string, unknown>)["enum"];
  return Array.isArray(values) && values.length > 0 ? values : undefined;
}

/**
 * The enum constants `generated/enums.ts` exports: for each component schema (spec order) its own
 * `enum`, then the `enum` of each of its direct `properties` (property order). Schemas must be
 * normalised already (model/schemas.ts), so 3.0 `nullable` enums include `null` as their types do.
 * Names come from {@link enumConstantName} and are made unique in that order (`…Values2`).
 */
export function collectEnumConstants(schemas: NamedSchema[]): EnumConstant[] {
  const names = new IdentifierAllocator();
  const constants: EnumConstant[] = [];
  for (const { name, schema, pointer } of schemas) {
    const own = enumOf(schema);
    if (own) constants.push({ identifier: names.allocate(enumConstantName(name)), schema: name, values: own, pointer });
    if (!schema || typeof schema !== "object") continue;
    const properties = schema["properties"];
    if (!properties || typeof properties !== "object" || Array.isArray(properties)) continue;
    for (const [property, propertySchema] of Object.entries(properties as Record<string, unknown>)) {
      const values = enumOf(propertySchema);
      if (!values) continue;
      constants.push({
        identifier: names.allocate(enumConstantName(name, property)),
        schema: name,
        property,
        values,
        pointer: formatPointer(["components", "schemas", name, "properties", property]),
      });
    }
  }
  return constants;
}
