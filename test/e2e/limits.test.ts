/**
 * The runtime's default limits (RELIABILITY §1.7) and the bad-input cases of §2.1–2.3 they guard,
 * over a real socket on 127.0.0.1. Each limit is shown at its default and then overridden.
 * node:net is used wherever fetch would normalise or refuse the request on the client side.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "../../generated/routes.js";
import type { Handlers } from "../../generated/handlers.js";
import { createHandlers, createSecurity, type Caller, type Services } from "../../src/example/handlers.js";
import type { ApiServer, Logger, ServerOptions } from "specwright/runtime";
import { exampleServer, exampleServices } from "../helpers/example.js";
import { destroyRawConnections, httpRequest, parseResponse, RawConnection, rawRequest, type ParsedResponse } from "../helpers/raw-connection.js";

const MiB = 1_048_576;

// ---------------------------------------------------------------------------------------------
// Servers and raw connections, all closed after each test.

interface Started {
  server: ApiServer;
  url: string;
  port: number;
  services: Services;
}

const servers: ApiServer[] = [];

afterEach(async () => {
  destroyRawConnections();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function listen(server: ApiServer, services: Services): Promise<Started> {
  servers.push(server);
  const { url, port } = await server.listen(0, "127.0.0.1");
  return { server, url, port, services };
}

/** The example API over fresh services with the given options. */
function startExample(options: Omit<ServerOptions, "security"> = {}): Promise<Started> {
  const services = exampleServices();
  return listen(exampleServer(options, services), services);
}

/** The example API with some handlers replaced. */
function startWithHandlers(
  override: (handlers: Handlers<Caller>) => Partial<Handlers<Caller>>,
  options: Omit<ServerOptions, "security"> = {},
): Promise<Started> {
  const services = exampleServices();
  const handlers = createHandlers(services);
  const server = createServer({ ...handlers, ...override(handlers) }, { logger: false, ...options, security: createSecurity(services) });
  return listen(server, services);
}

function bookCount(services: Services): number {
  return services.books.list({ limit: 1_000_000, offset: 0 }).length;
}

function problemOf(response: ParsedResponse): Record<string, unknown> {
  expect(response.headers["content-type"]).toBe("application/problem+json");
  return JSON.parse(response.body) as Record<string, unknown>;
}

function expectProblem(response: ParsedResponse, status: number, code: string): Record<string, unknown> {
  expect(response.status, response.body).toBe(status);
  const problem = problemOf(response);
  expect(problem).toMatchObject({ status, code });
  expect(typeof problem["requestId"]).toBe("string");
  return problem;
}

async function fetchProblem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, code });
  return problem;
}

const validBook = { title: "Refactoring", author: "Martin Fowler", year: 1999 };

function postBook(url: string, body: string | Buffer, contentType = "application/json"): Promise<Response> {
  return fetch(`${url}/books`, { method: "POST", headers: { "content-type": contentType }, body: typeof body === "string" ? body : new Uint8Array(body) });
}

