/**
 * The coercion rule of a parameter, chosen at generate time from its schema and applied by the
 * runtime to the strings it parsed. Browser-safe.
 */

/**
 * How a parameter's raw string(s) become a typed value before validation, derived from its schema.
 * Strict: `integer` accepts only `-?[0-9]+` within ±(2^53−1) (a JavaScript number holds no larger
 * integer exactly), `int64` the same digits within the int64 range, `boolean` only `true`/`false`. `union` tries each option in order; `unknown` keeps the string.
 */
export type Coercion =
  | { type: "string" | "integer" | "number" | "boolean" | "null" | "unknown" }
  /**
   * A `format: int64` integer read exactly, as a `BigInt` within −2^63…2^63−1 (parameters of a
   * spec generated with `int64: "bigint"`; OpenAPI 3.1 §4.4 "Data Type Format").
   */
  | { type: "int64" }
  | { type: "array"; items: Coercion }
  | { type: "object"; properties: Record<string, Coercion>; additional: Coercion }
  | { type: "union"; options: Coercion[] }
  | { type: "json" };

/**
 * How a value with this coercion is laid out in a parameter or header string (OpenAPI 3.1
 * §4.8.12.4): arrays and objects have their own serialisations, and so do unions whose non-null
 * options are all arrays (or all objects); everything else is primitive.
 */
export function parameterShapeOf(coercion: Coercion): "primitive" | "array" | "object" {
  if (coercion.type === "array") return "array";
  if (coercion.type === "object") return "object";
  // A nullable list or map (3.0 `nullable: true`, 3.1 `type: [array, "null"]`) is laid out as
  // the list or map; `null` has no serialisation of its own in these styles.
  // A union with a list option (`oneOf: [string, array of string]`, as GitHub writes filters) is
  // read as a list too: one value is a list of one, which the list option accepts.
  if (coercion.type === "union") {
    const shapes = new Set(coercion.options.filter((option) => option.type !== "null").map(parameterShapeOf));
    if (shapes.has("array")) return "array";
    if (shapes.size === 1) return [...shapes][0]!;
  }
  return "primitive";
}

/** Whether a coercion reads an `int64` as a BigInt somewhere: the value, its list items or a union option. */
export function readsInt64(coercion: Coercion): boolean {
  if (coercion.type === "int64") return true;
  if (coercion.type === "array") return readsInt64(coercion.items);
  if (coercion.type === "union") return coercion.options.some(readsInt64);
  return false;
}

/** Whether the empty string is a value of this coercion's type (a string, or unconstrained). */
export function acceptsEmptyString(coercion: Coercion): boolean {
  if (coercion.type === "union") return coercion.options.some(acceptsEmptyString);
  return coercion.type === "string" || coercion.type === "unknown";
}

/** Whether a scalar value of this coercion can only be an integer (`integer`, or `integer` or null). */
export function acceptsOnlyInteger(coercion: Coercion): boolean {
  if (coercion.type === "union") return coercion.options.every((option) => option.type === "integer" || option.type === "null") && coercion.options.some((option) => option.type === "integer");
  return coercion.type === "integer";
}
