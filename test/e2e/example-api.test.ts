import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "../../generated/client.js";
import { undiciTransport } from "specwright/client/undici";
import { exampleServer, exampleServices } from "../helpers/example.js";

let stop: () => Promise<void>;
let baseUrl: string;
let client: Client;
let port: number;

const services = exampleServices();

beforeAll(async () => {
  const server = exampleServer({}, services);
  const started = await server.listen(0, "127.0.0.1");
  baseUrl = started.url;
  port = started.port;
  stop = () => server.close();
  client = createClient({ baseUrl });
});
afterAll(() => stop());

/** Sends raw bytes and returns the raw response text (for assertions on the wire). */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(text));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
}

describe("the example Bookstore API through the generated client", () => {
  it("lists books with defaults applied and filters by genre", async () => {
    const all = await client.listBooks();
    expect(all.status).toBe(200);
    expect(all.body).toEqual([{ id: 1, title: "Clean Code", author: "Robert C. Martin", year: 2008, genre: "Software Engineering" }]);
    const none = await client.listBooks({ query: { genre: "Poetry" } });
    expect(none).toMatchObject({ status: 200, body: [] });
  });

  it("rejects a limit outside 1..100 and a non-integer limit with 422 naming the query parameter", async () => {
    const tooBig = await client.listBooks({ query: { limit: 500 } });
    expect(tooBig.status).toBe(422);
    if (tooBig.status !== 422) throw new Error("unreachable");
    expect(tooBig.body.errors[0]).toMatchObject({ in: "query", name: "limit", loc: ["query", "limit"], keyword: "maximum" });
    const response = await fetch(`${baseUrl}/books?limit=0x10`);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).errors[0]).toMatchObject({ in: "query", loc: ["query", "limit"], keyword: "type" });
  });

  it("serves /books/featured as its own route, not as bookId", async () => {
    const featured = await client.listFeaturedBooks();
    expect(featured.status).toBe(200);
    expect(Array.isArray(featured.body)).toBe(true);
  });

  it("gets a book by id, 404 problem for a missing one, 422 for a non-integer id", async () => {
    expect(await client.getBook({ path: { bookId: 1 } })).toMatchObject({ status: 200, body: { id: 1, title: "Clean Code" } });
    const missing = await client.getBook({ path: { bookId: 999 } });
    expect(missing).toMatchObject({ status: 404, body: { status: 404, title: "Not Found", detail: "Book 999 not found" } });
    const zero = await client.getBook({ path: { bookId: 0 } });
    expect(zero).toMatchObject({ status: 422, body: { errors: [{ in: "path", name: "bookId", loc: ["path", "bookId"], keyword: "minimum" }] } });
    const text = await fetch(`${baseUrl}/books/abc`);
    expect(text.status).toBe(422);
  });

  it("creates a book: 201 with Location; 422 with loc [body, year] for year 500", async () => {
    const created = await client.createBook({ body: { title: "Refactoring", author: "Martin Fowler", year: 1999 } });
    expect(created.status).toBe(201);
    if (created.status !== 201) throw new Error("unreachable");
    expect(created.body).toMatchObject({ title: "Refactoring", author: "Martin Fowler", year: 1999 });
    expect(created.headers.get("location")).toBe(`/books/${created.body.id}`);
    const invalid = await client.createBook({ body: { title: "Old", author: "Someone", year: 500 } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({
      type: "about:blank",
      title: "Unprocessable Content",
      status: 422,
      code: "SPW_HTTP_VALIDATION",
      errors: [{ in: "body", loc: ["body", "year"], pointer: "/year", keyword: "minimum", message: "must be >= 1000" }],
    });
  });

  it("rejects undeclared properties, missing fields, malformed JSON and wrong media types", async () => {
    const extra = await client.createBook({ body: { title: "T", author: "AB", year: 2000, isbn: "x" } as never });
    expect(extra).toMatchObject({ status: 422, body: { errors: [{ loc: ["body", "isbn"], keyword: "additionalProperties" }] } });
    const missing = await client.createBook({ body: { title: "T", author: "AB" } as never });
    expect(missing).toMatchObject({ status: 422, body: { errors: [{ loc: ["body", "year"], keyword: "required" }] } });
    const malformed = await fetch(`${baseUrl}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe("SPW_HTTP_MALFORMED_JSON");
    const wrongType = await fetch(`${baseUrl}/books`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(wrongType.status).toBe(415);
    const noBody = await fetch(`${baseUrl}/books`, { method: "POST", headers: { "content-type": "application/json" } });
    expect(noBody.status).toBe(422);
    expect((await noBody.json()).errors[0]).toMatchObject({ in: "body", loc: ["body"], keyword: "required" });
  });

  it("replaces, updates and deletes a book; 204 has an empty body; 404 after delete", async () => {
    const created = await client.createBook({ body: { title: "Draft", author: "Writer", year: 2020 } });
    if (created.status !== 201) throw new Error(`create failed: ${created.status}`);
    const id = created.body.id;
    expect(await client.replaceBook({ path: { bookId: id }, body: { title: "Final", author: "Writer", year: 2021 } })).toMatchObject({
      status: 200,
      body: { id, title: "Final", year: 2021 },
    });
    expect(await client.updateBook({ path: { bookId: id }, body: { genre: "Essay" } })).toMatchObject({ status: 200, body: { id, title: "Final", genre: "Essay" } });
    expect((await client.updateBook({ path: { bookId: id }, body: {} })).status).toBe(422);
    const raw = await fetch(`${baseUrl}/books/${id}`, { method: "DELETE" });
    expect(raw.status).toBe(204);
    expect(await raw.text()).toBe("");
    expect((await client.deleteBook({ path: { bookId: id } })).status).toBe(404);
    expect((await client.getBook({ path: { bookId: id } })).status).toBe(404);
  });

  it("registers a user without ever returning the password; 409 on a duplicate email", async () => {
    const payload = JSON.stringify({ email: "new.user@example.com", username: "newuser", password: "s3cret-pass" });
    const raw = await rawRequest(
      `POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${payload.length}\r\n\r\n${payload}`,
    );
    expect(raw.startsWith("HTTP/1.1 201")).toBe(true);
    expect(raw).toContain('"username":"newuser"');
    expect(raw).not.toContain("s3cret-pass");
    expect(raw).not.toContain("password");
    const duplicate = await client.createUser({ body: { email: "NEW.user@example.com", username: "other", password: "another-pass" } });
    expect(duplicate).toMatchObject({ status: 409, body: { status: 409 } });
    const badEmail = await client.createUser({ body: { email: "not-an-email", username: "abc", password: "12345678" } });
    expect(badEmail).toMatchObject({ status: 422, body: { errors: [{ loc: ["body", "email"], keyword: "format" }] } });
    const shortPassword = await client.createUser({ body: { email: "x@example.com", username: "abc", password: "short" } });
    expect(shortPassword).toMatchObject({ status: 422, body: { errors: [{ loc: ["body", "password"], keyword: "minLength" }] } });
  });

  it("protects the admin route: 401 with WWW-Authenticate, 403 for a member, 204 for an admin", async () => {
    const anonymous = await client.deleteUser({ path: { userId: 2 } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^APIKey /);
    const wrongKey = await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "nope" } });
    expect(wrongKey.status).toBe(401);
    const member = await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "member-key" } });
    expect(member).toMatchObject({ status: 403, body: { status: 403 } });
    const admin = await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "admin-key" } });
    expect(admin.status).toBe(204);
    expect(admin.body).toBeUndefined();
    expect((await client.deleteUser({ path: { userId: 2 } }, { headers: { "X-API-Key": "admin-key" } })).status).toBe(404);
  });

  it("sends configured credentials only to the operations whose security requirements need them", async () => {
    let tokenCalls = 0;
    const authenticated = createClient({
      baseUrl,
      security: {
        apiKeyAuth: () => {
          tokenCalls++;
          return "admin-key";
        },
      },
    });
    const created = await authenticated.createUser({ body: { email: "temp@example.com", username: "temp", password: "temporary-pass" } });
    if (created.status !== 201) throw new Error(`create failed: ${created.status}`);
    expect(tokenCalls).toBe(0);
    expect((await authenticated.deleteUser({ path: { userId: created.body.id } })).status).toBe(204);
    expect(tokenCalls).toBe(1);
    const member = createClient({ baseUrl, security: { apiKeyAuth: "member-key" } });
    expect((await member.deleteUser({ path: { userId: 1 } })).status).toBe(403);
  });

  it("answers 404 for unknown paths and 405 with Allow for undeclared methods", async () => {
    const unknown = await fetch(`${baseUrl}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    const wrongMethod = await fetch(`${baseUrl}/books`, { method: "PATCH" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST");
    const head = await fetch(`${baseUrl}/books/1`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("uses an exception handler, deferred work and CORS as main.ts configures them", async () => {
    const missing = await client.replaceBook({ path: { bookId: 4242 }, body: { title: "T", author: "AB", year: 2000 } });
    expect(missing).toMatchObject({ status: 404, body: { status: 404, detail: "Book 4242 not found" } });
    const created = await client.createBook({ body: { title: "Audited", author: "Someone", year: 2001 } });
    if (created.status !== 201) throw new Error(`create failed: ${created.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(services.audit).toContain(`book ${created.body.id} created`);
    const cors = await fetch(`${baseUrl}/books/1`, { headers: { origin: "https://app.example.com" } });
    expect(cors.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(cors.headers.get("access-control-expose-headers")).toBe("Location, X-Request-Id, X-Total-Count, Content-Disposition");
  });

  it("works the same through the undici transport", async () => {
    const viaUndici = createClient({ baseUrl, transport: undiciTransport() });
    expect(await viaUndici.getBook({ path: { bookId: 1 } })).toMatchObject({ status: 200, body: { id: 1 } });
    expect((await viaUndici.createBook({ body: { title: "T", author: "AB", year: 5 } })).status).toBe(422);
  });
});
