/**
 * Issue 12: the defects an independent contract tester found on servers generated from real
 * specs, each pinned by the request that showed it. Every operation echoes what its handler got.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, SpecError } from "specwright";
import { createServer, inject, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const echo = `
      responses:
        "200":
          description: What the handler received
          content:
            application/json:
              schema: {}`;

const spec31 = `openapi: 3.1.0
info: { title: Defects, version: 1.0.0 }
paths:
  /nullable-arrays:
    get:
      operationId: nullableArrays
      parameters:
        - { name: tags, in: query, schema: { type: [array, "null"], items: { type: string } } }
        - { name: ids, in: query, explode: false, schema: { type: [array, "null"], items: { type: integer } } }
        - { name: cwes, in: query, schema: { oneOf: [{ type: string }, { type: array, items: { type: string } }] } }${echo}
  /required-default:
    get:
      operationId: requiredDefault
      parameters:
        - { name: page, in: query, required: true, schema: { type: integer, default: 1 } }${echo}
  /names/{name}:
    get:
      operationId: getName
      parameters:
        - { name: name, in: path, required: true, schema: { type: string, maxLength: 40 } }${echo}
  /slugs/{slug}:
    get:
      operationId: getSlug
      parameters:
        - { name: slug, in: path, required: true, schema: { type: string, maxLength: 300 } }${echo}
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Thing" }${echo}
  /legacy-json:
    post:
      operationId: legacyJson
      requestBody:
        required: true
        content:
          text/json:
            schema: { type: object, required: [a], properties: { a: { type: integer } } }${echo}
  /with-accept:
    get:
      operationId: withAccept
      parameters:
        - { name: Accept, in: header, required: true, schema: { type: string, enum: [text/csv] } }${echo}
  /jobs:
    post:
      operationId: submitJob
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                options: { $ref: "#/components/schemas/JobOptions" }${echo}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        id: { type: integer, readOnly: true, default: 40 }
        name: { type: string }
        count: { type: integer, format: int64 }
        # A default beside a $schema: checking the default once made ajv look up the draft-04 meta-schema.
        legacy: { $schema: "http://json-schema.org/draft-04/schema#", type: integer, default: 3 }
    JobOptions:
      allOf:
        - { type: object, properties: { language: { type: string } } }
        - { properties: { speakers: { type: integer } } }
`;

const spec30 = `openapi: 3.0.3
info: { title: Defects 3.0, version: 1.0.0 }
paths:
  /nullable-arrays:
    get:
      operationId: nullableArrays
      parameters:
        - { name: tags, in: query, schema: { type: array, nullable: true, items: { type: string } } }
        - { name: ids, in: query, explode: false, schema: { type: array, nullable: true, items: { type: integer } } }${echo}
`;

const out = path.resolve(".test-output", `issue-12-${process.pid}`);
const servers: Record<"v31" | "v30", ApiServer> = {} as never;

async function serve(text: string, folder: string): Promise<ApiServer> {
  const temp = await temporaryFolder();
  try {
    await generate({ spec: await writeSpec(temp.path, text), out: folder });
  } finally {
    await temp.remove();
  }
  const { api } = (await import(pathToFileURL(path.join(folder, "routes.ts")).href)) as { api: ApiDefinition };
  const handlers = new Proxy({}, { get: () => (input: unknown) => ({ status: 200, body: input }) });
  return createServer(api, handlers, { logger: false });
}

beforeAll(async () => {
  servers.v31 = await serve(spec31, path.join(out, "v31"));
  servers.v30 = await serve(spec30, path.join(out, "v30"));
}, 120_000);
afterAll(() => rm(out, { recursive: true, force: true }));

async function call(server: ApiServer, method: string, url: string, headers: Record<string, string> = {}, body?: string) {
  const response = await inject(server)({ method, url: `http://in-process${url}`, headers, ...(body !== undefined ? { body } : {}) });
  const text = response.text ?? new TextDecoder().decode(response.body);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Generates `text` into the folder `name` of `out`, imports its routes (through vitest's loader,
 * as a user's test would) and serves them with handlers that all answer 204. Returns a POST
 * helper and the folder.
 */
