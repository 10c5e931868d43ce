/**
 * Values for a JSON Schema (the 3.1 dialect the model normalises to), as fast-check arbitraries:
 * seeded, and shrinking towards small values when a check fails. Built on fast-check itself
 * rather than a schema faker, because a faker's values neither shrink nor follow fast-check's
 * seed; whether a value is really valid is decided afterwards by the oracle (oracle.ts), so these
 * arbitraries aim at the schema without having to be exact (an `allOf` is merged shallowly, a
 * `not` or a `uniqueItems` of objects is left to the oracle to filter).
 */
import fc from "fast-check";
import type { JsonSchema } from "../model/ir.js";
import { unicodePattern } from "./patterns.js";

type SchemaObject = { [keyword: string]: unknown };

/** Where a generated string travels, which limits its characters. */
export type TextChannel =
  /** A JSON or text body: any Unicode scalar values. */
  | "body"
  /** Path, query or cookie, percent-encoded on the way: any Unicode scalar values. */
  | "url"
  /** A header value: visible ASCII without commas, no leading or trailing space (RFC 9110 §5.5). */
  | "header";

/** What value generation needs besides the schema. */
export interface GenerationContext {
  /** The normalised schema a `$ref` names, or undefined when it names nothing known. */
  resolve(ref: string): JsonSchema | undefined;
  /** Requests leave out readOnly properties, responses writeOnly ones (OpenAPI 3.1 §4.8.24.4). */
  side: "request" | "response";
  /** How many `$ref`s deep optional properties and array items are still generated. */
  maxDepth: number;
  /** Arbitraries built so far, per schema object and channel (one run's, never module-wide). */
  memo: WeakMap<object, Map<string, fc.Arbitrary<unknown>>>;
  /**
   * Take a schema's own `examples` (JSON Schema Validation 2020-12 §9.5), OpenAPI 3.0 `example`
   * or `default` when it has one, instead of generating (for mock responses people read). Default false.
   */
  preferExamples?: boolean;
  /** Body strings of ASCII letters, digits and spaces only (for mock responses people read). Default false. */
  readableText?: boolean;
}

/** A fresh context for one fuzz run. */
export function createGenerationContext(resolve: (ref: string) => JsonSchema | undefined, side: "request" | "response" = "request"): GenerationContext {
  return { resolve, side, maxDepth: 3, memo: new WeakMap() };
}

/**
 * An arbitrary built on first use. Nested schemas (properties, items, union branches) are built
 * lazily, so the cost of building follows the values generated, not the size of the schema graph:
 * eagerly, a spec whose objects hold many `$ref` properties (Zuora's) would build them all,
 * several levels deep, before the first request.
 */
export function lazy<T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let built: fc.Arbitrary<T> | undefined;
  return fc.constant(null).chain(() => (built ??= build()));
}

/** The marker a branch that can produce nothing valid (`false`, an empty enum) yields; the fuzzer skips it. */
export const unsatisfiable: unique symbol = Symbol("unsatisfiable");

const headerCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*'()";
const headerCharacter = fc.constantFrom(...headerCharacters);

/**
 * An arbitrary of values for `schema`. `depth` counts the `$ref`s followed so far: past
 * `context.maxDepth`, objects get their required properties only and arrays their fewest items,
 * so recursive schemas end.
 */
export function valueArbitrary(schema: JsonSchema, context: GenerationContext, channel: TextChannel = "body", depth = 0): fc.Arbitrary<unknown> {
  if (schema === true) return anyValue(channel);
  if (schema === false) return fc.constant(unsatisfiable);
  // Unions of recursive schemas build a new merged schema per branch, which no memo entry
  // matches: a hard depth bound ends them (an optional branch that deep is rarely needed).
  if (depth > context.maxDepth + 3) return fc.constant(unsatisfiable);
  const key = `${channel} ${Math.min(depth, context.maxDepth + 1)}`;
  let perSchema = context.memo.get(schema);
  const known = perSchema?.get(key);
  if (known) return known;
  // Recursive schemas reach themselves while their arbitrary is being built: a lazy arbitrary
  // that reads the finished one on first use breaks the cycle.
  let built: fc.Arbitrary<unknown> | undefined;
  const deferred = lazy(() => built!);
  if (!perSchema) context.memo.set(schema, (perSchema = new Map()));
  perSchema.set(key, deferred);
  built = buildArbitrary(schema, context, channel, depth);
  perSchema.set(key, built);
  return built;
}

