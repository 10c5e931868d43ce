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
import { temporaryFolder, writeSpec, specPostingEachSchema } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";
import type { CompiledValidator } from "../../src/runtime/route-definition.js";
import { validatePart } from "../../src/runtime/validate.js";

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
  // Discriminators: without mapping; inline branches tagged by enum; and one ajv cannot use
  // (the tag has no const), validated as the plain oneOf it sits on.
  PetByConst: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator: { propertyName: "kind" } },
  Vehicle: {
    type: "object",
    required: ["type"],
    oneOf: [
      { properties: { type: { enum: ["car", "van"] }, seats: { type: "integer" } }, required: ["seats"] },
      { properties: { type: { const: "bike" }, gears: { type: "integer" } }, required: ["gears"] },
    ],
    discriminator: { propertyName: "type" },
  },
  Shape: {
    oneOf: [
      { type: "object", required: ["radius"], properties: { shape: { type: "string" }, radius: { type: "number" } }, additionalProperties: false },
      { type: "object", required: ["side"], properties: { shape: { type: "string" }, side: { type: "number" } }, additionalProperties: false },
    ],
    discriminator: { propertyName: "shape" },
  },
  // Enums: strings (Colour above), numbers, mixed.
  Level: { type: "integer", enum: [1, 2, 3] },
  Mixed: { enum: ["a", 1, true, null] },
  Fixed: { const: "fixed" },
  StringOrInteger: { type: ["string", "integer"] },
  AnyOfScalar: { anyOf: [{ type: "string", maxLength: 2 }, { type: "integer", minimum: 10 }] },
  Annotated: { type: "integer", examples: [1, 2], example: "not checked", minimum: 0 },
  // 3.1: a $ref with siblings applies both.
  Nicknamed: { $ref: "#/components/schemas/Named", required: ["nick"], properties: { nick: { type: "string" } } },
  Closed: { allOf: [{ $ref: "#/components/schemas/Named" }], unevaluatedProperties: false },
  Payment: { type: "object", properties: { card: { type: "string" }, billing: { type: "string" } }, dependentRequired: { card: ["billing"] } },
  Open: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true },
  Ping: { type: "object", properties: { pong: { $ref: "#/components/schemas/Pong" } } },
  Pong: { type: "object", required: ["depth"], properties: { depth: { type: "integer" }, ping: { $ref: "#/components/schemas/Ping" } } },
  Tagged: { type: "object", required: ["status"], properties: { status: { type: "string", enum: ["open", "closed"] } } },
};

const names = Object.keys(schemas);
const spec = specPostingEachSchema("3.1.0", "Features", schemas, names);

const out = path.resolve(".test-output", `features-${process.pid}`);
let validators: Record<string, (data: unknown) => boolean>;

beforeAll(async () => {
  const work = await temporaryFolder();
  await generate({ spec: await writeSpec(work.path, JSON.stringify(spec), "features.json"), out });
  await work.remove();
  validators = createRequire(import.meta.url)(path.join(out, "validators.cjs"));
}, 60_000);
afterAll(() => (process.env["KEEP_OUTPUT"] ? undefined : rm(out, { recursive: true, force: true })));

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
  ["PetByConst", [{ kind: "cat", lives: 1 }, { kind: "dog", good: false }], [{ kind: "cow" }, { kind: 1 }, {}, { kind: "dog", good: 1 }]],
  ["Vehicle", [{ type: "car", seats: 4 }, { type: "van", seats: 2 }, { type: "bike", gears: 21 }], [{ type: "bike", seats: 1 }, { type: "tram" }, { seats: 4 }]],
  ["Shape", [{ radius: 1 }, { shape: "square", side: 2 }], [{ radius: 1, side: 2 }, {}, { shape: "circle" }]],
  ["Level", [1, 2, 3], [0, 4, "1", 1.5]],
  ["Mixed", ["a", 1, true, null], ["b", 2, false, "1"]],
  ["Fixed", ["fixed"], ["other", null]],
  ["StringOrInteger", ["a", 1], [1.5, null, true]],
  ["AnyOfScalar", ["ab", 10], ["abc", 9, 1.5]],
  ["Annotated", [0, 5], [-1, "not checked"]],
  ["Nicknamed", [{ name: "n", nick: "k" }], [{ name: "n" }, { nick: "k" }, { name: "n", nick: 1 }]],
  ["Closed", [{ name: "n" }], [{ name: "n", extra: 1 }, {}]],
  ["Payment", [{}, { billing: "b" }, { card: "c", billing: "b" }], [{ card: "c" }]],
  ["Open", [{ a: "x", anything: [1] }], [{ a: 1 }]],
  ["Ping", [{}, { pong: { depth: 1, ping: { pong: { depth: 2 } } } }], [{ pong: {} }, { pong: { depth: 1, ping: { pong: { depth: "2" } } } }]],
  ["Tagged", [{ status: "open" }], [{ status: "pending" }]],
];

