import { escapePointerSegment, parsePointer, resolvePointer } from "../wire/json-pointer.js";
import { levelsAt, type LintLevels } from "./lint-settings.js";

type SchemaObject = Record<string, unknown>;

/** The request-body rules: each looks at one schema node. */
export type BodyRule = "unbounded-string" | "unbounded-array" | "open-request-body";

/** A request body's schema to walk, with the levels in force at its operation. */
export interface BodySchema {
  /** Pointer of the media type's `schema` (`#/paths/~1books/post/requestBody/content/application~1json/schema`). */
  pointer: string;
  /** How messages name it: `the request body of createBook (application/json)`. */
  name: string;
  levels: LintLevels;
}

/** What one rule found in one schema: a component schema, or an inline body. */
export interface BodyFinding {
  rule: BodyRule;
  /** `schema BookCreate`, or the inline body's name. */
  owner: string;
  /** Pointers of the offending nodes, in document order, and their property paths (`author`, `tags[]`, `(the body itself)`). */
  places: { pointer: string; path: string }[];
}

/**
 * Formats whose strings have a bounded length (JSON Schema Validation 2020-12 §7.3: dates and
 * times of RFC 3339, uuid of RFC 4122, IP addresses): a missing `maxLength` on them is no risk.
 */
const boundedFormats = new Set(["date", "date-time", "time", "uuid", "ipv4", "ipv6", "int32", "int64"]);

const typesOf = (node: SchemaObject): string[] => (typeof node["type"] === "string" ? [node["type"]] : Array.isArray(node["type"]) ? (node["type"] as string[]) : []);
const enumerated = (node: SchemaObject): boolean => Array.isArray(node["enum"]) || Object.hasOwn(node, "const");

/** Whether `node` breaks `rule`; `allOfMember` nodes are closed by the schema that composes them, not by themselves. */
function breaks(rule: BodyRule, node: SchemaObject, allOfMember: boolean): boolean {
  const types = typesOf(node);
  switch (rule) {
    case "unbounded-string":
      return types.includes("string") && node["maxLength"] === undefined && !enumerated(node) && !(typeof node["format"] === "string" && boundedFormats.has(node["format"]));
    case "unbounded-array":
      return (types.includes("array") || (types.length === 0 && node["items"] !== undefined)) && node["maxItems"] === undefined && !enumerated(node);
    case "open-request-body":
      // Only an absent keyword is reported: `additionalProperties: true` or a schema is a decision.
      return !allOfMember && node["properties"] !== undefined && node["additionalProperties"] === undefined && node["unevaluatedProperties"] === undefined && node["allOf"] === undefined;
  }
}

/**
 * Walks the request body schemas of a document for one rule (OWASP API4:2023 for unbounded
 * strings and arrays, API3:2023 for objects open to any property) and returns what it found,
 * one finding per component schema or inline body, so a schema used by many operations, or with
 * many offending properties, gives one warning. `readOnly` properties are skipped (clients do
 * not send them, OpenAPI 3.1 §4.8.24.4). Levels flow down from the operation through `$ref`s:
 * an `x-specwright-lint` on an operation or a schema node turns rules off (or on) for that node
 * and everything it contains or references, so a schema used only by silenced operations is not
 * reported, and one also used by another operation is. Recursive schemas terminate: each `$ref`
 * target is entered once per level in force.
 */
export function lintRequestBodies(
  document: Record<string, unknown>,
  bodies: readonly BodySchema[],
  rule: BodyRule,
  invalid: (pointer: string, message: string) => void,
): BodyFinding[] {
  const findings = new Map<string, BodyFinding>();
  const entered = new Set<string>();
  const visit = (pointer: string, node: unknown, path: string, owner: string, levels: LintLevels, allOfMember: boolean): void => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return;
    const schema = node as SchemaObject;
    const ref = schema["$ref"];
    if (typeof ref === "string" && ref.startsWith("#")) {
      // Entered once per level in force where it is referenced (a schema reached from an
      // operation that silences the rule, and from one that does not, is reported once); only
      // the open-object rule reads whether the node is an allOf member.
      const key = `${ref}\u0000${levels[rule]}${rule === "open-request-body" ? `\u0000${allOfMember}` : ""}`;
      if (entered.has(key)) return;
      entered.add(key);
      const name = /^#\/components\/schemas\/[^/]+$/.test(ref) ? `schema ${parsePointer(ref).at(-1)!}` : `schema ${ref}`;
      visit(ref, resolvePointer(document, ref), "", name, levels, allOfMember);
      return;
    }
    if (schema["readOnly"] === true) return;
    // Below a node that turns the rule off, a deeper x-specwright-lint can turn it on again.
    const here = levelsAt(levels, schema, pointer, invalid);
    if (here[rule] === "warn" && breaks(rule, schema, allOfMember)) {
      const finding = findings.get(owner) ?? { rule, owner, places: [] };
      if (!finding.places.some((place) => place.pointer === pointer)) finding.places.push({ pointer, path: path === "" ? "(the body itself)" : path });
      findings.set(owner, finding);
    }
    const child = (segments: string, value: unknown, childPath: string, member = false): void => visit(`${pointer}/${segments}`, value, childPath, owner, here, member);
    for (const keyword of ["properties", "patternProperties"]) {
      const map = schema[keyword];
      if (!map || typeof map !== "object") continue;
      for (const [name, value] of Object.entries(map)) {
        const childPath = keyword === "properties" ? (path === "" ? name : `${path}.${name}`) : `${path}[${name}]`;
        child(`${keyword}/${escapePointerSegment(name)}`, value, childPath);
      }
    }
    for (const keyword of ["items", "additionalProperties", "unevaluatedProperties", "contains"]) {
      if (schema[keyword] && typeof schema[keyword] === "object") child(keyword, schema[keyword], keyword === "items" || keyword === "contains" ? `${path}[]` : `${path}.*`);
    }
    for (const keyword of ["allOf", "oneOf", "anyOf", "prefixItems"]) {
      const list = schema[keyword];
      if (Array.isArray(list)) list.forEach((value, index) => child(`${keyword}/${index}`, value, keyword === "prefixItems" ? `${path}[${index}]` : path, keyword === "allOf"));
    }
  };
  for (const body of bodies) {
    visit(body.pointer, resolvePointer(document, body.pointer), "", body.name, body.levels, false);
  }
  return [...findings.values()];
}
