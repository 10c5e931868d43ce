/**
 * The schemas the validators are compiled from (emit/validators.ts): the model's schemas read as
 * ajv must read them for each side of the wire (OpenAPI 3.1 §4.8.24.4, readOnly and writeOnly),
 * with `$ref`s pointing at ids in one ajv instance, and the export each of the model's
 * validator names gets.
 */
import { SpecError } from "../diagnostics/diagnostic.js";
import type { ApiModel, JsonSchema, MultipartDefinition, Operation, ParameterLocation } from "../model/ir.js";
import { forEachReference, mapSchema, markReferrers } from "../model/schemas.js";
import { ajvDiscriminator } from "./discriminator.js";

/**
 * The `$id`s the `$ref` targets get in the validator module: `https://specwright.invalid/schema/<n>`,
 * numbered in pointer order (deterministic). Plain numbers avoid URI normalisation surprises with
 * the characters real pointers hold (`~1`, `%`, `{}`, dots, dashes).
 */
function schemaIds(model: ApiModel): Map<string, string> {
  return new Map(Object.keys(model.referencedSchemas).map((ref, index) => [ref, `https://specwright.invalid/schema/${index}`]));
}

/**
 * The keywords left out of every schema the validators compile (and of the schemas the rule for
 * defaults compiles, createDefaultCheck), besides `x-` extensions. Annotations (JSON Schema
 * 2020-12 §9 meta-data: title, description, deprecated, examples) generate no validation code,
 * but ajv's standalone output copies each function's schema as a constant, prose included, and
 * they keep otherwise equal schemas from sharing a function. `discriminator` is not here:
 * toAjvSchema keeps it where ajv can use it. `writeOnly` only matters to `required` per view
 * (viewRequired), decided before this list applies.
 */
export const droppedKeywords: ReadonlySet<string> = new Set(["example", "xml", "externalDocs", "$schema", "$id", "$anchor", "$dynamicAnchor", "$comment",
  "title", "description", "deprecated", "examples", "writeOnly"]);

/**
 * Which side of the wire a validator checks (OpenAPI 3.1 §4.8.24.4, readOnly and writeOnly):
 * in the `request` view a readOnly property is not required and must not be sent (the
 * `readOnly` keyword fails when it is present); in the `response` view (also used for
 * parameters and headers) a writeOnly property is not required, since it is never sent.
 */
type SchemaView = "request" | "response";

/** The `required` list of an object schema without the properties its view leaves out. */
function viewRequired(node: Record<string, unknown>, view: SchemaView): unknown {
  const required = node["required"];
  const properties = node["properties"];
  if (!Array.isArray(required) || !properties || typeof properties !== "object") return required;
  const flag = view === "request" ? "readOnly" : "writeOnly";
  return required.filter((name) => {
    const property = typeof name === "string" && Object.hasOwn(properties, name) ? (properties as Record<string, unknown>)[name] : undefined;
    return !(property && typeof property === "object" && (property as Record<string, unknown>)[flag] === true);
  });
}

/** Whether a schema's own nodes (not its references) read differently in the two views. */
function differsByView(schema: JsonSchema): boolean {
  let differs = false;
  mapSchema(schema, (node) => {
    if (node["readOnly"] === true) differs = true;
    const required = node["required"];
    if (Array.isArray(required) && (viewRequired(node, "request") as unknown[]).length !== required.length) differs = true;
    if (Array.isArray(required) && (viewRequired(node, "response") as unknown[]).length !== required.length) differs = true;
    return node;
  });
  return differs;
}

/**
 * The ids request-view validators refer to: a schema that differs by view, or references one
 * that does (transitively), gets its own request-view copy (`…/request-schema/<n>`); every
 * other schema is shared by both views.
 */
function requestViewIds(model: ApiModel, ids: Map<string, string>): Map<string, string> {
  const differing = new Set<string>();
  const references = new Map<string, string[]>();
  for (const [ref, schema] of Object.entries(model.referencedSchemas)) {
    if (differsByView(schema)) differing.add(ref);
    const targets: string[] = [];
    forEachReference(schema, (target) => targets.push(target));
    references.set(ref, targets);
  }
  markReferrers(differing, references);
  return new Map([...ids].map(([ref, id]) => [ref, differing.has(ref) ? id.replace("/schema/", "/request-schema/") : id]));
}

