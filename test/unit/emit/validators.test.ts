/**
 * emitValidators on its own: the export names it gives (`<operation>_<part>` for parameters,
 * `<operation>_body_<mediaType>`, `<operation>_<status>_<mediaType>`, `<operation>_<status>_headers`),
 * what the compiled code accepts and refuses (loaded from the emitted text, as the runtime loads
 * validators.cjs), the defaults it applies and the warnings it gives.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { emitValidators } from "../../../src/emit/validators.js";
import { appliedDefaultPointers, expectOutput, json, modelOf, noContent, specWith, type WantedOutput } from "../../helpers/emitter-cases.js";

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };

const requireFromHere = createRequire(import.meta.url);

/** Runs CommonJS module text with `require` and returns its exports. */
function evaluateModule(text: string, require: (id: string) => unknown): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function("require", "module", "exports", text)(require, module, module.exports);
  return module.exports;
}

/** validators.cjs as the runtime loads it, with formats.cjs beside it. */
function loadValidators(files: { path: string; text: string }[]): Record<string, Validator> {
  const text = (name: string) => files.find((file) => file.path === name)!.text;
  const formats = evaluateModule(text("formats.cjs"), requireFromHere);
  return evaluateModule(text("validators.cjs"), (id) => (id === "./formats.cjs" ? formats : requireFromHere(id))) as Record<string, Validator>;
}

interface Want {
  /** The exports of validators.d.cts, in order. */
  exports?: string[];
  /** [export, value]: the validator returns true. */
  accepts?: [string, unknown][];
  /** [export, value, keyword, instancePath]: the validator returns false with this first error. */
  refuses?: [string, unknown, string, string][];
  /** [export, value before, value after]: the validator fills in defaults. */
  fillsIn?: [string, unknown, unknown][];
  /** Pointers of the parameters whose defaults apply. */
  parameterDefaults?: string[];
  /** Warnings as `code at pointer`. */
  warnings?: string[];
  /** The text of a file: validators.cjs, validators.d.cts or formats.cjs. */
  files?: Record<string, WantedOutput>;
  /** Groups of exports that are one function. */
  sameFunction?: string[][];
}

const cases: [string, { given: object; want: Want }][] = [
  [
    "names exports after the operation, then the location, the body's media type, or the status and media type",
    {
      given: specWith({
        "/books": {
          get: {
            operationId: "listBooks",
            parameters: [
              { name: "limit", in: "query", schema: { type: "integer" } },
              { name: "X-Trace", in: "header", schema: { type: "string" } },
            ],
            responses: {
              "200": { description: "ok", headers: { "X-Total": { schema: { type: "integer" } } }, content: json({ type: "array" }) },
              "4XX": { description: "client error", content: { "application/problem+json": { schema: { type: "object" } } } },
              default: { description: "other", content: { "text/plain": { schema: { type: "string" } } } },
            },
          },
          post: {
            operationId: "createBook",
            requestBody: {
              content: {
                "application/json": { schema: { type: "object", properties: { title: { type: "string" } } } },
                "application/x-www-form-urlencoded": { schema: { type: "object", properties: { title: { type: "string" } } } },
                "application/json; charset=utf-8": { schema: { type: "object" } },
                "image/*": { schema: { type: "string", format: "binary" } },
              },
            },
            responses: { "201": { description: "created", content: json({ type: "object" }) } },
          },
        },
      }),
      want: {
        exports: [
          "listBooks_query", "listBooks_header", "listBooks_200_json", "listBooks_200_headers", "listBooks_4XX_problemJson", "listBooks_default_textPlain",
          "createBook_body_json", "createBook_body_xWwwFormUrlencoded", "createBook_body_json2", "createBook_body_imageAny", "createBook_201_json",
        ],
      },
    },
  ],
  [
    "checks the request view of a body (readOnly refused, not required) and the response view (writeOnly not required)",
    {
      given: specWith(
        {
          "/notes": {
            post: {
              operationId: "createNote",
              requestBody: { required: true, content: json({ $ref: "#/components/schemas/Note" }) },
              responses: { "201": { description: "created", content: json({ $ref: "#/components/schemas/Note" }) } },
            },
          },
        },
        {
          schemas: {
            Note: {
              type: "object",
              required: ["id", "text", "secret"],
              properties: { id: { type: "integer", readOnly: true }, text: { type: "string" }, secret: { type: "string", writeOnly: true } },
            },
          },
        },
      ),
      want: {
        accepts: [
          ["createNote_body_json", { text: "a", secret: "s" }],
          ["createNote_201_json", { id: 1, text: "a" }],
        ],
        refuses: [
          ["createNote_body_json", { id: 1, text: "a", secret: "s" }, "readOnly", "/id"],
          ["createNote_body_json", { text: "a" }, "required", ""],
          ["createNote_201_json", { text: "a" }, "required", ""],
        ],
      },
    },
  ],
  [
    "applies a parameter's valid default, not a required parameter's nor one the model left out (it breaks its own schema)",
    {
      given: specWith({
        "/books": {
          get: {
            operationId: "listBooks",
            parameters: [
              { name: "limit", in: "query", schema: { type: "integer", minimum: 1, default: 10 } },
              { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: -1 } },
              { name: "genre", in: "query", required: true, schema: { type: "string", default: "any" } },
            ],
            responses: noContent,
          },
        },
      }),
      want: {
        parameterDefaults: ["#/paths/~1books/get/parameters/0"],
        // The model warns about the default it left out (test/unit/model-defaults.test.ts).
        warnings: [],
        fillsIn: [["listBooks_query", { genre: "sf" }, { genre: "sf", limit: 10 }]],
      },
    },
  ],
  [
    "accepts a format it does not know, with a warning at its first use",
    {
      given: specWith({
        "/paint": { get: { operationId: "paint", parameters: [{ name: "colour", in: "query", schema: { type: "string", format: "x-colour" } }], responses: noContent } },
      }),
      want: {
        warnings: ["SPW_W_UNKNOWN_FORMAT at #/paths/~1paint/get/parameters/0/schema/format"],
        accepts: [["paint_query", { colour: "anything" }]],
        files: { "formats.cjs": { contains: ['  "x-colour": true,\n};'] } },
      },
    },
  ],
  [
    "compiles identical schemas once: later exports share the function of the first",
    {
      given: specWith({
        "/a": { post: { operationId: "postA", requestBody: { content: json({ type: "object", properties: { n: { type: "integer" } } }) }, responses: noContent } },
        "/b": { post: { operationId: "postB", requestBody: { content: json({ type: "object", properties: { n: { type: "integer" } } }) }, responses: noContent } },
      }),
      want: {
        sameFunction: [["postA_body_json", "postB_body_json"]],
        files: { "validators.cjs": { contains: ["// Exports that share the validator of an earlier export.\nexports.postB_body_json = validate"] } },
      },
    },
  ],
  [
    "validates response headers under their declared names",
    {
      given: specWith({
        "/things": {
          get: {
            operationId: "getThing",
            responses: { "200": { description: "ok", headers: { ETag: { required: true, schema: { type: "string" } }, "X-Rate-Limit": { schema: { type: "integer" } } } } },
          },
        },
      }),
      want: {
        exports: ["getThing_200_headers"],
        accepts: [["getThing_200_headers", { ETag: "x", "X-Rate-Limit": 5 }]],
        refuses: [
          ["getThing_200_headers", {}, "required", ""],
          ["getThing_200_headers", { ETag: "x", "X-Rate-Limit": "many" }, "type", "/X-Rate-Limit"],
        ],
      },
    },
  ],
  [
    "keeps hostile names out of the code: operationIds become identifiers, property names stay data",
    {
      given: specWith({
        "/things": {
          post: {
            operationId: "post*/thing",
            // `__proto__` is no case here: ajv leaves it out of `properties` (vocabularies/code.ts,
            // allSchemaProperties), and the runtime refuses bodies holding it before validation.
            requestBody: { content: json({ type: "object", properties: { constructor: { type: "string" }, 'a"b': { type: "integer" } } }) },
            responses: noContent,
          },
        },
      }),
      want: {
        exports: ["postThing_body_json"],
        accepts: [["postThing_body_json", JSON.parse('{"constructor": "x", "a\\"b": 1}')]],
        refuses: [
          ["postThing_body_json", JSON.parse('{"constructor": 1}'), "type", "/constructor"],
          ["postThing_body_json", JSON.parse('{"constructor": "x", "a\\"b": "1"}'), "type", '/a"b'],
        ],
      },
    },
  ],
];

