import { describe, expect, it } from "vitest";
import type { CompiledValidator, ValidatorError } from "../../src/runtime/route-definition.js";
import { validatePart } from "../../src/runtime/validate.js";

/** A stand-in for an ajv standalone validator that fails with the given errors (or passes). */
function fakeValidator(errors: ValidatorError[] | null, valid = false): CompiledValidator & { calls: unknown[] } {
  const calls: unknown[] = [];
  const validate = ((data: unknown) => {
    calls.push(data);
    validate.errors = valid ? null : errors;
    return valid;
  }) as CompiledValidator & { calls: unknown[] };
  validate.calls = calls;
  return validate;
}

function error(instancePath: string, keyword: string, params: Record<string, unknown> = {}, message?: string): ValidatorError {
  return { instancePath, keyword, params, ...(message !== undefined ? { message } : {}) };
}

describe("validatePart: body", () => {
  it("returns no issues when the validator passes, and passes the data through", () => {
    const validate = fakeValidator(null, true);
    const data = { year: 2000 };
    expect(validatePart(validate, data, "body")).toEqual([]);
    expect(validate.calls).toEqual([data]);
  });

  it("returns no issues when a failing validator sets no errors", () => {
    expect(validatePart(fakeValidator(null), {}, "body")).toEqual([]);
  });

  it("maps instancePath to loc and pointer", () => {
    const issues = validatePart(fakeValidator([error("/year", "minimum", { limit: 0 }, "must be >= 0")]), { year: -1 }, "body");
    expect(issues).toEqual([{ in: "body", loc: ["body", "year"], pointer: "/year", keyword: "minimum", message: "must be >= 0" }]);
  });

  it("adds a missing property to loc and pointer", () => {
    const issues = validatePart(fakeValidator([error("", "required", { missingProperty: "title" })]), {}, "body");
    expect(issues).toEqual([{ in: "body", loc: ["body", "title"], pointer: "/title", keyword: "required", message: "title is required" }]);
  });

  it("adds a missing property under a nested path", () => {
    const [issue] = validatePart(fakeValidator([error("/author", "required", { missingProperty: "name" })]), {}, "body");
    expect(issue).toMatchObject({ loc: ["body", "author", "name"], pointer: "/author/name" });
  });

  it("adds an additional property to loc and pointer", () => {
    const [issue] = validatePart(fakeValidator([error("/meta", "additionalProperties", { additionalProperty: "extra" })]), {}, "body");
    expect(issue).toMatchObject({ loc: ["body", "meta", "extra"], pointer: "/meta/extra", message: "extra is not allowed" });
  });

  it("turns array indices into numbers in loc only", () => {
    const [issue] = validatePart(fakeValidator([error("/items/0/tags/12", "type", {}, "must be string")]), {}, "body");
    expect(issue!.loc).toEqual(["body", "items", 0, "tags", 12]);
    expect(issue!.pointer).toBe("/items/0/tags/12");
  });

  it("does not turn non-canonical numbers into indices", () => {
    const [issue] = validatePart(fakeValidator([error("/01/-1/1e3", "type")]), {}, "body");
    expect(issue!.loc).toEqual(["body", "01", "-1", "1e3"]);
  });

  it("unescapes JSON pointer segments in loc and escapes them in the pointer", () => {
    const [issue] = validatePart(fakeValidator([error("/a~1b/c~0d", "required", { missingProperty: "x/y~z" })]), {}, "body");
    expect(issue!.loc).toEqual(["body", "a/b", "c~d", "x/y~z"]);
    expect(issue!.pointer).toBe("/a~1b/c~0d/x~1y~0z");
  });

  it("words the message from keyword and params when the validator sets none (compiled with messages: false)", () => {
    const [issue] = validatePart(fakeValidator([error("/n", "multipleOf", { multipleOf: 3 })]), {}, "body");
    expect(issue!.message).toBe("must be multiple of 3");
    const [custom] = validatePart(fakeValidator([error("/n", "x-custom")]), {}, "body");
    expect(custom!.message).toBe('must pass "x-custom" keyword validation');
  });

  it("reports every error the validator sets", () => {
    const issues = validatePart(fakeValidator([error("/a", "type"), error("/b", "enum")]), {}, "body");
    expect(issues.map((issue) => issue.loc)).toEqual([
      ["body", "a"],
      ["body", "b"],
    ]);
  });
});

describe("validatePart: parameters", () => {
  it("uses the first segment as the parameter name", () => {
    const issues = validatePart(fakeValidator([error("/limit", "maximum", { limit: 100 }, "must be <= 100")]), { limit: 500 }, "query");
    expect(issues).toEqual([{ in: "query", name: "limit", loc: ["query", "limit"], pointer: "", keyword: "maximum", message: "must be <= 100" }]);
  });

  it("names a missing required parameter", () => {
    const issues = validatePart(fakeValidator([error("", "required", { missingProperty: "X-Request-Id" })]), {}, "header");
    expect(issues).toEqual([
      { in: "header", name: "X-Request-Id", loc: ["header", "X-Request-Id"], pointer: "", keyword: "required", message: "X-Request-Id is required" },
    ]);
  });

  it("points inside an array or object parameter", () => {
    const [item] = validatePart(fakeValidator([error("/ids/1", "type")]), {}, "query");
    expect(item).toMatchObject({ in: "query", name: "ids", loc: ["query", "ids", 1], pointer: "/1" });

    const [property] = validatePart(fakeValidator([error("/color", "required", { missingProperty: "R" })]), {}, "path");
    expect(property).toMatchObject({ in: "path", name: "color", loc: ["path", "color", "R"], pointer: "/R" });
  });

  it("does not turn a numeric parameter name into a number for name", () => {
    const [issue] = validatePart(fakeValidator([error("/0", "type")]), {}, "cookie");
    expect(issue).toMatchObject({ in: "cookie", name: "0" });
  });

  it("unescapes a parameter name that contains a slash", () => {
    const [issue] = validatePart(fakeValidator([error("/a~1b", "type")]), {}, "query");
    expect(issue).toMatchObject({ name: "a/b", loc: ["query", "a/b"], pointer: "" });
  });

  it("has no name for an error on the whole parameter object", () => {
    const [issue] = validatePart(fakeValidator([error("", "type", {}, "must be object")]), "x", "query");
    expect(issue).toEqual({ in: "query", loc: ["query"], pointer: "", keyword: "type", message: "must be object" });
    expect(issue).not.toHaveProperty("name");
  });
});
