/**
 * OpenAPI 3.0 schema syntax, read in the 3.1 dialect (model/schemas.ts normaliseSchema): `nullable`,
 * boolean `exclusiveMinimum`/`exclusiveMaximum`, `example`, a discriminator with a mapping, and
 * `$ref` siblings (ignored in 3.0). Validators and types are asserted together.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec, specPostingEachSchema } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const schemas = {
  NullableName: { type: "string", nullable: true, minLength: 1 },
  NullableStatus: { type: "string", enum: ["on", "off"], nullable: true },
  NullableObject: { nullable: true, allOf: [{ $ref: "#/components/schemas/Thing" }] },
  Thing: { type: "object", required: ["id"], properties: { id: { type: "integer" } }, example: { id: "not checked" } },
  Percentage: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 100, exclusiveMaximum: true },
  Inclusive: { type: "integer", minimum: 0, exclusiveMinimum: false },
  Animal: {
    oneOf: [{ $ref: "#/components/schemas/Bird" }, { $ref: "#/components/schemas/Fish" }],
    discriminator: { propertyName: "species", mapping: { bird: "#/components/schemas/Bird", fish: "#/components/schemas/Fish" } },
  },
  Bird: { type: "object", required: ["species", "wings"], properties: { species: { type: "string", enum: ["bird"] }, wings: { type: "integer" } } },
  Fish: { type: "object", required: ["species"], properties: { species: { type: "string", enum: ["fish"] }, fins: { type: "integer" } } },
  // 3.0: siblings of a $ref are ignored (OpenAPI 3.0.3 §4.7.24).
  RefWithSibling: { $ref: "#/components/schemas/Thing", required: ["other"] },
};

const names = Object.keys(schemas).filter((name) => !["Bird", "Fish"].includes(name));
const spec = specPostingEachSchema("3.0.3", "Features 3.0", schemas, names);

const out = path.resolve(".test-output", `features-3.0-${process.pid}`);
let validators: Record<string, ((data: unknown) => boolean) & { errors?: { keyword: string; params: Record<string, unknown> }[] | null }>;

beforeAll(async () => {
  const work = await temporaryFolder();
  await generate({ spec: await writeSpec(work.path, JSON.stringify(spec), "features.json"), out });
  await work.remove();
  validators = createRequire(import.meta.url)(path.join(out, "validators.cjs"));
}, 60_000);
afterAll(() => rm(out, { recursive: true, force: true }));

const cases: [name: string, valid: unknown[], invalid: unknown[]][] = [
  ["NullableName", ["a", null], ["", 1]],
  ["NullableStatus", ["on", null], ["maybe", 1]],
  ["NullableObject", [{ id: 1 }, null], [{}, "x"]],
  ["Thing", [{ id: 1 }], [{ id: "not checked" }]],
  ["Percentage", [0.5, 99.9], [0, 100, -1]],
  ["Inclusive", [0, 5], [-1]],
  ["Animal", [{ species: "bird", wings: 2 }, { species: "fish" }], [{ species: "bird" }, { species: "cat" }, {}]],
  ["RefWithSibling", [{ id: 1 }], [{}]],
];

describe("3.0 validators", () => {
  it.each(cases)("%s", (name, valid, invalid) => {
    const validate = validators[`post${name}_body_json`]!;
    for (const value of valid) expect([value, validate(value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, validate(value)]).toEqual([value, false]);
  });

  it("uses the discriminator: an unknown species is reported at the tag", () => {
    const validate = validators["postAnimal_body_json"]!;
    expect(validate({ species: "cat" })).toBe(false);
    expect(validate.errors![0]).toMatchObject({ keyword: "discriminator", params: { tag: "species", tagValue: "cat" } });
  });
});

describe("3.0 types", () => {
  it("match the validators under tsc --strict", async () => {
    await writeFile(
      path.join(out, "features.typecheck.ts"),
      `import type { components } from "./types.js";
import { NullableStatusValues } from "./enums.js";
type S = components["schemas"];
export const name: S["NullableName"] = null;
// @ts-expect-error string or null
export const numberName: S["NullableName"] = 1;
export const status: S["NullableStatus"] = null;
// @ts-expect-error not in the enum
export const maybe: S["NullableStatus"] = "maybe";
export const nothing: S["NullableObject"] = null;
// @ts-expect-error id is required
export const noId: S["NullableObject"] = {};
export const fish: S["Animal"] = { species: "fish" };
// @ts-expect-error a bird needs wings
export const bird: S["Animal"] = { species: "bird" };
export const sibling: S["RefWithSibling"] = { id: 1 };
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const statusValues: Equal<(typeof NullableStatusValues)[number], S["NullableStatus"]> = true;
`,
    );
    const index = await readFile(path.join(out, "index.ts"), "utf8");
    await writeFile(path.join(out, "index.ts"), `${index}import "./features.typecheck.js";\n`);
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);
});
