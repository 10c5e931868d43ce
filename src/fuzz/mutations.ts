/**
 * Invalid values that break one constraint of a schema at a time (negative data, as Schemathesis
 * calls it): a wrong type, a bound passed by one, a string one character too short or too long, a
 * pattern or format not matched, a value outside the enum, a required property left out, an
 * undeclared property where `additionalProperties` is false, too few or too many items. Each
 * mutation says which keyword it breaks and where (a JSON pointer inside the value); the oracle
 * confirms the result is invalid before it is sent.
 */
import fc from "fast-check";
import type { JsonSchema } from "../model/ir.js";
import { escapePointerSegment } from "../wire/json-pointer.js";
import { dereferenced, isFlagged, mergeSchemas, typesOf, valueArbitrary, type GenerationContext, type TextChannel } from "./arbitraries.js";

type SchemaObject = { [keyword: string]: unknown };

/** One broken value: the value, the JSON Schema keyword it breaks, and where inside the value. */
export interface Mutation {
  value: unknown;
  keyword: string;
  /** JSON pointer inside the value (`""` for the value itself, `/author` for a property). */
  location: string;
}

/** What a mutation may change. */
export interface MutationOptions {
  /**
   * Whether the value's type may change. Off for parameters whose wire form is a list or a map
   * (the server reads any text as a list or map), and where only text travels and the schema
   * accepts strings (every text is a string).
   */
  changeType: boolean;
  channel: TextChannel;
}

/**
 * An arbitrary of mutations of `schema`, or undefined when it has no constraint to break
 * (`{}`, `true`). Nested properties and items are mutated too, down to a few `$ref`s deep.
 */
export function mutationArbitrary(schema: JsonSchema, context: GenerationContext, options: MutationOptions, depth = 0): fc.Arbitrary<Mutation> | undefined {
  const node = flatten(schema, context);
  if (typeof node === "boolean") return undefined;
  const candidates: fc.Arbitrary<Mutation>[] = [];
  const at = (keyword: string, value: fc.Arbitrary<unknown>): void => {
    candidates.push(value.map((item) => ({ value: item, keyword, location: "" })));
  };
  const types = typesOf(node);
  const number = (keyword: string): number | undefined => (typeof node[keyword] === "number" && Number.isFinite(node[keyword]) ? (node[keyword] as number) : undefined);
  const textOnly = options.channel !== "body";

  if (options.changeType && types.length > 0 && !(textOnly && types.includes("string"))) {
    const wrong = wrongTypeValues(types, textOnly);
    if (wrong.length > 0) at("type", fc.constantFrom(...wrong));
  }
  if (Array.isArray(node["enum"]) && node["enum"].length > 0) {
    const numeric = node["enum"].every((item) => typeof item === "number");
    at("enum", fc.constant(numeric && !textOnly ? 987654321.5 : numeric ? "987654321.5" : "specwright-not-in-enum"));
  }
  if ("const" in node) at("const", fc.constant(typeof node["const"] === "string" ? `${node["const"]}-specwright` : "specwright-not-const"));
  const asText = (value: number): unknown => (textOnly ? String(value) : value);
  const minimum = number("minimum");
  const maximum = number("maximum");
  const integerOnly = types.length > 0 && types.every((type) => type === "integer");
  const step = integerOnly ? 1 : 0.5;
  if (minimum !== undefined) at("minimum", fc.constant(asText(minimum - step)));
  if (maximum !== undefined) at("maximum", fc.constant(asText(maximum + step)));
  if (number("exclusiveMinimum") !== undefined) at("exclusiveMinimum", fc.constant(asText(number("exclusiveMinimum")!)));
  if (number("exclusiveMaximum") !== undefined) at("exclusiveMaximum", fc.constant(asText(number("exclusiveMaximum")!)));
  const multipleOf = number("multipleOf");
  if (multipleOf !== undefined && multipleOf > 0) at("multipleOf", fc.constant(asText((minimum ?? 0) + multipleOf / 2)));
  if (types.includes("integer") || types.includes("number")) {
    // The formats' ranges (OpenAPI 3.1 §4.2): one past int32, and far past int64.
    if (node["format"] === "int32") at("format", fc.constant(asText(2147483648)));
    if (node["format"] === "int64") at("format", fc.constant(textOnly ? "100000000000000000000" : 1e20));
  }
  const minLength = number("minLength");
  const maxLength = number("maxLength");
  if (minLength !== undefined && minLength > 0) at("minLength", fc.constant("x".repeat(minLength - 1)));
  if (maxLength !== undefined && maxLength < 4096) at("maxLength", fc.constant("x".repeat(maxLength + 1)));
  if (typeof node["pattern"] === "string") at("pattern", fc.constantFrom("", "-", "~~", "specwright!", "0"));
  if (typeof node["format"] === "string" && formatsWithWrongValues.has(node["format"])) at("format", fc.constant(`not-a-${node["format"]}`));

  if (types.includes("object")) addObjectMutations(node, context, options, depth, candidates);
  if (types.includes("array")) addArrayMutations(node, context, options, depth, candidates);
  return candidates.length > 0 ? fc.oneof(...candidates) : undefined;
}

/** Formats whose values `not-a-<format>` certainly breaks (JSON Schema Validation 2020-12 §7.3). */
const formatsWithWrongValues = new Set(["date-time", "date", "time", "email", "uuid", "uri", "ipv4", "ipv6", "hostname"]);

