import type { SchemaRuleSuffix } from "./rules.js";
import type { SchemaObject, SchemaView } from "./schema-view.js";

/** The same schema in both documents, after `$ref`s are followed and `allOf` merged. */
export interface SchemaPair {
  old: SchemaView;
  new: SchemaView;
}

/** Reports one keyword change: the rule suffix, what changed, and where in each document. */
export type ReportKeyword = (suffix: SchemaRuleSuffix, what: string, oldPointer: string, newPointer: string) => void;

/**
 * Compares the keywords of one schema that constrain a single value: `type` (and 3.0's
 * `nullable`), `format`, `enum`, `const`, `default`, the numeric, length and item bounds, and
 * `pattern` (JSON Schema Validation 2020-12 §6; OpenAPI 3.0.3 §4.7.24 for `nullable` and the
 * boolean `exclusiveMaximum`/`exclusiveMinimum`). Objects, arrays and composition are compared
 * by the walker (schemas.ts).
 */
export function compareKeywords(pair: SchemaPair, report: ReportKeyword): void {
  compareTypes(pair, report);
  compareText(pair, "format", report, { added: "format-added", removed: "format-removed", changed: "format-changed" });
  compareEnum(pair, report);
  compareConst(pair, report);
  compareDefault(pair, report);
  compareBounds(pair, report);
  compareText(pair, "pattern", report, { added: "pattern-added", removed: "pattern-removed", changed: "pattern-changed" });
}

/** Where a keyword is written in a view (the node's pointer when it is absent). */
const at = (view: SchemaView, keyword: string): string => view.keywordPointers.get(keyword) ?? view.pointer;
/** Both sides' pointers of a keyword. */
const both = (pair: SchemaPair, keyword: string): [string, string] => [at(pair.old, keyword), at(pair.new, keyword)];

/** The types a schema allows, with `null` for 3.0's `nullable: true`; undefined when `type` is absent (any type). */
export function typesOf(node: SchemaObject): Set<string> | undefined {
  const type = node["type"];
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? type.filter((item): item is string => typeof item === "string") : undefined;
  if (!types) return undefined;
  const set = new Set(types);
  if (node["nullable"] === true) set.add("null");
  return set;
}

/** Every type of `a` is allowed by `b` (an integer is a number, JSON Schema Validation §6.1.1). */
function covered(a: Set<string>, b: Set<string>): boolean {
  for (const type of a) if (!b.has(type) && !(type === "integer" && b.has("number"))) return false;
  return true;
}

const composite = (view: SchemaView): boolean => view.applicators.has("oneOf") || view.applicators.has("anyOf") || view.keywords["not"] !== undefined;
const listOf = (types: Set<string> | undefined): string => (types ? [...types].join(" | ") : "any type");

function compareTypes(pair: SchemaPair, report: ReportKeyword): void {
  const before = typesOf(pair.old.keywords);
  const after = typesOf(pair.new.keywords);
  const where = both(pair, "type");
  if (!before && !after) return;
  if (!before || !after) {
    // A type given to (or taken from) a schema that only composes others says little on its own.
    if (composite(pair.old) || composite(pair.new)) return;
    report(before ? "type-generalized" : "type-specialized", `type changed from ${listOf(before)} to ${listOf(after)}`, ...where);
    return;
  }
  if (before.size === after.size && [...before].every((type) => after.has(type))) return;
  const withoutNull = (types: Set<string>): Set<string> => new Set([...types].filter((type) => type !== "null"));
  const [plainBefore, plainAfter] = [withoutNull(before), withoutNull(after)];
  if (plainBefore.size === plainAfter.size && [...plainBefore].every((type) => plainAfter.has(type))) {
    report(after.has("null") ? "became-nullable" : "became-not-nullable", after.has("null") ? "became nullable" : "became not nullable", ...where);
    return;
  }
  const widened = covered(before, after);
  const narrowed = covered(after, before);
  const suffix: SchemaRuleSuffix = widened && !narrowed ? "type-generalized" : narrowed && !widened ? "type-specialized" : "type-changed";
  report(suffix, `type changed from ${listOf(before)} to ${listOf(after)}`, ...where);
}

function compareText(pair: SchemaPair, keyword: "format" | "pattern", report: ReportKeyword, suffixes: { added: SchemaRuleSuffix; removed: SchemaRuleSuffix; changed: SchemaRuleSuffix }): void {
  const before = typeof pair.old.keywords[keyword] === "string" ? (pair.old.keywords[keyword] as string) : undefined;
  const after = typeof pair.new.keywords[keyword] === "string" ? (pair.new.keywords[keyword] as string) : undefined;
  if (before === after) return;
  const where = both(pair, keyword);
  if (before === undefined) report(suffixes.added, `${keyword} ${JSON.stringify(after)} was added`, ...where);
  else if (after === undefined) report(suffixes.removed, `${keyword} ${JSON.stringify(before)} was removed`, ...where);
  else report(suffixes.changed, `${keyword} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`, ...where);
}

