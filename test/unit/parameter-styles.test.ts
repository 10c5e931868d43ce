import { describe, expect, it } from "vitest";
import {
  encodeValue,
  formDecode,
  MalformedEncodingError,
  parseCookieHeader,
  parsePathParameter,
  parseQueryParameter,
  percentDecode,
  serialiseContentValue,
  serialiseCookieParameter,
  serialiseFormBody,
  serialisePathParameter,
  serialiseQueryParameter,
  splitQuery,
  type ParameterShape,
  type RawParameterValue,
} from "../../src/wire/parameter-styles.js";
import { pathStyleExamples, queryStyleExamples, styleExampleValues, type StyleExampleCells } from "../fixtures/style-examples.js";

/** The Style Examples table (test/fixtures/style-examples.ts), under this file's names. */
const values = styleExampleValues;

/** What the parsers give back: strings only, numbers not yet coerced. */
const parsed: Record<keyof typeof values, RawParameterValue> = {
  empty: "",
  string: "blue",
  array: ["blue", "black", "brown"],
  object: { R: "100", G: "200", B: "150" },
};

const shapes: Record<keyof typeof values, ParameterShape> = { empty: "primitive", string: "primitive", array: "array", object: "object" };

const pathTable = pathStyleExamples;

const queryTable = queryStyleExamples;

function cases(table: [string, boolean, StyleExampleCells][]): [string, boolean, keyof typeof values, string][] {
  return table.flatMap(([style, explode, cells]) =>
    (Object.entries(cells) as [keyof typeof values, string][]).map(([kind, text]) => [style, explode, kind, text] as [string, boolean, keyof typeof values, string]),
  );
}

/** Copies a parser result into plain objects so toEqual compares only the data. */
function plain(value: RawParameterValue | undefined): unknown {
  if (value === undefined || typeof value === "string" || Array.isArray(value)) return value;
  return { ...value };
}

/** Parses a query string the way src/runtime/params.ts does: split, form-decode the keys, read. */
function readQuery(query: string, name: string, style: string, explode: boolean, shape: ParameterShape, known = [name]): RawParameterValue | undefined {
  const pairs = splitQuery(query, 100);
  for (const pair of pairs) pair[0] = formDecode(pair[0]);
  return parseQueryParameter(pairs, name, style, explode, shape, new Set(known));
}

describe("Style Examples table: path parameters", () => {
  it.each(cases(pathTable))("%s explode=%s %s serialises to %j", (style, explode, kind, text) => {
    expect(serialisePathParameter("color", values[kind], style, explode)).toBe(text);
  });

  it.each(cases(pathTable))("%s explode=%s %s parses back from %j", (style, explode, kind, text) => {
    expect(plain(parsePathParameter(text, "color", style, explode, shapes[kind]))).toEqual(parsed[kind]);
  });
});

describe("Style Examples table: query parameters", () => {
  it.each(cases(queryTable))("%s explode=%s %s serialises to %j", (style, explode, kind, text) => {
    expect(serialiseQueryParameter("color", values[kind], style, explode).join("&")).toBe(text);
  });

  it.each(cases(queryTable))("%s explode=%s %s parses back from %j", (style, explode, kind, text) => {
    expect(plain(readQuery(text, "color", style, explode, shapes[kind]))).toEqual(parsed[kind]);
  });

  it("parses a literal pipe too (OpenAPI 3.1.0 wrote it unencoded)", () => {
    expect(readQuery("color=blue|black|brown", "color", "pipeDelimited", false, "array")).toEqual(["blue", "black", "brown"]);
  });

  it("parses spaceDelimited written with + or a raw space", () => {
    expect(readQuery("color=blue+black+brown", "color", "spaceDelimited", false, "array")).toEqual(["blue", "black", "brown"]);
  });

  it("parses the unencoded deepObject brackets of OpenAPI 3.1.0", () => {
    expect(plain(readQuery("color[R]=100&color[G]=200&color[B]=150", "color", "deepObject", true, "object"))).toEqual(parsed.object);
  });

  it("returns undefined for an absent parameter", () => {
    expect(readQuery("other=1", "color", "form", true, "primitive", ["color", "other"])).toBeUndefined();
    expect(readQuery("", "color", "deepObject", true, "object")).toBeUndefined();
  });

  it("returns every value of a repeated primitive so the caller can reject the repeat", () => {
    expect(readQuery("color=blue&color=red", "color", "form", true, "primitive")).toEqual(["blue", "red"]);
  });

  it("leaves declared names out of an exploded form object", () => {
    expect(plain(readQuery("R=100&limit=5&G=200", "color", "form", true, "object", ["color", "limit"]))).toEqual({ R: "100", G: "200" });
  });
});

