/**
 * Schema mistakes that change what the server accepts: the OpenAPI schema lets them through (a
 * 3.1 Schema Object may hold any keyword value), but the validators would then accept everything
 * the author meant to check, or refuse every value the author meant to accept. They are errors,
 * each at the keyword's JSON pointer; with `lenient` they are warnings and the schema is compiled
 * as written (an unknown `type` is then not checked).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { escapePointerSegment } from "../wire/json-pointer.js";
import { forEachSchemaObject } from "./schema-objects.js";

/** The seven types of JSON Schema (JSON Schema Validation 2020-12 §6.1.1; `null` from 3.1 on). */
const jsonSchemaTypes = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

/** A problem found by {@link findSchemaMistakes}, located by the caller. */
export type SchemaMistake = Omit<Diagnostic, "file" | "line" | "column">;

/**
 * Finds, in every Schema Object of a bundled OpenAPI document (schema-objects.ts):
 *
 * - a `type` that is not one of JSON Schema's seven types (`integr`, `date`, an object):
 *   SPW_E_INVALID_TYPE, since the validators cannot check it and would accept any value
 *   (JSON Schema Validation 2020-12 §6.1.1);
 * - a `required` name that `additionalProperties: false` forbids (neither in `properties` nor
 *   matched by a `patternProperties` key): SPW_E_REQUIRED_UNDECLARED, since no object satisfies
 *   both (§6.5.3, JSON Schema Core 2020-12 §10.3.2.3);
 * - a lower bound above its upper bound (`minimum`/`exclusiveMinimum` against
 *   `maximum`/`exclusiveMaximum`, `minLength`/`maxLength`, `minItems`/`maxItems`,
 *   `minProperties`/`maxProperties`) or an empty `enum`, where the type the bound applies to is
 *   allowed: SPW_E_UNSATISFIABLE, since no value of that type satisfies the schema (§6.2–§6.5).
 *
 * With `lenient` the same problems come back as warnings (SPW_W_INVALID_TYPE,
 * SPW_W_REQUIRED_UNDECLARED, SPW_W_UNSATISFIABLE). Data keywords (`example`, `default`, `enum`
 * values) are never read as schemas.
 */
export function findSchemaMistakes(document: unknown, lenient: boolean): SchemaMistake[] {
  const mistakes: SchemaMistake[] = [];
  const report = (error: DiagnosticCode, warning: DiagnosticCode, pointer: string, message: string): void => {
    mistakes.push(lenient
      ? { code: warning, severity: "warning", pointer, message: `${message} (accepted under --lenient)` }
      : { code: error, severity: "error", pointer, message: `${message}; fix the schema, or pass --lenient to accept it` });
  };
  forEachSchemaObject(document, (schema, pointer) => {
    const types = checkType(schema, pointer, report);
    const allows = (type: string): boolean => types === undefined || types.includes(type) || (type === "number" && types.includes("integer"));
    if (allows("object")) checkRequired(schema, pointer, report);
    if (allows("number")) checkNumericBounds(schema, pointer, report);
    for (const [type, lower, upper] of countBounds) {
      if (!allows(type)) continue;
      const minimum = schema[lower];
      const maximum = schema[upper];
      if (typeof minimum === "number" && typeof maximum === "number" && minimum > maximum) {
        report("SPW_E_UNSATISFIABLE", "SPW_W_UNSATISFIABLE", `${pointer}/${lower}`, `${lower} ${minimum} is greater than ${upper} ${maximum}: no ${type} satisfies this schema`);
      }
    }
    if (Array.isArray(schema["enum"]) && schema["enum"].length === 0) {
      report("SPW_E_UNSATISFIABLE", "SPW_W_UNSATISFIABLE", `${pointer}/enum`, "enum lists no value: no value satisfies this schema");
    }
  });
  return mistakes;
}

type Report = (error: DiagnosticCode, warning: DiagnosticCode, pointer: string, message: string) => void;

/** Length, item and property counts: [the type they apply to, lower keyword, upper keyword]. */
const countBounds = [
  ["string", "minLength", "maxLength"],
  ["array", "minItems", "maxItems"],
  ["object", "minProperties", "maxProperties"],
] as const;

/**
 * Reports `type` values that are no JSON Schema type; returns the valid types the schema allows
 * (undefined when it has no `type`, so every type is allowed). 3.0's `nullable` adds nothing here:
 * bounds never apply to null.
 */