function buildArbitrary(schema: SchemaObject, context: GenerationContext, channel: TextChannel, depth: number): fc.Arbitrary<unknown> {
  if (typeof schema["$ref"] === "string") {
    const target = context.resolve(schema["$ref"]);
    const { $ref: _ref, ...siblings } = schema;
    if (target === undefined) return anyValue(channel);
    const merged = Object.keys(siblings).length > 0 ? mergeSchemas(siblings, target) : target;
    return valueArbitrary(merged, context, channel, depth + 1);
  }
  if (context.preferExamples) {
    if (Array.isArray(schema["examples"]) && schema["examples"].length > 0) return fc.constantFrom(...(schema["examples"] as unknown[]));
    if (schema["example"] !== undefined) return fc.constant(schema["example"]);
    if (schema["default"] !== undefined) return fc.constant(schema["default"]);
  }
  if (Array.isArray(schema["enum"])) {
    const values = schema["enum"] as unknown[];
    return values.length > 0 ? fc.constantFrom(...values) : fc.constant(unsatisfiable);
  }
  if ("const" in schema) return fc.constant(schema["const"]);
  if (Array.isArray(schema["allOf"])) {
    const { allOf, ...rest } = schema;
    let merged: JsonSchema = rest;
    for (const member of allOf as JsonSchema[]) merged = mergeSchemas(merged, dereferenced(member, context));
    // A member's own allOf is merged on the next level; counting it as depth ends cycles of them.
    return valueArbitrary(merged, context, channel, depth + 1);
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(schema[keyword]) && (schema[keyword] as unknown[]).length > 0) {
      const { [keyword]: branches, ...rest } = schema;
      const options = (branches as JsonSchema[]).map((branch) => lazy(() => valueArbitrary(mergeSchemas(rest, branch), context, channel, depth)));
      return fc.oneof(...options);
    }
  }
  if (schema["not"] !== undefined) {
    // The oracle filters out values the `not` forbids.
    const { not: _not, ...rest } = schema;
    return valueArbitrary(rest, context, channel, depth);
  }
  const types = typesOf(schema);
  if (types.length === 0) return anyValue(channel);
  const options = types.map((type) => typedArbitrary(type, schema, context, channel, depth));
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

/** The types a schema allows: its `type`, or what its keywords imply. */
export function typesOf(schema: SchemaObject): string[] {
  const type = schema["type"];
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === "string");
  if (schema["properties"] !== undefined || schema["required"] !== undefined || schema["additionalProperties"] !== undefined) return ["object"];
  if (schema["items"] !== undefined || schema["prefixItems"] !== undefined) return ["array"];
  if (schema["minLength"] !== undefined || schema["maxLength"] !== undefined || schema["pattern"] !== undefined) return ["string"];
  if (schema["minimum"] !== undefined || schema["maximum"] !== undefined || schema["multipleOf"] !== undefined) return ["number"];
  return [];
}

function typedArbitrary(type: string, schema: SchemaObject, context: GenerationContext, channel: TextChannel, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return integerArbitrary(schema);
    case "number":
      return numberArbitrary(schema);
    case "string":
      return stringArbitrary(schema, channel, context.readableText === true);
    case "array":
      return arrayArbitrary(schema, context, channel, depth);
    case "object":
      return objectArbitrary(schema, context, channel, depth);
    default:
      return fc.constant(unsatisfiable);
  }
}