/** The `$ref` targets request bodies reach, directly or through other schemas. */
function reachableFromRequestBodies(model: ApiModel): Set<string> {
  const reached = new Set<string>();
  const queue: string[] = [];
  const visit = (ref: string) => {
    if (!reached.has(ref)) {
      reached.add(ref);
      queue.push(ref);
    }
  };
  for (const operation of model.operations) for (const content of operation.requestBody?.contents ?? []) forEachReference(content.schema, visit);
  while (queue.length > 0) forEachReference(model.referencedSchemas[queue.pop()!], visit);
  return reached;
}

/**
 * A schema as ajv compiles it for one view: internal `$ref`s point at the view's ids,
 * OpenAPI-only annotations and `x-` extensions are dropped, `required` leaves out what the view
 * does not send, and unknown formats are collected.
 */
function toAjvSchema(schema: JsonSchema, context: AjvSchemaContext, view: SchemaView = "response", at?: string): JsonSchema {
  const ids = view === "request" ? context.requestIds : context.ids;
  // `required` first, in its own pass: the pass below drops the readOnly/writeOnly flags it reads.
  const viewed = mapSchema(schema, (node) => (Array.isArray(node["required"]) ? { ...node, required: viewRequired(node, view) } : node));
  return mapSchema(viewed, (node, pointer) => {
    const result: Record<string, unknown> = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (droppedKeywords.has(keyword) || keyword.startsWith("x-")) continue;
      if (keyword === "readOnly" && view !== "request") continue;
      // A readOnly property's default belongs to responses: inserted into a request (ajv
      // useDefaults), it would make the request break its own readOnly rule.
      if (keyword === "default" && view === "request" && node["readOnly"] === true) continue;
      if (keyword === "$ref" && typeof value === "string") {
        const id = ids.get(value);
        if (!id) throw new SpecError([{ code: "SPW_E_REF", severity: "error", pointer: value, message: `$ref ${value} cannot be resolved` }]);
        result[keyword] = id;
        continue;
      }
      if (keyword === "discriminator") {
        // Kept only where ajv can use it (better errors, one branch tried); else plain oneOf.
        const discriminator = context.discriminators ? ajvDiscriminator(node, (id) => context.schemasById.get(id)) : undefined;
        if (discriminator) result[keyword] = discriminator;
        continue;
      }
      if (keyword === "type" && !isValidType(value)) {
        // The first place each invalid type is met, for the warning's location.
        const key = JSON.stringify(value);
        if (!context.invalidTypes.has(key) || context.invalidTypes.get(key) === "") context.invalidTypes.set(key, at === undefined ? "" : `${at}${pointer}/type`);
        continue;
      }
      result[keyword] = value;
      if (keyword === "format" && typeof value === "string") context.formats.add(value);
    }
    return withoutDefaultsOfRequired(result);
  });
}

/** What toAjvSchema needs and collects across one run. */
interface AjvSchemaContext {
  ids: Map<string, string>;
  /** The ids request-view schemas refer to (see requestViewIds). */
  requestIds: Map<string, string>;
  /** The model's `referencedSchemas` by their ids in `ids` (toAjvSchema rewrites `$ref`s bottom-up), for discriminators. */
  schemasById: Map<string, JsonSchema>;
  formats: Set<string>;
  /** `type` values that are not JSON Schema types (`"file"`, `"date"`), dropped with a warning. */
  invalidTypes: Map<string, string>;
  /** Whether `discriminator`s are handed to ajv where it can use them (off: plain oneOf everywhere). */
  discriminators: boolean;
}

const jsonTypes = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

function isValidType(value: unknown): boolean {
  return typeof value === "string" ? jsonTypes.has(value) : Array.isArray(value) && value.every((item) => typeof item === "string" && jsonTypes.has(item));
}

/**
 * An object schema whose required properties carry no `default`: ajv (useDefaults) would insert
 * it before `required` is checked, so a missing required property would pass unseen. A default is
 * what applies when the value is absent, which a required property may not be (JSON Schema
 * Validation 2020-12 §6.5.3 `required`, §9.2 `default` is an annotation only).
 */
function withoutDefaultsOfRequired(node: Record<string, unknown>): Record<string, unknown> {
  const required = node["required"];
  const properties = node["properties"];
  if (!Array.isArray(required) || !properties || typeof properties !== "object") return node;
  let changed: Record<string, unknown> | undefined;
  for (const name of required) {
    if (typeof name !== "string" || !Object.hasOwn(properties, name)) continue;
    const property = (properties as Record<string, unknown>)[name];
    if (!property || typeof property !== "object" || !("default" in property)) continue;
    const { default: _default, ...rest } = property as Record<string, unknown>;
    changed ??= { ...(properties as Record<string, unknown>) };
    changed[name] = rest;
  }
  return changed ? { ...node, properties: changed } : node;
}