function compareEnum(pair: SchemaPair, report: ReportKeyword): void {
  const before = Array.isArray(pair.old.keywords["enum"]) ? (pair.old.keywords["enum"] as unknown[]) : undefined;
  const after = Array.isArray(pair.new.keywords["enum"]) ? (pair.new.keywords["enum"] as unknown[]) : undefined;
  if (!before && !after) return;
  const [oldEnum, newEnum] = both(pair, "enum");
  if (!before) {
    report("became-enum", `was restricted to the enum ${JSON.stringify(after)}`, oldEnum, newEnum);
    return;
  }
  if (!after) {
    report("became-not-enum", `is no longer restricted to the enum ${JSON.stringify(before)}`, oldEnum, newEnum);
    return;
  }
  const keysAfter = new Map(after.map((value, index) => [JSON.stringify(value), index]));
  const keysBefore = new Map(before.map((value, index) => [JSON.stringify(value), index]));
  for (const [key, index] of keysBefore) {
    if (!keysAfter.has(key)) report("enum-value-removed", `enum value ${key} was removed`, `${oldEnum}/${index}`, newEnum);
  }
  for (const [key, index] of keysAfter) {
    if (!keysBefore.has(key)) report("enum-value-added", `enum value ${key} was added`, oldEnum, `${newEnum}/${index}`);
  }
}

function compareConst(pair: SchemaPair, report: ReportKeyword): void {
  const has = [Object.hasOwn(pair.old.keywords, "const"), Object.hasOwn(pair.new.keywords, "const")];
  if (!has[0] && !has[1]) return;
  const [before, after] = [JSON.stringify(pair.old.keywords["const"]), JSON.stringify(pair.new.keywords["const"])];
  const where = both(pair, "const");
  if (!has[0]) report("const-added", `const ${after} was added`, ...where);
  else if (!has[1]) report("const-removed", `const ${before} was removed`, ...where);
  else if (before !== after) report("const-changed", `const changed from ${before} to ${after}`, ...where);
}

function compareDefault(pair: SchemaPair, report: ReportKeyword): void {
  const has = [Object.hasOwn(pair.old.keywords, "default"), Object.hasOwn(pair.new.keywords, "default")];
  if (!has[0] && !has[1]) return;
  const [before, after] = [JSON.stringify(pair.old.keywords["default"]), JSON.stringify(pair.new.keywords["default"])];
  const where = both(pair, "default");
  if (!has[0]) report("default-value-added", `default ${after} was added`, ...where);
  else if (!has[1]) report("default-value-removed", `default ${before} was removed`, ...where);
  else if (before !== after) report("default-value-changed", `default changed from ${before} to ${after}`, ...where);
}

/** The bounds of a schema, by rule name, with the keyword each was read from. */
type Bound = "max" | "exclusive-max" | "max-length" | "max-items" | "min" | "exclusive-min" | "min-length" | "min-items";
const boundKeywords: Record<Bound, string> = {
  max: "maximum", "exclusive-max": "exclusiveMaximum", "max-length": "maxLength", "max-items": "maxItems",
  min: "minimum", "exclusive-min": "exclusiveMinimum", "min-length": "minLength", "min-items": "minItems",
};

function boundsOf(view: SchemaView): Map<Bound, { value: number; keyword: string }> {
  const node = view.keywords;
  const bounds = new Map<Bound, { value: number; keyword: string }>();
  for (const [bound, keyword] of Object.entries(boundKeywords) as [Bound, string][]) {
    if (typeof node[keyword] === "number") bounds.set(bound, { value: node[keyword] as number, keyword });
  }
  // OpenAPI 3.0 (JSON Schema draft 5): `exclusiveMaximum: true` makes `maximum` exclusive.
  for (const [flag, exclusive, inclusive] of [["exclusiveMaximum", "exclusive-max", "max"], ["exclusiveMinimum", "exclusive-min", "min"]] as const) {
    const inclusiveBound = bounds.get(inclusive);
    if (node[flag] === true && inclusiveBound) {
      bounds.set(exclusive, { value: inclusiveBound.value, keyword: inclusiveBound.keyword });
      bounds.delete(inclusive);
    }
  }
  return bounds;
}

function compareBounds(pair: SchemaPair, report: ReportKeyword): void {
  const before = boundsOf(pair.old);
  const after = boundsOf(pair.new);
  for (const bound of Object.keys(boundKeywords) as Bound[]) {
    const [was, is] = [before.get(bound), after.get(bound)];
    if (!was && !is) continue;
    const name = boundKeywords[bound];
    const oldPointer = was ? at(pair.old, was.keyword) : pair.old.pointer;
    const newPointer = is ? at(pair.new, is.keyword) : pair.new.pointer;
    if (!was) report(`${bound}-set` as SchemaRuleSuffix, `${name} was set to ${is!.value}`, oldPointer, newPointer);
    else if (!is) report(`${bound}-unset` as SchemaRuleSuffix, `${name} ${was.value} was removed`, oldPointer, newPointer);
    else if (is.value < was.value) report(`${bound}-decreased` as SchemaRuleSuffix, `${name} decreased from ${was.value} to ${is.value}`, oldPointer, newPointer);
    else if (is.value > was.value) report(`${bound}-increased` as SchemaRuleSuffix, `${name} increased from ${was.value} to ${is.value}`, oldPointer, newPointer);
  }
}