/** A JSON book padded with trailing whitespace to exactly `size` bytes. */
function paddedBook(size: number): string {
  const json = JSON.stringify(validBook);
  return json + " ".repeat(size - Buffer.byteLength(json));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------

describe("body limit (default 1 MiB → 413)", () => {
  it("accepts a body of exactly 1 MiB", async () => {
    const { url, services } = await startExample();
    const response = await postBook(url, paddedBook(MiB));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(bookCount(services)).toBe(2);
  });

  it("answers 413 to a Content-Length over 1 MiB before any body byte is sent, without calling the handler", async () => {
    const { port, services } = await startExample();
    const before = bookCount(services);
    const connection = await RawConnection.open(port);
    // Only the head: the answer must come without the body being read.
    await connection.write(httpRequest("POST", "/books", { "Content-Type": "application/json", "Content-Length": String(MiB + 1) }));
    const response = await connection.response(5000);
    expectProblem(response, 413, "SPW_HTTP_BODY_TOO_LARGE");
    expect(response.headers["connection"]).toBe("close");
    expect(bookCount(services)).toBe(before);
  });

  it("answers 413 to a chunked body as it passes 1 MiB, without calling the handler", async () => {
    const { port, services } = await startExample();
    const before = bookCount(services);
    const connection = await RawConnection.open(port);
    await connection.write("POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    // 1 MiB + 64 KiB and then nothing: no terminating chunk, so only the limit can end the request.
    // (Writing on after the answer would make this client's socket fail with EPIPE before it reads.)
    for (let sent = 0; sent <= MiB && !connection.closed; sent += chunk.length) await connection.write(frame);
    const response = await connection.response(5000);
    expectProblem(response, 413, "SPW_HTTP_BODY_TOO_LARGE");
    expect(bookCount(services)).toBe(before);
  });

  it("applies a smaller limits.bodyLimit, with Content-Length and chunked", async () => {
    const { url, port, services } = await startExample({ limits: { bodyLimit: 100 } });
    const small = JSON.stringify(validBook);
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(100);
    expect((await postBook(url, small)).status).toBe(201);
    expect(bookCount(services)).toBe(2);

    await fetchProblem(await postBook(url, paddedBook(101)), 413, "SPW_HTTP_BODY_TOO_LARGE");
    const chunked = await rawRequest(
      port,
      `POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n${paddedBook(101)}\r\n0\r\n\r\n`,
    );
    expectProblem(chunked, 413, "SPW_HTTP_BODY_TOO_LARGE");
    expect(bookCount(services)).toBe(2);

    // The same 2 KiB body passes the default limit: the override is what rejected it.
    const { url: defaultUrl } = await startExample();
    expect((await postBook(defaultUrl, paddedBook(2048))).status).toBe(201);
  });
});

describe("maxHeaderSize (default 16 384 → 431)", () => {
  const header = (size: number): Record<string, string> => ({ "X-Filler": "a".repeat(size) });

  it("answers 431 to a 17 KiB header and closes; 15 KiB passes", async () => {
    const { port } = await startExample();
    const connection = await RawConnection.open(port);
    await connection.write(httpRequest("GET", "/books/1", header(17 * 1024)));
    const response = await connection.response();
    expect(response.status).toBe(431);
    await connection.closedWithin(2000);
    expect((await rawRequest(port, httpRequest("GET", "/books/1", header(15 * 1024)))).status).toBe(200);
  });

  it("applies a larger maxHeaderSize: 17 KiB passes, 33 KiB is 431", async () => {
    const { port } = await startExample({ maxHeaderSize: 32 * 1024 });
    expect((await rawRequest(port, httpRequest("GET", "/books/1", header(17 * 1024)))).status).toBe(200);
    expect((await rawRequest(port, httpRequest("GET", "/books/1", header(33 * 1024)))).status).toBe(431);
  });

  it("applies a smaller maxHeaderSize: 4 KiB is 431", async () => {
    const { port } = await startExample({ maxHeaderSize: 2048 });
    expect((await rawRequest(port, httpRequest("GET", "/books/1", header(1024)))).status).toBe(200);
    expect((await rawRequest(port, httpRequest("GET", "/books/1", header(4096)))).status).toBe(431);
  });
});

describe("maxParameterLength (default 100 → 414)", () => {
  it("answers 414 to a 101-character path parameter; 100 characters reach validation (422)", async () => {
    const { url } = await startExample();
    await fetchProblem(await fetch(`${url}/books/${"1".repeat(101)}`), 414, "SPW_HTTP_PARAMETER_TOO_LONG");
    const hundred = await fetchProblem(await fetch(`${url}/books/${"1".repeat(100)}`), 422, "SPW_HTTP_VALIDATION");
    expect((hundred["errors"] as { name?: string }[])[0]).toMatchObject({ in: "path", name: "bookId" });
  });

  it("applies an override in both directions", async () => {
    const { url: longer } = await startExample({ limits: { maxParameterLength: 200 } });
    await fetchProblem(await fetch(`${longer}/books/${"1".repeat(101)}`), 422, "SPW_HTTP_VALIDATION");
    await fetchProblem(await fetch(`${longer}/books/${"1".repeat(201)}`), 414, "SPW_HTTP_PARAMETER_TOO_LONG");
    const { url: shorter } = await startExample({ limits: { maxParameterLength: 2 } });
    expect((await fetch(`${shorter}/books/1`)).status).toBe(200);
    await fetchProblem(await fetch(`${shorter}/books/100`), 414, "SPW_HTTP_PARAMETER_TOO_LONG");
  });
});

describe("query pairs (default 1000 → 400)", () => {
  const query = (pairs: number): string => Array.from({ length: pairs }, (_, index) => `x${index}=1`).join("&");

  it("answers 400 to 1001 pairs and serves 1000", async () => {
    const { url } = await startExample();
    const ok = await fetch(`${url}/books?${query(1000)}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(1);
    await fetchProblem(await fetch(`${url}/books?${query(1001)}`), 400, "SPW_HTTP_TOO_MANY_PARAMETERS");
    // Empty pairs (`&&`) are not counted, declared parameters are.
    expect((await fetch(`${url}/books?${query(999)}&&&limit=5`)).status).toBe(200);
    await fetchProblem(await fetch(`${url}/books?${query(1000)}&limit=5`), 400, "SPW_HTTP_TOO_MANY_PARAMETERS");
  });

  it("applies an override in both directions", async () => {
    const { url: fewer } = await startExample({ limits: { maxQueryPairs: 3 } });
    expect((await fetch(`${fewer}/books?${query(3)}`)).status).toBe(200);
    await fetchProblem(await fetch(`${fewer}/books?${query(4)}`), 400, "SPW_HTTP_TOO_MANY_PARAMETERS");
    const { url: more } = await startExample({ limits: { maxQueryPairs: 2000 } });
    expect((await fetch(`${more}/books?${query(1001)}`)).status).toBe(200);
  });
});

describe("JSON nesting (default 128 → 400)", () => {
  const nestedTitle = (depth: number): string =>
    `{"title":${"[".repeat(depth)}${"]".repeat(depth)},"author":"Someone","year":2000}`;

  it("answers 400 SPW_HTTP_BODY_TOO_DEEP to 5000 nested arrays and keeps serving", async () => {
    const { url, services } = await startExample();
    await fetchProblem(await postBook(url, nestedTitle(5000)), 400, "SPW_HTTP_BODY_TOO_DEEP");
    await fetchProblem(await postBook(url, nestedTitle(100_000)), 400, "SPW_HTTP_BODY_TOO_DEEP");
    expect(bookCount(services)).toBe(1);
    expect((await fetch(`${url}/books/1`)).status).toBe(200);
  });

  it("puts the limit at 128 levels (the object counts as one)", async () => {
    const { url } = await startExample();
    // 1 + 127 = 128 levels: parsed, then rejected by the schema (title must be a string).
    await fetchProblem(await postBook(url, nestedTitle(127)), 422, "SPW_HTTP_VALIDATION");
    await fetchProblem(await postBook(url, nestedTitle(128)), 400, "SPW_HTTP_BODY_TOO_DEEP");
  });

  it("applies an override in both directions", async () => {
    const { url: shallow } = await startExample({ limits: { maxJsonDepth: 1 } });
    expect((await postBook(shallow, JSON.stringify(validBook))).status).toBe(201);
    await fetchProblem(await postBook(shallow, nestedTitle(1)), 400, "SPW_HTTP_BODY_TOO_DEEP");
    const { url: deep } = await startExample({ limits: { maxJsonDepth: 6000 } });
    await fetchProblem(await postBook(deep, nestedTitle(5000)), 422, "SPW_HTTP_VALIDATION");
  });
});

describe("prototype poisoning (→ 400 SPW_HTTP_FORBIDDEN_KEY)", () => {
  const bodies = [
    `{"__proto__":{"admin":true}}`,
    `{"title":"T","author":"AB","year":2000,"__proto__":{"admin":true}}`,
    `{"title":"T","author":"AB","year":2000,"genre":{"nested":[{"__proto__":{"admin":true}}]}}`,
    `{"constructor":{"prototype":{"x":1}}}`,
    `{"title":"T","author":"AB","year":2000,"genre":[{"constructor":{"prototype":{"x":1}}}]}`,
    `{"\\u005f_proto__":{}}`,
    `{"title":"T","author":"AB","year":2000,"genre":{"\\u005f\\u005fproto\\u005f\\u005f":{"admin":true}}}`,
  ];

  it.each(bodies)("rejects %s without calling the handler", async (body) => {
    const { url, services } = await startExample();
    await fetchProblem(await postBook(url, body), 400, "SPW_HTTP_FORBIDDEN_KEY");
    expect(bookCount(services)).toBe(1);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("admin");
    expect(({} as Record<string, unknown>)["admin"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it("still accepts ordinary keys that merely contain the words", async () => {
    const { url } = await startExample();
    const response = await postBook(url, JSON.stringify({ ...validBook, genre: "__proto__ constructor prototype" }));
    expect(response.status).toBe(201);
  });
});

describe("headersTimeout / requestTimeout", () => {
  it("has the documented defaults on the node:http server", async () => {
    const { server } = await startExample();
    expect(server.server.headersTimeout).toBe(60_000);
    expect(server.server.requestTimeout).toBe(120_000);
    expect(server.server.keepAliveTimeout).toBe(72_000);
  });

  it("answers 408 to a client that trickles its headers, while serving a normal client", { timeout: 10_000 }, async () => {
    const { port, url, server } = await startExample({ timeouts: { headersTimeout: 1000, requestTimeout: 1500 } });
    expect(server.server.headersTimeout).toBe(1000);
    expect(server.server.requestTimeout).toBe(1500);
    const connection = await RawConnection.open(port);
    const head = "GET /books/1 HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(200);
    const trickle = (async () => {
      for (const byte of head) {
        if (connection.closed) return;
        await connection.write(byte);
        await sleep(300);
      }
    })();
    await sleep(400);
    // A normal request in the meantime.
    const normal = await fetch(`${url}/books/1`);
    expect(normal.status).toBe(200);

    await connection.closedWithin(1000 + 1000 + 2500);
    expect(connection.closedAt! - connection.openedAt).toBeLessThan(1000 + 1000 + 2500);
    const response = parseResponse(connection.bytes, true);
    // Node writes `408` when nothing was answered on the connection; a plain close is also acceptable.
    if (response) expect(response.status).toBe(408);
    await trickle;
    expect((await fetch(`${url}/books/1`)).status).toBe(200);
  });

  it("answers 408 to a slow body without calling the handler, while serving a normal client", { timeout: 10_000 }, async () => {
    const errors: string[] = [];
    const logger: Logger = { error: (_record, message) => errors.push(message), warn() {}, info() {} };
    const { port, url, services } = await startExample({ timeouts: { headersTimeout: 1000, requestTimeout: 1500 }, logger });
    const body = paddedBook(100);
    const connection = await RawConnection.open(port);
    await connection.write(`POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    const trickle = (async () => {
      for (const byte of body) {
        if (connection.closed) return;
        await connection.write(byte);
        await sleep(300);
      }
    })();
    await sleep(300);
    expect((await fetch(`${url}/books/1`)).status).toBe(200);

    const response = await connection.response(1500 + 1000 + 2500);
    expect(response.status).toBe(408);
    await connection.closedWithin(1000);
    expect(connection.closedAt! - connection.openedAt).toBeLessThan(1500 + 1000 + 2500);
    await trickle;
    expect(bookCount(services)).toBe(1);
    expect((await postBook(url, JSON.stringify(validBook))).status).toBe(201);
    // A client that was too slow is not a server fault (RELIABILITY H5).
    expect(errors).toEqual([]);
  });
});

describe("malformed percent-encoding (→ 400, never 500)", () => {
  it("in a path parameter", async () => {
    const { port } = await startExample();
    expectProblem(await rawRequest(port, httpRequest("GET", "/books/%E0%A4%A")), 400, "SPW_HTTP_MALFORMED_ENCODING");
    expectProblem(await rawRequest(port, httpRequest("GET", "/books/%zz")), 400, "SPW_HTTP_MALFORMED_ENCODING");
  });

  it("in a query value and a query key", async () => {
    const { port } = await startExample();
    expectProblem(await rawRequest(port, httpRequest("GET", "/books?genre=%zz")), 400, "SPW_HTTP_MALFORMED_ENCODING");
    expectProblem(await rawRequest(port, httpRequest("GET", "/books?genre=%E0%A4%A")), 400, "SPW_HTTP_MALFORMED_ENCODING");
    expectProblem(await rawRequest(port, httpRequest("GET", "/books?%zz=1")), 400, "SPW_HTTP_MALFORMED_ENCODING");
    expect((await rawRequest(port, httpRequest("GET", "/books?genre=Software%20Engineering"))).status).toBe(200);
  });
});

describe("query parameters", () => {
  it("answers 422 naming limit to a repeated scalar", async () => {
    const { url } = await startExample();
    const problem = await fetchProblem(await fetch(`${url}/books?limit=1&limit=2`), 422, "SPW_HTTP_VALIDATION");
    expect(problem["errors"]).toEqual([expect.objectContaining({ in: "query", name: "limit" })]);
  });

  it("ignores an unknown query parameter by default and rejects it with rejectUnknownQueryParameters", async () => {
    const { url: lenient } = await startExample();
    expect((await fetch(`${lenient}/books?foo=1`)).status).toBe(200);
    const { url: strict } = await startExample({ limits: { rejectUnknownQueryParameters: true } });
    const problem = await fetchProblem(await fetch(`${strict}/books?foo=1`), 422, "SPW_HTTP_VALIDATION");
    expect(problem["errors"]).toEqual([expect.objectContaining({ in: "query", name: "foo" })]);
    expect((await fetch(`${strict}/books?limit=5`)).status).toBe(200);
  });
});

describe("JSON Content-Type variants", () => {
  const invalid = JSON.stringify({ ...validBook, year: 500 });
  const valid = JSON.stringify(validBook);

  it.each(["APPLICATION/JSON", "application/json; charset=utf-8", "Application/Json;Charset=\"UTF-8\""])(
    "%s is parsed and validated",
    async (contentType) => {
      const { port, services } = await startExample();
      const rejected = expectProblem(await rawRequest(port, httpRequest("POST", "/books", { "Content-Type": contentType }, invalid)), 422, "SPW_HTTP_VALIDATION");
      expect(rejected["errors"]).toEqual([expect.objectContaining({ in: "body", pointer: "/year", keyword: "minimum" })]);
      expect((await rawRequest(port, httpRequest("POST", "/books", { "Content-Type": contentType }, valid))).status).toBe(201);
      expect(bookCount(services)).toBe(2);
    },
  );

  it.each(["application/json garbage", "application/json ;", "application/json; charset=latin1", "application/json\t; x", "text/plain", "application/jsonx"])(
    "%j is 415, valid body or not",
    async (contentType) => {
      const { port, services } = await startExample();
      expectProblem(await rawRequest(port, httpRequest("POST", "/books", { "Content-Type": contentType }, invalid)), 415, "SPW_HTTP_UNSUPPORTED_MEDIA_TYPE");
      expectProblem(await rawRequest(port, httpRequest("POST", "/books", { "Content-Type": contentType }, valid)), 415, "SPW_HTTP_UNSUPPORTED_MEDIA_TYPE");
      expect(bookCount(services)).toBe(1);
    },
  );

  it("a leading space is optional whitespace the HTTP parser strips (RFC 9110 §5.5): parsed AND validated, never unvalidated", async () => {
    const { port, services } = await startExample();
    // The same bytes written with a leading space; either 415 or full validation is acceptable (B6).
    const rejected = await rawRequest(port, httpRequest("POST", "/books", { "Content-Type": " application/json" }, invalid));
    expect([415, 422]).toContain(rejected.status);
    expect(problemOf(rejected)["code"]).toBe(rejected.status === 415 ? "SPW_HTTP_UNSUPPORTED_MEDIA_TYPE" : "SPW_HTTP_VALIDATION");
    expect(bookCount(services)).toBe(1);
  });

  it("no Content-Type with a body is 415", async () => {
    const { port, services } = await startExample();
    expectProblem(await rawRequest(port, httpRequest("POST", "/books", {}, valid)), 415, "SPW_HTTP_UNSUPPORTED_MEDIA_TYPE");
    const chunked = await rawRequest(port, `POST /books HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n${valid.length.toString(16)}\r\n${valid}\r\n0\r\n\r\n`);
    expectProblem(chunked, 415, "SPW_HTTP_UNSUPPORTED_MEDIA_TYPE");
    expect(bookCount(services)).toBe(1);
  });

  it("accepts BOM-prefixed JSON (and still validates it)", async () => {
    const { url, services } = await startExample();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect((await postBook(url, Buffer.concat([bom, Buffer.from(valid)]))).status).toBe(201);
    await fetchProblem(await postBook(url, Buffer.concat([bom, Buffer.from(invalid)])), 422, "SPW_HTTP_VALIDATION");
    expect(bookCount(services)).toBe(2);
  });
});

describe("5xx answers", () => {
  it("a throwing handler gives a generic 500 with requestId, no message or stack; the next connection is served", async () => {
    const errors: unknown[] = [];
    const logger: Logger = { error: (record) => errors.push(record), warn() {}, info() {} };
    const { port, url } = await startWithHandlers(
      () => ({
        listBooks: () => {
          throw new Error("secret detail");
        },
      }),
      { logger },
    );
    const response = await rawRequest(port, httpRequest("GET", "/books", { "X-Request-Id": "trace-123" }));
    const problem = expectProblem(response, 500, "SPW_HTTP_INTERNAL");
    expect(problem["requestId"]).toBe("trace-123");
    expect(response.headers["x-request-id"]).toBe("trace-123");
    expect(response.body).not.toContain("secret detail");
    expect(response.body).not.toMatch(/\bat \S/);
    expect(response.body).not.toContain(".ts:");
    expect(String(problem["detail"])).toContain("trace-123");
    // The message goes to the log instead.
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0], (_key, value: unknown) => (value instanceof Error ? value.message : value))).toContain("secret detail");

    const next = await fetch(`${url}/books/1`);
    expect(next.status).toBe(200);
  });

  it("a rejecting async handler is handled the same way", async () => {
    const { url } = await startWithHandlers(() => ({
      getBook: async () => {
        await sleep(1);
        throw new Error("secret detail");
      },
    }));
    const problem = await fetchProblem(await fetch(`${url}/books/1`), 500, "SPW_HTTP_INTERNAL");
    expect(JSON.stringify(problem)).not.toContain("secret detail");
    expect((await fetch(`${url}/books`)).status).toBe(200);
  });

  it("a handler returning an undeclared status gives 500 SPW_HTTP_RESPONSE_CONTRACT", async () => {
    const { url } = await startWithHandlers(() => ({
      getBook: (() => ({ status: 418, body: { teapot: true } })) as unknown as Handlers<Caller>["getBook"],
    }));
    const response = await fetch(`${url}/books/1`);
    const problem = await fetchProblem(response, 500, "SPW_HTTP_RESPONSE_CONTRACT");
    expect(typeof problem["requestId"]).toBe("string");
    expect(JSON.stringify(problem)).not.toContain("teapot");
    expect((await fetch(`${url}/books`)).status).toBe(200);
  });
});

describe("graceful close", () => {
  it("lets an in-flight request finish with 200, resolves close(), then refuses new connections", { timeout: 10_000 }, async () => {
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    const { url, port, server } = await startWithHandlers((handlers) => ({
      getBook: async (input, context) => {
        entered();
        await sleep(300);
        return handlers.getBook(input, context);
      },
    }));
    const inFlight = fetch(`${url}/books/1`);
    await handlerEntered;
    const closing = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1, title: "Clean Code" });
    expect(response.headers.get("connection")).toBe("close");
    let closed = false;
    await Promise.race([closing.then(() => (closed = true)), sleep(5000)]);
    expect(closed).toBe(true);
    expect(server.server.listening).toBe(false);
    const refused = await new Promise<string | undefined>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});
