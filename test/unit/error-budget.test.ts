/**
 * src/emit/error-budget.ts: validators that report every error (ajv `allErrors`) with bounded
 * work. Each case compiles schemas the way validators.ts does (Ajv2020, standalone code, shared
 * `$ref` functions) and runs the module. The keywords reach into ajv internals (a keyword
 * context's `it.allErrors`, `it.compositeRule`, `it.validateName`, the `errors`/`vErrors` names,
 * `subschema()` with `allErrors: false`): these cases fail when an ajv release changes them.
 */
import { createRequire } from "node:module";
import Ajv2020Module from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addErrorBudgetKeywords, maxCollectedErrors, withErrorBudget } from "../../src/emit/error-budget.js";
import type { JsonSchema } from "../../src/model/ir.js";

const Ajv2020 = Ajv2020Module.default;
const standaloneCode = standaloneCodeModule.default;
const require = createRequire(import.meta.url);

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };

const item = { type: "object", required: ["question", "value"], properties: { question: { type: "string" }, value: { type: "integer" } } };
const shared = { "https://specwright.invalid/schema/item": item };

/** The standalone module of `root` (and `shared` schemas), rewritten by withErrorBudget unless `plain`. */
function compile(root: JsonSchema, options: { plain?: boolean; allErrors?: boolean; schemas?: Record<string, JsonSchema> } = {}): Validator {
  const ajv = new Ajv2020({ allErrors: options.allErrors ?? true, strict: false, inlineRefs: false, messages: false, discriminator: true, code: { source: true, esm: false } });
  addErrorBudgetKeywords(ajv);
  const rewrite = (schema: JsonSchema): JsonSchema => (options.plain ? schema : withErrorBudget(schema));
  for (const [id, schema] of Object.entries(options.schemas ?? shared)) ajv.addSchema(rewrite(schema) as object, id);
  ajv.addSchema(rewrite(root) as object, "https://specwright.invalid/export/root");
  const code = standaloneCode(ajv, { root: "https://specwright.invalid/export/root" });
  const module = { exports: {} as Record<string, Validator> };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  return module.exports["root"]!;
}

const answers = { type: "object", properties: { answers: { type: "array", items: { $ref: "https://specwright.invalid/schema/item" } } } };

