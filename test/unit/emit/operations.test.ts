/**
 * emitOperations on its own: the types the server and the client share (operations.ts): each
 * operation's openapi-typescript alias and its parameters by location, for small inline specs
 * (given, want). tsc's verdict on whole files is test/compiler/fixtures.test.ts's.
 */
import { describe, expect, it } from "vitest";
import { emitOperations } from "../../../src/emit/operations.js";
import type { BuildModelOptions } from "../../../src/model/build-model.js";
import { expectOutput, modelOf, noContent, specWith, withAppliedDefaults, type WantedOutput } from "../../helpers/emitter-cases.js";

interface Given {
  spec: object;
  /** Pointers of the parameters whose defaults apply (emitValidators decides them in a real run). */
  parameterDefaults?: string[];
  options?: Omit<BuildModelOptions, "source" | "defaultFits">;
}

const cases: [string, { given: Given; want: WantedOutput }][] = [
  [
    "types each location of the input from the operation's parameters, and makes defaulted ones non-optional",
    {
      given: {
        spec: specWith({
          "/books/{bookId}": {
            get: {
              operationId: "getBook",
              parameters: [
                { name: "bookId", in: "path", required: true, schema: { type: "integer" } },
                { name: "limit", in: "query", schema: { type: "integer", default: 10 } },
                { name: "fields", in: "query", schema: { type: "string", default: "all" } },
                { name: "X-Trace", in: "header", schema: { type: "string" } },
              ],
              responses: noContent,
            },
          },
        }),
        parameterDefaults: ["#/paths/~1books~1{bookId}/get/parameters/1", "#/paths/~1books~1{bookId}/get/parameters/2"],
      },
      want: {
        declarations: [
          [
            "export interface GetBookParameters {",
            '  path: NonNullable<GetBookOperation["parameters"]["path"]>;',
            '  query: WithDefaults<NonNullable<GetBookOperation["parameters"]["query"]>, "limit" | "fields">;',
            '  headers: NonNullable<GetBookOperation["parameters"]["header"]>;',
            "  cookies: Record<string, never>;",
            "}",
          ].join("\n"),
          'export type GetBookOperation = paths["/books/{bookId}"]["get"];',
        ],
        contains: ["type WithDefaults<Parameters, Name extends keyof Parameters> = Parameters & Required<Pick<Parameters, Name>>;"],
      },
    },
  ],
  [
    "declares WithDefaults only when some default applies",
    {
      given: { spec: specWith({ "/books": { get: { operationId: "listBooks", parameters: [{ name: "limit", in: "query", schema: { type: "integer", default: 10 } }], responses: noContent } } }) },
      want: { excludes: ["WithDefaults"], contains: ['  query: NonNullable<ListBooksOperation["parameters"]["query"]>;'] },
    },
  ],
  [
    "types int64 parameters as bigint with int64: bigint",
    {
      given: {
        spec: specWith({ "/accounts/{id}": { get: { operationId: "getAccount", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", format: "int64" } }], responses: noContent } } }),
        options: { int64: "bigint" },
      },
      want: {
        contains: [
          '  path: Int64AsBigInt<NonNullable<GetAccountOperation["parameters"]["path"]>, "id">;',
          "type Int64AsBigInt<Parameters, Name extends keyof Parameters> =",
        ],
      },
    },
  ],
  [
    "imports nothing from the runtime or the client package (light-packages.test.ts type-checks it with either alone)",
    {
      given: {
        spec: specWith(
          { "/things": { get: { operationId: "get*/thing", summary: "Reads */ one", security: [{ "x-api-key": [] }], responses: noContent } } },
          { securitySchemes: { "x-api-key": { type: "apiKey", in: "header", name: "X-API-Key" } } },
        ),
      },
      want: {
        contains: ['import type { paths } from "./types.js";', " * GET /things\n *\n * Reads *\\/ one\n */\nexport type GetThingOperation"],
        excludes: ["from \"specwright", "from \"@specwright", "get*/thing", "SecurityVerifier"],
      },
    },
  ],
];

describe("emitOperations", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given.spec, given.options);
    const [file, ...others] = emitOperations(withAppliedDefaults(model, given.parameterDefaults));
    expect(others).toEqual([]);
    expect(file!.path).toBe("operations.ts");
    expectOutput(file!.text, want);
  });
});
