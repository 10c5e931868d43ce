/**
 * The in-process transport: the example handlers driven through the generated client with
 * `inject(server)`, never listening. Routing, security, parsing, validation and response
 * filtering all run, as over a socket.
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../../generated/client.js";
import { createServer } from "../../generated/routes.js";
import { createHandlers, type Caller } from "../../src/example/handlers.js";
import { inject } from "specwright/runtime";
import { exampleServer, exampleServices } from "../helpers/example.js";

const baseUrl = "http://in-process";

function inProcessClient(server = exampleServer()) {
  return createClient({ baseUrl, transport: inject(server) });
}

describe("inject(): the generated client without a socket", () => {
  it("never listens", async () => {
    const server = exampleServer();
    const client = createClient({ baseUrl, transport: inject(server) });
    expect((await client.getBook({ path: { bookId: 1 } })).status).toBe(200);
    expect(server.server.listening).toBe(false);
  });

  it("gets a book (200) and lists with defaults and a query", async () => {
    const client = inProcessClient();
    const book = await client.getBook({ path: { bookId: 1 } });
    expect(book).toMatchObject({ status: 200, body: { id: 1, title: "Clean Code", author: "Robert C. Martin", year: 2008 } });
    expect(book.headers.get("content-type")).toBe("application/json");
    expect(book.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.listBooks({ query: { genre: "Poetry" } })).body).toEqual([]);
    const tooBig = await client.listBooks({ query: { limit: 500 } });
    expect(tooBig).toMatchObject({ status: 422, body: { errors: [{ loc: ["query", "limit"], keyword: "maximum" }] } });
  });

  it("creates a book: 201 with Location; 422 at [body, year] for year 500", async () => {
    const client = inProcessClient();
    const created = await client.createBook({ body: { title: "Refactoring", author: "Martin Fowler", year: 1999 } });
    expect(created.status).toBe(201);
    if (created.status !== 201) throw new Error("unreachable");
    expect(created.body).toMatchObject({ id: 2, title: "Refactoring", author: "Martin Fowler", year: 1999 });
    expect(created.headers.get("location")).toBe("/books/2");
    expect(await client.getBook({ path: { bookId: 2 } })).toMatchObject({ status: 200, body: { title: "Refactoring" } });
    const invalid = await client.createBook({ body: { title: "Old", author: "Someone", year: 500 } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    expect(invalid.body).toMatchObject({
      status: 422,
      code: "SPW_HTTP_VALIDATION",
      errors: [{ in: "body", loc: ["body", "year"], pointer: "/year", keyword: "minimum" }],
    });
  });

  it("drops writeOnly fields from responses, as over the wire", async () => {
    const client = inProcessClient();
    const created = await client.createUser({ body: { email: "a.user@example.com", username: "auser", password: "s3cret-pass" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), email: "a.user@example.com", username: "auser" });
  });

  it("checks the API key per call: 401 with WWW-Authenticate, 403 for a member, 204 then 404 for an admin", async () => {
    const client = inProcessClient();
    const anonymous = await client.deleteUser({ path: { userId: 2 } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^APIKey /);
    expect((await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "nope" } })).status).toBe(401);
    const member = await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "member-key" } });
    expect(member).toMatchObject({ status: 403, body: { status: 403 } });
    const admin = await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "admin-key" } });
    expect(admin.status).toBe(204);
    expect(admin.body).toBeUndefined();
    expect((await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "admin-key" } })).status).toBe(404);
  });

  it("answers 404 for an unknown path and 405 with Allow for an undeclared method", async () => {
    const transport = inject(exampleServer());
    const unknown = await transport({ method: "GET", url: `${baseUrl}/nowhere`, headers: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.parse(new TextDecoder().decode(unknown.body))).toMatchObject({ status: 404, code: "SPW_HTTP_NOT_FOUND" });
    const wrongMethod = await transport({ method: "PATCH", url: `${baseUrl}/books`, headers: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("passes raw bytes: malformed JSON is a 400, a wrong media type a 415, HEAD has no body", async () => {
    const transport = inject(exampleServer());
    const malformed = await transport({ method: "POST", url: `${baseUrl}/books`, headers: { "content-type": "application/json" }, body: "{" });
    expect(malformed.status).toBe(400);
    const wrongType = await transport({ method: "POST", url: `${baseUrl}/books`, headers: { "content-type": "text/plain" }, body: new TextEncoder().encode("{}") });
    expect(wrongType.status).toBe(415);
    const head = await transport({ method: "HEAD", url: `${baseUrl}/books/1`, headers: {} });
    expect(head.status).toBe(200);
    expect(head.body).toHaveLength(0);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(0);
  });

  it("serves the documentation endpoints too", async () => {
    const transport = inject(exampleServer());
    const document = await transport({ method: "GET", url: `${baseUrl}/openapi.json`, headers: {} });
    expect(JSON.parse(new TextDecoder().decode(document.body)).info.title).toBe("Bookstore");
  });

  it("overrides a dependency: a stub security verifier instead of createSecurity, handlers untouched", async () => {
    const services = exampleServices();
    const seen: string[] = [];
    const server = createServer(createHandlers(services), {
      logger: false,
      security: {
        apiKeyAuth(key): Caller | null {
          seen.push(key);
          return key === "test-token" ? { name: "test", role: "admin" } : null;
        },
      },
    });
    const client = createClient({ baseUrl, transport: inject(server) });
    // The real keys mean nothing to the stub; its own token is an administrator's.
    expect((await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "admin-key" } })).status).toBe(401);
    expect((await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "test-token" } })).status).toBe(204);
    expect(seen).toEqual(["admin-key", "test-token"]);
    expect(services.users.delete(2)).toBe(false);
  });

  it("rejects with the signal's reason when the call is aborted, and aborts the handler's signal", async () => {
    let handlerSignal: AbortSignal | undefined;
    const handlers = createHandlers(exampleServices());
    const server = createServer(
      {
        ...handlers,
        getBook: (_input, context) => {
          handlerSignal = context.signal;
          return new Promise(() => {});
        },
      },
      { logger: false, security: { apiKeyAuth: () => null } },
    );
    const client = createClient({ baseUrl, transport: inject(server) });
    const controller = new AbortController();
    const call = client.getBook({ path: { bookId: 1 } }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handlerSignal?.aborted).toBe(false);
    controller.abort(new Error("gave up"));
    await expect(call).rejects.toThrow("gave up");
    expect(handlerSignal?.aborted).toBe(true);
  });

  it("reads back what node:http wrote: interim responses, writeHead headers, a chunked body, the raw target", async () => {
    const transport = inject((request, response) => {
      response.writeEarlyHints({ link: "</style.css>; rel=preload" });
      response.writeHead(201, { "x-one": "1", "set-cookie": ["a=1", "b=2"] });
      response.write("hello ");
      setTimeout(() => response.end(`${request.headers.host} ${request.url}`), 5);
    });
    const result = await transport({ method: "PUT", url: "http://example.test:8080/a/../b?q=1#fragment", headers: {} });
    expect(result.status).toBe(201);
    expect(result.headers.get("x-one")).toBe("1");
    expect(result.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(result.headers.get("transfer-encoding")).toBe("chunked");
    expect(new TextDecoder().decode(result.body)).toBe("hello example.test:8080 /a/../b?q=1");
  });

  it("rejects when the server destroys the response or a header is invalid; answers 413 past the body limit", async () => {
    const broken = inject((_request, response) => response.destroy());
    await expect(broken({ method: "GET", url: "/x", headers: {} })).rejects.toThrow(/closed the connection/);
    const transport = inject(exampleServer({ limits: { bodyLimit: 1000 } }));
    const tooLarge = await transport({ method: "POST", url: "/books", headers: { "content-type": "application/json" }, body: "x".repeat(2000) });
    expect(tooLarge.status).toBe(413);
    await expect(transport({ method: "GET", url: "/books/1", headers: { "bad name": "x" } })).rejects.toThrow(TypeError);
  });
});
