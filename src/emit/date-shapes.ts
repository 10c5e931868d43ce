import type { JsonSchema } from "../model/ir.js";
import type { DateShape } from "../wire/dates.js";

type SchemaObject = { [keyword: string]: unknown };

/**
 * Whether a schema is mapped to `Date` under `dateTime: "date"`: `format: date-time` on
 * `type: string` or `type: [string, null]` (a nullable one is `Date | null`). Types and run-time
 * conversion use this one rule, so they agree.
 */
export function isDateTimeSchema(schema: SchemaObject): boolean {
  if (schema["format"] !== "date-time") return false;
  const type = schema["type"];
  return type === "string" || (Array.isArray(type) && type.includes("string") && type.every((item) => item === "string" || item === "null"));
}

/**
 * Computes {@link DateShape}s (where `format: date-time` strings sit) for the `dateTime: "date"`
 * mapping, at generate time. `$ref`s stay references into one table (`shapes`), filled only
 * for targets that hold a date-time, so recursive schemas terminate and the table stays small.
 */
export class DateShapes {
  /** Shapes of `$ref` targets that hold a date-time, by `$ref` pointer. */
  readonly shapes: Record<string, DateShape> = {};
  private readonly visited = new Set<string>();
  private readonly finished = new Set<string>();

  constructor(private readonly resolve: (ref: string) => JsonSchema | undefined) {}

  /** The shape of a (normalised) schema, or undefined when it holds no date-time. */
  of(schema: JsonSchema | undefined): DateShape | undefined {
    if (!schema || typeof schema !== "object") return undefined;
    const ref = schema["$ref"];
    if (typeof ref === "string") {
      const target = this.reference(ref);
      const { $ref: _ref, ...siblings } = schema;
      const rest = Object.keys(siblings).length > 0 ? this.of(siblings) : undefined;
      return combine([target, rest]);
    }
    if (isDateTimeSchema(schema)) return { kind: "date" };
    const parts: (DateShape | undefined)[] = [];
    const properties = schema["properties"];
    const additional = schema["additionalProperties"];
    if ((properties && typeof properties === "object") || (additional && typeof additional === "object")) {
      const entries = Object.entries((properties ?? {}) as SchemaObject)
        .map(([name, inner]) => [name, this.of(inner as JsonSchema)] as const)
        .filter((entry): entry is readonly [string, DateShape] => entry[1] !== undefined);
      const additionalShape = additional && typeof additional === "object" ? this.of(additional as JsonSchema) : undefined;
      if (entries.length > 0 || additionalShape) parts.push({ kind: "object", properties: entries, ...(additionalShape ? { additional: additionalShape } : {}) });
    }
    const items = schema["items"];
    const prefixItems = Array.isArray(schema["prefixItems"]) ? (schema["prefixItems"] as JsonSchema[]).map((inner) => this.of(inner) ?? null) : undefined;
    const itemsShape = items && typeof items === "object" ? this.of(items as JsonSchema) : undefined;
    if (itemsShape || prefixItems?.some((inner) => inner !== null)) {
      parts.push({ kind: "array", ...(itemsShape ? { items: itemsShape } : {}), ...(prefixItems?.some((inner) => inner !== null) ? { prefixItems } : {}) });
    }
    for (const keyword of ["allOf", "oneOf", "anyOf"]) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) for (const branch of branches) parts.push(this.of(branch as JsonSchema));
    }
    return combine(parts);
  }

  private reference(ref: string): DateShape | undefined {
    if (!this.visited.has(ref)) {
      // Marked first: a recursive reference back to `ref` becomes a `ref` shape, resolved at run time.
      this.visited.add(ref);
      const shape = this.of(this.resolve(ref));
      this.finished.add(ref);
      if (shape) this.shapes[ref] = shape;
      return shape ? { kind: "ref", ref } : undefined;
    }
    // Unfinished means a cycle: kept, since the target may still turn out to hold a date-time.
    return Object.hasOwn(this.shapes, ref) || !this.finished.has(ref) ? { kind: "ref", ref } : undefined;
  }

  /** The table with only the entries that exist (a cycle's reference to a date-free schema resolves to nothing). */
  table(): Record<string, DateShape> {
    return Object.fromEntries(Object.keys(this.shapes).sort().map((ref) => [ref, this.shapes[ref]!]));
  }
}

function combine(parts: (DateShape | undefined)[]): DateShape | undefined {
  const present = parts.filter((part): part is DateShape => part !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { kind: "union", options: present };
}
