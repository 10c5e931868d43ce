import { describe, expect, it } from "vitest";
import { createRecord } from "../../src/wire/records.js";

describe("createRecord: records for request-controlled names", () => {
  it("inherits nothing: no __proto__ accessor, constructor or toString", () => {
    const record = createRecord<unknown>();
    expect("constructor" in record).toBe(false);
    expect("toString" in record).toBe(false);
    expect("hasOwnProperty" in record).toBe(false);
    expect(record["__proto__"]).toBeUndefined();
    expect(Object.keys(record)).toEqual([]);
  });

  it("stores __proto__, constructor and prototype as own properties and never changes its prototype", () => {
    const record = createRecord<string>();
    const prototype = Object.getPrototypeOf(record) as object;
    record["__proto__"] = "x";
    record["constructor"] = "y";
    record["prototype"] = "z";
    expect(Object.getPrototypeOf(record)).toBe(prototype);
    expect(Object.getPrototypeOf(prototype)).toBeNull();
    expect(Object.keys(record)).toEqual(["__proto__", "constructor", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(record, "__proto__")?.value).toBe("x");
    expect(JSON.stringify(record)).toBe('{"__proto__":"x","constructor":"y","prototype":"z"}');
  });

  it("gives every call its own record", () => {
    const first = createRecord<number>();
    const second = createRecord<number>();
    first["a"] = 1;
    expect(second["a"]).toBeUndefined();
  });
});
