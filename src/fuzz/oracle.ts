/**
 * The fuzzer's judge of validity: a second JSON Schema implementation (@cfworker/json-schema),
 * reading the schemas of the bundled document as written, never the ajv validators under test nor
 * the compiler's normalised model. OpenAPI 3.0 schemas are read with draft 4 semantics (boolean
 * `exclusiveMinimum`), 3.1 schemas as JSON Schema 2020-12 (OpenAPI 3.1 §4.8.24).
 *
 * What OpenAPI adds to JSON Schema is applied here, on a copy, by rules of its own:
 * - 3.0 `nullable: true` adds `null` to the allowed values (OpenAPI 3.0.3 §4.7.24 Fixed Fields);
 * - `readOnly` properties are not part of a request, `writeOnly` ones not of a response: they are
 *   taken out of `required` and may not appear (OpenAPI 3.1 §4.8.24.4, 3.0.3 §4.7.24);
 * - `format: int32`/`int64` bound integers to their two's-complement range (OpenAPI 3.1 §4.2
 *   Data Types); other formats are checked by the
 *   validator's own table, and unknown ones are annotations (JSON Schema Validation 2020-12 §7.2).
 */
import { dereference, validate, type Schema } from "@cfworker/json-schema";
import { mapSubschemasOf, subschemaPlace } from "../json-schema/subschemas.js";
import { parsePointer } from "../wire/json-pointer.js";
import type { JsonSchema } from "../model/ir.js";
import { isFlagged } from "./arbitraries.js";
import { isValid, unicodePattern } from "./patterns.js";

/** Which side of the exchange a value belongs to: requests leave out readOnly, responses writeOnly. */
export type Side = "request" | "response";

/** The first reason a value is invalid: the keyword and where in the value (a JSON pointer). */
export interface OracleError {
  keyword: string;
  instanceLocation: string;
  message: string;
}

/** Decides whether values satisfy the schemas of one document. */
export interface Oracle {
  /**
   * Whether `value` satisfies the schema found at `pointer` (a JSON pointer into the document,
   * `#/paths/~1books/post/requestBody/content/application~1json/schema`, `$ref`s followed on the
   * way) on the given side. A pointer that leads nowhere is a schema that accepts everything.
   */
  isValid(pointer: string, side: Side, value: unknown): boolean;
  /** The first error, or undefined when `value` is valid. */
  firstError(pointer: string, side: Side, value: unknown): OracleError | undefined;
}

type SchemaObject = Record<string, unknown>;


/** Two's-complement and IEEE 754 ranges of the OpenAPI formats (OpenAPI 3.1 §4.2). */
const formatRanges: Record<string, Record<string, number>> = {
  int32: { minimum: -2147483648, maximum: 2147483647 },
  // 2^63 − 1 is not a double; the largest double below 2^63 is the largest int64 a JSON number gives.
  int64: { minimum: -9223372036854775808, exclusiveMaximum: 9223372036854775808 },
};

const base = "https://specwright.invalid/oracle/";

/** OpenAPI and JSON Schema annotations: no effect on validity (JSON Schema Validation 2020-12 §9). */
const annotations = new Set(["example", "examples", "xml", "externalDocs", "discriminator", "title", "description", "deprecated", "$comment", "contentMediaType", "contentEncoding", "contentSchema"]);

/**
 * Creates the oracle of a bundled document. `dialect` is the OpenAPI version's schema dialect:
 * `3.0` (draft 4 plus `nullable`) or `3.1` (2020-12). Schemas are prepared lazily, once per
 * pointer and side, inside this object (nothing is kept at module scope).
 */
