/**
 * JSON Schema and OpenAPI features, types and validators together: one spec uses each feature in
 * a request body; the generated validators accept and reject the right values, and the generated
 * types accept and reject the same shapes under tsc --strict (@ts-expect-error lines fail tsc
 * when the type is too loose).
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const schemas = {
  Pet: {
    oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
    discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" } },
  },
  Cat: { type: "object", required: ["kind", "lives"], properties: { kind: { const: "cat" }, lives: { type: "integer", maximum: 9 } } },
  Dog: { type: "object", required: ["kind", "good"], properties: { kind: { const: "dog" }, good: { type: "boolean" } } },
  Colour: { type: "string", enum: ["red", "green"] },
  Tree: { type: "object", required: ["name"], properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } } },
  Named: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
  Aged: { allOf: [{ $ref: "#/components/schemas/Named" }, { type: "object", required: ["age"], properties: { age: { type: "integer", format: "int32" } } }] },
  Labels: { type: "object", additionalProperties: { type: "string" } },
  Strict: { type: "object", additionalProperties: false, properties: { a: { type: "string" } } },
  Patterned: { type: "object", patternProperties: { "^x-": { type: "integer" } }, additionalProperties: false },
  Pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
  Nullable: { type: ["string", "null"] },
  NotEmpty: { type: "string", not: { const: "" } },
};

const names = Object.keys(schemas);
const spec = {
  openapi: "3.1.0",
  info: { title: "Features", version: "1" },
  paths: Object.fromEntries(
    names.map((name) => [
      `/${name.toLowerCase()}`,
      {
        post: {
          operationId: `post${name}`,
          requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } },
          responses: { "204": { description: "ok" } },
        },
      },
    ]),
  ),
  components: { schemas },
};

const out = path.resolve(".test-output", `features-${process.pid}`);
let validators: Record<string, (data: unknown) => boolean>;

beforeAll(async () => {
  const work = await temporaryFolder();
  await generate({ spec: await writeSpec(work.path, JSON.stringify(spec), "features.json"), out });
  await work.remove();
  validators = createRequire(import.meta.url)(path.join(out, "validators.cjs"));
}, 60_000);
afterAll(() => rm(out, { recursive: true, force: true }));

const cases: [name: string, valid: unknown[], invalid: unknown[]][] = [
  ["Pet", [{ kind: "cat", lives: 9 }, { kind: "dog", good: true }], [{ kind: "cat", lives: 10 }, { kind: "cow" }, {}, { kind: "dog", lives: 1 }]],
  ["Colour", ["red", "green"], ["blue", 1, null]],
  ["Tree", [{ name: "a", children: [{ name: "b", children: [{ name: "c" }] }] }], [{ name: "a", children: [{ name: 1 }] }, { children: [] }]],
  ["Aged", [{ name: "n", age: 3 }], [{ name: "n" }, { age: 3 }, { name: "n", age: 2 ** 31 }]],
  ["Labels", [{}, { a: "x", b: "y" }], [{ a: 1 }]],
  ["Strict", [{ a: "x" }], [{ a: "x", b: "y" }]],
  ["Patterned", [{ "x-a": 1 }], [{ "x-a": "1" }, { y: 1 }]],
  ["Pair", [["a", 1]], [[1, "a"], ["a", 1, 2]]],
  ["Nullable", ["x", null], [1]],
  ["NotEmpty", ["x"], [""]],
];

describe("validators follow the schema", () => {
  it.each(cases)("%s", (name, valid, invalid) => {
    const validate = validators[`post${name}_body0`]!;
    expect(typeof validate).toBe("function");
    for (const value of valid) expect([value, validate(value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, validate(value)]).toEqual([value, false]);
  });
});

describe("types follow the schema", () => {
  it("accepts the valid shapes and rejects the invalid ones under tsc --strict", async () => {
    await writeFile(
      path.join(out, "features.typecheck.ts"),
      `import type { components } from "./types.js";
type S = components["schemas"];
export const cat: S["Pet"] = { kind: "cat", lives: 9 };
// @ts-expect-error a cat has no "good"; a dog needs it
export const mixed: S["Pet"] = { kind: "cat", good: true };
export const colour: S["Colour"] = "red";
// @ts-expect-error not in the enum
export const blue: S["Colour"] = "blue";
export const tree: S["Tree"] = { name: "a", children: [{ name: "b", children: [] }] };
// @ts-expect-error children are trees
export const badTree: S["Tree"] = { name: "a", children: [{ name: 1 }] };
export const aged: S["Aged"] = { name: "n", age: 3 };
// @ts-expect-error allOf needs both parts
export const unnamed: S["Aged"] = { age: 3 };
export const labels: S["Labels"] = { a: "x" };
// @ts-expect-error additionalProperties are strings
export const numericLabel: S["Labels"] = { a: 1 };
export const nullable: S["Nullable"] = null;
// @ts-expect-error string or null
export const numberNullable: S["Nullable"] = 1;
`,
    );
    const index = await readFile(path.join(out, "index.ts"), "utf8");
    await writeFile(path.join(out, "index.ts"), `${index}import "./features.typecheck.js";\n`);
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);
});
