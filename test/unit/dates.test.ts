import { describe, expect, it } from "vitest";
import { reviveDates, serialiseDates, type DateShape } from "../../src/wire/dates.js";

const date: DateShape = { kind: "date" };

describe("reviveDates", () => {
  it("turns RFC 3339 date-times into Dates and leaves anything else alone", () => {
    expect(reviveDates("2024-03-01T12:00:00Z", date, {})).toEqual(new Date("2024-03-01T12:00:00Z"));
    expect(reviveDates("2024-03-01t12:00:00.25+02:00", date, {})).toEqual(new Date("2024-03-01T10:00:00.250Z"));
    for (const value of ["2024-03-01", "yesterday", "2024-03-01T12:00:00", 1709294400000, null, undefined]) {
      expect(reviveDates(value, date, {})).toBe(value);
    }
  });

  it("follows objects, additional properties, arrays, prefixItems, unions and refs, in place", () => {
    const shapes: Record<string, DateShape> = {
      "#/components/schemas/Node": { kind: "object", properties: [["at", date], ["next", { kind: "ref", ref: "#/components/schemas/Node" }]] },
    };
    const value = {
      node: { at: "2024-01-01T00:00:00Z", next: { at: "2024-01-02T00:00:00Z" } },
      list: ["2024-01-03T00:00:00Z"],
      pair: ["2024-01-04T00:00:00Z", "2024-01-05T00:00:00Z"],
      extra: { a: "2024-01-06T00:00:00Z" },
      ["__proto__"]: "2024-01-07T00:00:00Z",
      missing: { kind: "ref", ref: "#/components/schemas/Missing" },
    };
    const shape: DateShape = {
      kind: "object",
      properties: [
        ["node", { kind: "ref", ref: "#/components/schemas/Node" }],
        ["list", { kind: "array", items: date }],
        ["pair", { kind: "array", prefixItems: [null, date] }],
        ["__proto__", { kind: "union", options: [date, { kind: "object", properties: [] }] }],
        ["missing", { kind: "ref", ref: "#/components/schemas/Missing" }],
      ],
      additional: { kind: "object", properties: [], additional: date },
    };
    const result = reviveDates(value, shape, shapes);
    expect(result).toBe(value);
    expect(value.node).toEqual({ at: new Date("2024-01-01T00:00:00Z"), next: { at: new Date("2024-01-02T00:00:00Z") } });
    expect(value.list).toEqual([new Date("2024-01-03T00:00:00Z")]);
    expect(value.pair).toEqual(["2024-01-04T00:00:00Z", new Date("2024-01-05T00:00:00Z")]);
    expect(value.extra).toEqual({ a: new Date("2024-01-06T00:00:00Z") });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")!.value).toEqual(new Date("2024-01-07T00:00:00Z"));
  });
});

describe("serialiseDates", () => {
  it("replaces Dates with ISO strings without modifying the input", () => {
    const at = new Date("2024-03-01T12:00:00Z");
    const input = { a: at, list: [1, at], nested: { plain: "x" }, bytes: new Uint8Array([1]) };
    const output = serialiseDates(input) as typeof input;
    expect(output).toEqual({ a: "2024-03-01T12:00:00.000Z", list: [1, "2024-03-01T12:00:00.000Z"], nested: { plain: "x" }, bytes: new Uint8Array([1]) });
    expect(input.a).toBe(at);
    expect(input.list[1]).toBe(at);
    expect(output.nested).toBe(input.nested); // untouched branches are shared, not copied
  });

  it("returns values without Dates as they are, and throws for an invalid Date", () => {
    const value = { a: [1, "x", null] };
    expect(serialiseDates(value)).toBe(value);
    expect(() => serialiseDates({ a: new Date(Number.NaN) })).toThrow(RangeError);
  });
});