function parameterSchema(operation: Operation, location: ParameterLocation, context: AjvSchemaContext): JsonSchema {
  const parameters = operation.parameters.filter((parameter) => parameter.in === location);
  const schemaOf = (parameter: Operation["parameters"][number]): JsonSchema => {
    const schema = toAjvSchema(parameter.schema, context, "response", parameter.contentMediaType ? undefined : `${parameter.pointer}/schema`);
    // ajv (useDefaults) inserts the default before validating, so the handler always gets it,
    // where the model decided it applies (Parameter.defaultApplies); not a required parameter's,
    // which would hide the parameter's absence, which must be reported.
    if (!schema || typeof schema !== "object" || !("default" in schema) || parameter.defaultApplies) return schema;
    const { default: _default, ...rest } = schema;
    return rest;
  };
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, schemaOf(parameter)])),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  };
}

/** Whether a multipart body schema (refs followed) describes an object, or leaves the type open. */
function multipartSchemaIsObject(schema: JsonSchema, referencedSchemas: Record<string, JsonSchema>): boolean {
  let current = schema;
  for (let hops = 0; hops < 32 && typeof current === "object" && typeof current["$ref"] === "string"; hops++) current = referencedSchemas[current["$ref"] as string] ?? true;
  if (typeof current !== "object") return true;
  const type = current["type"];
  return type === undefined || type === "object" || (Array.isArray(type) && type.includes("object"));
}

/**
 * The schema a parsed `multipart/form-data` body is validated against. File parts reach the
 * validator as the runtime's file objects (never as strings), so each file property's schema
 * becomes `true` and a file array keeps its own keywords (`minItems`, `maxItems`, …) with
 * `items: true`; everything else (`required`, `additionalProperties`, the text and JSON fields)
 * is checked as written. The file parts' own rules are applied while streaming: media type
 * (415), `minLength`/`maxLength` as a size in bytes (422) and the size limits (413). A body
 * schema behind a `$ref` is copied from `referencedSchemas`.
 */
