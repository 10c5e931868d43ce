import { astToString, resolveRef, scanDiscriminators, transformSchema, type GlobalContext, type OpenAPI3, type OpenAPITSOptions } from "openapi-typescript";
import ts from "typescript";
import { SpecError } from "../diagnostics/diagnostic.js";
import { escapePointerSegment, parsePointer, resolvePointer } from "../wire/json-pointer.js";
import { someObject } from "../wire/json-walk.js";
import { documentWithoutDefaults } from "../model/defaults.js";
import type { ApiModel, JsonSchema } from "../model/ir.js";
import { mapSchema, normaliseSchema } from "../model/schemas.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { isDateTimeSchema } from "./date-shapes.js";

/**
 * Emits `types.ts`: openapi-typescript's `paths`, `components` and `operations` types for the
 * document. Other emitters refer to them by indexed access (`paths["/books"]["get"]`), so
 * schema-to-type rules live in one place. Throws SpecError SPW_E_TYPESCRIPT when openapi-typescript
 * rejects the document.
 */
export async function emitTypes(model: ApiModel): Promise<GeneratedFile[]> {
  let text: string;
  try {
    // The document as the model reads it, without the defaults that do not apply (the runtime
    // never inserts them, so openapi-typescript's `defaultNonNullable` must not type their
    // properties as always present); openapi-typescript mutates and caches: its own copy.
    const document = structuredClone(documentWithoutDefaults(model.document, model.invalidDefaults));
    dropUnresolvableMappings(document);
    hoistDeepReferences(document);
    normaliseDocumentSchemas(document, model.dialect);
    breakEagerSelfReferences(document);
    const nodes = transformDocument(document as unknown as OpenAPI3, {
      silent: true,
      alphabetize: false,
      ...(model.dateTime === "date" ? { transform: (schema: unknown) => dateTimeAsDate(schema as { [keyword: string]: unknown }) } : {}),
    });
    text = astToString(nodes);
  } catch (error) {
    throw new SpecError([{ code: "SPW_E_TYPESCRIPT", severity: "error", message: `openapi-typescript failed: ${(error as Error).message}` }]);
  }
  return [{ path: "types.ts", text: generatedHeader(model) + "\n" + text }];
}

/**
 * openapi-typescript's `openapiTS(document, options)` without its first step, Redocly's lint and
 * bundle of the document (1.9 s of its 3.5 s of CPU on GitHub's spec): the document handed over is
 * already bundled (load/), checked against the OpenAPI schema (load/validate-document.ts) and by
 * the model, so that step could only stop the run, never change the types. The rest is
 * openapiTS's own: its context with its defaults for every option not given, its discriminator
 * scan, its `$ref` resolution, and `transformSchema` (all public exports of openapi-typescript 7).
 * Returns the TypeScript nodes openapiTS returns; throws what transformSchema throws.
 */
