/**
 * `specwright diff` rule by rule: a small contract, one edit, and exactly the changes (rule id,
 * severity for clients and for servers) the edit must give, no more. Both versions go through
 * the real loader from YAML files.
 */
import path from "node:path";
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diffSpecs } from "../../src/diff/diff-specs.js";
import type { Change } from "../../src/diff/change.js";
import { temporaryFolder } from "../helpers/temp.js";

type Document = Record<string, any>;

/** The contract every case starts from. */
function base(): Document {
  return {
    openapi: "3.1.0",
    info: { title: "Shop", version: "1.0.0" },
    paths: {
      "/books": {
        get: {
          operationId: "listBooks",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
            { name: "tags", in: "query", schema: { type: "array", items: { type: "string" } } },
          ],
          responses: {
            "200": { description: "Books", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Book" } } } } },
            "404": { description: "None" },
          },
        },
        post: {
          operationId: "createBook",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/BookCreate" } } } },
          responses: { "201": { description: "Created", headers: { Location: { required: true, schema: { type: "string" } } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Book" } } } } },
        },
      },
      "/books/{bookId}": {
        get: {
          operationId: "getBook",
          parameters: [{ name: "bookId", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "200": { description: "A book", content: { "application/json": { schema: { $ref: "#/components/schemas/Book" } } } } },
        },
        delete: {
          operationId: "deleteBook",
          parameters: [{ name: "bookId", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "204": { description: "Deleted" } },
        },
      },
    },
    components: {
      securitySchemes: { key: { type: "apiKey", in: "header", name: "X-API-Key" } },
      schemas: {
        Book: {
          type: "object",
          required: ["id", "title"],
          properties: {
            id: { type: "integer", readOnly: true },
            title: { type: "string", maxLength: 200 },
            price: { type: "integer", minimum: 0 },
            status: { type: "string", enum: ["available", "sold"] },
          },
        },
        BookCreate: {
          type: "object",
          additionalProperties: false,
          required: ["title"],
          properties: {
            title: { type: "string", minLength: 1, maxLength: 200 },
            price: { type: "number" },
            format: { type: "string", enum: ["paperback", "hardcover"] },
          },
        },
      },
    },
  };
}

let folder: { path: string; remove: () => Promise<void> };
let counter = 0;
beforeAll(async () => {
  folder = await temporaryFolder("specwright-diff-");
});
afterAll(() => folder.remove());

/** Writes both versions as YAML and diffs them. */
async function diffOf(edit: (document: Document) => void, start: (document: Document) => void = () => {}): Promise<Change[]> {
  const old = base();
  start(old);
  const updated = structuredClone(old);
  edit(updated);
  counter += 1;
  const oldFile = path.join(folder.path, `old-${counter}.yaml`);
  const newFile = path.join(folder.path, `new-${counter}.yaml`);
  await writeFile(oldFile, stringify(old));
  await writeFile(newFile, stringify(updated));
  return (await diffSpecs(oldFile, newFile)).changes;
}

const summary = (changes: Change[]): string[] => changes.map((change) => `${change.id} ${change.clients}/${change.servers}`).sort();

const cases: [string, (document: Document) => void, string[], ((document: Document) => void)?][] = [
  ["an operation removed from a path that remains", (d) => delete d.paths["/books/{bookId}"].delete, ["api-removed-without-deprecation breaking/info"]],
  ["a whole path removed", (d) => delete d.paths["/books/{bookId}"], ["api-path-removed-without-deprecation breaking/info", "api-path-removed-without-deprecation breaking/info"]],
  ["a deprecated operation removed", (d) => delete d.paths["/books/{bookId}"].delete, ["api-removed-with-deprecation warning/info"], (d) => (d.paths["/books/{bookId}"].delete.deprecated = true)],
  ["an operation added (servers must implement it)", (d) => (d.paths["/books/{bookId}"].put = { responses: { "204": { description: "Replaced" } } }), ["endpoint-added info/breaking"]],
  ["an operation deprecated", (d) => (d.paths["/books/{bookId}"].delete.deprecated = true), ["endpoint-deprecated info/info"]],
  ["an operationId changed (generated names change)", (d) => (d.paths["/books/{bookId}"].delete.operationId = "removeBook"), ["api-operation-id-removed warning/warning"]],
  ["a success status removed", (d) => (d.paths["/books/{bookId}"].delete.responses = { "202": { description: "Accepted" } }), ["response-success-status-added warning/info", "response-success-status-removed breaking/breaking"]],
  ["an error status removed (servers that send it break)", (d) => delete d.paths["/books"].get.responses["404"], ["response-non-success-status-removed info/breaking"]],
  ["an error status removed but still covered by 4XX", (d) => {
    delete d.paths["/books"].get.responses["404"];
    d.paths["/books"].get.responses["4XX"] = { description: "Client error" };
  }, ["response-non-success-status-added warning/info", "response-non-success-status-removed info/info"]],
  ["an error status added (a client handling each status may miss it)", (d) => (d.paths["/books/{bookId}"].get.responses["410"] = { description: "Gone" }), ["response-non-success-status-added warning/info"]],
  ["a response media type removed", (d) => {
    const content = d.paths["/books/{bookId}"].get.responses["200"].content;
    content["application/xml"] = content["application/json"];
    delete content["application/json"];
  }, ["response-media-type-added info/info", "response-media-type-removed breaking/breaking"]],
  ["a request media type removed, another added", (d) => {
    const content = d.paths["/books"].post.requestBody.content;
    content["application/x-www-form-urlencoded"] = content["application/json"];
    delete content["application/json"];
  }, ["request-body-media-type-added info/warning", "request-body-media-type-removed breaking/info"]],
  ["a required request body added", (d) => (d.paths["/books/{bookId}"].delete.requestBody = { required: true, content: { "application/json": { schema: { type: "object" } } } }), ["request-body-added-required breaking/info"]],
  ["the request body became optional (servers must handle its absence)", (d) => (d.paths["/books"].post.requestBody.required = false), ["request-body-became-optional info/breaking"]],
  ["a new required parameter", (d) => d.paths["/books"].get.parameters.push({ name: "shelf", in: "query", required: true, schema: { type: "string" } }), ["new-required-request-parameter breaking/info"]],
  ["a new optional parameter", (d) => d.paths["/books"].get.parameters.push({ name: "shelf", in: "query", schema: { type: "string" } }), ["new-optional-request-parameter info/info"]],
  ["a parameter became required", (d) => (d.paths["/books"].get.parameters[0].required = true), ["request-parameter-became-required breaking/info"]],
  ["a parameter removed", (d) => d.paths["/books"].get.parameters.splice(1, 1), ["request-parameter-removed warning/info"]],
  ["a parameter's maximum lowered (request narrowing)", (d) => (d.paths["/books"].get.parameters[0].schema.maximum = 50), ["request-parameter-max-decreased breaking/info"]],
  ["a parameter's maximum raised (request widening)", (d) => (d.paths["/books"].get.parameters[0].schema.maximum = 500), ["request-parameter-max-increased info/warning"]],
  ["explode changed on an array parameter", (d) => (d.paths["/books"].get.parameters[1].explode = false), ["request-parameter-explode-changed breaking/breaking"]],
  ["style changed on an array parameter", (d) => (d.paths["/books"].get.parameters[1].style = "pipeDelimited"), ["request-parameter-explode-changed breaking/breaking", "request-parameter-style-changed breaking/breaking"]],
  ["style changed on a scalar parameter (no effect on the wire)", (d) => (d.paths["/books"].get.parameters[0].style = "spaceDelimited"), ["request-parameter-explode-changed info/info", "request-parameter-style-changed info/info"]],
  ["a path parameter renamed (same URL)", (d) => {
    d.paths["/books/{id}"] = d.paths["/books/{bookId}"];
    delete d.paths["/books/{bookId}"];
    for (const operation of Object.values(d.paths["/books/{id}"]) as Document[]) operation.parameters[0].name = "id";
  }, ["request-path-parameter-renamed warning/warning", "request-path-parameter-renamed warning/warning"]],
  ["a new required property in a request body", (d) => {
    d.components.schemas.BookCreate.properties.isbn = { type: "string" };
    d.components.schemas.BookCreate.required.push("isbn");
  }, ["new-required-request-property breaking/info"]],
  ["a request property became optional (servers must handle its absence)", (d) => (d.components.schemas.BookCreate.required = []), ["request-property-became-optional info/breaking"]],
  ["a required property added to a response (servers must send it)", (d) => {
    d.components.schemas.Book.properties.isbn = { type: "string" };
    d.components.schemas.Book.required.push("isbn");
  }, ["response-required-property-added info/breaking"]],
  ["a required response property removed", (d) => {
    delete d.components.schemas.Book.properties.title;
    d.components.schemas.Book.required = ["id"];
  }, ["response-required-property-removed breaking/info"]],
  ["a request type narrowed (number → integer)", (d) => (d.components.schemas.BookCreate.properties.price.type = "integer"), ["request-property-type-specialized breaking/info"]],
  ["a response type widened (integer → number)", (d) => (d.components.schemas.Book.properties.price.type = "number"), ["response-property-type-generalized breaking/info"]],
  ["a type changed to an unrelated one", (d) => (d.components.schemas.Book.properties.price.type = "string"), ["response-property-type-changed breaking/breaking"]],
  ["a response property became nullable", (d) => (d.components.schemas.Book.properties.price.type = ["integer", "null"]), ["response-property-became-nullable breaking/info"]],
  ["a request enum value removed", (d) => (d.components.schemas.BookCreate.properties.format.enum = ["paperback"]), ["request-property-enum-value-removed breaking/info"]],
  ["a request enum value added", (d) => d.components.schemas.BookCreate.properties.format.enum.push("ebook"), ["request-property-enum-value-added info/warning"]],
  ["a response enum value added (clients may not know it)", (d) => d.components.schemas.Book.properties.status.enum.push("reserved"), ["response-property-enum-value-added warning/info"]],
  ["a response enum value removed (servers that send it break)", (d) => (d.components.schemas.Book.properties.status.enum = ["available"]), ["response-property-enum-value-removed info/breaking"]],
  ["a request length narrowed", (d) => (d.components.schemas.BookCreate.properties.title.maxLength = 100), ["request-property-max-length-decreased breaking/info"]],
  ["a request minimum length raised", (d) => (d.components.schemas.BookCreate.properties.title.minLength = 3), ["request-property-min-length-increased breaking/info"]],
  ["a response length widened", (d) => (d.components.schemas.Book.properties.title.maxLength = 300), ["response-property-max-length-increased breaking/info"]],
  ["a response minimum removed", (d) => delete d.components.schemas.Book.properties.price.minimum, ["response-property-min-unset breaking/info"]],
  ["a pattern added to a request property", (d) => (d.components.schemas.BookCreate.properties.title.pattern = "^[A-Z]"), ["request-property-pattern-added breaking/info"]],
  ["additionalProperties no longer false on a request", (d) => delete d.components.schemas.BookCreate.additionalProperties, ["request-body-additional-properties-allowed info/warning"]],
  ["a required readOnly property added to a request schema (not sent in requests)", (d) => {
    d.components.schemas.BookCreate.properties.id = { type: "integer", readOnly: true };
    d.components.schemas.BookCreate.required.push("id");
  }, []],
  ["a $ref wrapped in allOf with one more property (merged, as oasdiff --flatten-allof)", (d) => {
    d.paths["/books/{bookId}"].get.responses["200"].content["application/json"].schema = {
      allOf: [{ $ref: "#/components/schemas/Book" }, { type: "object", properties: { shelf: { type: "string" } } }],
    };
  }, ["response-optional-property-added info/info"]],
  ["security added to a public operation", (d) => (d.paths["/books/{bookId}"].delete.security = [{ key: [] }]), ["api-security-added breaking/warning"]],
  ["security removed (credentials no longer needed)", (d) => (d.paths["/books/{bookId}"].delete.security = []), ["api-security-removed info/info"], (d) => (d.paths["/books/{bookId}"].delete.security = [{ key: [] }])],
  ["an alternative credential added", (d) => d.paths["/books/{bookId}"].delete.security.push({ bearer: [] }), ["api-security-added info/warning"], (d) => {
    d.components.securitySchemes.bearer = { type: "http", scheme: "bearer" };
    d.paths["/books/{bookId}"].delete.security = [{ key: [] }];
  }],
  ["an API key moved from a header to the query", (d) => (d.components.securitySchemes.key.in = "query"), ["api-security-component-type-changed breaking/breaking"], (d) => (d.paths["/books/{bookId}"].delete.security = [{ key: [] }])],
  ["a required response header removed", (d) => delete d.paths["/books"].post.responses["201"].headers.Location, ["required-response-header-removed breaking/info"]],
  ["a response header became optional", (d) => (d.paths["/books"].post.responses["201"].headers.Location.required = false), ["response-header-became-optional breaking/info"]],
  ["a oneOf alternative added to a response", (d) => (d.components.schemas.Book.properties.status = { oneOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] }), ["response-property-one-of-added breaking/info"], (d) => (d.components.schemas.Book.properties.status = { oneOf: [{ type: "string" }, { type: "integer" }] })],
  ["no change", () => {}, []],
];

describe("specwright diff rules", () => {
  it.each(cases)("%s", async (_name, edit, expected, start) => {
    expect(summary(await diffOf(edit, start))).toEqual([...expected].sort());
  });

  it("reports the document's default security once, with every operation that inherits it", async () => {
    const changes = await diffOf((d) => (d.security = [{ key: [] }]));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: "api-global-security-added", clients: "breaking", old: { pointer: "#" }, new: { pointer: "#/security" } });
    expect(changes[0]!.operations).toEqual(["GET /books", "POST /books", "GET /books/{bookId}", "DELETE /books/{bookId}"]);
  });

  it("reports a change in a shared schema once, naming the schema and every operation that reaches it", async () => {
    const changes = await diffOf((d) => (d.components.schemas.Book.properties.title.maxLength = 300));
    expect(changes).toEqual([expect.objectContaining({
      id: "response-property-max-length-increased",
      message: "property title of schema Book: maxLength increased from 200 to 300",
      component: "#/components/schemas/Book",
      operations: ["GET /books", "POST /books", "GET /books/{bookId}"],
      old: expect.objectContaining({ pointer: "#/components/schemas/Book/properties/title/maxLength" }),
      new: expect.objectContaining({ pointer: "#/components/schemas/Book/properties/title/maxLength" }),
    })]);
  });

  it("compares recursive schemas without looping, and finds a change below the recursion", async () => {
    const recursive = (d: Document): void => {
      d.components.schemas.Book.properties.related = { type: "array", items: { $ref: "#/components/schemas/Book" } };
    };
    expect(await diffOf(() => {}, recursive)).toEqual([]);
    const changes = await diffOf((d) => d.components.schemas.Book.properties.status.enum.push("lost"), recursive);
    expect(summary(changes)).toEqual(["response-property-enum-value-added warning/info"]);
  });

  it("compares a request and a response use of one schema by their own directions", async () => {
    const changes = await diffOf((d) => (d.components.schemas.BookCreate.properties.title.maxLength = 300), (d) => {
      d.paths["/books/{bookId}"].get.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/BookCreate" };
    });
    expect(summary(changes)).toEqual(["request-property-max-length-increased info/warning", "response-property-max-length-increased breaking/info"]);
  });
});
