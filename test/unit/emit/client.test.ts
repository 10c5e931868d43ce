/**
 * emitClient on its own: the methods, argument and result types, base path and security of
 * `client.ts` for small inline specs (given, want). How the client behaves on the wire is
 * test/e2e's and test/browser's; the whole file of a few specs is test/compiler/fixtures.test.ts's.
 */
import { describe, expect, it } from "vitest";
import { emitClient } from "../../../src/emit/client.js";
import type { BuildModelOptions } from "../../../src/model/build-model.js";
import { expectOutput, json, modelOf, noContent, specWith, type WantedOutput } from "../../helpers/emitter-cases.js";

interface Given {
  spec: object;
  options?: Omit<BuildModelOptions, "source" | "defaultFits">;
}

const cases: [string, { given: Given; want: WantedOutput }][] = [
  [
    "gives each operation a method whose argument is required only when a parameter or the body is",
    {
      given: {
        spec: specWith({
          "/books": {
            get: { operationId: "listBooks", parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }], responses: noContent },
            post: { operationId: "createBook", requestBody: { required: true, content: json({ type: "object" }) }, responses: noContent },
          },
          "/books/{bookId}": {
            get: {
              operationId: "getBook",
              parameters: [
                { name: "bookId", in: "path", required: true, schema: { type: "integer" } },
                { name: "X-Trace", in: "header", schema: { type: "string" } },
              ],
              responses: noContent,
            },
          },
          "/ping": { get: { operationId: "ping", responses: noContent } },
        }),
      },
      want: {
        contains: [
          "    listBooks: <Options extends CallOptions = CallOptions>(request: ListBooksRequest = {}, callOptions?: Options): Promise<ResultAs<ListBooksResult, Options>> =>\n" +
            "      core.call(listBooksOperation, request, callOptions),",
          "    createBook: <Options extends CallOptions = CallOptions>(request: CreateBookRequest, callOptions?: Options): Promise<ResultAs<CreateBookResult, Options>> =>",
          "    getBook: <Options extends CallOptions = CallOptions>(request: GetBookRequest, callOptions?: Options): Promise<ResultAs<GetBookResult, Options>> =>",
          "    ping: <Options extends CallOptions = CallOptions>(request: PingRequest = {}, callOptions?: Options): Promise<ResultAs<PingResult, Options>> =>",
          // Each operation also as a function of a core, for bundles that keep only the ones they call.
          "export function listBooks<Options extends CallOptions = CallOptions>(core: ClientCore, request: ListBooksRequest = {}, callOptions?: Options): Promise<ResultAs<ListBooksResult, Options>> {",
        ],
        declarations: [
          'export type ListBooksRequest = { query?: Partial<ListBooksParameters["query"]> };',
          'export type CreateBookRequest = { body: NonNullable<CreateBookOperation["requestBody"]>["content"]["application/json"] };',
          'export type GetBookRequest = { path: GetBookParameters["path"]; headers?: Partial<GetBookParameters["headers"]> };',
          "export type PingRequest = Record<string, never>;",
        ],
      },
    },
  ],
  [
    "asks for a contentType when a body has several media types or a media range, a range as a template literal type",
    {
      given: {
        spec: specWith({
          "/files": {
            put: { operationId: "putFile", requestBody: { content: { "application/json": { schema: { type: "object" } }, "image/*": {} } }, responses: noContent },
            post: { operationId: "postFile", requestBody: { content: { "*/*": {} } }, responses: noContent },
          },
        }),
      },
      want: {
        declarations: [
          'export type PutFileRequest = { body?: NonNullable<PutFileOperation["requestBody"]>["content"]["application/json"] | BinaryUpload | undefined; contentType?: "application/json" | `image/${string}` };',
          'export type PostFileRequest = { body?: NonNullable<PostFileOperation["requestBody"]>["content"]["*/*"] | undefined; contentType?: string };',
        ],
      },
    },
  ],
  [
    "adds the runtime's problem responses to a result without a default response, except the declared codes",
    {
      given: {
        spec: specWith({
          "/a": { get: { operationId: "getA", responses: { "200": { description: "ok", content: json({ type: "string" }) }, "404": { description: "gone" } } } },
          "/b": { get: { operationId: "getB", responses: { default: { description: "anything", content: json({ type: "object" }) } } } },
        }),
      },
      want: {
        declarations: [
          [
            "export type GetAResult =",
            '  | { status: 200; contentType?: "application/json"; body: GetAOperation["responses"][200]["content"]["application/json"]; headers: Headers }',
            "  | { status: 404; body?: undefined; headers: Headers }",
            // RuntimeProblem<Status> (src/wire/problem.ts): a 422's body lists the validation issues.
            "  | RuntimeProblem<Exclude<RuntimeProblemStatus, 200 | 404>>;",
          ].join("\n"),
          [
            "export type GetBResult =",
            '  | { status: number; contentType?: "application/json"; body: GetBOperation["responses"]["default"]["content"]["application/json"]; headers: Headers };',
          ].join("\n"),
        ],
      },
    },
  ],
  [
    "exports the base path of the first server, its variables at their defaults",
    {
      given: {
        spec: specWith({ "/ping": { get: { operationId: "ping", responses: noContent } } }, {}, {
          servers: [{ url: "https://{host}/api/{version}", variables: { host: { default: "example.com" }, version: { default: "v2" } } }, { url: "/other" }],
        }),
      },
      want: { contains: ['export const basePath = "/api/v2";'] },
    },
  ],
  [
    "describes only the security schemes the operations use, and takes a credential for each",
    {
      given: {
        spec: specWith(
          { "/me": { get: { operationId: "getMe", security: [{ bearer: [] }, { "x-key": [] }], responses: noContent } } },
          {
            securitySchemes: {
              bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
              "x-key": { type: "apiKey", in: "cookie", name: "session" },
              unused: { type: "http", scheme: "basic" },
            },
          },
        ),
      },
      want: {
        declarations: [
          [
            "const securitySchemes: Record<string, SchemeDescriptor> = {",
            '  bearer: { type: "http", scheme: "bearer" },',
            '  "x-key": { type: "apiKey", in: "cookie", name: "session" },',
            "};",
          ].join("\n"),
          [
            "export interface ClientSecurity {",
            "  bearer?: CredentialSource;",
            '  "x-key"?: CredentialSource;',
            "}",
          ].join("\n"),
        ],
        excludes: ["unused"],
      },
    },
  ],
  [
    "escapes hostile names: methods named by identifiers, comment terminators broken",
    {
      given: { spec: specWith({ "/things": { get: { operationId: "get*/thing", summary: "Reads */ one", responses: noContent } } }) },
      want: {
        contains: [
          "    /**\n     * GET /things\n     *\n     * Reads *\\/ one\n     */\n    getThing: <Options extends CallOptions = CallOptions>(request: GetThingRequest = {}",
          "core.call(getThingOperation, request, callOptions)",
        ],
        excludes: ["get*/thing"],
      },
    },
  ],
  [
    "hands the operations a date codec: where date-times sit, with dateTime: date",
    {
      given: {
        spec: specWith(
          { "/events": { get: { operationId: "listEvents", responses: { "200": { description: "ok", content: json({ type: "array", items: { $ref: "#/components/schemas/Event" } }) } } } } },
          { schemas: { Event: { type: "object", properties: { at: { type: "string", format: "date-time" } } } } },
        ),
        options: { dateTime: "date" },
      },
      want: {
        contains: [
          '  shapes: { "#/components/schemas/Event": { kind: "object", properties: [["at", { kind: "date" }]] } },',
          '  responseDates: { "200": { kind: "array", items: { kind: "ref", ref: "#/components/schemas/Event" } } },',
          "  codecs: { dates: dateTimes },",
        ],
      },
    },
  ],
];

describe("emitClient", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given.spec, given.options);
    const [file, ...others] = emitClient(model);
    expect(others).toEqual([]);
    expect(file!.path).toBe("client.ts");
    expectOutput(file!.text, want);
  });
});
