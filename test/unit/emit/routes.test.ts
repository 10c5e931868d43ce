/**
 * emitRoutes on its own: small models from inline specs, and the parts of `routes.ts` each case
 * is about (openapi-typescript's test/transform tables: given, want). The whole file of a few
 * specs is compared in test/compiler/fixtures.test.ts.
 */
import { describe, expect, it } from "vitest";
import { emitRoutes } from "../../../src/emit/routes.js";
import type { BuildModelOptions } from "../../../src/model/build-model.js";
import { expectOutput, json, modelOf, noContent, specWith, withAppliedDefaults, type WantedOutput } from "../../helpers/emitter-cases.js";

interface Given {
  spec: object;
  /** Pointers of the parameters whose defaults apply (emitValidators decides them in a real run). */
  parameterDefaults?: string[];
  options?: Omit<BuildModelOptions, "source" | "defaultFits">;
}

const book = { type: "object", properties: { id: { type: "integer" }, title: { type: "string" } } };

const cases: [string, { given: Given; want: WantedOutput }][] = [
  [
    "writes a parameter's default after its read, only where the validators apply it",
    {
      given: {
        spec: specWith({
          "/books": {
            get: {
              operationId: "listBooks",
              parameters: [
                { name: "limit", in: "query", schema: { type: "integer", default: 10 } },
                { name: "offset", in: "query", schema: { type: "integer", default: 0 } },
                { name: "genre", in: "query", schema: { type: "string" } },
              ],
              responses: noContent,
            },
          },
        }),
        parameterDefaults: ["#/paths/~1books/get/parameters/0"],
      },
      want: {
        declarations: [
          [
            "function readListBooksParameters(request: ParameterReader): OperationParameters {",
            "  const query = request.record();",
            "  request.query(query, limitQueryParameter, 10);",
            "  request.query(query, offsetQueryParameter);",
            "  request.query(query, genreQueryParameter);",
            '  request.validate("query", query, validators.listBooks_query);',
            "  return { query };",
            "}",
          ].join("\n"),
        ],
      },
    },
  ],
  [
    "reads every location in order path, query, header, cookie, each validated",
    {
      given: {
        spec: specWith({
          "/items/{id}": {
            get: {
              operationId: "getItem",
              parameters: [
                { name: "session", in: "cookie", schema: { type: "string" } },
                { name: "X-Trace", in: "header", schema: { type: "string" } },
                { name: "verbose", in: "query", schema: { type: "boolean" } },
                { name: "id", in: "path", required: true, schema: { type: "string" } },
              ],
              responses: noContent,
            },
          },
        }),
      },
      want: {
        declarations: [
          [
            "function readGetItemParameters(request: ParameterReader): OperationParameters {",
            "  const path = request.record();",
            "  request.path(path, idPathParameter);",
            '  request.validate("path", path, validators.getItem_path);',
            "  const query = request.record();",
            "  request.query(query, verboseQueryParameter);",
            '  request.validate("query", query, validators.getItem_query);',
            "  const header = request.record();",
            "  request.header(header, xTraceHeaderParameter);",
            '  request.validate("header", header, validators.getItem_header);',
            "  const cookie = request.record();",
            "  request.cookie(cookie, sessionCookieParameter);",
            '  request.validate("cookie", cookie, validators.getItem_cookie);',
            "  return { path, query, header, cookie };",
            "}",
          ].join("\n"),
        ],
      },
    },
  ],
  [
    "resolves style, explode, layout and coercion of a parameter at generate time",
    {
      given: {
        spec: specWith({
          "/search": {
            get: {
              operationId: "search",
              parameters: [
                { name: "ids", in: "query", explode: false, schema: { type: "array", items: { type: "integer" } } },
                { name: "filter", in: "query", style: "deepObject", schema: { type: "object", properties: { size: { type: "number" } } } },
                { name: "cursor", in: "query", allowEmptyValue: true, schema: { type: ["integer", "null"] } },
              ],
              responses: noContent,
            },
          },
        }),
      },
      want: {
        declarations: [
          [
            "const idsQueryParameter: ParameterDefinition = {",
            '  name: "ids",',
            '  in: "query",',
            '  style: "form",',
            "  explode: false,",
            '  shape: "array",',
            '  coercion: { type: "array", items: { type: "integer" } },',
            "};",
          ].join("\n"),
          [
            "const filterQueryParameter: ParameterDefinition = {",
            '  name: "filter",',
            '  in: "query",',
            '  style: "deepObject",',
            "  explode: false,",
            '  shape: "object",',
            '  coercion: { type: "object", properties: { size: { type: "number" } }, additional: { type: "unknown" } },',
            "};",
          ].join("\n"),
          [
            "const cursorQueryParameter: ParameterDefinition = {",
            '  name: "cursor",',
            '  in: "query",',
            '  style: "form",',
            "  explode: true,",
            '  shape: "primitive",',
            '  coercion: { type: "union", options: [{ type: "integer" }, { type: "null" }] },',
            "  emptyIsAbsent: true,",
            "  integerOnly: true,",
            "};",
          ].join("\n"),
        ],
      },
    },
  ],
  [
    "shares one parameter constant between operations that declare the parameter alike",
    {
      given: {
        spec: specWith({
          "/books/{bookId}": {
            parameters: [{ name: "bookId", in: "path", required: true, schema: { type: "integer" } }],
            get: { operationId: "getBook", responses: noContent },
            delete: { operationId: "deleteBook", responses: noContent },
          },
        }),
      },
      want: {
        counts: {
          "const bookIdPathParameter: ParameterDefinition = {": 1,
          "request.path(path, bookIdPathParameter);": 2,
          "parameters: [bookIdPathParameter],": 2,
        },
        contains: ["/** The path parameter bookId. */"],
      },
    },
  ],
  [
    "names a parameter after its operation where one name and location is declared in different ways",
    {
      given: {
        spec: specWith({
          "/books": { get: { operationId: "listBooks", parameters: [{ name: "sort", in: "query", schema: { type: "string" } }], responses: noContent } },
          "/users": { get: { operationId: "listUsers", parameters: [{ name: "sort", in: "query", schema: { type: "integer" } }], responses: noContent } },
        }),
      },
      want: {
        contains: [
          "/** The query parameter sort of listBooks. */\nconst listBooksSortQueryParameter: ParameterDefinition = {",
          "/** The query parameter sort of listUsers. */\nconst listUsersSortQueryParameter: ParameterDefinition = {",
        ],
        excludes: ["const sortQueryParameter"],
      },
    },
  ],
  [
    "names a component's serialiser after the component, shared by every response, and an inline one after where it appears",
    {
      given: {
        spec: specWith(
          {
            "/books": { get: { operationId: "listBooks", responses: { "200": { description: "ok", content: json({ type: "array", items: { $ref: "#/components/schemas/Book" } }) } } } },
            "/books/{id}": {
              get: {
                operationId: "getBook",
                parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
                responses: { "200": { description: "ok", content: json({ $ref: "#/components/schemas/Book" }) }, "404": { description: "gone", content: json({ type: "object", properties: { message: { type: "string" } } }) } },
              },
            },
          },
          { schemas: { Book: book } },
        ),
      },
      want: {
        declarations: [
          [
            "function writeBook(value: unknown, depth: number): string | undefined {",
            "  if (!isJsonObject(value, depth)) return writeJson(value);",
            '  let json = "";',
            `  json += hasOwn(value, "id") ? writeMember(',"id":', writeJson(value["id"])) : "";`,
            `  json += hasOwn(value, "title") ? writeMember(',"title":', writeJson(value["title"])) : "";`,
            '  return "{" + json.slice(1) + "}";',
            "}",
          ].join("\n"),
          [
            "function writeListBooks200Json(value: unknown, depth: number): string | undefined {",
            "  return writeArray(value, depth, writeBook);",
            "}",
          ].join("\n"),
        ],
        contains: [
          "/** `Book` (#/components/schemas/Book) as JSON: id, title; other properties are left out. */",
          "/** The 404 application/json body of getBook as JSON: message; other properties are left out. */\nfunction writeGetBook404Json(",
          "serialize: writeBook,",
        ],
        counts: { "function writeBook(": 1 },
      },
    },
  ],
  [
    "leaves writeOnly properties out of a serialiser and says so",
    {
      given: {
        spec: specWith(
          { "/me": { get: { operationId: "getMe", responses: { "200": { description: "ok", content: json({ $ref: "#/components/schemas/User" }) } } } } },
          { schemas: { User: { type: "object", properties: { name: { type: "string" }, password: { type: "string", writeOnly: true } } } } },
        ),
      },
      want: {
        contains: ["/** `User` (#/components/schemas/User) as JSON: name; other properties are left out; write-only password never. */"],
        excludes: ['hasOwn(value, "password")'],
      },
    },
  ],
  [
    "keeps additional properties a schema allows, through their own writer, and calls itself for a recursive schema",
    {
      given: {
        spec: specWith(
          { "/tree": { get: { operationId: "getTree", responses: { "200": { description: "ok", content: json({ $ref: "#/components/schemas/Node" }) } } } } },
          { schemas: { Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/Node" } } }, additionalProperties: { type: "integer" } } } },
        ),
      },
      want: {
        declarations: [
          'const writeNodeDeclared: ReadonlySet<string> = new Set(["children"]);',
          [
            "function writeNode(value: unknown, depth: number): string | undefined {",
            "  if (!isJsonObject(value, depth)) return writeJson(value);",
            '  let json = "";',
            `  json += hasOwn(value, "children") ? writeMember(',"children":', writeArray(value["children"], depth + 1, writeNode)) : "";`,
            "  json += writeOtherProperties(value, writeNodeDeclared, writeJson, depth);",
            '  return "{" + json.slice(1) + "}";',
            "}",
          ].join("\n"),
        ],
      },
    },
  ],
  [
    "declares each response by status (exact, range, default), with media types, validators and headers",
    {
      given: {
        spec: specWith({
          "/things": {
            get: {
              operationId: "getThing",
              responses: {
                "200": { description: "ok", headers: { ETag: { required: true, schema: { type: "string" } } }, content: { "text/plain": { schema: { type: "string" } } } },
                "4XX": { description: "client error", content: { "application/problem+json": { schema: { type: "object" } } } },
                default: { description: "other", content: { "application/octet-stream": {} } },
              },
            },
          },
        }),
      },
      want: {
        contains: [
          '{ mediaType: "text/plain", kind: "text", validate: validators.getThing_200_textPlain }',
          'headers: [{ name: "ETag", key: "etag", required: true }],\n      validateHeaders: validators.getThing_200_headers,',
          'status: "4XX",',
          'mediaType: "application/problem+json",\n          kind: "json",',
          "validate: validators.getThing_4XX_problemJson,",
          'status: "default",\n      contents: [{ mediaType: "application/octet-stream", kind: "binary" }],',
        ],
      },
    },
  ],
  [
    "writes JSON event data of an event stream with the schema's serialiser, text data as text",
    {
      given: {
        spec: specWith(
          {
            "/events": { get: { operationId: "streamEvents", responses: { "200": { description: "ok", content: { "text/event-stream": { schema: { $ref: "#/components/schemas/Event" } } } } } } },
            "/lines": { get: { operationId: "streamLines", responses: { "200": { description: "ok", content: { "text/event-stream": { schema: { type: "string" } } } } } } },
          },
          { schemas: { Event: { type: "object", properties: { type: { type: "string" } } } } },
        ),
      },
      want: {
        contains: [
          'kind: "event-stream",\n          serialize: writeEvent,\n          validate: validators.streamEvents_200_textEventStream,\n          eventData: "json",',
          'eventData: "text",',
        ],
      },
    },
  ],
  [
    "escapes hostile names: JSON-quoted in code, comment terminators broken in comments",
    {
      given: {
        spec: specWith(
          {
            "/things/{id}": {
              get: {
                operationId: "get*/thing",
                summary: "Reads */ one",
                parameters: [
                  { name: "id", in: "path", required: true, schema: { type: "string" } },
                  { name: "x-rate-limit", in: "header", schema: { type: "integer" } },
                  { name: 'a"b', in: "query", schema: { type: "string" } },
                ],
                responses: { "200": { description: "ok", content: json({ $ref: "#/components/schemas/x-thing" }) } },
              },
            },
          },
          { schemas: { "x-thing": { type: "object", properties: { ["__proto__"]: { type: "string" }, 'a"b': { type: "string" }, "*/": { type: "string" } } } } },
        ),
      },
      want: {
        contains: [
          "/** get*\\/thing: GET /things/{id}. Reads *\\/ one */\nconst getThingRoute: RouteDefinition = {",
          '  operationId: "get*/thing",\n  handler: "getThing",',
          "/** Reads the parameters of get*\\/thing (GET /things/{id}). */\nfunction readGetThingParameters(",
          "/** The header parameter x-rate-limit. */\nconst xRateLimitHeaderParameter: ParameterDefinition = {",
          '/** The query parameter a"b. */\nconst aBQueryParameter: ParameterDefinition = {\n  name: "a\\"b",',
          "/** `XThing` (#/components/schemas/x-thing) as JSON: __proto__, a\"b, *\\/; other properties are left out. */",
          `  json += hasOwn(value, "__proto__") ? writeMember(',"__proto__":', writeJson(value["__proto__"])) : "";`,
          `  json += hasOwn(value, "a\\"b") ? writeMember(',"a\\\\"b":', writeJson(value["a\\"b"])) : "";`,
          `  json += hasOwn(value, "*/") ? writeMember(',"*/":', writeJson(value["*/"])) : "";`,
        ],
      },
    },
  ],
  [
    "reads int64 parameters exactly as BigInt with int64: bigint, and writes their defaults as BigInt literals",
    {
      given: {
        spec: specWith({
          "/accounts": {
            get: {
              operationId: "listAccounts",
              parameters: [
                { name: "since", in: "query", schema: { type: "integer", format: "int64", default: 10 } },
                { name: "page", in: "query", schema: { type: "integer", format: "int32", default: 1 } },
              ],
              responses: noContent,
            },
          },
        }),
        parameterDefaults: ["#/paths/~1accounts/get/parameters/0", "#/paths/~1accounts/get/parameters/1"],
        options: { int64: "bigint" },
      },
      want: {
        declarations: [
          [
            "function readListAccountsParameters(request: ParameterReader): OperationParameters {",
            "  const queryRead = request.record();",
            "  request.query(queryRead, sinceQueryParameter, 10n);",
            "  request.query(queryRead, pageQueryParameter, 1);",
            '  const query = request.validateExact("query", queryRead, validators.listAccounts_query, ["since"]);',
            "  return { query };",
            "}",
          ].join("\n"),
        ],
        contains: ['coercion: { type: "int64" },'],
      },
    },
  ],
  [
    "lists security requirements as alternatives of conjunctions, and createServer then needs the verifiers",
    {
      given: {
        spec: specWith(
          { "/admin": { delete: { operationId: "reset", security: [{ key: [], basic: [] }, { oauth: ["admin"] }], responses: noContent } } },
          {
            securitySchemes: {
              key: { type: "apiKey", in: "header", name: "X-API-Key" },
              basic: { type: "http", scheme: "basic" },
              oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://example.com/token", scopes: { admin: "all" } } } },
            },
          },
        ),
      },
      want: {
        contains: [
          '  security: [\n    [{ scheme: "key", scopes: [] }, { scheme: "basic", scopes: [] }],\n    [{ scheme: "oauth", scopes: ["admin"] }],\n  ],',
          '    key: { type: "apiKey", in: "header", name: "X-API-Key" },',
          "options: ServerOptions<SecurityVerifiers<Principal>> & { security: SecurityVerifiers<Principal> }",
        ],
      },
    },
  ],
  [
    "gives an operation without parameters no reader, and a public API optional server options",
    {
      given: { spec: specWith({ "/ping": { get: { operationId: "ping", responses: noContent } } }, {}, { servers: [{ url: "https://example.com/api/v1" }] }) },
      want: {
        excludes: ["readParameters", "ParameterReader", "ParameterDefinition"],
        contains: ['basePath: "/api/v1",', "options: ServerOptions<SecurityVerifiers<Principal>> = {}", "security: [],"],
      },
    },
  ],
];

describe("emitRoutes", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given.spec, given.options);
    const [file, ...others] = emitRoutes(withAppliedDefaults(model, given.parameterDefaults));
    expect(others).toEqual([]);
    expect(file!.path).toBe("routes.ts");
    expect(file!.text).toMatch(/^\/\/ Generated by specwright .* from "..\/openapi.yaml"\.\n/);
    expectOutput(file!.text, want);
  });
});