function multipartValidationSchema(schema: JsonSchema, multipart: MultipartDefinition, referencedSchemas: Record<string, JsonSchema>): JsonSchema {
  const files = multipart.properties.filter((property) => property.file);
  // A body schema that is not an object (`type: string, format: binary`, an array) says nothing
  // about the parts by name (OpenAPI 3.1 §4.8.14.4): the parts are not checked (warned at build).
  if (!multipartSchemaIsObject(schema, referencedSchemas)) return true;
  if (files.length === 0) return schema;
  const follow = (node: JsonSchema | undefined): JsonSchema => {
    let current = node ?? {};
    for (let hops = 0; hops < 32 && typeof current === "object" && typeof current["$ref"] === "string"; hops++) {
      const target = referencedSchemas[current["$ref"] as string];
      if (target === undefined) break;
      const { $ref: _ref, ...siblings } = current;
      current = typeof target === "object" ? { ...target, ...siblings } : target;
    }
    return current;
  };
  const body = follow(schema);
  if (typeof body !== "object") return body;
  const fileProperties = new Map(files.map((file) => [file.name, file]));
  // Rebuilt with Object.fromEntries, so a property named `__proto__` stays an own property.
  const properties = Object.fromEntries(
    Object.entries((body["properties"] ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => {
      const file = fileProperties.get(name);
      if (!file) return [name, schema];
      const property = follow(schema);
      return [name, file.array && typeof property === "object" ? { ...property, items: true } : true];
    }),
  );
  return { ...body, properties };
}

/** The schemas emitValidators compiles, and what it exports (see {@link validatorSchemas}). */
export interface ValidatorSchemas {
  /**
   * Export name (the model's validator names: `getBook_200_json`) → the id of the schema its
   * function checks. A schema that is only a `$ref` exports the shared validator of its target,
   * and identical schemas share one id.
   */
  exports: Record<string, string>;
  /** Every schema to compile, under its id, with its JSON pointer in the spec (for errors). */
  schemas: { id: string; schema: JsonSchema; pointer: string }[];
  /** The `format` values the schemas use. */
  formats: Set<string>;
  /** `type` values that are not JSON Schema types, each with where it is first met (`""`: not known). */
  invalidTypes: Map<string, string>;
}

/**
 * The model's schemas as ajv compiles them: each `$ref` target once per view it is read in (a
 * request-view copy only where a request body reaches a schema that reads differently by view),
 * and an export per validator the model names, for each operation's parameter locations,
 * request bodies (a multipart body's file parts as the runtime hands them over), responses and
 * response headers. Annotations are dropped, `required` follows the view, `discriminator`s
 * are kept where ajv can use them (`discriminators`). Throws SpecError SPW_E_REF for a `$ref`
 * the model does not hold.
 */
export function validatorSchemas(model: ApiModel, discriminators: boolean): ValidatorSchemas {
  const ids = schemaIds(model);
  const requestIds = requestViewIds(model, ids);
  const context: AjvSchemaContext = {
    ids,
    requestIds,
    // Request-view copies read like their originals for discriminators (same branches and tags).
    schemasById: new Map(
      Object.entries(model.referencedSchemas).flatMap(([ref, schema]) => [[ids.get(ref)!, schema] as const, [requestIds.get(ref)!, schema] as const]),
    ),
    formats: new Set(),
    invalidTypes: new Map(),
    discriminators,
  };
  // Export name → the id of the schema it validates. A schema that is only a `$ref` exports the
  // shared validator of its target, and identical schemas (the `{owner, repo}` path parameters of
  // hundreds of operations) share one function, so each validator is in the module once.
  const exports: Record<string, string> = {};
  const pending: { id: string; schema: JsonSchema; pointer: string }[] = [];
  const requestReachable = reachableFromRequestBodies(model);
  const idsBySchemaText = new Map<string, string>();
  const addExport = (name: string, schema: JsonSchema, pointer: string): void => {
    if (typeof schema === "object" && typeof schema["$ref"] === "string" && Object.keys(schema).length === 1) {
      exports[name] = schema["$ref"];
      return;
    }
    const text = JSON.stringify(schema);
    const existing = idsBySchemaText.get(text);
    if (existing !== undefined) {
      exports[name] = existing;
      return;
    }
    // An absolute id, so a repeated subschema equal to this schema can refer to it (shared-schemas.ts).
    const id = `https://specwright.invalid/export/${name}`;
    idsBySchemaText.set(text, id);
    pending.push({ id, schema, pointer });
    exports[name] = id;
  };
  for (const [ref, schema] of Object.entries(model.referencedSchemas)) {
    const entry = { id: context.ids.get(ref)!, schema: toAjvSchema(schema, context, "response", ref), pointer: ref };
    pending.push(entry);
    // An operation's schema equal to a component's is validated by the component's function.
    const text = JSON.stringify(entry.schema);
    if (!idsBySchemaText.has(text)) idsBySchemaText.set(text, entry.id);
    // Request-view copies (readOnly not required, and refused) where a request body reaches them.
    const requestId = context.requestIds.get(ref)!;
    if (requestId !== entry.id && requestReachable.has(ref)) pending.push({ id: requestId, schema: toAjvSchema(schema, context, "request", ref), pointer: ref });
  }
  for (const operation of model.operations) {
    for (const [location, name] of Object.entries(operation.parameterValidators)) {
      addExport(name, parameterSchema(operation, location as ParameterLocation, context), operation.pointer + "/parameters");
    }
    for (const content of operation.requestBody?.contents ?? []) {
      if (!content.validator) continue;
      const schema = content.multipart ? multipartValidationSchema(content.schema!, content.multipart, model.referencedSchemas) : content.schema!;
      // A multipart schema is rewritten for its parts first, so its own pointers no longer hold.
      addExport(content.validator, toAjvSchema(schema, context, "request", content.multipart ? undefined : `${content.pointer}/schema`), content.pointer);
    }
    for (const response of operation.responses) {
      for (const content of response.contents) {
        if (content.validator) addExport(content.validator, toAjvSchema(content.schema!, context, "response", `${content.pointer}/schema`), content.pointer);
      }
      if (response.headersValidator) {
        // Keyed by the header names as declared; the runtime looks values up case-insensitively.
        const schema = {
          type: "object",
          properties: Object.fromEntries(response.headers.map((header) => [header.name, toAjvSchema(header.schema, context)])),
          required: response.headers.filter((header) => header.required).map((header) => header.name),
        };
        addExport(response.headersValidator, schema, `${response.pointer}/headers`);
      }
    }
  }
  return { exports, schemas: pending, formats: context.formats, invalidTypes: context.invalidTypes };
}