function numberOf(schema: SchemaObject, keyword: string): number | undefined {
  const value = schema[keyword];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function integerArbitrary(schema: SchemaObject): fc.Arbitrary<unknown> {
  const exclusiveMinimum = numberOf(schema, "exclusiveMinimum");
  const exclusiveMaximum = numberOf(schema, "exclusiveMaximum");
  const lowest = numberOf(schema, "minimum") ?? (exclusiveMinimum !== undefined ? Math.floor(exclusiveMinimum) + 1 : undefined);
  const highest = numberOf(schema, "maximum") ?? (exclusiveMaximum !== undefined ? Math.ceil(exclusiveMaximum) - 1 : undefined);
  // An open side is a million past the other bound (or ±1e6), so one bound alone never empties the range.
  const minimum = Math.max(lowest ?? (highest !== undefined ? highest - 1e6 : -1e6), exclusiveMinimum !== undefined ? Math.floor(exclusiveMinimum) + 1 : -Infinity, Number.MIN_SAFE_INTEGER);
  const maximum = Math.min(highest ?? (lowest !== undefined ? lowest + 1e6 : 1e6), exclusiveMaximum !== undefined ? Math.ceil(exclusiveMaximum) - 1 : Infinity, Number.MAX_SAFE_INTEGER);
  const lower = Math.ceil(minimum);
  const upper = Math.floor(maximum);
  if (lower > upper) return fc.constant(unsatisfiable);
  const step = numberOf(schema, "multipleOf");
  if (step !== undefined && step > 0 && Number.isInteger(step)) {
    const first = Math.ceil(lower / step);
    const last = Math.floor(upper / step);
    return first > last ? fc.constant(unsatisfiable) : fc.integer({ min: first, max: last }).map((multiple) => multiple * step);
  }
  return fc.integer({ min: lower, max: upper });
}

function numberArbitrary(schema: SchemaObject): fc.Arbitrary<unknown> {
  const exclusiveMinimum = numberOf(schema, "exclusiveMinimum");
  const exclusiveMaximum = numberOf(schema, "exclusiveMaximum");
  const lower = numberOf(schema, "minimum") ?? exclusiveMinimum;
  const upper = numberOf(schema, "maximum") ?? exclusiveMaximum;
  const minimum = lower ?? (upper !== undefined ? upper - 1e9 : -1e9);
  const maximum = upper ?? (lower !== undefined ? lower + 1e9 : 1e9);
  if (minimum > maximum) return fc.constant(unsatisfiable);
  const step = numberOf(schema, "multipleOf");
  if (step !== undefined && step > 0) {
    const first = Math.ceil(minimum / step);
    const last = Math.floor(maximum / step);
    if (first > last) return fc.constant(unsatisfiable);
    return fc.integer({ min: Math.max(first, -1e6), max: Math.min(last, 1e6) }).map((multiple) => multiple * step);
  }
  return fc.oneof(
    integerArbitrary({ ...schema, multipleOf: undefined }),
    fc.double({ min: minimum, max: maximum, noNaN: true, noDefaultInfinity: true, minExcluded: exclusiveMinimum !== undefined, maxExcluded: exclusiveMaximum !== undefined }).filter((value) => !Object.is(value, -0)),
  );
}

/** Strings of a format, written as the format's RFC spells them. */
function formatArbitrary(format: string): fc.Arbitrary<string> | undefined {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
  const instant = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true });
  switch (format) {
    case "date-time":
      return instant.map((date) => date.toISOString().replace(/\.000Z$/, "Z"));
    case "date":
      return instant.map((date) => date.toISOString().slice(0, 10));
    case "time":
      return instant.map((date) => date.toISOString().slice(11, 19) + "Z");
    case "email":
    case "idn-email":
      return fc.tuple(label, label).map(([user, domain]) => `${user}@${domain}.example`);
    case "uuid":
      return fc.uuid();
    case "uri":
    case "url":
    case "iri":
      return fc.tuple(label, label).map(([host, path]) => `https://${host}.example/${path}`);
    case "uri-reference":
    case "iri-reference":
      return label.map((path) => `/${path}`);
    case "hostname":
    case "idn-hostname":
      return fc.tuple(label, label).map(([host, domain]) => `${host}.${domain}.example`);
    case "ipv4":
      return fc.ipV4();
    case "ipv6":
      return fc.ipV6();
    case "byte":
      return fc.uint8Array({ maxLength: 24 }).map((bytes) => btoa(String.fromCharCode(...bytes)));
    case "int32":
    case "int64":
      return fc.integer({ min: -1e6, max: 1e6 }).map(String);
    default:
      return undefined;
  }
}

const readableCharacter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ");

