import { createRequire } from "node:module";
import Ajv2020Module, { _ } from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { DefaultCheck } from "../model/defaults.js";
import type { ApiModel, JsonSchema } from "../model/ir.js";
import { mapSchema } from "../model/schemas.js";
import { propertyAccess, stringLiteral } from "./code/literals.js";
import { leaveOutSchemaPaths, trimSchemaConstants, validatorFunctionName } from "./ajv-standalone.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { mergeEqualSchemas, shareRepeatedSubschemas } from "./shared-schemas.js";
import { droppedKeywords, validatorSchemas } from "./validator-schemas.js";
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
 * SPW_E_VALIDATOR when ajv rejects a schema, SPW_E_REF for a `$ref` the model does not hold.
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
  const { exports, schemas: pending, formats, invalidTypes } = validatorSchemas(model, discriminators);
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
  for (const [type, pointer] of [...invalidTypes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
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
