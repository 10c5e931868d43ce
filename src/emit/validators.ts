import { createRequire } from "node:module";
import Ajv2020Module, { _ } from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { DefaultCheck } from "../model/defaults.js";
import type { ApiModel, JsonSchema, MultipartDefinition, Operation, ParameterLocation } from "../model/ir.js";
import { forEachReference, mapSchema } from "../model/schemas.js";
import { propertyAccess, stringLiteral } from "./code/literals.js";
import { leaveOutSchemaPaths, trimSchemaConstants, validatorFunctionName } from "./ajv-standalone.js";
import { ajvDiscriminator } from "./discriminator.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { mergeEqualSchemas, shareRepeatedSubschemas } from "./shared-schemas.js";
import { addErrorBudgetKeywords, withErrorBudget } from "./error-budget.js";

// ajv ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const standaloneCode = standaloneCodeModule.default;
const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);

/** Starts the message of the error emitValidators throws when ajv overflows the stack. */
export const stackOverflowMarker = "validator code too large for the stack";
/** The stack size (KiB, V8's --stack-size) that lets ajv build the largest known specs (Kubernetes). */
export const largeStackSize = 3900;

/** The OpenAPI formats (OpenAPI 3.1 §4.4 "Data Type Format") beside ajv-formats' full set. */
const numberFormats = ["int32", "int64", "float", "double"];
const openApiStringFormats = ["byte", "binary", "password"];

/** `formats.cjs`: ajv-formats' full formats plus the OpenAPI ones; the validators require it. */
function formatsModule(model: ApiModel, unknownFormats: string[]): string {
  return [
    generatedHeader(model),
    '"use strict";',
    'const { fullFormats } = require("ajv-formats/dist/formats");',
    "// OpenAPI 3.1 §4.4: int32 and int64 are integers in range; float and double any finite number;",
    "// byte (base64) is ajv-formats' own check.",
    "module.exports = {",
    "  ...fullFormats,",
    '  int32: { type: "number", validate: (value) => Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 },',
    '  int64: { type: "number", validate: (value) => Number.isInteger(value) && value >= -9223372036854775808 && value < 9223372036854775808 },',
    '  float: { type: "number", validate: (value) => Number.isFinite(value) },',
    '  double: { type: "number", validate: (value) => Number.isFinite(value) },',
    "  binary: true,",
    "  password: true,",
    ...unknownFormats.map((name) => `  ${stringLiteral(name)}: true,`),
    "};",
    "",
  ].join("\n");
}

/**
 * The `$id`s the `$ref` targets get in the validator module: `https://specwright.invalid/schema/<n>`,
 * numbered in pointer order (deterministic). Plain numbers avoid URI normalisation surprises with
 * the characters real pointers hold (`~1`, `%`, `{}`, dots, dashes).
 */
function schemaIds(model: ApiModel): Map<string, string> {
  return new Map(Object.keys(model.referencedSchemas).map((ref, index) => [ref, `https://specwright.invalid/schema/${index}`]));
}