async function serveAnswering204(name: string, text: string) {
  const temp = await temporaryFolder();
  const folder = path.join(out, name);
  try {
    await generate({ spec: await writeSpec(temp.path, text), out: folder });
  } finally {
    await temp.remove();
  }
  const { api } = (await import(pathToFileURL(path.join(folder, "routes.ts")).href)) as { api: ApiDefinition };
  const server = createServer(api, new Proxy({}, { get: () => () => ({ status: 204 }) }), { logger: false });
  const post = (url: string, body: unknown) => call(server, "POST", url, { "content-type": "application/json" }, JSON.stringify(body));
  return { post, folder };
}

describe("issue 12: contract defects found by fuzzing real specs", () => {
  for (const version of ["v31", "v30"] as const) {
    it(`reads nullable array query parameters as lists, repeated or comma-separated (${version === "v31" ? 'type: [array, "null"]' : "nullable: true"})`, async () => {
      const response = await call(servers[version], "GET", "/nullable-arrays?tags=a&tags=b&ids=1,2,3");
      expect(response.status).toBe(200);
      expect(response.body.query).toEqual({ tags: ["a", "b"], ids: [1, 2, 3] });
    });
  }

  it("reads a oneOf of a string and a list as a list when the key repeats, as the string when it does not", async () => {
    const response = await call(servers.v31, "GET", "/nullable-arrays?cwes=79&cwes=284");
    expect(response).toMatchObject({ status: 200, body: { query: { cwes: ["79", "284"] } } });
    // Given once, it is the string (GitHub documents `cwes=79,284,22`): a list of one would hide it.
    expect(await call(servers.v31, "GET", "/nullable-arrays?cwes=79,284")).toMatchObject({ status: 200, body: { query: { cwes: "79,284" } } });
  });

  it("does not insert a readOnly property's default into a request body", async () => {
    const response = await call(servers.v31, "POST", "/things", { "content-type": "application/json" }, JSON.stringify({ name: "x" }));
    expect(response).toMatchObject({ status: 200, body: { body: { name: "x" } } });
    expect(response.body.body).not.toHaveProperty("id");
  });

  it("refuses an int64 body value outside the int64 range", async () => {
    for (const count of ["1e20", "1e300"]) {
      const response = await call(servers.v31, "POST", "/things", { "content-type": "application/json" }, `{"name":"x","count":${count}}`);
      expect(response.status, count).toBe(422);
      expect(response.body.errors[0]).toMatchObject({ loc: ["body", "count"], keyword: "format" });
    }
    const largest = await call(servers.v31, "POST", "/things", { "content-type": "application/json" }, '{"name":"x","count":9007199254740991}');
    expect(largest.status).toBe(200);
  });

  it("reads a text/json body as JSON, not as a string", async () => {
    const response = await call(servers.v31, "POST", "/legacy-json", { "content-type": "text/json" }, '{"a":1}');
    expect(response).toMatchObject({ status: 200, body: { body: { a: 1 } } });
  });

  it("refuses a required parameter that is missing even when its schema has a default", async () => {
    const response = await call(servers.v31, "GET", "/required-default");
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ loc: ["query", "page"], keyword: "required" });
  });

  it("counts the path parameter limit in characters, not percent-encoded bytes, and yields to a longer declared maxLength", async () => {
    const name = "漢字仮名交じり文の長い名前";
    const response = await call(servers.v31, "GET", `/names/${encodeURIComponent(name)}`);
    expect(response).toMatchObject({ status: 200, body: { path: { name } } });
    const long = await call(servers.v31, "GET", `/names/${"x".repeat(101)}`);
    expect(long.status).toBe(414);
    // A declared maxLength above the limit is the limit: 250 characters pass, 301 are too long.
    expect((await call(servers.v31, "GET", `/slugs/${"x".repeat(250)}`)).status).toBe(200);
    expect((await call(servers.v31, "GET", `/slugs/${"x".repeat(301)}`)).status).toBe(414);
  });

  it("ignores an Accept header parameter, as OpenAPI says", async () => {
    const response = await call(servers.v31, "GET", "/with-accept", { accept: "application/json" });
    expect(response.status).toBe(200);
  });

  it("reads a multipart part whose schema is an allOf of objects as JSON", async () => {
    const boundary = "specwright-boundary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="options"\r\nContent-Type: application/json\r\n\r\n{"language":"en","speakers":2}\r\n--${boundary}--\r\n`;
    const response = await call(servers.v31, "POST", "/jobs", { "content-type": `multipart/form-data; boundary=${boundary}` }, body);
    expect(response).toMatchObject({ status: 200, body: { body: { options: { language: "en", speakers: 2 } } } });
  });

  it("refuses at generate time two path templates that differ only in parameter names and share a method; warns when the methods differ", async () => {
    const temp = await temporaryFolder();
    try {
      const paths = (second: string) => `openapi: 3.1.0
info: { title: Twins, version: 1.0.0 }
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters: [{ name: itemId, in: path, required: true, schema: { type: string } }]
      responses: { "204": { description: ok } }
  /items/{name}:
    ${second}:
      operationId: otherItem
      parameters: [{ name: name, in: path, required: true, schema: { type: string } }]
      responses: { "204": { description: ok } }
`;
      const error = await generate({ spec: await writeSpec(temp.path, paths("get")), out: path.join(temp.path, "out") }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).diagnostics).toEqual([
        expect.objectContaining({ code: "SPW_E_PATH_TEMPLATE_CONFLICT", pointer: "#/paths/~1items~1{name}", line: 9, column: 3, message: expect.stringContaining("/items/{itemId}") }),
      ]);
      const result = await generate({ spec: await writeSpec(temp.path, paths("delete")), out: path.join(temp.path, "out") });
      expect(result.warnings.map((warning) => warning.code)).toContain("SPW_W_PATH_TEMPLATE_NAMES");
    } finally {
      await temp.remove();
    }
  });

  it("builds response shapes of nested expandable fields (anyOf string or $ref) in linear size", async () => {
    const temp = await temporaryFolder();
    try {
      const depth = 12;
      const schemas = Array.from({ length: depth }, (_, index) => `    Level${index}:
      type: object
      properties:
        id: { type: string }
        a: { anyOf: [{ type: string }, { $ref: "#/components/schemas/Level${index + 1}" }] }
        b: { anyOf: [{ type: string }, { $ref: "#/components/schemas/Level${index + 1}" }] }
        c: { anyOf: [{ type: string }, { $ref: "#/components/schemas/Level${index + 1}" }] }`).join("\n");
      const text = `openapi: 3.1.0
info: { title: Expandable, version: 1.0.0 }
paths:
  /charges:
    get:
      operationId: getCharge
      responses:
        "200":
          description: A charge
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Level0" }
components:
  schemas:
${schemas}
    Level${depth}: { type: object, properties: { id: { type: string } } }
`;
      const result = await generate({ spec: await writeSpec(temp.path, text), out: path.join(temp.path, "out") });
      const routes = result.files!.find((file) => file.path === "routes.ts")!;
      // Three such fields per level, twelve levels: inlined, the shapes would hold 3^12 objects.
      expect(routes.text.length).toBeLessThan(20_000);
      // Each level's serialiser calls the next level's, written once.
      expect(routes.text).toContain(`writeMember(',"a":', writeLevel1(value["a"], depth + 1))`);
      expect(routes.text.match(/^function writeLevel1\(/gm)).toHaveLength(1);

      // Unions of two references, nested: the branches' properties are inlined, within a bound.
      const twoWay = Array.from({ length: depth }, (_, index) => ["A", "B"].map((side) => `    ${side}${index}:
      type: object
      properties:
        ${side.toLowerCase()}: { type: string }
${[0, 1, 2].map((field) => `        f${field}: { anyOf: [{ $ref: "#/components/schemas/A${index + 1}" }, { $ref: "#/components/schemas/B${index + 1}" }] }`).join("\n")}`).join("\n")).join("\n");
      const unions = text.replace(/components:[\s\S]*$/, `components:
  schemas:
${twoWay}
    A${depth}: { type: object, properties: { id: { type: string } } }
    B${depth}: { type: object, properties: { id: { type: string } } }
`).replace("Level0", "A0");
      const second = await generate({ spec: await writeSpec(temp.path, unions, "unions.yaml"), out: path.join(temp.path, "unions") });
      expect(second.files!.find((file) => file.path === "routes.ts")!.text.length).toBeLessThan(400_000);
    } finally {
      await temp.remove();
    }
  });
  it("falls back to plain oneOf when a branch shared by two discriminated unions defeats ajv's discriminator", async () => {
    const tagged = (name: string) => `    ${name}:
      type: object
      required: [kind]
      properties: { kind: { type: string, enum: [${name.toLowerCase()}] } }`;
    const text = `openapi: 3.1.0
info: { title: Unions, version: 1.0.0 }
paths:
  /pets:
    post:
      operationId: addPet
      requestBody: { required: true, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
      responses: { "204": { description: ok } }
  /animals:
    post:
      operationId: addAnimal
      requestBody: { required: true, content: { application/json: { schema: { $ref: "#/components/schemas/Animal" } } } }
      responses: { "204": { description: ok } }
components:
  schemas:
${tagged("Cat")}
${tagged("Dog")}
${tagged("Cow")}
    Pet: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator: { propertyName: kind } }
    Animal: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Cow" }], discriminator: { propertyName: kind } }
`;
    const { post } = await serveAnswering204("discriminators", text);
    expect((await post("/animals", { kind: "cat" })).status).toBe(204);
    expect((await post("/animals", { kind: "cow" })).status).toBe(204);
    expect((await post("/animals", { kind: "dog" })).status).toBe(422);
    expect((await post("/pets", { kind: "dog" })).status).toBe(204);
  });
  it("declares each validator once when mutually recursive schemas are exported in another order than ajv compiled them", async () => {
    // createB is exported first, but B is compiled inside A (A comes first in components):
    // ajv's standalone builder then wrote B's function twice, which vitest's loader refuses.
    const text = `openapi: 3.0.3
info: { title: Recursion, version: 1.0.0 }
paths:
  /b:
    post:
      operationId: createB
      requestBody: { required: true, content: { application/json: { schema: { $ref: "#/components/schemas/B" } } } }
      responses: { "204": { description: ok } }
  /a:
    post:
      operationId: createA
      requestBody: { required: true, content: { application/json: { schema: { $ref: "#/components/schemas/A" } } } }
      responses: { "204": { description: ok } }
components:
  schemas:
    A: { type: object, properties: { b: { $ref: "#/components/schemas/B" }, self: { $ref: "#/components/schemas/A" } } }
    B: { type: object, properties: { a: { $ref: "#/components/schemas/A" }, name: { type: string } } }
`;
    const { post, folder } = await serveAnswering204("mutual-recursion", text);
    const validators = await readFile(path.join(folder, "validators.cjs"), "utf8");
    const declared = [...validators.matchAll(/\bfunction (validate\d+)\(/g)].map((match) => match[1]);
    expect(declared.length).toBeGreaterThan(1);
    expect(new Set(declared).size).toBe(declared.length);
    expect((await post("/b", { a: { b: { name: "x" } } })).status).toBe(204);
    expect((await post("/b", { a: { b: { name: 1 } } })).status).toBe(422);
    expect((await post("/a", { self: { b: { a: {} } } })).status).toBe(204);
  });
});
