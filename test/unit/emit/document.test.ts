/**
 * emitDocument on its own: `openapi.json` is the bundled spec plus the problem responses the
 * runtime itself can send, added to each operation where the spec does not already cover the
 * status (exactly, by a range, or by `default`), given and want.
 */
import { describe, expect, it } from "vitest";
import { emitDocument } from "../../../src/emit/document.js";
import { json, modelOf, noContent, specWith } from "../../helpers/emitter-cases.js";

interface Want {
  /** The response keys of each operation (`"get /books"`), sorted (a JSON object lists integer keys first anyway). */
  responses: Record<string, string[]>;
  /** The keys of components.responses and components.schemas. */
  componentResponses: string[];
  componentSchemas: string[];
}

const cases: [string, { given: object; want: Want }][] = [
  [
    "adds 400 and 500 to every operation, 414 and 422 with path parameters, 413, 415 and 422 with a body",
    {
      given: specWith({
        "/ping": { get: { operationId: "ping", responses: noContent } },
        "/books/{id}": {
          get: { operationId: "getBook", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: noContent },
        },
        "/books": { post: { operationId: "createBook", requestBody: { content: json({ type: "object" }) }, responses: noContent } },
      }),
      want: {
        responses: {
          "get /ping": ["204", "400", "500"],
          "get /books/{id}": ["204", "400", "414", "422", "500"],
          "post /books": ["204", "400", "413", "415", "422", "500"],
        },
        componentResponses: [
          "SpecwrightBadRequest", "SpecwrightContentTooLarge", "SpecwrightInternalError", "SpecwrightMethodNotAllowed", "SpecwrightNotFound",
          "SpecwrightUnsupportedMediaType", "SpecwrightUriTooLong", "SpecwrightValidationFailed",
        ],
        componentSchemas: ["SpecwrightProblemDetails", "SpecwrightValidationProblem"],
      },
    },
  ],
  [
    "adds 401 and 403 where every security requirement needs credentials, not where one is empty",
    {
      given: specWith(
        {
          "/me": { get: { operationId: "getMe", security: [{ key: [] }], responses: noContent } },
          "/maybe": { get: { operationId: "getMaybe", security: [{}, { key: [] }], responses: noContent } },
        },
        { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-API-Key" } } },
      ),
      want: {
        responses: { "get /me": ["204", "400", "401", "403", "500"], "get /maybe": ["204", "400", "500"] },
        componentResponses: ["SpecwrightBadRequest", "SpecwrightForbidden", "SpecwrightInternalError", "SpecwrightMethodNotAllowed", "SpecwrightNotFound", "SpecwrightUnauthorized"],
        componentSchemas: ["SpecwrightProblemDetails"],
      },
    },
  ],
  [
    "leaves a status the spec covers, by its code or a range, and an operation with a default response, as declared",
    {
      given: specWith(
        {
          "/a/{id}": {
            get: {
              operationId: "getA",
              parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
              responses: { "200": { description: "ok" }, "422": { description: "mine", content: json({ $ref: "#/components/schemas/Mine" }) }, "5XX": { description: "server" } },
            },
          },
          "/b": { get: { operationId: "getB", responses: { default: { description: "anything" } } } },
        },
        { schemas: { Mine: { type: "object" } } },
      ),
      want: {
        responses: { "get /a/{id}": ["200", "400", "414", "422", "5XX"], "get /b": ["default"] },
        componentResponses: ["SpecwrightBadRequest", "SpecwrightMethodNotAllowed", "SpecwrightNotFound", "SpecwrightUriTooLong"],
        componentSchemas: ["Mine", "SpecwrightProblemDetails"],
      },
    },
  ],
];

describe("emitDocument", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given);
    const before = JSON.stringify(model.document);
    const [file, ...others] = emitDocument(model);
    expect([file!.path, ...others.map((other) => other.path)]).toEqual(["openapi.json", "openapi.cjs"]);
    expect(file!.text.endsWith("}\n")).toBe(true);
    const document = JSON.parse(file!.text) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { responses: object; schemas: object } };
    const responses = Object.fromEntries(
      Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => [`${method} ${path}`, Object.keys(operation.responses).sort()])),
    );
    expect(responses).toEqual(want.responses);
    expect(Object.keys(document.components.responses)).toEqual(want.componentResponses);
    expect(Object.keys(document.components.schemas)).toEqual(want.componentSchemas);
    // The model's document is left as it was: the emitter copies what it changes.
    expect(JSON.stringify(model.document)).toBe(before);
  });

  it("refers added responses to the component responses, and those to the problem schemas", async () => {
    const { model } = await modelOf(specWith({ "/books/{id}": { get: { operationId: "getBook", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: noContent } } }));
    const document = JSON.parse(emitDocument(model)[0]!.text) as Record<string, any>;
    expect(document["paths"]["/books/{id}"].get.responses["422"]).toEqual({ $ref: "#/components/responses/SpecwrightValidationFailed" });
    expect(document["components"].responses.SpecwrightValidationFailed).toEqual({
      description: "The request does not match the contract.",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/SpecwrightValidationProblem" } } },
    });
    expect(document["components"].schemas.SpecwrightValidationProblem.allOf).toEqual([{ $ref: "#/components/schemas/SpecwrightProblemDetails" }, expect.objectContaining({ required: ["errors"] })]);
  });

  it("writes the same document into openapi.cjs, which loads as it", async () => {
    const { model } = await modelOf(specWith({ "/books": { get: { operationId: "listBooks", responses: noContent } } }));
    const [json, commonJs] = emitDocument(model);
    const loaded: { exports: unknown } = { exports: {} };
    new Function("module", "exports", commonJs!.text)(loaded, loaded.exports);
    expect(loaded.exports).toEqual(JSON.parse(json!.text));
  });
});