function stringArbitrary(schema: SchemaObject, channel: TextChannel, readable: boolean): fc.Arbitrary<unknown> {
  const minLength = Math.max(0, numberOf(schema, "minLength") ?? 0);
  const maxLength = Math.min(numberOf(schema, "maxLength") ?? Infinity, minLength + 16);
  if (minLength > maxLength) return fc.constant(unsatisfiable);
  const format = typeof schema["format"] === "string" ? formatArbitrary(schema["format"]) : undefined;
  if (format) return format;
  if (typeof schema["pattern"] === "string") {
    try {
      // A header carries visible ASCII only (RFC 9110 §5.5); other pattern strings become "unsatisfiable" there.
      if (channel === "header") return fc.stringMatching(new RegExp(unicodePattern(schema["pattern"]), "u"), { size: "xsmall" }).map((text) => (/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$|^$/.test(text) && !text.includes(",") ? text : unsatisfiable));
      return fc.stringMatching(new RegExp(unicodePattern(schema["pattern"]), "u"), { size: "xsmall" });
    } catch {
      // A pattern fast-check cannot read: plain strings, of which the oracle keeps the matching ones.
    }
  }
  if (channel === "header") return fc.string({ unit: headerCharacter, minLength, maxLength });
  if (readable) return fc.string({ unit: readableCharacter, minLength, maxLength });
  // Code points, as minLength and maxLength count them (JSON Schema Validation 2020-12 §6.3.1).
  return fc.string({ unit: "binary", minLength, maxLength });
}

function arrayArbitrary(schema: SchemaObject, context: GenerationContext, channel: TextChannel, depth: number): fc.Arbitrary<unknown> {
  const minItems = Math.max(0, numberOf(schema, "minItems") ?? 0);
  const deep = depth > context.maxDepth;
  const maxItems = Math.min(numberOf(schema, "maxItems") ?? Infinity, deep ? minItems : minItems + 3);
  if (minItems > maxItems) return fc.constant(unsatisfiable);
  const prefix = Array.isArray(schema["prefixItems"]) ? (schema["prefixItems"] as JsonSchema[]) : [];
  const items = (schema["items"] ?? true) as JsonSchema;
  const item = items === false && prefix.length === 0 ? fc.constant(unsatisfiable) : lazy(() => valueArbitrary(items === false ? true : items, context, channel, depth));
  if (prefix.length > 0) {
    const head = fc.tuple(...prefix.map((member) => valueArbitrary(member, context, channel, depth)));
    const tail = items === false ? fc.constant([] as unknown[]) : fc.array(item, { maxLength: Math.max(0, maxItems - prefix.length) });
    return fc.tuple(head, tail).map(([first, rest]) => [...first, ...rest]);
  }
  if (schema["uniqueItems"] === true) return fc.uniqueArray(item, { minLength: minItems, maxLength: maxItems, selector: (value) => stableText(value) });
  return fc.array(item, { minLength: minItems, maxLength: maxItems });
}

function objectArbitrary(schema: SchemaObject, context: GenerationContext, channel: TextChannel, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema["properties"] && typeof schema["properties"] === "object" ? schema["properties"] : {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema["required"]) ? (schema["required"] as unknown[]).filter((name): name is string => typeof name === "string") : []);
  const hidden = context.side === "request" ? "readOnly" : "writeOnly";
  const deep = depth > context.maxDepth;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (isFlagged(property, hidden, context)) continue;
    if (deep && !required.has(name)) continue;
    fields[name] = lazy(() => valueArbitrary(property, context, channel, depth));
    if (required.has(name)) requiredKeys.push(name);
  }
  const additional = schema["additionalProperties"];
  // Required names that no property declares take the additionalProperties schema.
  for (const name of required) {
    if (Object.hasOwn(fields, name) || Object.hasOwn(properties, name)) continue;
    fields[name] = valueArbitrary(additional && typeof additional === "object" ? (additional as JsonSchema) : true, context, channel, depth);
    requiredKeys.push(name);
  }
  const record = fc.record(fields, { requiredKeys, noNullPrototype: true });
  if (!additional || typeof additional !== "object" || deep) return record;
  const extra = fc.dictionary(
    fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/).filter((name) => !Object.hasOwn(properties, name) && name !== "__proto__"),
    valueArbitrary(additional as JsonSchema, context, channel, depth),
    { maxKeys: 2, noNullPrototype: true },
  );
  return fc.tuple(record, extra).map(([declared, rest]) => ({ ...rest, ...declared }));
}

