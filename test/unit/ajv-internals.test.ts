/**
 * src/emit/ajv-standalone.ts reaches into ajv's internals (as does src/emit/error-budget.ts, whose
 * keywords test/unit/error-budget.test.ts checks): it
 * replaces `CodeGen.prototype.object` while compiling, reads a compiled validator's
 * `source.validateName` and `source.scopeValues`, and rewrites a schema constant's `code`. ajv is
 * pinned to an exact version for that; this test fails when an ajv release changes any of them,
 * before a user's validators.cjs silently grows or breaks.
 */
import { createRequire } from "node:module";
import Ajv2020Module from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { leaveOutSchemaPaths, trimSchemaConstants, validatorFunctionName } from "../../src/emit/ajv-standalone.js";

const Ajv2020 = Ajv2020Module.default;
const standaloneCode = standaloneCodeModule.default;
const require = createRequire(import.meta.url);

const schema = {
  $id: "https://specwright.invalid/schema/0",
  type: "object",
  required: ["kind"],
  properties: { kind: { enum: ["a", "b"] }, size: { type: ["integer", "null"], minimum: 1 }, note: { type: "string", description: "x".repeat(200) } },
};

function compile(leaveOut: boolean) {
  const ajv = new Ajv2020({ code: { source: true, lines: true }, messages: false, inlineRefs: false, allErrors: false });
  ajv.addSchema(structuredClone(schema));
  const restore = leaveOut ? leaveOutSchemaPaths() : () => {};
  try {
    const validate = ajv.getSchema(schema.$id)!;
    return { ajv, validate };
  } finally {
    restore();
  }
}

describe("the ajv internals specwright relies on", () => {
  it("is the exact ajv version these internals were checked against", () => {
    const pinned = (require("../../package.json") as { dependencies: Record<string, string> }).dependencies["ajv"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect((require("ajv/package.json") as { version: string }).version).toBe(pinned);
  });

  it("builds every error object through CodeGen#object, so schemaPath can be left out", () => {
    const plain = compile(false);
    expect(plain.validate.source!.validateCode).toContain("schemaPath:");
    const trimmed = compile(true);
    expect(trimmed.validate.source!.validateCode).not.toContain("schemaPath");
    expect(trimmed.validate.source!.validateCode).toContain("instancePath");
    // The validator still reports what the runtime reads.
    expect(trimmed.validate({ size: 0 })).toBe(false);
    expect(trimmed.validate.errors?.[0]).toMatchObject({ keyword: "required", params: { missingProperty: "kind" } });
  });

  it("names compiled functions validate<n> in source.validateName", () => {
    const { validate } = compile(true);
    expect(validatorFunctionName(validate)).toMatch(/^validate\d+$/);
    expect(validate.source!.validateCode).toContain(`function ${validatorFunctionName(validate)}(`);
  });

  it("keeps schema constants in source.scopeValues.schema with a code the standalone builder writes", () => {
    const { ajv, validate } = compile(true);
    const constants = (validate.source as unknown as { scopeValues: Record<string, Set<{ str: string; value?: { ref?: unknown; code?: unknown } }>> }).scopeValues["schema"];
    expect(constants && constants.size).toBeGreaterThan(0);
    const before = standaloneCode(ajv, { check: schema.$id });
    trimSchemaConstants([validate]);
    const after = standaloneCode(ajv, { check: schema.$id });
    expect(after.length).toBeLessThan(before.length);
    expect(before).toContain("x".repeat(200));
    expect(after).not.toContain("x".repeat(200));
    // What is left still validates: the module runs and gives the same answers.
    const module = { exports: {} as Record<string, (data: unknown) => boolean> };
    new Function("module", "exports", "require", after)(module, module.exports, require);
    expect(module.exports["check"]!({ kind: "a", size: 2 })).toBe(true);
    expect(module.exports["check"]!({ kind: "c" })).toBe(false);
  });
});