describe("percent-encoded delimiters and hostile values", () => {
  it("keeps an encoded comma inside a simple array item", () => {
    expect(parsePathParameter("a%2Cb,c", "color", "simple", false, "array")).toEqual(["a,b", "c"]);
  });

  it("keeps an encoded comma inside a form array item", () => {
    expect(readQuery("color=a%2Cb,c", "color", "form", false, "array")).toEqual(["a,b", "c"]);
  });

  it("round-trips array items that contain the delimiter", () => {
    const text = serialisePathParameter("color", ["a,b", "c"], "simple", false);
    expect(text).toBe("a%2Cb,c");
    expect(parsePathParameter(text, "color", "simple", false, "array")).toEqual(["a,b", "c"]);
  });

  it.each([["a/b"], ["?x"], ["#"], ["%"], [".."], ["😀"], ["a b&c=d"]])("encodes path value %j with encodeURIComponent", (value) => {
    const text = serialisePathParameter("id", value, "simple", false);
    expect(text).toBe(encodeURIComponent(value));
    expect(text).not.toMatch(/[/?#]/);
    expect(parsePathParameter(text, "id", "simple", false, "primitive")).toBe(value);
  });

  it("encodes path values inside label and matrix styles too", () => {
    expect(serialisePathParameter("id", "a/b", "label", false)).toBe(".a%2Fb");
    expect(serialisePathParameter("id", "a/b", "matrix", false)).toBe(";id=a%2Fb");
    expect(serialisePathParameter("id", ["a/b", "?"], "matrix", true)).toBe(";id=a%2Fb;id=%3F");
  });

  // Regression (found by the round trips): label style joins with `.`, which encodeURIComponent
  // does not encode, so ["a.b"] was sent as `.a.b` and came back as ["a", "b"].
  it("encodes a dot inside label values so it is not read as the delimiter", () => {
    expect(serialisePathParameter("color", ["a.b", "c"], "label", true)).toBe(".a%2Eb.c");
    expect(parsePathParameter(".a%2Eb.c", "color", "label", true, "array")).toEqual(["a.b", "c"]);
    expect(serialisePathParameter("color", { "k.1": "v.2" }, "label", true)).toBe(".k%2E1=v%2E2");
    expect(plain(parsePathParameter(".k%2E1=v%2E2", "color", "label", true, "object"))).toEqual({ "k.1": "v.2" });
  });

  // Regression: exploded matrix wrote an empty item as `;color=` and could not read RFC 6570's
  // `;color` back (it became the string "color"); an empty object value `;k` was dropped.
  it("writes and reads empty exploded matrix items and values as RFC 6570 does (`;name`)", () => {
    expect(serialisePathParameter("color", ["", "a"], "matrix", true)).toBe(";color;color=a");
    expect(parsePathParameter(";color;color=a", "color", "matrix", true, "array")).toEqual(["", "a"]);
    expect(parsePathParameter(";color=;color=a", "color", "matrix", true, "array")).toEqual(["", "a"]);
    expect(serialisePathParameter("color", { k: "", R: 1 }, "matrix", true)).toBe(";k;R=1");
    expect(plain(parsePathParameter(";k;R=1", "color", "matrix", true, "object"))).toEqual({ k: "", R: "1" });
    expect(plain(parsePathParameter(";k=;R=1", "color", "matrix", true, "object"))).toEqual({ k: "", R: "1" });
  });

  it("returns undefined for a label or matrix value without its prefix", () => {
    expect(parsePathParameter("blue", "color", "label", false, "primitive")).toBeUndefined();
    expect(parsePathParameter("blue", "color", "matrix", false, "primitive")).toBeUndefined();
    expect(parsePathParameter(";other=blue", "color", "matrix", false, "primitive")).toBeUndefined();
  });
});

describe("splitQuery", () => {
  it("splits pairs in order, without decoding, and skips empty pieces", () => {
    expect(splitQuery("a=1&&b=%20&c&=d", 10)).toEqual([
      ["a", "1"],
      ["b", "%20"],
      ["c", ""],
      ["", "d"],
    ]);
  });

  it("splits only at the first equals sign", () => {
    expect(splitQuery("a=b=c", 10)).toEqual([["a", "b=c"]]);
  });

  it("accepts exactly maxPairs and throws RangeError above it", () => {
    expect(splitQuery("a=1&b=2&c=3", 3)).toHaveLength(3);
    expect(() => splitQuery("a=1&b=2&c=3", 2)).toThrow(RangeError);
    expect(() => splitQuery("a=1&b=2&c=3&&&", 3)).not.toThrow();
  });

  it("returns no pairs for an empty query", () => {
    expect(splitQuery("", 0)).toEqual([]);
  });
});

describe("percentDecode and formDecode", () => {
  it.each([["%E0%A4%A"], ["%zz"], ["%"], ["abc%2"], ["%C0%AF"]])("throws MalformedEncodingError on %j", (text) => {
    expect(() => percentDecode(text)).toThrow(MalformedEncodingError);
  });

  it("decodes valid text and leaves text without % alone", () => {
    expect(percentDecode("a%2Fb%20%F0%9F%98%80")).toBe("a/b 😀");
    expect(percentDecode("a+b")).toBe("a+b");
  });

  it("formDecode turns + into a space but keeps an encoded plus", () => {
    expect(formDecode("a+b%2Bc")).toBe("a b+c");
  });

  it("formDecode also throws MalformedEncodingError", () => {
    expect(() => formDecode("a+%zz")).toThrow(MalformedEncodingError);
  });
});

// Regression (found by the round trips): the client joined array items with "," and then
// percent-encoded the whole value, so the separators became %2C and the server saw one item;
// objects were sent as JSON. Items are now encoded one by one and joined with literal commas.
describe("serialiseCookieParameter", () => {
  it.each([
    [false, "", "color="],
    [false, "blue", "color=blue"],
    [false, ["blue", "black", "brown"], "color=blue,black,brown"],
    [false, { R: 100, G: 200, B: 150 }, "color=R,100,G,200,B,150"],
    [true, ["blue", "black", "brown"], "color=blue,black,brown"],
    [true, { R: 100, G: 200, B: 150 }, "color=R=100,G=200,B=150"],
  ])("explode=%s %j → %j", (explode, value, text) => {
    expect(serialiseCookieParameter("color", value, explode)).toBe(text);
  });

  it("percent-encodes the delimiters and cookie separators inside values", () => {
    expect(serialiseCookieParameter("color", ["a,b", "c;d", "e f"], false)).toBe("color=a%2Cb,c%3Bd,e%20f");
    expect(serialiseCookieParameter("color", { "k=1": "v,2" }, true)).toBe("color=k%3D1=v%2C2");
  });
});

// Regression (found by the round trips): allowReserved sent `&`, `=`, `+` and `#` literally, so
// "a&b=c" arrived as two parameters, "+" as a space, and "#" cut the query off.
describe("encodeValue with allowReserved", () => {
  it("keeps the reserved characters that cannot change how the query is read", () => {
    expect(encodeValue(":/?@!$'()*,;[]", true)).toBe(":/?@!$'()*,;[]");
    expect(encodeValue(":/?@!$'()*,;[]")).toBe(encodeURIComponent(":/?@!$'()*,;[]"));
  });

  it("still encodes & = + # % and everything unreserved-unsafe", () => {
    expect(encodeValue("a&b=c+d#e%f g😀", true)).toBe("a%26b%3Dc%2Bd%23e%25f%20g%F0%9F%98%80");
  });

  it("encodes commas inside unexploded form items, where the comma is the delimiter", () => {
    expect(serialiseQueryParameter("list", ["a,b", "c/d"], "form", false, true)).toEqual(["list=a%2Cb,c/d"]);
    expect(serialiseQueryParameter("list", ["a,b"], "form", true, true)).toEqual(["list=a,b"]);
  });
});

describe("serialiseFormBody", () => {
  it("serialises each field by its encoding; fields without one are form, exploded", () => {
    const fields = { tags: ["a", "b"], ids: [1, 2], color: { R: 1 }, skipped: undefined };
    expect(serialiseFormBody(fields)).toBe("tags=a&tags=b&ids=1&ids=2&R=1");
    expect(serialiseFormBody(fields, { ids: { style: "pipeDelimited", explode: false }, color: { style: "deepObject", explode: true } })).toBe(
      "tags=a&tags=b&ids=1%7C2&color%5BR%5D=1",
    );
  });
});

describe("serialiseContentValue", () => {
  it("writes JSON for JSON media types and plain text otherwise", () => {
    expect(serialiseContentValue({ a: [1, "x"] }, "application/json")).toBe('{"a":[1,"x"]}');
    expect(serialiseContentValue({ a: 1 }, "application/vnd.api+json; charset=utf-8")).toBe('{"a":1}');
    expect(serialiseContentValue(42, "text/plain")).toBe("42");
  });

  it("escapes non-ASCII as \\u in header values, which is the same JSON value", () => {
    const text = serialiseContentValue({ name: "é😀\u007f" }, "application/json", true);
    expect(text).toBe('{"name":"\\u00e9\\ud83d\\ude00\\u007f"}');
    expect(JSON.parse(text)).toEqual({ name: "é😀\u007f" });
  });
});

describe("parseCookieHeader", () => {
  it("skips malformed pairs and keeps the rest", () => {
    const cookies = parseCookieHeader("a=1; bogus; =nameless; b = 2 ;c=\"quoted\"; d=");
    expect({ ...cookies }).toEqual({ a: "1", b: "2", c: "quoted", d: "" });
  });

  it("keeps the first of repeated names", () => {
    expect({ ...parseCookieHeader("a=1; a=2") }).toEqual({ a: "1" });
  });

  it("returns no cookies for an absent or empty header", () => {
    expect({ ...parseCookieHeader(undefined) }).toEqual({});
    expect({ ...parseCookieHeader("") }).toEqual({});
  });

  it("does not inherit from Object.prototype", () => {
    const cookies = parseCookieHeader("__proto__=x; a=1");
    expect(Object.getPrototypeOf(cookies)).toBeNull();
    expect(cookies["__proto__"]).toBe("x");
  });
});
