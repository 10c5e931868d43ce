/**
 * The OpenAPI schema check of the load stage (src/load/validate-document.ts): the same findings
 * swagger-parser's dereference-and-validate pass gave, without dereferencing the document.
 * Reference Objects are checked as what their place calls for; component schemas are checked
 * once, where they are written.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate, SpecError, type Diagnostic } from "specwright";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

async function diagnosticsOf(spec: string): Promise<Diagnostic[]> {
  try {
    await generate({ spec, out: path.join(path.dirname(spec), "out") });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).diagnostics;
  }
  throw new Error("generate did not fail");
}

const brokenSharedParameter = `openapi: 3.0.3
info:
  title: Shared parameter
  version: 1.0.0
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters:
        - $ref: "#/components/parameters/ItemId"
      responses:
        "200":
          description: An item
  /other/{itemId}:
    get:
      operationId: getOther
      parameters:
        - $ref: "#/components/parameters/ItemId"
      responses:
        "200":
          description: An item
components:
  parameters:
    ItemId:
      name: itemId
      required: true
      schema:
        type: integer
`;

describe("checking the document against the OpenAPI schema", () => {
  it("reports a broken component where it is written and at every place that refers to it", async () => {
    const work = await folder();
    const diagnostics = await diagnosticsOf(await writeSpec(work, brokenSharedParameter));
    expect(diagnostics.map(({ code, pointer, line }) => ({ code, pointer, line }))).toEqual([
      { code: "SPW_E_INVALID_SPEC", pointer: "#/paths/~1items~1{itemId}/get/parameters/0", line: 10 },
      { code: "SPW_E_INVALID_SPEC", pointer: "#/paths/~1other~1{itemId}/get/parameters/0", line: 18 },
      { code: "SPW_E_INVALID_SPEC", pointer: "#/components/parameters/ItemId", line: 24 },
    ]);
    expect(diagnostics[0]!.message).toContain("must have required property 'in'");
  });

  it("gives JSON specs the same lines (found in the JSON text)", async () => {
    const work = await folder();
    const { parse } = await import("yaml");
    const text = JSON.stringify(parse(brokenSharedParameter), null, 2);
    const diagnostics = await diagnosticsOf(await writeSpec(work, text, "openapi.json"));
    const lines = text.split("\n");
    for (const diagnostic of diagnostics) {
      const key = diagnostic.pointer!.endsWith("/0") ? '"$ref"' : '"ItemId"';
      expect(lines[diagnostic.line! - 1]!.slice(diagnostic.column! - 1)).toMatch(new RegExp(`^(\\{|${key.replace("$", "\\$")})`));
    }
  });

  it("reports a mistake inside a recursive component schema once, where it is written", async () => {
    const work = await folder();
    const spec = await writeSpec(
      work,
      `openapi: 3.0.3
info: {title: Recursive, version: "1"}
paths:
  /items:
    get:
      operationId: getItems
      responses:
        "200":
          description: Items
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: integer, minimum: zero}
        next: {$ref: "#/components/schemas/Item"}
`,
    );
    const diagnostics = await diagnosticsOf(spec);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: "SPW_E_INVALID_SPEC", pointer: "#/components/schemas/Item/properties/id/minimum", line: 18, message: expect.stringContaining("must be number") }),
    ]);
  });

  it("flags a parameter or response that refers to a schema", async () => {
    const work = await folder();
    const spec = await writeSpec(
      work,
      `openapi: 3.0.3
info: {title: Kinds, version: "1"}
paths:
  /items:
    get:
      operationId: getItems
      parameters:
        - $ref: "#/components/schemas/Limit"
      responses:
        "200":
          $ref: "#/components/schemas/Item"
components:
  schemas:
    Item: {type: object}
    Limit: {type: integer}
`,
    );
    const result = await generate({ spec, out: path.join(work, "out"), lint: "off" });
    expect(result.warnings.map(({ code, pointer, line }) => ({ code, pointer, line }))).toEqual([
      { code: "SPW_W_UNKNOWN_FIELD", pointer: "#/paths/~1items/get/parameters/0/type", line: 8 },
      { code: "SPW_W_UNKNOWN_FIELD", pointer: "#/paths/~1items/get/responses/200/type", line: 10 },
    ]);
  });

  it("accepts 3.1 Reference Objects with sibling keys, and recursive schemas", async () => {
    const work = await folder();
    const spec = await writeSpec(
      work,
      `openapi: 3.1.0
info: {title: Siblings, version: "1"}
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters:
        - $ref: "#/components/parameters/ItemId"
          description: The item's id
      responses:
        "200": {$ref: "#/components/responses/Item"}
components:
  parameters:
    ItemId: {name: itemId, in: path, required: true, schema: {type: integer}}
  responses:
    Item:
      description: An item
      content:
        application/json:
          schema: {type: object, properties: {next: {$ref: "#/components/schemas/Node"}}}
  schemas:
    Node: {type: object, properties: {child: {$ref: "#/components/schemas/Node"}}}
`,
    );
    const result = await generate({ spec, out: path.join(work, "out"), lint: "off" });
    expect(result.warnings).toEqual([]);
    expect(await readFile(path.join(work, "out", "validators.d.cts"), "utf8")).toContain("getItem_path");
  });
});
