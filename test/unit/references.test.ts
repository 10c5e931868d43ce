/**
 * The load stage skips SwaggerParser.bundle only when it would change nothing; references that
 * bundle rewrites (chains, paths through another `$ref`) still go through it and still generate.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { isAlreadyBundled } from "../../src/load/references.js";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

const schemas = (extra: Record<string, unknown>) => ({
  openapi: "3.1.0",
  info: { title: "Refs", version: "1" },
  paths: {},
  components: { schemas: { Book: { type: "object", properties: { title: { type: "string" } } }, ...extra } },
});

describe("isAlreadyBundled", () => {
  it.each([
    ["direct references", { Title: { $ref: "#/components/schemas/Book/properties/title" }, List: { type: "array", items: { $ref: "#/components/schemas/Book" } } }],
    ["no references", {}],
    ["an escaped pointer", { "a/b": { type: "string" }, Slash: { $ref: "#/components/schemas/a~1b" } }],
  ])("is true for %s", (_case, extra) => {
    expect(isAlreadyBundled(schemas(extra))).toBe(true);
  });

  it.each([
    ["an external file", { Other: { $ref: "other.yaml#/Book" } }],
    ["a chain", { Alias: { $ref: "#/components/schemas/Book" }, Chained: { $ref: "#/components/schemas/Alias" } }],
    ["a path through a reference", { Alias: { $ref: "#/components/schemas/Book" }, Through: { $ref: "#/components/schemas/Alias/properties/title" } }],
    ["a missing target", { Missing: { $ref: "#/components/schemas/Nothing" } }],
  ])("is false for %s", (_case, extra) => {
    expect(isAlreadyBundled(schemas(extra))).toBe(false);
  });
});

it("generates a spec whose references need bundling", async () => {
  const work = await folder();
  const spec = schemas({ Alias: { $ref: "#/components/schemas/Book" }, Through: { $ref: "#/components/schemas/Alias/properties/title" } });
  spec.paths = {
    "/titles": { get: { operationId: "getTitle", responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Through" } } } } } } },
  };
  const result = await generate({ spec: await writeSpec(work, JSON.stringify(spec), "refs.json"), out: `${work}/out` });
  expect(Object.keys(result.model!.referencedSchemas)).toContain("#/components/schemas/Book/properties/title");
});
