import { describe, expect, it } from "vitest";
import { coerceBoolean, coerceInteger, coerceNumber, coerceValue } from "../../src/wire/coerce.js";
import type { Coercion } from "../../src/wire/coercion.js";

describe("coerceInteger", () => {
  it.each([
    ["0x10"],
    [" 1"],
    ["1 "],
    ["1e3"],
    ["1.5"],
    ["1.0"],
    [""],
    ["-"],
    ["abc"],
    ["+1"],
    ["9007199254740992"],
    ["9007199254740993"],
    ["-9007199254740993"],
    ["1_000"],
    ["Infinity"],
    ["١٢"], // Arabic-Indic digits
  ])("rejects %j", (text) => {
    expect(coerceInteger(text)).toBeUndefined();
  });

  it.each([
    ["0", 0],
    ["-5", -5],
    ["42", 42],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
    ["-9007199254740991", Number.MIN_SAFE_INTEGER],
  ])("accepts %j as %d", (text, expected) => {
    expect(coerceInteger(text)).toBe(expected);
  });
});

describe("coerceNumber", () => {
  it.each([
    ["Infinity"],
    ["-Infinity"],
    ["NaN"],
    ["1e"],
    ["1e+"],
    [" 1"],
    ["1 "],
    [""],
    ["."],
    ["0x10"],
    ["+1"],
    ["1,5"],
    ["1e999"],
  ])("rejects %j", (text) => {
    expect(coerceNumber(text)).toBeUndefined();
  });

  it.each([
    ["1.5", 1.5],
    ["-0.5", -0.5],
    ["1e3", 1000],
    ["1E-2", 0.01],
    [".5", 0.5],
    ["42", 42],
    ["0", 0],
  ])("accepts %j as %d", (text, expected) => {
    expect(coerceNumber(text)).toBe(expected);
  });
});

describe("coerceBoolean", () => {
  it("accepts only the JSON spellings", () => {
    expect(coerceBoolean("true")).toBe(true);
    expect(coerceBoolean("false")).toBe(false);
  });

  it.each([["TRUE"], ["True"], ["1"], ["0"], ["yes"], [""], [" true"]])("rejects %j", (text) => {
    expect(coerceBoolean(text)).toBeUndefined();
  });
});

describe("coerceValue", () => {
  const integer: Coercion = { type: "integer" };
  const number: Coercion = { type: "number" };
  const boolean: Coercion = { type: "boolean" };
  const string: Coercion = { type: "string" };

  it("converts scalars and returns an unconvertible string unchanged", () => {
    expect(coerceValue("7", integer)).toBe(7);
    expect(coerceValue("7.5", integer)).toBe("7.5");
    expect(coerceValue("2.5", number)).toBe(2.5);
    expect(coerceValue("abc", number)).toBe("abc");
    expect(coerceValue("true", boolean)).toBe(true);
    expect(coerceValue("1", boolean)).toBe("1");
    expect(coerceValue("12", string)).toBe("12");
    expect(coerceValue("12", { type: "unknown" })).toBe("12");
  });

  it("converts null only from an empty string or the text null", () => {
    expect(coerceValue("", { type: "null" })).toBeNull();
    expect(coerceValue("null", { type: "null" })).toBeNull();
    expect(coerceValue("NULL", { type: "null" })).toBe("NULL");
  });

  it("coerces each array item and wraps a single string", () => {
    const coercion: Coercion = { type: "array", items: integer };
    expect(coerceValue(["1", "2", "x", "3.5"], coercion)).toEqual([1, 2, "x", "3.5"]);
    expect(coerceValue("5", coercion)).toEqual([5]);
    expect(coerceValue([], coercion)).toEqual([]);
  });

  it("coerces object properties by name and the rest by the additional rule", () => {
    const coercion: Coercion = {
      type: "object",
      properties: { R: integer, on: boolean, label: string },
      additional: number,
    };
    const result = coerceValue({ R: "100", on: "false", label: "7", extra: "0.5", bad: "x" }, coercion);
    expect({ ...(result as object) }).toEqual({ R: 100, on: false, label: "7", extra: 0.5, bad: "x" });
  });

  it("does not look up object coercions on the prototype chain", () => {
    const coercion: Coercion = { type: "object", properties: { n: integer }, additional: string };
    const result = coerceValue({ toString: "5", constructor: "6", n: "7" }, coercion) as Record<string, unknown>;
    expect(result["toString"]).toBe("5");
    expect(result["constructor"]).toBe("6");
    expect(result["n"]).toBe(7);
  });

  it("leaves non-object values alone for an object coercion", () => {
    const coercion: Coercion = { type: "object", properties: {}, additional: integer };
    expect(coerceValue("1", coercion)).toBe("1");
    expect(coerceValue(["1"], coercion)).toEqual(["1"]);
  });

  it("tries union options in order and stops at a string option", () => {
    const intOrBool: Coercion = { type: "union", options: [integer, boolean] };
    expect(coerceValue("3", intOrBool)).toBe(3);
    expect(coerceValue("true", intOrBool)).toBe(true);
    expect(coerceValue("maybe", intOrBool)).toBe("maybe");

    const stringFirst: Coercion = { type: "union", options: [string, integer] };
    expect(coerceValue("3", stringFirst)).toBe("3");

    const intThenString: Coercion = { type: "union", options: [integer, string] };
    expect(coerceValue("3", intThenString)).toBe(3);
    expect(coerceValue("x", intThenString)).toBe("x");

    const nullable: Coercion = { type: "union", options: [integer, { type: "null" }] };
    expect(coerceValue("", nullable)).toBeNull();
    expect(coerceValue("8", nullable)).toBe(8);
  });

  it("parses JSON and keeps invalid JSON as the original string", () => {
    const json: Coercion = { type: "json" };
    expect(coerceValue('{"a":[1,true,null]}', json)).toEqual({ a: [1, true, null] });
    expect(coerceValue("42", json)).toBe(42);
    expect(coerceValue("{not json", json)).toBe("{not json");
    expect(coerceValue("", json)).toBe("");
  });
});