describe("emitValidators", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given);
    const result = emitValidators(model);
    expect(result.files.map((file) => file.path)).toEqual(["validators.cjs", "validators.d.cts", "formats.cjs"]);
    const declarations = result.files.find((file) => file.path === "validators.d.cts")!.text;
    if (want.exports) expect([...declarations.matchAll(/^export declare const (\w+): Validator;$/gm)].map((match) => match[1])).toEqual(want.exports);
    // Which defaults apply is the model's decision; the validators insert exactly those (fillsIn).
    if (want.parameterDefaults) expect(appliedDefaultPointers(model)).toEqual(want.parameterDefaults);
    expect(result.warnings.map((warning) => `${warning.code} at ${warning.pointer}`)).toEqual(want.warnings ?? []);
    for (const [path, wanted] of Object.entries(want.files ?? {})) expectOutput(result.files.find((file) => file.path === path)!.text, wanted);

    const validators = loadValidators(result.files);
    for (const [name, value] of want.accepts ?? []) {
      expect(validators[name]!(value), `${name} accepts ${JSON.stringify(value)}: ${JSON.stringify(validators[name]!.errors)}`).toBe(true);
    }
    for (const [name, value, keyword, instancePath] of want.refuses ?? []) {
      expect(validators[name]!(value), `${name} refuses ${JSON.stringify(value)}`).toBe(false);
      expect(validators[name]!.errors?.[0]).toMatchObject({ keyword, instancePath });
    }
    for (const [name, before, after] of want.fillsIn ?? []) {
      const value = structuredClone(before);
      expect(validators[name]!(value)).toBe(true);
      expect(value).toEqual(after);
    }
    for (const group of want.sameFunction ?? []) for (const name of group) expect(validators[name]).toBe(validators[group[0]!]);
  });
});

describe("emitValidators, known defect", () => {
  // ajv reads a declared property as `data.constructor !== undefined` (its `ownProperties` option
  // is off), so a property named after a member of Object.prototype (`constructor`, `toString`)
  // is "present" in every JSON object, and an object without it is refused. Fixing it means
  // `ownProperties: true` (an own-property check on every declared property) or null-prototype
  // bodies; left to the owner of the validators. This test fails while the defect is there.
  it("treats an optional property named constructor or toString as absent when the object does not have it", async () => {
    const { model } = await modelOf(specWith({
      "/things": {
        post: {
          operationId: "postThing",
          requestBody: { content: json({ type: "object", properties: { constructor: { type: "string" }, toString: { type: "string" }, name: { type: "string" } } }) },
          responses: noContent,
        },
      },
    }));
    const validate = loadValidators(emitValidators(model).files)["postThing_body_json"]!;
    expect(validate(JSON.parse('{"name": "x"}')), JSON.stringify(validate.errors)).toBe(true);
  });
});
