/**
 * The OpenAPI schema validators `npm run build` precompiles (dist/src/load/openapi-3.x-schema.cjs)
 * against the same schemas compiled now: the same verdict and the same errors, on valid and
 * broken documents of both versions, so `specwright generate` from dist reports what it did when
 * it compiled them itself.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { compileOpenApiSchemaValidator, openApiSchemaValidator, precompiledFileName, type OpenApiDialect, type OpenApiSchemaValidator } from "../../src/load/openapi-schema-validators.js";

const require = createRequire(import.meta.url);

function brokenDocument(openapi: string): Record<string, unknown> {
  return {
    openapi,
    info: { title: "Broken", version: 1 },
    paths: {
      "/books/{id}": {
        get: {
          parameters: [{ name: "id", in: "body", required: "yes", schema: { type: "integer" } }],
          responses: { "200": { content: { "application/json": { schema: { type: "object", properties: { id: { type: "integer", minimum: "0" } } } } } }, wrong: {} },
        },
        trace: "not an operation",
      },
      books: {},
    },
    components: { schemas: { Book: { type: "object", required: "id", additionalProperties: 3 } }, securitySchemes: { key: { type: "apiKey" } } },
  };
}

function errorsOf(validate: OpenApiSchemaValidator, document: unknown): { valid: boolean; errors: unknown } {
  const valid = validate(document);
  return { valid, errors: structuredClone(validate.errors ?? null) };
}

describe("the precompiled OpenAPI schema validators", () => {
  const cases: [OpenApiDialect, string][] = [["3.0", "3.0.3"], ["3.1", "3.1.0"]];
  it.each(cases)("OpenAPI %s: same verdict and errors as the schema compiled now", async (dialect, openapi) => {
    const precompiled = require(`../../dist/src/load/${precompiledFileName(dialect)}`) as OpenApiSchemaValidator;
    const compiled = compileOpenApiSchemaValidator(dialect);
    const example = parse(await readFile("spec/openapi.yaml", "utf8")) as Record<string, unknown>;
    const documents = [{ ...example, openapi }, brokenDocument(openapi)];
    for (const document of documents) expect(errorsOf(precompiled, document)).toEqual(errorsOf(compiled, document));
    const broken = errorsOf(precompiled, brokenDocument(openapi));
    expect(broken.valid).toBe(false);
    expect((broken.errors as unknown[]).length).toBeGreaterThan(5);
  });

  it("are what openApiSchemaValidator returns from dist, once per dialect", async () => {
    const fromDist = (await import("../../dist/src/load/openapi-schema-validators.js")) as { openApiSchemaValidator: typeof openApiSchemaValidator };
    const validate = fromDist.openApiSchemaValidator("3.1");
    expect(validate).toBe(require(`../../dist/src/load/${precompiledFileName("3.1")}`));
    expect(fromDist.openApiSchemaValidator("3.1")).toBe(validate);
  });
});