describe("every error, within a budget", () => {
  it("reports every error of a small invalid value", () => {
    const validate = compile({ type: "object", required: ["name", "age"], properties: { name: { type: "string", minLength: 2 }, age: { type: "integer", minimum: 13 } } });
    expect(validate({ name: "A", age: 5 })).toBe(false);
    expect(validate.errors!.map((error) => [error.instancePath, error.keyword])).toEqual([["/name", "minLength"], ["/age", "minimum"]]);
    expect(validate({ age: "x" })).toBe(false);
    expect(validate.errors!.map((error) => [error.instancePath, error.keyword])).toEqual([["", "required"], ["/age", "type"]]);
  });

  it("stops a loop of shared validators at the cap: 300,000 invalid items give 100 errors, the first ones", () => {
    const validate = compile(answers);
    const data = { answers: Array.from({ length: 300_000 }, () => ({})) };
    expect(validate(data)).toBe(false);
    expect(validate.errors).toHaveLength(maxCollectedErrors);
    expect(validate.errors!.slice(0, 3).map((error) => error.instancePath)).toEqual(["/answers/0", "/answers/0", "/answers/1"]);
    // Without the rewrite, the same module would collect 600,000 errors, copying them at each item.
    const plain = compile(answers, { plain: true });
    expect(plain({ answers: Array.from({ length: 200 }, () => ({})) })).toBe(false);
    expect(plain.errors).toHaveLength(400);
  });

  it("caps inline loops, nested loops and object maps too", () => {
    const nested = compile({ type: "array", items: { type: "array", items: { type: "string" } } });
    expect(nested(Array.from({ length: 1000 }, () => [1, 2, 3]))).toBe(false);
    expect(nested.errors!.length).toBeLessThanOrEqual(maxCollectedErrors + 3);
    const names = compile({ type: "object", propertyNames: { $ref: "https://specwright.invalid/schema/name" } }, { schemas: { "https://specwright.invalid/schema/name": { type: "string", pattern: "^[a-z]+$" } } });
    expect(names(Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`K${index}`, 1])))).toBe(false);
    expect(names.errors!.length).toBeLessThanOrEqual(2);
    const map = compile({ type: "object", additionalProperties: { type: "integer" } });
    expect(map(Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`k${index}`, "x"])))).toBe(false);
    expect(map.errors!.length).toBeLessThanOrEqual(maxCollectedErrors);
  });

  it("never stops inside a union: a first branch failing on every item does not hide a second that passes", () => {
    const validate = compile({ anyOf: [{ type: "array", items: { type: "string" } }, { type: "array", items: { type: "integer" } }] });
    expect(validate(Array.from({ length: 100_000 }, () => 1))).toBe(true);
    expect(validate([1, "a"])).toBe(false);
    // One error per branch (first-error inside unions), then the union's own.
    expect(validate.errors!.map((error) => [error.instancePath, error.keyword])).toEqual([["/0", "type"], ["/1", "type"], ["", "anyOf"]]);
    const contains = compile({ type: "array", contains: item });
    expect(contains([...Array.from({ length: 100_000 }, () => ({})), { question: "q", value: 1 }])).toBe(true);
    expect(contains(Array.from({ length: 100_000 }, () => ({})))).toBe(false);
  });

  it("leaves a discriminated oneOf to ajv: the chosen branch reports every error", () => {
    const schemas = {
      "https://specwright.invalid/schema/cat": { type: "object", required: ["kind", "lives", "name"], properties: { kind: { const: "cat" }, lives: { type: "integer" }, name: { type: "string" } } },
      "https://specwright.invalid/schema/dog": { type: "object", required: ["kind"], properties: { kind: { const: "dog" } } },
    };
    const validate = compile(
      { type: "object", required: ["kind"], discriminator: { propertyName: "kind" }, oneOf: [{ $ref: "https://specwright.invalid/schema/cat" }, { $ref: "https://specwright.invalid/schema/dog" }] },
      { schemas },
    );
    expect(validate({ kind: "cat", lives: "nine" })).toBe(false);
    expect(validate.errors!.map((error) => [error.instancePath, error.keyword])).toEqual([["", "required"], ["/lives", "type"]]);
  });

  it("keeps size limits guarding costly checks: maxLength before pattern and format, maxItems before uniqueItems", () => {
    const validate = compile({
      type: "object",
      properties: { code: { type: "string", maxLength: 8, pattern: "^(a+)+$" }, picks: { type: "array", maxItems: 3, uniqueItems: true } },
    });
    // An exponential pattern on a long string would not finish: the maxLength failure ends the group.
    expect(validate({ code: "a".repeat(100_000) + "!" })).toBe(false);
    expect(validate.errors!.map((error) => error.keyword)).toEqual(["maxLength"]);
    expect(validate({ picks: Array.from({ length: 100_000 }, (_, index) => ({ index })) })).toBe(false);
    expect(validate.errors!.map((error) => error.keyword)).toEqual(["maxItems"]);
    expect(validate({ code: "ab", picks: [{}, {}] })).toBe(false);
    expect(validate.errors!.map((error) => error.keyword)).toEqual(["pattern", "uniqueItems"]);
  });

  it("accepts exactly what the schema accepts (the rewrite changes errors, never validity)", () => {
    const schema = {
      type: "object",
      properties: {
        list: { type: "array", maxItems: 4, uniqueItems: true, items: { anyOf: [{ type: "integer", minimum: 0 }, { type: "string", maxLength: 3, pattern: "^a" }] } },
        map: { type: "object", additionalProperties: { $ref: "https://specwright.invalid/schema/item" } },
        pick: { oneOf: [{ type: "boolean" }, { type: "array", contains: { const: 1 } }] },
        keys: { type: "object", propertyNames: { maxLength: 2 }, patternProperties: { "^a": { type: "integer" } } },
      },
    };
    const budget = compile(schema);
    const reference = compile(schema, { plain: true, allErrors: false });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 }), (list, map, pick, keys) => {
        const data = { list, map, pick, keys };
        expect(budget(structuredClone(data))).toBe(reference(structuredClone(data)));
      }),
      { numRuns: 2000, seed: 15 },
    );
  });
});
