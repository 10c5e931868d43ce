/**
 * emitEnums on its own: one `export const <Name>Values = [...] as const` per enum of a component
 * schema or of one of its properties, named by model/names.ts, values through the literal door,
 * given and want.
 */
import { describe, expect, it } from "vitest";
import { emitEnums } from "../../../src/emit/enums.js";
import { expectOutput, modelOf, specWith, type WantedOutput } from "../../helpers/emitter-cases.js";

const cases: [string, { given: object; want: WantedOutput }][] = [
  [
    "exports a schema's enum and a property's enum, in spec order, each with where it comes from",
    {
      given: specWith({}, {
        schemas: {
          Colour: { type: "string", enum: ["red", "green"] },
          Book: { type: "object", properties: { status: { type: "string", enum: ["draft", "published"] }, rating: { type: "integer", enum: [1, 2, 3] } } },
        },
      }),
      want: {
        contains: [
          '/** The enum values of schema "Colour" (#/components/schemas/Colour). */\nexport const ColourValues = ["red", "green"] as const;',
          '/** The enum values of property "status" of schema "Book" (#/components/schemas/Book/properties/status). */\nexport const BookStatusValues = ["draft", "published"] as const;',
          "export const BookRatingValues = [1, 2, 3] as const;",
        ],
      },
    },
  ],
  [
    "includes null for an OpenAPI 3.0 nullable enum, as the type does",
    {
      given: { openapi: "3.0.3", info: { title: "Test", version: "1" }, paths: {}, components: { schemas: { Size: { type: "string", enum: ["s", "m"], nullable: true } } } },
      want: { declarations: ['export const SizeValues = ["s", "m", null] as const;'] },
    },
  ],
  [
    "makes names unique and identifiers of any spec text, and writes hostile values as plain literals",
    {
      given: specWith({}, {
        schemas: {
          "x-kind": { type: "string", enum: ["*/", "`${x}`", 'a"b', "line\u2028break", ""] },
          x_kind: { type: "integer", enum: [1, -2] },
          "1st": { type: "string", enum: ["party"] },
        },
      }),
      want: {
        declarations: [
          'export const XKindValues = ["*/", "`${x}`", "a\\"b", "line\\u2028break", ""] as const;',
          "export const XKindValues2 = [1, -2] as const;",
          'export const _1stValues = ["party"] as const;',
        ],
        contains: ['/** The enum values of schema "x-kind" (#/components/schemas/x-kind). */'],
      },
    },
  ],
  [
    "exports nothing but a module marker when no schema has an enum",
    {
      given: specWith({}, { schemas: { Plain: { type: "string" } } }),
      want: { contains: ["\nexport {};\n"], excludes: ["Values"] },
    },
  ],
];

describe("emitEnums", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given);
    const [file, ...others] = emitEnums(model);
    expect(others).toEqual([]);
    expect(file!.path).toBe("enums.ts");
    expectOutput(file!.text, want);
  });
});
