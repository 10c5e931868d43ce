import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { describeValidatorError } from "../../src/runtime/validation-messages.js";

// ajv ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** One failing case per keyword: a schema and an instance it rejects. */
const cases: [string, object, unknown][] = [
  ["type", { type: "string" }, 1],
  ["type (several)", { type: ["string", "null"] }, 1],
  ["minimum", { minimum: 1000 }, 500],
  ["maximum", { maximum: 10 }, 11],
  ["exclusiveMinimum", { exclusiveMinimum: 0 }, 0],
  ["exclusiveMaximum", { exclusiveMaximum: 1.5 }, 2],
  ["multipleOf", { multipleOf: 0.5 }, 0.7],
  ["minLength", { minLength: 3 }, "ab"],
  ["maxLength", { maxLength: 1 }, "ab"],
  ["pattern", { pattern: '^[a-z]+"\\d$' }, "A"],
  ["format", { format: "email" }, "nope"],
  ["formatMinimum", { format: "date", formatMinimum: "2020-01-01" }, "2019-01-01"],
  ["minItems", { minItems: 2 }, [1]],
  ["maxItems", { maxItems: 0 }, [1]],
  ["uniqueItems", { uniqueItems: true }, [1, 2, 1]],
  ["items after prefixItems", { prefixItems: [{}], items: false }, [1, 2]],
  ["contains", { contains: { type: "string" } }, [1]],
  ["contains with maxContains", { contains: { type: "string" }, minContains: 1, maxContains: 1 }, ["a", "b"]],
  ["minProperties", { minProperties: 1 }, {}],
  ["maxProperties", { maxProperties: 1 }, { a: 1, b: 2 }],
  ["required", { required: ["title"] }, {}],
  ["additionalProperties", { properties: {}, additionalProperties: false }, { extra: 1 }],
  ["unevaluatedProperties", { unevaluatedProperties: false }, { extra: 1 }],
  ["unevaluatedItems", { prefixItems: [{}], unevaluatedItems: false }, [1, 2]],
  ["dependentRequired (one)", { dependentRequired: { a: ["b"] } }, { a: 1 }],
  ["dependentRequired (several)", { dependentRequired: { a: ["b", "c"] } }, { a: 1 }],
  ["propertyNames", { propertyNames: { maxLength: 1 } }, { long: 1 }],
  ["const", { const: "x" }, "y"],
  ["enum", { enum: ["a", "b"] }, "c"],
  ["anyOf", { anyOf: [{ type: "string" }, { type: "number" }] }, null],
  ["oneOf", { oneOf: [{ type: "number" }, { minimum: 0 }] }, 1],
  ["not", { not: { type: "number" } }, 1],
  ["if/then", { if: { type: "number" }, then: { minimum: 10 } }, 1],
  ["false schema", { properties: { a: false } }, { a: 1 }],
  ["discriminator: tag type", discriminated(), { kind: 1 }],
  ["discriminator: unknown tag", discriminated(), { kind: "fish" }],
];

function discriminated(): object {
  return {
    type: "object",
    discriminator: { propertyName: "kind" },
    required: ["kind"],
    oneOf: [
      { properties: { kind: { const: "cat" } } },
      { properties: { kind: { const: "dog" } } },
    ],
  };
}

describe("describeValidatorError", () => {
  // The validators are compiled without messages; the runtime must say what ajv would have said.
  const withMessages = new Ajv2020({ allErrors: false, strict: false, discriminator: true });
  const withoutMessages = new Ajv2020({ allErrors: false, strict: false, discriminator: true, messages: false });
  addFormats(withMessages);
  addFormats(withoutMessages);

  it.each(cases)("gives ajv's own message for %s", (_name, schema, instance) => {
    const expected = withMessages.compile(schema);
    const actual = withoutMessages.compile(schema);
    expect(expected(instance)).toBe(false);
    expect(actual(instance)).toBe(false);
    const [reference] = expected.errors!;
    const [error] = actual.errors!;
    expect(error!.message).toBeUndefined();
    expect(error!.keyword).toBe(reference!.keyword);
    // ajv-formats words its own keywords "should be"; the runtime uses ajv's "must be" throughout.
    expect(describeValidatorError(error!)).toBe(reference!.message!.replace(/^should be /, "must be "));
  });

  it("keeps a message the validator already set", () => {
    expect(describeValidatorError({ instancePath: "", keyword: "minimum", params: { limit: 0 }, message: "must be >= 0" })).toBe("must be >= 0");
  });

  it("names a keyword it does not know", () => {
    expect(describeValidatorError({ instancePath: "", keyword: "x-custom", params: {} })).toBe('must pass "x-custom" keyword validation');
  });

  it("gives the comparison of a number limit without the comparison param", () => {
    expect(describeValidatorError({ instancePath: "", keyword: "minimum", params: { limit: 1000 } })).toBe("must be >= 1000");
  });
});
