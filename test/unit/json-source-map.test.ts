/**
 * JsonSourceMap must give JSON specs exactly the positions SourceMap gives them through the YAML
 * parser (which it replaced for JSON because that parse took 1.5 s on GitHub's spec).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { LineCounter, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { JsonSourceMap } from "../../src/load/json-source-map.js";
import { SourceMap } from "../../src/load/source-map.js";
import { escapePointerSegment } from "../../src/wire/json-pointer.js";

function yamlSourceMap(text: string): SourceMap {
  return new SourceMap(() => {
    const lineCounter = new LineCounter();
    return { document: parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false }), lineCounter };
  });
}

/** Every pointer in `value`, plus one missing child below each container. */
function pointersOf(value: unknown, pointer = "#"): string[] {
  const result = [pointer];
  if (value && typeof value === "object") {
    result.push(`${pointer}/missing~1child`, `${pointer}/99`);
    for (const [key, child] of Object.entries(value)) result.push(...pointersOf(child, `${pointer}/${escapePointerSegment(key)}`));
  }
  return result;
}

function expectSamePositions(text: string, pointers: string[]): void {
  const json = new JsonSourceMap(text);
  const yaml = yamlSourceMap(text);
  for (const pointer of pointers) expect([pointer, json.locate(pointer)]).toEqual([pointer, yaml.locate(pointer)]);
}

const sample = {
  openapi: "3.1.0",
  info: { title: "Päths \"quoted\" \\ back", version: "1" },
  paths: {
    "/items/{itemId}": {
      get: {
        operationId: "getItem",
        parameters: [{ name: "itemId", in: "path", required: true, schema: { type: "integer", enum: [1, 2.5, -3e2, null, true, false] } }],
        responses: { "200": { description: "ok 🎉", content: { "application/json": { schema: { type: "array", items: [[], {}, [[1]]] } } } } },
      },
    },
    "/a~b/c\u2028d": { "x-\"tricky\"": { "k\\ey": "v\"al", "": "empty key", "01": "leading zero key" } },
  },
};

describe("JsonSourceMap", () => {
  it("finds what the YAML parser finds in pretty-printed, minified and CRLF JSON", () => {
    const pointers = [...pointersOf(sample), "#/paths/~1items~1{itemId}/get/parameters/00", "#/paths/~1items~1{itemId}/get/parameters/-1", "#/paths/~1items~1{itemId}/get/parameters/0.0", ""];
    for (const text of [JSON.stringify(sample, null, 2), JSON.stringify(sample), JSON.stringify(sample, null, "\t").replace(/\n/g, "\r\n"), `\n\n  ${JSON.stringify(sample, null, 4)}\n`]) {
      expectSamePositions(text, pointers);
    }
  });

  it("finds what the YAML parser finds in the example spec written as JSON", () => {
    const example = parseDocument(readFileSync("spec/openapi.yaml", "utf8")).toJS() as unknown;
    expectSamePositions(JSON.stringify(example, null, 2), pointersOf(example));
  });

  it("finds what the YAML parser finds for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        if (text === undefined) return;
        expectSamePositions(text, pointersOf(JSON.parse(text)).slice(0, 200));
      }),
      { numRuns: 200 },
    );
  });

  it("is undefined for an empty text", () => {
    expect(new JsonSourceMap("  ").locate("#/a")).toBeUndefined();
  });
});