/** Values of types the schema does not allow; text channels carry only strings. */
function wrongTypeValues(types: string[], textOnly: boolean): unknown[] {
  if (textOnly) {
    // The caller guarantees strings are not allowed, so a word is never valid; a decimal
    // breaks an integer-only schema.
    return types.includes("integer") && !types.includes("number") ? ["specwright", "1.5"] : ["specwright"];
  }
  const all: [string, unknown][] = [["string", "specwright"], ["integer", 7], ["number", 1.5], ["boolean", true], ["null", null], ["object", {}], ["array", []]];
  return all
    .filter(([type]) => !types.includes(type) && !(type === "integer" && types.includes("number")))
    .map(([, value]) => value);
}

function addObjectMutations(node: SchemaObject, context: GenerationContext, options: MutationOptions, depth: number, candidates: fc.Arbitrary<Mutation>[]): void {
  const valid = valueArbitrary(node, context, options.channel, depth);
  const asObject = (value: unknown): Record<string, unknown> | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  const required = Array.isArray(node["required"]) ? (node["required"] as unknown[]).filter((name): name is string => typeof name === "string") : [];
  const properties = (node["properties"] && typeof node["properties"] === "object" ? node["properties"] : {}) as Record<string, JsonSchema>;
  const hidden = context.side === "request" ? "readOnly" : "writeOnly";
  const requiredHere = required.filter((name) => !(Object.hasOwn(properties, name) && isFlagged(properties[name]!, hidden, context)));
  if (requiredHere.length > 0) {
    candidates.push(
      fc.tuple(valid, fc.constantFrom(...requiredHere)).map(([value, name]) => {
        const object = { ...asObject(value) };
        delete object[name];
        return { value: object, keyword: "required", location: `/${escapePointerSegment(name)}` };
      }),
    );
  }
  if (node["additionalProperties"] === false) {
    candidates.push(valid.map((value) => ({ value: { ...asObject(value), specwrightUndeclared: "x" }, keyword: "additionalProperties", location: "/specwrightUndeclared" })));
  }
  if (depth >= context.maxDepth) return;
  // One property is chosen first, and only its mutations are built (lazily): building every
  // property's, several levels deep, costs the size of the schema graph before the first request.
  const names = Object.entries(properties).filter(([, property]) => !isFlagged(property, hidden, context)).map(([name]) => name);
  if (names.length === 0) return;
  const inner = new Map<string, fc.Arbitrary<Mutation> | undefined>();
  const innerOf = (name: string): fc.Arbitrary<Mutation> | undefined => {
    if (!inner.has(name)) inner.set(name, mutationArbitrary(properties[name]!, context, { ...options, changeType: options.channel === "body" || options.changeType }, depth + 1));
    return inner.get(name);
  };
  candidates.push(
    fc.tuple(valid, fc.constantFrom(...names)).chain(([value, name]): fc.Arbitrary<Mutation> => {
      const mutation = innerOf(name);
      // A property with nothing to break: the value stays valid, and the oracle skips it.
      if (!mutation) return fc.constant({ value, keyword: "none", location: "" });
      return mutation.map((item) => ({ value: { ...asObject(value), [name]: item.value }, keyword: item.keyword, location: `/${escapePointerSegment(name)}${item.location}` }));
    }),
  );
}

function addArrayMutations(node: SchemaObject, context: GenerationContext, options: MutationOptions, depth: number, candidates: fc.Arbitrary<Mutation>[]): void {
  const items = node["items"];
  const itemSchema = (items === undefined ? true : items) as JsonSchema;
  const item = valueArbitrary(itemSchema, context, options.channel, depth);
  const minItems = typeof node["minItems"] === "number" ? node["minItems"] : 0;
  const maxItems = typeof node["maxItems"] === "number" ? node["maxItems"] : undefined;
  if (minItems > 0) candidates.push(fc.array(item, { minLength: minItems - 1, maxLength: minItems - 1 }).map((value) => ({ value, keyword: "minItems", location: "" })));
  if (maxItems !== undefined && maxItems < 64) candidates.push(fc.array(item, { minLength: maxItems + 1, maxLength: maxItems + 1 }).map((value) => ({ value, keyword: "maxItems", location: "" })));
  if (node["uniqueItems"] === true) candidates.push(item.map((value) => ({ value: [value, value], keyword: "uniqueItems", location: "" })));
  if (depth >= context.maxDepth || itemSchema === true) return;
  // An item's type can change even in a parameter list: the list itself stays a list.
  let inner: fc.Arbitrary<Mutation> | undefined | null = null;
  const innerOf = (): fc.Arbitrary<Mutation> | undefined => (inner === null ? (inner = mutationArbitrary(itemSchema, context, { ...options, changeType: true }, depth + 1)) : inner);
  const count = Math.max(1, minItems);
  candidates.push(
    fc.tuple(fc.array(item, { minLength: count - 1, maxLength: count - 1 }), fc.constant(null).chain((): fc.Arbitrary<Mutation> => innerOf() ?? item.map((value) => ({ value, keyword: "none", location: "" })))).map(([rest, mutation]) => ({
      value: [mutation.value, ...rest],
      keyword: mutation.keyword,
      location: `/0${mutation.location}`,
    })),
  );
}

/** The schema with `$ref`s followed and `allOf` merged, so its own keywords can be read. */
function flatten(schema: JsonSchema, context: GenerationContext, depth = 0): JsonSchema {
  const current = dereferenced(schema, context);
  // An allOf that reaches itself through $refs ends here, left to the oracle.
  if (typeof current !== "object" || !Array.isArray(current["allOf"]) || depth > 16) return current;
  const { allOf, ...rest } = current;
  let merged: JsonSchema = rest;
  for (const member of allOf as JsonSchema[]) merged = mergeSchemas(merged, flatten(member, context, depth + 1));
  return merged;
}