function transformDocument(document: OpenAPI3, options: Pick<OpenAPITSOptions, "silent" | "alphabetize" | "transform">): ReturnType<typeof transformSchema> {
  const context: GlobalContext = {
    additionalProperties: false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(document, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Read only by the lint and bundle step skipped here.
    redoc: undefined as unknown as GlobalContext["redoc"],
    silent: options.silent ?? false,
    inject: undefined,
    transform: options.transform,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(document, $ref, { silent: options.silent ?? false }),
  };
  return transformSchema(document, context);
}

/** openapi-typescript `transform` for `dateTime: "date"`: a date-time string is `Date` (or `Date | null`). */
function dateTimeAsDate(schema: { [keyword: string]: unknown }): ts.TypeNode | undefined {
  if (!isDateTimeSchema(schema)) return undefined;
  const date = ts.factory.createTypeReferenceNode("Date");
  const type = schema["type"];
  return Array.isArray(type) && type.includes("null") ? ts.factory.createUnionTypeNode([date, ts.factory.createLiteralTypeNode(ts.factory.createNull())]) : date;
}

/**
 * Removes `discriminator.mapping` entries that point at nothing in the bundled document (files the
 * bundler never saw, typos). The mapping is only a hint for picking the branch; openapi-typescript
 * would otherwise fail on them. Mapping values are either schema names or `$ref`-style pointers
 * (OpenAPI 3.1 §4.8.25.1).
 */
function dropUnresolvableMappings(document: Record<string, unknown>): void {
  const schemas = ((document["components"] as Record<string, unknown> | undefined)?.["schemas"] ?? {}) as Record<string, unknown>;
  const exists = (value: string): boolean => (value.startsWith("#/") ? resolvePointer(document, value) !== undefined : Object.hasOwn(schemas, value));
  someObject(document, (node) => {
    const discriminator = node["discriminator"] as { mapping?: Record<string, unknown> } | undefined;
    if (discriminator && typeof discriminator === "object" && discriminator.mapping && typeof discriminator.mapping === "object") {
      for (const [key, value] of Object.entries(discriminator.mapping)) {
        if (typeof value !== "string" || !exists(value)) delete discriminator.mapping[key];
      }
    }
  });
}

/**
 * openapi-typescript turns `$ref: "#/components/schemas/A/definitions/B"` into
 * `components["schemas"]["A"]["definitions"]["B"]`, which is not a property of the type, and
 * fails the same way on schemas, parameters, responses and request bodies referenced inside
 * `#/paths/…`. Such targets are copied into their `components` section under a derived name
 * (`A_definitions_B`) and the references rewritten, in the copy of the document handed to
 * openapi-typescript only. References to a schema's
 * `properties/x` are left alone: those index into real properties.
 */
function hoistDeepReferences(document: Record<string, unknown>): void {
  const components = ((document["components"] ??= {}) as Record<string, Record<string, unknown>>);
  const hoisted = new Map<string, { section: string; name: string }>();
  /** Which `components` section a deep reference's copy goes to, or undefined to leave it. */
  const sectionFor = (ref: string): string | undefined => {
    const segments = parsePointer(ref);
    if (segments[0] === "components" && segments[1] === "schemas") {
      // `A/properties/x/properties/y` indexes real properties; anything else does not.
      const deep = segments.slice(3).some((segment, index) => index % 2 === 0 && segment !== "properties") || segments.length % 2 === 0;
      return deep ? "schemas" : undefined;
    }
    if (segments[0] !== "paths" && !(segments[0] === "components" && segments.length > 3)) return undefined;
    if (segments.includes("schema")) return "schemas";
    if (segments.at(-2) === "parameters") return "parameters";
    if (segments.at(-2) === "responses") return "responses";
    if (segments.at(-1) === "requestBody") return "requestBodies";
    return undefined;
  };
  const nameFor = (ref: string, section: string): string => {
    const existing = hoisted.get(ref);
    if (existing) return existing.name;
    const entries = (components[section] ??= {});
    const base = parsePointer(ref).slice(ref.startsWith("#/components/") ? 2 : 0).join("_").replace(/[^A-Za-z0-9_.-]/g, "_");
    let name = base;
    for (let counter = 2; Object.hasOwn(entries, name) || [...hoisted.values()].some((item) => item.section === section && item.name === name); counter++) name = `${base}_${counter}`;
    hoisted.set(ref, { section, name });
    return name;
  };
  const references: Record<string, unknown>[] = [];
  someObject(document, (node) => {
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#/") && sectionFor(ref)) references.push(node);
  });
  // Sorted, so the derived names do not depend on traversal order.
  const targets = [...new Set(references.map((node) => node["$ref"] as string))].sort();
  const copies = new Map<string, unknown>();
  for (const ref of targets) {
    const target = resolvePointer(document, ref);
    if (target !== undefined) copies.set(ref, target);
    nameFor(ref, sectionFor(ref)!);
  }
  // Rewrite first, then copy: references inside a hoisted object must point at hoisted names too.
  for (const node of references) {
    const ref = node["$ref"] as string;
    const place = hoisted.get(ref);
    if (place && copies.has(ref)) node["$ref"] = `#/components/${place.section}/${escapePointerSegment(place.name)}`;
  }
  for (const [ref, target] of copies) {
    const place = hoisted.get(ref)!;
    components[place.section]![place.name] = structuredClone(target);
  }
}

/**
 * Rewrites every schema of the document the way model/schemas.ts normaliseSchema reads it (3.0
 * syntax and sloppy `nullable` forms into 3.1) and marks the copy 3.1, so openapi-typescript reads
 * `nullable` as a union with `null` everywhere (its 3.0 path produces `null & (…)` for `nullable`
 * compositions, which breaks recursive schemas). Types and validators then agree.
 */
function normaliseDocumentSchemas(document: Record<string, unknown>, dialect: "3.0" | "3.1"): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === "schema" && value && typeof value === "object") record[key] = normalise(value);
      else if (key !== "example" && key !== "examples") visit(value);
    }
  };
  const normalise = (schema: unknown): JsonSchema => mapSchema(normaliseSchema(schema, dialect), (node) => referenceSiblingsAsAllOf(withoutDefinitions(node)));
  const components = document["components"] as Record<string, unknown> | undefined;
  const schemas = components?.["schemas"] as Record<string, unknown> | undefined;
  if (schemas) for (const [name, schema] of Object.entries(schemas)) schemas[name] = normalise(schema);
  for (const [key, value] of Object.entries(document)) if (key !== "components") visit(value);
  if (components) for (const [key, value] of Object.entries(components)) if (key !== "schemas") visit(value);
  document["openapi"] = "3.1.0";
}

