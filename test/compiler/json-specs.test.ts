/**
 * JSON specs are read with JSON.parse (the YAML parser is 20× slower on GitHub's 13 MB), and read
 * exactly as before: a key repeated in one object is still a syntax error with its line, and
 * warnings still carry line and column, computed only when there is a diagnostic to place.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generate, SpecError, type Diagnostic } from "specwright";
import { parseStrictJson } from "../../src/load/json-text.js";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

const spec = {
  openapi: "3.1.0",
  info: { title: "Json", version: "1" },
  paths: { "/items": { get: { operationId: "listItems", responses: { "200": { description: "ok" } } } } },
};

async function diagnosticsOf(file: string, out: string): Promise<Diagnostic[]> {
  try {
    await generate({ spec: file, out });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).diagnostics;
  }
  throw new Error("generate did not fail");
}

describe("parseStrictJson", () => {
  it.each([
    ['{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}', { a: 1, b: { a: 2 }, c: [{ a: 3 }, { a: 4 }] }],
    ['{"k\\"ey": "va{l,ue]", "key": "x"}', { 'k"ey': "va{l,ue]", key: "x" }],
    ['  {"__proto__": {"x": 1}, "ab": "\\\\"}', JSON.parse('{"__proto__": {"x": 1}, "ab": "\\\\"}')],
  ])("reads %s as JSON.parse does", (text, expected) => {
    expect(parseStrictJson(text)).toEqual({ value: expected });
  });

  it.each([
    '{"a": 1, "a": 2}',
    '{"a": {"b": [1, {"c": 1, "c": 2}]}}',
    '{"a": 1, "\\u0061": 2}',
    '{"a": 1,}',
    "openapi: 3.1.0",
    '["not", "an", "object"]',
  ])("leaves %s to the YAML parser", (text) => {
    expect(parseStrictJson(text)).toBeUndefined();
  });
});

describe("JSON specs", () => {
  it("report a duplicate key as a syntax error with its line", async () => {
    const work = await folder();
    const text = JSON.stringify(spec, null, 2).replace('"title": "Json",', '"title": "Json",\n    "title": "Again",');
    const [diagnostic] = await diagnosticsOf(await writeSpec(work, text, "duplicate.json"), `${work}/out`);
    expect(diagnostic).toMatchObject({ code: "SPW_E_SYNTAX", line: 5 });
    expect(diagnostic!.message).toMatch(/unique/i);
  });

  it("give warnings their line and column", async () => {
    const work = await folder();
    const text = JSON.stringify(spec, null, 2).replace('"operationId": "listItems",', '"operationId": "listItems",\n        "sumary": "typo",');
    const result = await generate({ spec: await writeSpec(work, text, "typo.json"), out: `${work}/out` });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: "SPW_W_UNKNOWN_FIELD", pointer: "#/paths/~1items/get/sumary", line: 11, column: 9 }),
    );
  });
});