describe("validators follow the schema", () => {
  it.each(cases)("%s", (name, valid, invalid) => {
    const validate = validators[`post${name}_body_json`]!;
    expect(typeof validate).toBe("function");
    for (const value of valid) expect([value, validate(value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, validate(value)]).toEqual([value, false]);
  });
});

describe("discriminators", () => {
  it("ajv's discriminator picks the branch by tag and names the tag property when it is wrong", () => {
    for (const name of ["Pet", "PetByConst", "Vehicle"]) {
      const validate = validators[`post${name}_body_json`] as CompiledValidator;
      const tag = name === "Vehicle" ? "type" : "kind";
      for (const payload of [{ [tag]: "cow" }, { [tag]: 1 }]) {
        expect(validate(payload)).toBe(false);
        expect(validate.errors![0]).toMatchObject({ keyword: "discriminator", params: { tag } });
        expect(validatePart(validate, payload, "body")).toEqual([
          expect.objectContaining({ loc: ["body", tag], pointer: `/${tag}`, keyword: "discriminator", message: expect.stringContaining(`"${tag}"`) }),
        ]);
      }
      // No tag at all: "required" where the schema requires it at the top, else the discriminator; both name it.
      expect(validatePart(validate, {}, "body")).toEqual([expect.objectContaining({ loc: ["body", tag], pointer: `/${tag}` })]);
      // A known tag validates that branch only: the error is inside it, not "matches no oneOf branch".
      expect(validate(name === "Vehicle" ? { type: "bike", seats: 1 } : { kind: "cat", lives: 10 })).toBe(false);
      expect(validate.errors![0]!.keyword).not.toBe("oneOf");
    }
  });

  it("falls back to plain oneOf where ajv cannot use the discriminator (no const tag)", () => {
    const validate = validators["postShape_body_json"] as CompiledValidator;
    expect(validate({ shape: "hexagon" })).toBe(false);
    expect(validate.errors!.map((error) => error.keyword)).toContain("oneOf");
    expect(validate.errors!.map((error) => error.keyword)).not.toContain("discriminator");
  });
});

describe("types follow the schema", () => {
  it("accepts the valid shapes and rejects the invalid ones under tsc --strict", async () => {
    await writeFile(
      path.join(out, "features.typecheck.ts"),
      `import type { components } from "./types.js";
import { ColourValues, LevelValues, MixedValues, TaggedStatusValues } from "./enums.js";
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
export const dog: S["PetByConst"] = { kind: "dog", good: true };
// @ts-expect-error not a tag of any branch
export const cow: S["PetByConst"] = { kind: "cow", good: true };
export const van: S["Vehicle"] = { type: "van", seats: 2 };
// @ts-expect-error not a tag of any branch
export const tram: S["Vehicle"] = { type: "tram", seats: 2 };
export const level: S["Level"] = 2;
// @ts-expect-error not in the enum
export const badLevel: S["Level"] = 4;
export const mixedNull: S["Mixed"] = null;
// @ts-expect-error not in the enum
export const mixedFalse: S["Mixed"] = false;
// @ts-expect-error const
export const other: S["Fixed"] = "other";
export const stringOrInteger: S["StringOrInteger"][] = ["a", 1];
// @ts-expect-error type: [string, integer]
export const booleanOrInteger: S["StringOrInteger"] = true;
export const nicknamed: S["Nicknamed"] = { name: "n", nick: "k" };
// @ts-expect-error the $ref's siblings apply too (3.1)
export const noNick: S["Nicknamed"] = { name: "n" };
export const ping: S["Ping"] = { pong: { depth: 1, ping: { pong: { depth: 2 } } } };
// @ts-expect-error mutual recursion keeps its types
export const badPing: S["Ping"] = { pong: { depth: 1, ping: { pong: { depth: "2" } } } };
export const pair: S["Pair"] = ["a", 1];
// @ts-expect-error prefixItems is a tuple
export const swapped: S["Pair"] = [1, "a"];
// @ts-expect-error additionalProperties: false
export const strictExtra: S["Strict"] = { a: "x", b: "y" };
// @ts-expect-error patternProperties values are integers (the pattern itself is not typed)
export const patterned: S["Patterned"] = { "x-a": "1" };
export const anyOf: S["AnyOfScalar"][] = ["ab", 10];
// @ts-expect-error string or integer
export const anyOfBoolean: S["AnyOfScalar"] = true;
export const open: S["Open"] = { a: "x", anything: [1] };
// @ts-expect-error declared properties keep their type
export const badOpen: S["Open"] = { a: 1 };

// The enum constants hold exactly the values of the union types.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const colourValues: Equal<(typeof ColourValues)[number], S["Colour"]> = true;
export const levelValues: Equal<(typeof LevelValues)[number], S["Level"]> = true;
export const mixedValues: Equal<(typeof MixedValues)[number], S["Mixed"]> = true;
export const statusValues: Equal<(typeof TaggedStatusValues)[number], S["Tagged"]["status"]> = true;
// @ts-expect-error the arrays are readonly tuples
ColourValues.push("blue");
`,
    );
    const index = await readFile(path.join(out, "index.ts"), "utf8");
    await writeFile(path.join(out, "index.ts"), `${index}import "./features.typecheck.js";\n`);
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);
});