/**
 * A schema without its `$defs` (JSON Schema 2020-12 §8.2.4) and `definitions` (draft-04): they
 * hold schemas for references, not properties of the instance, yet openapi-typescript 7 types them
 * as a required property of the object (`$defs: { Cat: … }`). Every reference into them has been
 * copied into `components` by hoistDeepReferences before this runs, so nothing is lost.
 */
function withoutDefinitions(node: { [keyword: string]: unknown }): { [keyword: string]: unknown } {
  if (!("$defs" in node) && !("definitions" in node)) return node;
  const { $defs: _defs, definitions: _definitions, ...rest } = node;
  return rest;
}

/** Keywords beside a `$ref` that only annotate; openapi-typescript reads them from the node itself. */
const annotationKeywords = new Set(["description", "summary", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment"]);

/**
 * In 3.1 (JSON Schema 2020-12 §8.2.3.1) a `$ref` applies together with its sibling keywords, but
 * openapi-typescript types a `$ref` node as the target alone. A node with constraining siblings
 * (`{ $ref: Named, required: [nick], properties: {…} }`) becomes `allOf: [{ $ref }, siblings]`,
 * so the type is the intersection the validator checks. 3.0 drops such siblings before this.
 */
function referenceSiblingsAsAllOf(node: { [keyword: string]: unknown }): JsonSchema {
  if (typeof node["$ref"] !== "string") return node;
  const annotations: Record<string, unknown> = {};
  const constraints: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "$ref") continue;
    if (annotationKeywords.has(keyword) || keyword.startsWith("x-")) annotations[keyword] = value;
    else constraints[keyword] = value;
  }
  if (Object.keys(constraints).length === 0) return node;
  return { ...annotations, allOf: [{ $ref: node["$ref"] }, constraints] };
}

/** Keywords whose schemas TypeScript resolves eagerly in openapi-typescript's output (not object members). */
const eagerKeywords = ["oneOf", "anyOf", "allOf", "items", "prefixItems"];

/**
 * A component whose type reaches itself without passing through an object property
 * (`X: string | X[]`, written as `components["schemas"]["X"][]` inside `X`) is a circular type
 * annotation for tsc (TS2502). In the copy handed to openapi-typescript, such a back-reference
 * becomes `{}` (unknown), so the type widens at that point instead of failing. Validators keep the
 * real recursive schema.
 */
function breakEagerSelfReferences(document: Record<string, unknown>): void {
  const schemas = ((document["components"] as Record<string, unknown> | undefined)?.["schemas"] ?? {}) as Record<string, unknown>;
  const prefix = "#/components/schemas/";
  for (const name of Object.keys(schemas)) {
    const self = prefix + escapePointerSegment(name);
    const visit = (node: unknown, seen: Set<string>): unknown => {
      if (!node || typeof node !== "object" || Array.isArray(node)) return node;
      const record = node as Record<string, unknown>;
      const ref = record["$ref"];
      if (typeof ref === "string") {
        if (ref === self) return {};
        if (ref.startsWith(prefix) && !seen.has(ref)) {
          // Follow other components eagerly too (mutual recursion through unions and arrays).
          const target = schemas[parsePointer(ref)[2]!];
          if (target && reaches(target, self, new Set([...seen, ref]))) return {};
        }
        return node;
      }
      for (const keyword of eagerKeywords) {
        const value = record[keyword];
        if (Array.isArray(value)) record[keyword] = value.map((item) => visit(item, seen));
        else if (value && typeof value === "object") record[keyword] = visit(value, seen);
      }
      return node;
    };
    const reaches = (node: unknown, target: string, seen: Set<string>): boolean => {
      if (!node || typeof node !== "object" || Array.isArray(node)) return false;
      const record = node as Record<string, unknown>;
      const ref = record["$ref"];
      if (typeof ref === "string") {
        if (ref === target) return true;
        if (!ref.startsWith(prefix) || seen.has(ref)) return false;
        return reaches(schemas[parsePointer(ref)[2]!], target, new Set([...seen, ref]));
      }
      return eagerKeywords.some((keyword) => {
        const value = record[keyword];
        return Array.isArray(value) ? value.some((item) => reaches(item, target, seen)) : reaches(value, target, seen);
      });
    };
    schemas[name] = visit(schemas[name], new Set([self]));
  }
}
