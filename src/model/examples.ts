import { escapePointerSegment } from "../wire/json-pointer.js";
import type { Example } from "./ir.js";
import { resolveReference } from "./schemas.js";

type SpecObject = Record<string, unknown>;

/**
 * The examples of a Media Type Object or Header Object (OpenAPI 3.1 §4.8.14.1, §4.8.21.1): its
 * `examples` map in spec order (each an Example Object, §4.8.19, or a `$ref` to one in
 * `components.examples`), else its single `example` field (the two are mutually exclusive).
 * Example Objects with only an `externalValue` are left out: their value is not in the document.
 * A `$ref` that leads nowhere is left out too (the document's validation reports it).
 * Returns undefined when there is none.
 */
export function examplesOf(holder: SpecObject | undefined, pointer: string, document: unknown): Example[] | undefined {
  if (!holder || typeof holder !== "object") return undefined;
  const examples: Example[] = [];
  const map = holder["examples"];
  if (map && typeof map === "object" && !Array.isArray(map)) {
    for (const [name, raw] of Object.entries(map as SpecObject)) {
      let example = raw;
      if (example && typeof example === "object" && typeof (example as SpecObject)["$ref"] === "string") {
        try {
          example = resolveReference(document, (example as SpecObject)["$ref"] as string);
        } catch {
          continue;
        }
      }
      if (!example || typeof example !== "object" || !Object.hasOwn(example, "value")) continue;
      const object = example as SpecObject;
      examples.push({
        name,
        ...(typeof object["summary"] === "string" ? { summary: object["summary"] } : {}),
        value: object["value"],
        pointer: `${pointer}/examples/${escapePointerSegment(name)}`,
      });
    }
  }
  if (examples.length === 0 && Object.hasOwn(holder, "example") && holder["example"] !== undefined) {
    examples.push({ value: holder["example"], pointer: `${pointer}/example` });
  }
  return examples.length > 0 ? examples : undefined;
}
