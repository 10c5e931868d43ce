/**
 * The one table of where a JSON Schema holds subschemas (src/json-schema/subschemas.ts) and its
 * walker: every subschema position of JSON Schema 2020-12 and of the draft-04 forms OpenAPI 3.0
 * carries is reached once, in keyword order, and nothing that is data is.
 */
import { describe, expect, it } from "vitest";
import { forEachSubschema, mapSubschemas } from "../../../src/json-schema/subschemas.js";

/** Every position: one subschema, arrays, maps, draft-04 forms, and data that looks like schemas. */
const schema = {
  type: "object",
  properties: { name: { type: "string" }, flag: true },
  patternProperties: { "^x-": { type: "string" } },
  additionalProperties: false,
  allOf: [{ required: ["name"] }, "not a schema"],
  items: [{ type: "integer" }, { type: "string" }],
  additionalItems: { type: "boolean" },
  not: { const: 1 },
  if: { properties: { kind: { const: "a" } } },
  then: { required: ["a"] },
  else: { required: ["b"] },
  dependencies: { name: ["flag"], flag: { required: ["name"] } },
  $defs: { Inner: { type: "null" } },
  contentSchema: { type: "object" },
  default: { type: "looks like a schema, but is data" },
  enum: [{ type: "data" }],
  examples: [{ properties: {} }],
  "x-extension": { type: "data" },
};

describe("the subschema walker", () => {
  it("visits every subschema position once, in keyword order, with its key, and no data", () => {
    const visited: string[] = [];
    forEachSubschema(schema, (_subschema, keyword, key) => visited.push(key === undefined ? keyword : `${keyword}/${key}`));
    expect(visited).toEqual([
      "properties/name", "properties/flag", "patternProperties/^x-", "additionalProperties", "allOf/0", "items/0", "items/1", "additionalItems",
      "not", "if", "then", "else", "dependencies/flag", "$defs/Inner", "contentSchema",
    ]);
  });

  it("maps subschemas into a copy, keeping data and non-schemas in schema positions as they are", () => {
    const mapped = mapSubschemas(schema, (subschema) => (typeof subschema === "boolean" ? subschema : { mapped: true }));
    expect(mapped).toEqual({
      ...schema,
      properties: { name: { mapped: true }, flag: true },
      patternProperties: { "^x-": { mapped: true } },
      allOf: [{ mapped: true }, "not a schema"],
      items: [{ mapped: true }, { mapped: true }],
      additionalItems: { mapped: true },
      not: { mapped: true },
      if: { mapped: true },
      then: { mapped: true },
      else: { mapped: true },
      dependencies: { name: ["flag"], flag: { mapped: true } },
      $defs: { Inner: { mapped: true } },
      contentSchema: { mapped: true },
    });
    expect(Object.keys(mapped)).toEqual(Object.keys(schema));
    expect(schema.properties.name).toEqual({ type: "string" });
  });
});
