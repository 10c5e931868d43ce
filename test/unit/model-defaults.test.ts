/**
 * model/defaults.ts: which defaults apply is decided once, in the model. A default that breaks
 * its own schema is left out of every schema the model holds (and so of every output), while
 * the document served as openapi.json keeps it as written.
 */
import { describe, expect, it } from "vitest";
import { documentWithoutDefaults } from "../../src/model/defaults.js";
import { json, modelOf, noContent, specWith } from "../helpers/emitter-cases.js";

describe("documentWithoutDefaults", () => {
  const document = {
    paths: { "/a": { get: { parameters: [{ name: "n", schema: { type: "integer", minimum: 1, default: 0 } }] } } },
    components: { schemas: { Kept: { type: "string", default: "x" }, Broken: { type: "boolean", default: "no" } } },
  };

  it("removes the default at each pointer, in a copy that shares what it does not touch", () => {
    const before = structuredClone(document);
    const view = documentWithoutDefaults(document, ["#/components/schemas/Broken", "#/paths/~1a/get/parameters/0/schema"]);
    expect(view.components.schemas.Broken).toEqual({ type: "boolean" });
    expect(view.paths["/a"].get.parameters[0]!.schema).toEqual({ type: "integer", minimum: 1 });
    expect(Array.isArray(view.paths["/a"].get.parameters)).toBe(true);
    expect(view.components.schemas.Kept).toBe(document.components.schemas.Kept);
    expect(document).toEqual(before);
  });

  it("returns the document itself for no pointers, and skips a pointer that leads nowhere", () => {
    expect(documentWithoutDefaults(document, [])).toBe(document);
    expect(documentWithoutDefaults(document, ["#/components/schemas/Missing/properties/x"])).toEqual(document);
  });
});

describe("buildModel with the rule for defaults", () => {
  it("leaves a default that breaks its own schema out of every schema of the model, with a warning at it, and keeps the valid ones", async () => {
    const { model, warnings } = await modelOf(
      specWith(
        {
          "/things": {
            get: {
              operationId: "listThings",
              parameters: [
                { name: "limit", in: "query", schema: { type: "integer", minimum: 1, default: 0 } },
                { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
              ],
              responses: {
                "200": {
                  description: "things",
                  headers: { "X-Rate": { schema: { type: "integer", default: "fast" } } },
                  content: json({ type: "array", items: { $ref: "#/components/schemas/Thing" } }),
                },
              },
            },
            post: { operationId: "createThing", requestBody: { content: json({ $ref: "#/components/schemas/Thing" }) }, responses: noContent },
          },
        },
        { schemas: { Thing: { type: "object", properties: { done: { type: "boolean", default: "false" }, size: { type: "integer", default: 3 } } } } },
      ),
    );
    const broken = [
      "#/components/schemas/Thing/properties/done",
      "#/paths/~1things/get/parameters/0/schema",
      "#/paths/~1things/get/responses/200/headers/X-Rate/schema",
    ];
    expect(model.invalidDefaults).toEqual(broken);
    expect(warnings.filter((warning) => warning.code === "SPW_W_INVALID_DEFAULT").map((warning) => warning.pointer)).toEqual(broken.map((pointer) => `${pointer}/default`));
    const { document, ...schemasAndOperations } = model;
    const held = JSON.stringify(schemasAndOperations);
    expect(held).not.toContain('"default":"false"');
    expect(held).not.toContain('"default":"fast"');
    expect(held).not.toContain('"default":0');
    expect(held).toContain('"default":3');
    const [limit, page] = model.operations[0]!.parameters;
    expect([limit!.defaultApplies, page!.defaultApplies]).toEqual([false, true]);
    // openapi.json serves the spec as written.
    expect(JSON.stringify(document)).toContain('"default":"false"');
  });
});

describe("which defaults the model judges", () => {
  it("judges a $ref target outside the places OpenAPI names, once, at its own pointer", async () => {
    const { model, warnings } = await modelOf(
      specWith(
        { "/things": { post: { operationId: "createThing", requestBody: { content: json({ $ref: "#/components/x-shared/Thing" }) }, responses: noContent } } },
        { "x-shared": { Thing: { type: "object", properties: { done: { type: "boolean", default: "false" } } } } },
      ),
    );
    expect(model.invalidDefaults).toEqual(["#/components/x-shared/Thing/properties/done"]);
    expect(warnings.filter((warning) => warning.code === "SPW_W_INVALID_DEFAULT")).toHaveLength(1);
    expect(JSON.stringify(model.referencedSchemas)).not.toContain('"default":"false"');
  });

  it("judges a 3.0 nullable default against the node as normalised, and ignores the siblings of a 3.0 $ref", async () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: "Test", version: "1.0.0" },
      paths: {
        "/things": {
          post: {
            operationId: "createThing",
            requestBody: { content: json({ $ref: "#/components/schemas/Thing" }) },
            responses: noContent,
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: "object",
            properties: {
              // Normalised to anyOf: [{ enum: [a, b], default: c }, { type: null }]: c is neither.
              mode: { nullable: true, enum: ["a", "b"], default: "c" },
              size: { nullable: true, enum: [1, 2], default: 2 },
              // Ignored beside the $ref in 3.0, so never read, never warned about.
              other: { $ref: "#/components/schemas/Other", properties: { e: { type: "integer", default: "x" } } },
            },
          },
          Other: { type: "object" },
        },
      },
    };
    const { model } = await modelOf(spec);
    expect(model.invalidDefaults).toEqual(["#/components/schemas/Thing/properties/mode"]);
  });
});
