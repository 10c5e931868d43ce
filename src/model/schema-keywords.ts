import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { escapePointerSegment } from "../wire/json-pointer.js";

/** Keywords whose values are data, not schemas: never searched for `pattern` or `format`. */
const dataKeywords = new Set(["example", "examples", "default", "enum", "const"]);
/** Keywords (and OpenAPI maps) whose members are keyed by names, so a member called `example` is a schema. */
const nameMaps = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas", "paths", "responses", "parameters", "headers", "content"]);

/**
 * Checks the schema keywords whose values ajv would reject without saying where (its strict mode
 * throws with no place in the spec), across the whole bundled document, and notes where each
 * `format` is first used.
 *
 * - `pattern` and the keys of `patternProperties` must compile as ECMA-262 regular expressions the
 *   way the validators compile them (without the `u` flag, OpenAPI 3.1 §4.4 / JSON Schema
 *   Validation §6.3.3): `(?i)abc` (an inline flag) or a lone `\` is an SPW_E_PATTERN error at the
 *   keyword's JSON pointer.
 * - `formatPointers` maps each `format` name to the pointer of its first use in document order,
 *   so an unknown format can be reported at a place (SPW_W_UNKNOWN_FORMAT).
 *
 * Data keywords (`example`, `examples`, `default`, `enum`, `const`) and `x-` extensions are not
 * searched. Iterative, so deeply nested documents cannot overflow the stack.
 */
export function checkSchemaKeywords(document: unknown): { problems: Omit<Diagnostic, "file" | "line" | "column">[]; formatPointers: Record<string, string> } {
  const problems: Omit<Diagnostic, "file" | "line" | "column">[] = [];
  const formatPointers: Record<string, string> = {};
  const checkPattern = (pattern: string, pointer: string, what: string): void => {
    try {
      new RegExp(pattern);
    } catch (error) {
      problems.push({
        code: "SPW_E_PATTERN",
        severity: "error",
        pointer,
        message: `${what} ${JSON.stringify(pattern)} is not an ECMA-262 regular expression: ${(error as Error).message}`,
      });
    }
  };
  const stack: { node: unknown; pointer: string; keyedByName: boolean }[] = [{ node: document, pointer: "#", keyedByName: false }];
  while (stack.length > 0) {
    const { node, pointer, keyedByName } = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    const entries: [string, unknown][] = Array.isArray(node) ? node.map((item, index) => [String(index), item]) : Object.entries(node);
    // Pushed in reverse, so nodes are visited in document order (first use wins for formats).
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, value] = entries[index]!;
      const childPointer = `${pointer}/${escapePointerSegment(key)}`;
      if (!Array.isArray(node) && !keyedByName) {
        if (dataKeywords.has(key) || key.startsWith("x-")) continue;
        if (key === "pattern" && typeof value === "string") {
          checkPattern(value, childPointer, "pattern");
          continue;
        }
        if (key === "format" && typeof value === "string") continue;
        if (key === "patternProperties" && value && typeof value === "object" && !Array.isArray(value)) {
          for (const name of Object.keys(value)) checkPattern(name, `${childPointer}/${escapePointerSegment(name)}`, "patternProperties key");
        }
      }
      stack.push({ node: value, pointer: childPointer, keyedByName: !Array.isArray(node) && !keyedByName && nameMaps.has(key) });
    }
    if (!Array.isArray(node) && !keyedByName) {
      const format = (node as Record<string, unknown>)["format"];
      // defineProperty: a format called `__proto__` must be a key, not the prototype.
      if (typeof format === "string" && !Object.hasOwn(formatPointers, format)) {
        Object.defineProperty(formatPointers, format, { value: `${pointer}/format`, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return { problems, formatPointers };
}
