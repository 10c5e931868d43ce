/**
 * emitHandlers on its own: the `…Input` type, the `…Output` union and the `Handlers` and
 * `SecurityVerifiers` interfaces it writes for small inline specs (given, want). tsc's verdict on
 * whole files is test/compiler/fixtures.test.ts's and test/types/handlers.typecheck.ts's.
 */
import { describe, expect, it } from "vitest";
import { emitHandlers } from "../../../src/emit/handlers.js";
import type { BuildModelOptions } from "../../../src/model/build-model.js";
import { expectOutput, json, modelOf, noContent, specWith, type WantedOutput } from "../../helpers/emitter-cases.js";

interface Given {
  spec: object;
  options?: Omit<BuildModelOptions, "source" | "defaultFits">;
}

const cases: [string, { given: Given; want: WantedOutput }][] = [
  [
    "builds the input on the operation's parameters from operations.ts, with the body beside them",
    {
      given: {
        spec: specWith({
          "/books/{bookId}": {
            get: { operationId: "getBook", parameters: [{ name: "bookId", in: "path", required: true, schema: { type: "integer" } }], responses: noContent },
          },
        }),
      },
      want: {
        declarations: ["export interface GetBookInput extends GetBookParameters {\n  body: undefined;\n}"],
        contains: ['import type { GetBookOperation, GetBookParameters } from "./operations.js";', 'export type * from "./operations.js";'],
        excludes: ["export type GetBookOperation", "WithDefaults"],
      },
    },
  ],
  [
    "types the body per declared media type: views of components, binary bodies, uploaded files, no body when optional, narrowed by contentType when there are several",
    {
      given: {
        spec: specWith(
          {
            "/notes": {
              put: {
                operationId: "putNote",
                requestBody: {
                  content: {
                    "application/json": { schema: { $ref: "#/components/schemas/Note" } },
                    "application/octet-stream": {},
                  },
                },
                responses: noContent,
              },
              post: {
                operationId: "uploadNote",
                requestBody: {
                  required: true,
                  content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" }, pages: { type: "array", items: { type: "string", format: "binary" } } } } } },
                },
                responses: noContent,
              },
            },
          },
          { schemas: { Note: { type: "object", properties: { id: { type: "integer", readOnly: true }, text: { type: "string" } } } } },
        ),
      },
      want: {
        contains: [
          // Several media types: the body narrowed by the media type it arrived as; none when optional.
          '  | { contentType: "application/json"; body: RequestSchemas["Note"] }',
          '  | { contentType: "application/octet-stream"; body: BinaryRequestBody }',
          "  | { contentType?: undefined; body: undefined }",
          '  body: Omit<NonNullable<UploadNoteOperation["requestBody"]>["content"]["multipart/form-data"], "file" | "pages"> & { file: UploadedFile; pages?: UploadedFile[] };',
          'import type { BinaryRequestBody, RequestContext, ResponseHeaders, UploadedFile } from "specwright/runtime";',
        ],
      },
    },
  ],
  [
    "gives the output one member per status and media type (contentType then required), ranges without the exact codes beside them, default as number",
    {
      given: {
        spec: specWith({
          "/things": {
            get: {
              operationId: "getThing",
              responses: {
                "200": { description: "ok", content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } } } },
                "201": { description: "created", headers: { Location: { required: true, schema: { type: "string" } } } },
                "2XX": { description: "other success" },
                default: { description: "error", content: json({ type: "object" }) },
              },
            },
          },
        }),
      },
      want: {
        declarations: [
          [
            "export type GetThingOutput =",
            '  | { status: 200; contentType: "application/json"; body: GetThingOperation["responses"][200]["content"]["application/json"]; headers?: ResponseHeaders }',
            '  | { status: 200; contentType: "text/csv"; body: GetThingOperation["responses"][200]["content"]["text/csv"] | StreamingBody; headers?: ResponseHeaders }',
            // Without contentType the runtime picks by Accept, so the body must fit every media type.
            '  | { status: 200; contentType?: undefined; body: GetThingOperation["responses"][200]["content"]["application/json"] & (GetThingOperation["responses"][200]["content"]["text/csv"] | StreamingBody); headers?: ResponseHeaders }',
            '  | { status: 201; body?: undefined; headers: { Location: GetThingOperation["responses"][201]["headers"]["Location"] } & ResponseHeaders }',
            "  | { status: Exclude<SuccessStatus, 200 | 201>; body?: undefined; headers?: ResponseHeaders }",
            '  | { status: number; contentType?: "application/json"; body: GetThingOperation["responses"]["default"]["content"]["application/json"]; headers?: ResponseHeaders };',
          ].join("\n"),
        ],
      },
    },
  ],
  [
    "lists one handler per operation, and one verifier per security scheme the operations use, typed by its credential",
    {
      given: {
        spec: specWith(
          {
            "/me": { get: { operationId: "getMe", security: [{ bearer: [] }, { basic: [] }], responses: noContent } },
            "/admin": { delete: { operationId: "reset", deprecated: true, summary: "Resets", security: [{ key: [] }], responses: noContent } },
          },
          {
            securitySchemes: {
              bearer: { type: "http", scheme: "bearer" },
              basic: { type: "http", scheme: "basic" },
              key: { type: "apiKey", in: "header", name: "X-API-Key" },
              unused: { type: "apiKey", in: "query", name: "k" },
            },
          },
        ),
      },
      want: {
        declarations: [
          [
            "export interface Handlers<Principal = unknown> {",
            "  /** GET /me */",
            "  getMe: GetMeHandler<Principal>;",
            "  /**",
            "   * DELETE /admin",
            "   *",
            "   * Resets",
            "   *",
            "   * @deprecated",
            "   */",
            "  reset: ResetHandler<Principal>;",
            "}",
          ].join("\n"),
          [
            "export interface SecurityVerifiers<Principal = unknown> {",
            "  basic: SecurityVerifier<Principal, BasicCredentials>;",
            "  bearer: SecurityVerifier<Principal, string>;",
            "  key: SecurityVerifier<Principal, string>;",
            "}",
          ].join("\n"),
          "export type GetMeHandler<Principal = unknown> = (input: GetMeInput, context: RequestContext<Principal>) => GetMeOutput | Promise<GetMeOutput>;",
        ],
      },
    },
  ],
  [
    "escapes hostile names: identifiers from operationIds, quoted keys, comment terminators broken",
    {
      given: {
        spec: specWith(
          { "/things": { get: { operationId: "get*/thing", summary: "Reads */ one", security: [{ "x-api-key": [] }], responses: noContent } } },
          { securitySchemes: { "x-api-key": { type: "apiKey", in: "header", name: "X-API-Key" } } },
        ),
      },
      want: {
        contains: [
          "/** What the `get*\\/thing` handler receives, parsed and validated. */\nexport interface GetThingInput extends GetThingParameters {",
          '  "x-api-key": SecurityVerifier<Principal, string>;',
          " * GET /things\n *\n * Reads *\\/ one\n */\nexport type GetThingHandler",
        ],
        excludes: ["get*/thing"],
      },
    },
  ],
];

describe("emitHandlers", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given.spec, given.options);
    const [file, ...others] = emitHandlers(model);
    expect(others).toEqual([]);
    expect(file!.path).toBe("handlers.ts");
    expectOutput(file!.text, want);
  });
});