/** Whether a property is readOnly/writeOnly itself or through the schema its `$ref` names. */
export function isFlagged(property: JsonSchema, flag: "readOnly" | "writeOnly", context: Pick<GenerationContext, "resolve">): boolean {
  let current: JsonSchema | undefined = property;
  for (let hops = 0; hops < 16 && current && typeof current === "object"; hops++) {
    if (current[flag] === true) return true;
    if (Array.isArray(current["allOf"]) && (current["allOf"] as JsonSchema[]).some((member) => isFlagged(member, flag, context))) return true;
    if (typeof current["$ref"] !== "string") return false;
    current = context.resolve(current["$ref"]);
  }
  return false;
}

/** The schema a chain of `$ref`s leads to, each hop's siblings merged in; `true` when a reference names nothing known. */
export function dereferenced(schema: JsonSchema, context: Pick<GenerationContext, "resolve">): JsonSchema {
  let current = schema;
  for (let hops = 0; hops < 16 && typeof current === "object" && typeof current["$ref"] === "string"; hops++) {
    const { $ref, ...siblings } = current;
    const target = context.resolve($ref as string);
    if (target === undefined) return true;
    current = Object.keys(siblings).length > 0 ? mergeSchemas(siblings, target) : target;
  }
  return current;
}

/**
 * A shallow intersection of two schemas, good enough to aim generation at an `allOf`: types
 * intersected, properties and `required` united (a property in both becomes an `allOf`), the
 * tighter of each bound. What it gets wrong the oracle filters out.
 */
export function mergeSchemas(left: JsonSchema, right: JsonSchema): JsonSchema {
  if (left === false || right === false) return false;
  if (left === true) return right;
  if (right === true) return left;
  const result: SchemaObject = { ...left };
  for (const [keyword, value] of Object.entries(right)) {
    const mine = result[keyword];
    if (mine === undefined) {
      result[keyword] = value;
      continue;
    }
    switch (keyword) {
      case "type": {
        const a = Array.isArray(mine) ? mine : [mine];
        const b = Array.isArray(value) ? value : [value];
        const both = a.filter((item) => b.includes(item) || (item === "integer" && b.includes("number")));
        const extra = b.filter((item) => item === "integer" && a.includes("number"));
        result[keyword] = [...new Set([...both, ...extra])];
        break;
      }
      case "properties":
        result[keyword] = { ...(mine as SchemaObject) };
        for (const [name, property] of Object.entries(value as SchemaObject)) {
          const existing = (result[keyword] as SchemaObject)[name];
          (result[keyword] as SchemaObject)[name] = existing === undefined ? property : { allOf: [existing, property] };
        }
        break;
      case "required":
        result[keyword] = [...new Set([...(mine as unknown[]), ...(value as unknown[])])];
        break;
      case "minimum": case "exclusiveMinimum": case "minLength": case "minItems": case "minProperties":
        result[keyword] = Math.max(mine as number, value as number);
        break;
      case "maximum": case "exclusiveMaximum": case "maxLength": case "maxItems": case "maxProperties":
        result[keyword] = Math.min(mine as number, value as number);
        break;
      case "enum":
        result[keyword] = (mine as unknown[]).filter((item) => (value as unknown[]).some((other) => stableText(other) === stableText(item)));
        break;
      case "allOf":
        result[keyword] = [...(mine as unknown[]), ...(value as unknown[])];
        break;
      default:
        // Two different values of another keyword (two patterns, say): the left one aims the
        // generation; the oracle rejects what breaks the right one.
        break;
    }
  }
  return result;
}

function anyValue(channel: TextChannel): fc.Arbitrary<unknown> {
  const text = channel === "header" ? fc.string({ unit: headerCharacter, minLength: 1, maxLength: 8 }) : fc.string({ maxLength: 8 });
  if (channel !== "body") return text;
  return fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
}

/** JSON text with object keys sorted: equal for values JSON Schema calls equal. */
export function stableText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item as SchemaObject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}