// Annotations (JSON Schema 2020-12 §9 meta-data: title, description, deprecated, examples) generate no
// validation code, but ajv's standalone output copies each function's schema as a constant, prose
// included (0.45 MB of GitHub's validators), and they keep otherwise equal schemas from sharing a function.
// `discriminator` is not here: toAjvSchema keeps it where ajv can use it. `writeOnly` only matters
// to `required` per view (viewRequired), decided before this list applies.
const droppedKeywords = new Set(["example", "xml", "externalDocs", "$schema", "$id", "$anchor", "$dynamicAnchor", "$comment",
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
  for (let changed = true; changed; ) {
    changed = false;
    for (const [ref, targets] of references) {
      if (!differing.has(ref) && targets.some((target) => differing.has(target))) {
        differing.add(ref);
        changed = true;
      }
    }
  }
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

/**
 * The bookkeeping Ajv2020 forces on that a spec may not need; each is turned off only when no
 * schema uses the keywords it serves, so the validators check exactly the same.
 * - `unevaluated`: with `inlineRefs: false` every validator function tracks and publishes the
 *   properties and items it evaluated (a `.evaluated` object per function, reset and merged on
 *   every call) for `unevaluatedProperties`/`unevaluatedItems`.
 * - `dynamicRef`: every function takes and passes on a `dynamicAnchors` object (about 40 bytes per
 *   function and per call in validators.cjs), read only by `$dynamicAnchor` (dropped by
 *   toAjvSchema) and `$recursiveAnchor`.
 */
interface AjvFeatures {
  unevaluated: boolean;
  dynamicRef: boolean;
}

/**
 * Ajv2020 with the {@link AjvFeatures} given. The options are read when a schema is compiled,
 * and nothing is compiled in the constructor.
 */
class Ajv2020WithFeatures extends Ajv2020 {
  constructor(options: ConstructorParameters<typeof Ajv2020>[0], features: AjvFeatures) {
    super(options);
    this.opts.unevaluated = features.unevaluated;
    this.opts.dynamicRef = features.dynamicRef;
  }
}

/** Whether any schema node has one of `keywords` (any depth). */
function usesKeywords(schemas: JsonSchema[], keywords: string[]): boolean {
  let found = false;
  for (const schema of schemas) {
    mapSchema(schema, (node) => {
      if (keywords.some((keyword) => keyword in node)) found = true;
      return node;
    });
    if (found) return true;
  }
  return false;
}

/** An ajv instance with the same formats as the validators, for checks at generate time. */
function createAjv(options: ConstructorParameters<typeof Ajv2020>[0] = {}, features: AjvFeatures = { unevaluated: true, dynamicRef: true }): InstanceType<typeof Ajv2020> {
  const ajv = new Ajv2020WithFeatures({
    allErrors: false,
    strict: false,
    validateFormats: true,
    logger: false,
    // Patterns are ECMA-262 regular expressions without the `u` flag (OpenAPI 3.1 §4.4), which real
    // specs rely on (`\:`, a lone `{`).
    unicodeRegExp: false,
    // A property is present when the object has it as its own: `data.constructor` or `toString`
    // is otherwise inherited from Object.prototype, and an optional property of that name would
    // be checked (and refused) in every object that does not send it.
    ownProperties: true,
    ...options,
  }, features);
  addFormats(ajv);
  // readOnly is kept only in request-view schemas, where a property marked with it must not be
  // sent (OpenAPI 3.1 §4.8.24.4): the keyword fails whenever it is reached, that is whenever the
  // property is present. Error keyword `readOnly`, at the property's path.
  ajv.removeKeyword("readOnly");
  ajv.addKeyword({
    keyword: "readOnly",
    schemaType: "boolean",
    code(context) {
      if (context.schema === true) context.fail(_`true`);
    },
  });
  for (const name of numberFormats) ajv.addFormat(name, { type: "number", validate: () => true });
  // `byte` keeps ajv-formats' base64 check (formats.cjs has the same rule); `true` would emit no check.
  for (const name of openApiStringFormats) if (name !== "byte") ajv.addFormat(name, true);
  return ajv;
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


/**
 * The one rule for whether a `default` can apply: its value satisfies the other keywords of the
 * schema node it is written on, with the validators' formats. Annotations, OpenAPI-only keywords
 * and `x-` extensions are left out at every depth, and the node's own `readOnly`, which says
 * where the property may be sent, nothing about its value (a `readOnly` deeper inside still
 * refuses a default object that holds that property: a request could not carry it). A node
 * with a `$ref` inside is not judged (true), nor one
 * ajv cannot compile alone (an unknown format, say: judged where it stands). generate() hands
 * it to buildModel, which leaves the defaults it refuses out of every schema of the model
 * (model/defaults.ts): ajv `useDefaults` would insert them and then reject every request that
 * leaves the value out, and types.ts would type those properties as always present. Each call
 * of this function makes its own ajv instance and cache of compiled schemas, used on first need.
 */
export function createDefaultCheck(): DefaultCheck {
  let checker: InstanceType<typeof Ajv2020> | undefined;
  const compiled = new Map<string, (value: unknown) => boolean>();
  const withoutAnnotations = (node: Record<string, unknown>): JsonSchema =>
    Object.fromEntries(Object.entries(node).filter(([keyword]) => !droppedKeywords.has(keyword) && !keyword.startsWith("x-")));
  return (node) => {
    const { default: value, readOnly: _readOnly, ...rest } = node;
    const schema = mapSchema(rest, withoutAnnotations);
    const text = JSON.stringify(schema);
    if (text.includes('"$ref"')) return true;
    try {
      let check = compiled.get(text);
      if (!check) {
        const validate = (checker ??= createAjv()).compile(schema as object);
        compiled.set(text, (check = (candidate) => validate(candidate) as boolean));
      }
      return check(value);
    } catch {
      return true;
    }
  };
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

/**
 * The schema a parsed `multipart/form-data` body is validated against. File parts reach the
 * validator as the runtime's file objects (never as strings), so each file property's schema
 * becomes `true` and a file array keeps its own keywords (`minItems`, `maxItems`, …) with
 * `items: true`; everything else (`required`, `additionalProperties`, the text and JSON fields)
 * is checked as written. The file parts' own rules are applied while streaming: media type
 * (415), `minLength`/`maxLength` as a size in bytes (422) and the size limits (413). A body
 * schema behind a `$ref` is copied from `referencedSchemas`.
 */
/** Whether a multipart body schema (refs followed) describes an object, or leaves the type open. */
function multipartSchemaIsObject(schema: JsonSchema, referencedSchemas: Record<string, JsonSchema>): boolean {
  let current = schema;
  for (let hops = 0; hops < 32 && typeof current === "object" && typeof current["$ref"] === "string"; hops++) current = referencedSchemas[current["$ref"] as string] ?? true;
  if (typeof current !== "object") return true;
  const type = current["type"];
  return type === undefined || type === "object" || (Array.isArray(type) && type.includes("object"));
}

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

/** Up to this many schemas to compile, validators.cjs keeps a statement per line. */
const readableValidatorLimit = 300;

/**
 * Emits `validators.cjs` (ajv standalone code, compiled now, nothing compiled at server start),
 * `validators.d.cts` and `formats.cjs`. Validators of `$ref`'d schemas are compiled once and
 * shared (`inlineRefs: false`); an export whose schema is a bare `$ref`, or equal to an earlier
 * one, is the same function under another name; subschemas repeated inline are compiled once
 * too, and schemas equal up to their `$ref`s are one function (see shared-schemas.ts). ajv runs
 * with `allErrors: true` (every error of a request part for the 422, with the work bounded by
 * error-budget.ts: at most 100 errors collected per function, guards and unions first-error),
 * `useDefaults: true`, no `coerceTypes`.
 *
 * The module is kept small (docs/benchmarks.md has its size and load time on GitHub's spec): error
 * objects carry `instancePath`, `keyword` and `params` only (`messages: false`, the runtime words
 * the message: runtime/validation-messages.ts; no `schemaPath`: ajv-standalone.ts), schema
 * constants keep only what the code reads, `required` lists over 8 names are checked in a loop,
 * and for specs with more than 300 schemas to compile ajv writes its code without line breaks
 * (`code.lines: false`); smaller specs get one statement per line. Unknown formats produce
 * SPW_W_UNKNOWN_FORMAT warnings. The model's schemas hold only the defaults that apply
 * (model/defaults.ts); a parameter's default is kept in its location's schema (so ajv inserts
 * it) where the model decided it applies (Parameter.defaultApplies). Throws SpecError
 * SPW_E_VALIDATOR when ajv rejects a schema.
 */
export function emitValidators(model: ApiModel): { files: GeneratedFile[]; warnings: Diagnostic[] } {
  try {
    return emitValidatorsWith(model, true);
  } catch (error) {
    // ajv's discriminator needs each branch's tag property in place; schema sharing can move a
    // branch behind a second \$ref (a branch used by two discriminated unions), which it cannot
    // follow. A discriminator only speeds up and sharpens errors: every union is then validated as
    // the plain oneOf it is (OpenAPI 3.1 §4.8.25: the discriminator is a hint).
    if (!(error instanceof SpecError) || !error.diagnostics.some((item) => item.message.includes("discriminator:"))) throw error;
    return emitValidatorsWith(model, false);
  }
}

function emitValidatorsWith(model: ApiModel, discriminators: boolean): { files: GeneratedFile[]; warnings: Diagnostic[] } {
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
  const formats = context.formats;

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
  const features: AjvFeatures = {
    unevaluated: usesKeywords(pending.map((entry) => entry.schema), ["unevaluatedProperties", "unevaluatedItems"]),
    dynamicRef: usesKeywords(pending.map((entry) => entry.schema), ["$recursiveAnchor"]),
  };
  const trackUnevaluated = features.unevaluated;
  const pointers = new Map(pending.map((entry) => [entry.id, entry.pointer]));
  const { schemas: compiled, canonicalId } = trackUnevaluated ? { schemas: pending, canonicalId: (id: string) => id } : mergeEqualSchemas(shareRepeatedSubschemas(pending));
  for (const [name, id] of Object.entries(exports)) exports[name] = canonicalId(id);
  const ajv = createAjv(
    {
      // Readable code (a statement per line) unless the spec is large, where the line breaks
      // alone would cost 0.17 MB (GitHub's spec); deterministic either way.
      code: { source: true, esm: false, lines: compiled.length <= readableValidatorLimit, formats: _`require("./formats.cjs")` },
      inlineRefs: false,
      messages: false,
      useDefaults: true,
      // Every error of a request part, for the 422 (bounded: see error-budget.ts).
      allErrors: true,
      discriminator: true,
      loopRequired: 8,
      loopEnum: 200,
    },
    features,
  );
  addErrorBudgetKeywords(ajv);
  const known = new Set([...Object.keys(require("ajv-formats/dist/formats").fullFormats as object), ...numberFormats, ...openApiStringFormats]);
  const unknownFormats = [...formats].filter((name) => !known.has(name)).sort();
  for (const name of unknownFormats) ajv.addFormat(name, true);
  const warnings: Diagnostic[] = unknownFormats.map((name) => ({
    code: "SPW_W_UNKNOWN_FORMAT",
    severity: "warning",
    ...(Object.hasOwn(model.formatPointers, name) ? { pointer: model.formatPointers[name] } : {}),
    message: `format ${JSON.stringify(name)} is not known; values are not checked against it`,
  }));
  for (const [type, pointer] of [...context.invalidTypes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    warnings.push({ code: "SPW_W_INVALID_TYPE", severity: "warning", ...(pointer ? { pointer } : {}), message: `type ${type} is not a JSON Schema type; the validators ignore it` });
  }

  for (const entry of compiled) ajv.addSchema(withErrorBudget(entry.schema) as object, entry.id);
  let code: string;
  const restoreErrorObjects = leaveOutSchemaPaths();
  try {
    // ajv's standalone builder writes a function twice when an export reaches, through mutual
    // recursion, a function that ajv compiled while compiling a later export (the case reported
    // on ajv issue #1361 after its fix, still so in 8.20). Compiling the exports first, in the
    // order they are exported, makes the builder's walk follow the compiler's: each function is
    // written once.
    const exportedIds = [...new Set(Object.values(exports))];
    const entriesById = new Map(compiled.map((entry) => [entry.id, entry]));
    const exportedSet = new Set(exportedIds);
    const compileOrder = [...exportedIds.map((id) => entriesById.get(id)!), ...compiled.filter((entry) => !exportedSet.has(entry.id))];
    for (const entry of compileOrder) {
      try {
        ajv.getSchema(entry.id);
      } catch (error) {
        // Deeply nested schemas (hundreds of levels) overflow ajv's recursive compiler: rethrown
        // as is, to be reported with the larger-stack advice below.
        if (error instanceof RangeError && /call stack/i.test(error.message)) throw error;
        throw new SpecError([{ code: "SPW_E_VALIDATOR", severity: "error", pointer: pointers.get(entry.id), message: `ajv cannot compile this schema: ${(error as Error).message}` }]);
      }
    }
    // ajv's standalone builder emits a function again for every further export of it, so it gets
    // each function's first export name only; the other names are assigned after its code, one
    // statement per function (`exports.a = exports.b = validate12;`: GitHub's spec has 3,700 of them).
    const firstExports: Record<string, string> = {};
    const otherNames = new Map<string, string[]>();
    for (const [name, id] of Object.entries(exports)) {
      const others = otherNames.get(id);
      if (others === undefined) {
        otherNames.set(id, []);
        firstExports[name] = id;
      } else {
        others.push(name);
      }
    }
    trimSchemaConstants(Object.values(firstExports).map((id) => ajv.getSchema(id)));
    code = Object.keys(exports).length > 0 ? standaloneCode(ajv, firstExports) : '"use strict";\n';
    const declared = [...code.matchAll(/\bfunction (validate\d+)\(/g)].map((match) => match[1]);
    const twice = declared.find((name, index) => declared.indexOf(name) !== index);
    if (twice !== undefined) throw new Error(`ajv's standalone code declares ${twice} twice`);
    const aliases = [...otherNames].filter(([, names]) => names.length > 0).map(([id, names]) =>
      names.map((name) => `exports${propertyAccess(name)} = `).join("") + `${validatorFunctionName(ajv.getSchema(id))};`);
    if (aliases.length > 0) code = code.replace(/\n*$/, "\n") + "\n// Exports that share the validator of an earlier export.\n" + aliases.join("\n") + "\n";
  } catch (error) {
    if (error instanceof SpecError) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      // ajv compiles recursively and its standalone code builder spreads its whole output into one
      // call: very deep schemas and very large specs (Kubernetes) exceed V8's default stack. The
      // specwright command reruns itself with a larger one.
      throw new SpecError([{ code: "SPW_E_VALIDATOR", severity: "error", message: `${stackOverflowMarker}: the validators of this spec overflow the default stack; run node with --stack-size=${largeStackSize}` }]);
    }
    throw new SpecError([{ code: "SPW_E_VALIDATOR", severity: "error", message: `ajv cannot compile the validators: ${(error as Error).message}` }]);
  } finally {
    restoreErrorObjects();
  }
  const declarations = [
    generatedHeader(model),
    "/** A compiled validator: returns true, or false and sets `errors` (ajv's ErrorObject). */",
    "interface Validator {",
    "  (data: unknown): boolean;",
    "  errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null;",
    "}",
    ...Object.keys(exports).map((name) => `export declare const ${name}: Validator;`),
    ...(Object.keys(exports).length === 0 ? ["export {};"] : []),
    "",
  ].join("\n");
  return {
    files: [
      { path: "validators.cjs", text: generatedHeader(model) + code.replace(/\r\n/g, "\n") + (code.endsWith("\n") ? "" : "\n") },
      { path: "validators.d.cts", text: declarations },
      { path: "formats.cjs", text: formatsModule(model, unknownFormats) },
    ],
    warnings,
  };
}
