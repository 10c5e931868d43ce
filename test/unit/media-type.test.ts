import { describe, expect, it } from "vitest";
import { isJsonMediaType, mediaTypeMatches, parseMediaType } from "../../src/wire/media-type.js";

describe("parseMediaType", () => {
  it.each([
    ["application/json", {}],
    ["APPLICATION/JSON", {}],
    ["application/json; charset=utf-8", { charset: "utf-8" }],
    ['application/json;charset="utf-8"', { charset: "utf-8" }],
    ["application/json ; CHARSET=UTF-8", { charset: "UTF-8" }],
    ["application/json\t;\tcharset=utf-8 ", { charset: "utf-8" }],
  ])("accepts %j", (text, parameters) => {
    const parsed = parseMediaType(text);
    expect(parsed).toBeDefined();
    expect(parsed!.type).toBe("application");
    expect(parsed!.subtype).toBe("json");
    expect(parsed!.essence).toBe("application/json");
    expect({ ...parsed!.parameters }).toEqual(parameters);
  });

  it("reads several parameters and unescapes quoted strings", () => {
    const parsed = parseMediaType('multipart/form-data; boundary="a\\"b;c=d"; charset=utf-8');
    expect(parsed?.essence).toBe("multipart/form-data");
    expect({ ...parsed!.parameters }).toEqual({ boundary: 'a"b;c=d', charset: "utf-8" });
  });

  it("keeps a structured suffix in the subtype", () => {
    expect(parseMediaType("Application/Problem+JSON")?.essence).toBe("application/problem+json");
  });

  it.each([
    [" application/json"],
    ["application/json garbage"],
    ["application/json ;"],
    ["application/json;"],
    ["application"],
    ["application/"],
    ["/json"],
    [""],
    ["application/json; charset"],
    ["application/json; charset="],
    ['application/json; charset="utf-8'],
    ["application/json, text/plain"],
    ["application/json\r\n"],
    ["application/json;;charset=utf-8"],
    ["text/plain; charset=utf-8 x"],
  ])("rejects %j", (text) => {
    expect(parseMediaType(text)).toBeUndefined();
  });
});

describe("isJsonMediaType", () => {
  it.each([["application/json"], ["application/problem+json"], ["application/vnd.api+json"], ["application/merge-patch+json"]])("%j is JSON", (essence) => {
    expect(isJsonMediaType(essence)).toBe(true);
  });

  it.each([["text/plain"], ["application/jsonx"], ["application/json-seq"], ["application/x-ndjson"], ["application/xml"], ["text/json5"]])("%j is not JSON", (essence) => {
    expect(isJsonMediaType(essence)).toBe(false);
  });
});

describe("mediaTypeMatches", () => {
  it.each([
    ["*/*", "application/json", true],
    ["*/*", "image/png", true],
    ["image/*", "image/png", true],
    ["image/*", "image/svg+xml", true],
    ["image/*", "text/plain", false],
    ["image/*", "imagex/png", false],
    ["application/json", "application/json", true],
    ["Application/JSON", "application/json", true],
    ["application/json; charset=utf-8", "application/json", true],
    ["application/json", "application/problem+json", false],
    ["text/plain", "text/html", false],
  ])("range %j against %j is %s", (range, essence, expected) => {
    expect(mediaTypeMatches(range, essence)).toBe(expected);
  });
});