function checkType(schema: Record<string, unknown>, pointer: string, report: Report): string[] | undefined {
  const type = schema["type"];
  if (type === undefined) return undefined;
  const listed = Array.isArray(type) ? type : [type];
  const valid: string[] = [];
  listed.forEach((item, index) => {
    if (typeof item === "string" && jsonSchemaTypes.has(item)) {
      valid.push(item);
      return;
    }
    const at = Array.isArray(type) ? `${pointer}/type/${index}` : `${pointer}/type`;
    report("SPW_E_INVALID_TYPE", "SPW_W_INVALID_TYPE", at, `type ${JSON.stringify(item)} is not a JSON Schema type (string, number, integer, boolean, object, array, null): the validators cannot check it, so any value would pass${hint(item)}`);
  });
  // A schema whose only type is invalid is unchecked as written: treat it as allowing everything.
  return valid.length === 0 ? undefined : valid;
}

/** A hint for the usual misspellings of a type. */
function hint(type: unknown): string {
  if (type === "file") return " (Swagger 2.0's `type: file` is `type: string, format: binary` in OpenAPI 3)";
  if (type === "date" || type === "date-time" || type === "datetime") return " (write `type: string, format: date` or `format: date-time`)";
  if (type === "int" || type === "long" || type === "int32" || type === "int64") return " (write `type: integer`, with `format: int32` or `int64`)";
  if (type === "float" || type === "double") return " (write `type: number`, with `format: float` or `double`)";
  if (type === "bool") return " (write `type: boolean`)";
  return "";
}

/** Reports `required` names that `additionalProperties: false` forbids. */
function checkRequired(schema: Record<string, unknown>, pointer: string, report: Report): void {
  if (schema["additionalProperties"] !== false || !Array.isArray(schema["required"])) return;
  const properties = schema["properties"] && typeof schema["properties"] === "object" ? (schema["properties"] as Record<string, unknown>) : {};
  const patterns: RegExp[] = [];
  if (schema["patternProperties"] && typeof schema["patternProperties"] === "object") {
    for (const key of Object.keys(schema["patternProperties"] as object)) {
      try {
        patterns.push(new RegExp(key));
      } catch {
        // An invalid pattern is SPW_E_PATTERN, reported by the model; it matches nothing here.
      }
    }
  }
  schema["required"].forEach((name, index) => {
    if (typeof name !== "string" || Object.hasOwn(properties, name) || patterns.some((pattern) => pattern.test(name))) return;
    const declared = Object.keys(properties);
    report(
      "SPW_E_REQUIRED_UNDECLARED",
      "SPW_W_REQUIRED_UNDECLARED",
      `${pointer}/required/${index}`,
      `property ${JSON.stringify(name)} is required but not declared, and additionalProperties: false forbids it: no object satisfies this schema` +
        (declared.length > 0 ? ` (declared: ${declared.slice(0, 8).map((item) => JSON.stringify(item)).join(", ")}${declared.length > 8 ? ", …" : ""})` : ""),
    );
  });
}

/**
 * Reports numeric bounds that no number satisfies. `exclusiveMinimum`/`exclusiveMaximum` are
 * numbers in 3.1 (JSON Schema 2020-12 §6.2.3) and booleans modifying `minimum`/`maximum` in 3.0
 * (draft 4 §5.1.2), read both ways as the model does.
 */
function checkNumericBounds(schema: Record<string, unknown>, pointer: string, report: Report): void {
  const lowers = bounds(schema, "minimum", "exclusiveMinimum");
  const uppers = bounds(schema, "maximum", "exclusiveMaximum");
  for (const lower of lowers) {
    for (const upper of uppers) {
      const empty = lower.value > upper.value || (lower.value === upper.value && (lower.exclusive || upper.exclusive));
      if (!empty) continue;
      report("SPW_E_UNSATISFIABLE", "SPW_W_UNSATISFIABLE", `${pointer}/${escapePointerSegment(lower.keyword)}`,
        `${lower.keyword} ${lower.value} and ${upper.keyword} ${upper.value} leave no number: no number satisfies this schema`);
      return;
    }
  }
}

/** The lower (or upper) numeric bounds a schema sets, each with whether it excludes its value. */
function bounds(schema: Record<string, unknown>, inclusive: string, exclusive: string): { value: number; exclusive: boolean; keyword: string }[] {
  const flag = schema[exclusive];
  const found: { value: number; exclusive: boolean; keyword: string }[] = [];
  if (typeof schema[inclusive] === "number") found.push({ value: schema[inclusive] as number, exclusive: flag === true, keyword: inclusive });
  if (typeof flag === "number") found.push({ value: flag, exclusive: true, keyword: exclusive });
  return found;
}