export function createOracle(document: unknown, dialect: "3.0" | "3.1"): Oracle {
  const draft = dialect === "3.0" ? "4" : "2020-12";
  const lookup: Record<string, Schema | boolean> = Object.create(null);
  const prepared = new Map<string, string>();

  const schemaAt = (pointer: string): unknown => resolvePointer(document, pointer);
  const references = { resolve: (ref: string) => resolvePointer(document, ref) as JsonSchema | undefined };

  /** The absolute URI of the prepared copy of the schema at `pointer` on `side`. */
  const prepare = (pointer: string, side: Side): string => {
    const key = `${side} ${pointer}`;
    const known = prepared.get(key);
    if (known) return known;
    const uri = `${base}${side}/${prepared.size}`;
    prepared.set(key, uri);
    const raw = schemaAt(pointer);
    const copy = transform(raw === undefined ? true : raw, side, (ref) => prepare(ref, side));
    const root = typeof copy === "boolean" ? (copy ? {} : { not: {} }) : copy;
    dereference({ ...root, $id: uri } as Schema, lookup);
    return uri;
  };

  /** Rewrites one schema node: refs to prepared URIs, OpenAPI's additions as plain JSON Schema. */
  const transform = (node: unknown, side: Side, reference: (pointer: string) => string): SchemaObject | boolean => {
    if (typeof node === "boolean") return node;
    if (!node || typeof node !== "object" || Array.isArray(node)) return true;
    const source = node as SchemaObject;
    if (typeof source["$ref"] === "string" && (source["$ref"] as string).startsWith("#")) {
      const target = { $ref: reference(source["$ref"] as string) };
      // OpenAPI 3.0 ignores the siblings of a $ref (3.0.3 §4.7.24); 3.1 applies them as well.
      if (dialect === "3.0") return target;
      const { $ref: _ref, ...rest } = source;
      return Object.keys(rest).length === 0 ? target : { allOf: [target, transform(rest, side, reference)] };
    }
    const result: SchemaObject = {};
    for (const [keyword, value] of Object.entries(source)) {
      // Identifiers would rebase references; OpenAPI schemas refer by JSON pointer. (`id` is draft
      // 4's identifier, which some specs use as an annotation.)
      if (keyword === "$id" || keyword === "id" || keyword === "$schema" || keyword === "$anchor" || keyword === "$dynamicAnchor") continue;
      // Annotations hold data, which the validator's reference index would walk as schemas.
      if (annotations.has(keyword) || keyword.startsWith("x-")) continue;
      if (subschemaPlace(keyword) !== undefined) result[keyword] = mapSubschemasOf(keyword, value, (subschema) => transform(subschema, side, reference));
      else if (keyword === "pattern" && typeof value === "string") {
        const pattern = unicodePattern(value);
        // A pattern no Unicode-mode engine reads is left to the server; the oracle cannot judge it.
        if (isValid(pattern)) result[keyword] = pattern;
      } else result[keyword] = value;
    }
    // Properties that belong to the other side only: not required here, and not allowed.
    const hidden = side === "request" ? "readOnly" : "writeOnly";
    const properties = source["properties"];
    if (properties && typeof properties === "object") {
      const left: string[] = [];
      for (const [name, property] of Object.entries(properties as SchemaObject)) {
        if (isFlagged(property as JsonSchema, hidden, references)) left.push(name);
      }
      if (left.length > 0) {
        const copied = result["properties"] as SchemaObject;
        for (const name of left) copied[name] = false;
        if (Array.isArray(result["required"])) result["required"] = (result["required"] as unknown[]).filter((name) => !left.includes(name as string));
      }
    }
    const constraints: SchemaObject[] = [];
    const range = typeof source["format"] === "string" ? formatRanges[source["format"] as string] : undefined;
    // The format constrains numbers only (a `type: string, format: int64` holds digits).
    if (range) constraints.push({ anyOf: [{ not: { type: "number" } }, { type: "integer", ...range }] });
    if (source["nullable"] === true && dialect === "3.0") {
      delete result["nullable"];
      const withNull = (schema: SchemaObject | boolean): SchemaObject | boolean => ({ anyOf: [{ type: "null" }, schema] });
      return withNull(constraints.length > 0 ? { allOf: [result, ...constraints] } : result);
    }
    return constraints.length > 0 ? { allOf: [result, ...constraints] } : result;
  };

  const check = (pointer: string, side: Side, value: unknown): OracleError | undefined => {
    // Not a JSON value: nothing on the wire can carry it.
    if (value === undefined || typeof value === "symbol") return { keyword: "type", instanceLocation: "", message: "no value" };
    const uri = prepare(pointer, side);
    const result = validate(value, { $ref: uri } as Schema, draft, lookup, true);
    if (result.valid) return undefined;
    // The deepest error names the keyword that failed, not the $ref or allOf around it.
    const error = result.errors[result.errors.length - 1] ?? result.errors[0]!;
    return { keyword: error.keyword, instanceLocation: error.instanceLocation.replace(/^#/, ""), message: error.error };
  };

  return {
    isValid: (pointer, side, value) => check(pointer, side, value) === undefined,
    firstError: check,
  };
}

/**
 * Follows a JSON pointer (`#/a/b~1c`, RFC 6901) through the document, following `$ref`s met on the
 * way (a Parameter Object that is itself a reference, say). Undefined when it leads nowhere.
 */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let current = document;
  for (const segment of parsePointer(pointer)) {
    current = followReferences(document, current);
    if (!current || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as SchemaObject)[segment];
  }
  return current;
}

function followReferences(document: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!current || typeof current !== "object" || typeof (current as SchemaObject)["$ref"] !== "string") return current;
    const ref = (current as SchemaObject)["$ref"] as string;
    if (!ref.startsWith("#")) return current;
    current = resolvePointer(document, ref);
  }
  return current;
}
