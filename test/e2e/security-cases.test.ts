/**
 * Security schemes (OpenAPI 3.1 §4.8.27) over a real socket, against the example's API-key route
 * and a small bearer/basic API built in the test: credentials are checked before the body is
 * read; malformed credentials are 401 (RFC 9110 §15.5.2), never 500, and the scheme name is
 * case-insensitive (RFC 9110 §11.1); a credential in the wrong location does not count; and the
 * server fails closed (no verifier: no start; a throwing verifier: a generic 500).
 */
import net from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createServer as createRuntimeServer, HttpError, type ApiDefinition, type RouteDefinition } from "specwright/runtime";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createSecurity } from "../../src/example/handlers.js";
import { exampleServices } from "../helpers/example.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

/** A one-route API secured by `scheme`, answering 204. */
function api(schemes: ApiDefinition["securitySchemes"], security: RouteDefinition["security"]): ApiDefinition {
  return {
    title: "Cases",
    version: "1",
    securitySchemes: schemes,
    routes: [
      {
        operationId: "touch", handler: "touch", method: "POST", path: "/touch", parameters: [],
        requestBody: { required: false, contents: [{ mediaType: "application/json", essence: "application/json" }] },
        responses: [{ status: "204", contents: [], headers: [] }],
        security,
      },
    ],
  };
}

async function listen(server: { listen: (port?: number, host?: string) => Promise<{ url: string; port: number }>; close: () => Promise<void> }) {
  const started = await server.listen(0, "127.0.0.1");
  stops.push(() => server.close());
  return started;
}

describe("credentials are checked before the body is read", () => {
  it("answers 401 to a 10 MiB body without credentials, without reading it or calling the handler", async () => {
    let called = false;
    const services = exampleServices();
    const server = createServer({ ...createHandlers(services), deleteUser: () => ((called = true), { status: 204 }) }, { security: createSecurity(services), logger: false });
    const { port } = await listen(server);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(`DELETE /admin/users/2 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
        socket.write(Buffer.alloc(64 * 1024, 32));
      });
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (text.includes("\r\n\r\n") && text.includes("}")) socket.destroy();
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer.startsWith("HTTP/1.1 401")).toBe(true);
    expect(answer.toLowerCase()).toContain("www-authenticate: apikey");
    expect(called).toBe(false);
  });
});

describe("malformed credentials are 401, never 500", () => {
  const schemes = { bearer: { type: "http", scheme: "bearer" }, basic: { type: "http", scheme: "basic" } } as const;
  it.each([
    ["Bearer"],
    ["Bearer  a b"],
    ["Basic !!!"],
    [`Basic ${Buffer.from("no-colon").toString("base64")}`],
    [`Basic ${Buffer.from("user:pa\u0001ss").toString("base64")}`],
    [`Basic ${Buffer.from([0x75, 0x3a, 0xff, 0xfe]).toString("base64")}`],
    [`Bearer ${"a".repeat(8192)}`],
    ["Digest username=x"],
  ])("Authorization: %s → 401", async (authorization) => {
    const seen: unknown[] = [];
    const server = createRuntimeServer(api(schemes, [[{ scheme: "bearer", scopes: [] }], [{ scheme: "basic", scopes: [] }]]), { touch: () => ({ status: 204 }) }, {
      logger: false,
      docs: false,
      security: { bearer: (token: string) => (seen.push(token), null), basic: (credentials: unknown) => (seen.push(credentials), null) },
    });
    const { url } = await listen(server);
    const response = await fetch(`${url}/touch`, { method: "POST", headers: { authorization } });
    expect(response.status).toBe(401);
    const text = await response.text();
    // The credential is never echoed back.
    expect(text).not.toContain(authorization.slice(7, 40) || "\u0000");
  });

  it("reads the scheme name case-insensitively: `bearer x` reaches the verifier", async () => {
    const seen: string[] = [];
    const server = createRuntimeServer(api(schemes, [[{ scheme: "bearer", scopes: [] }]]), { touch: () => ({ status: 204 }) }, {
      logger: false,
      docs: false,
      security: { bearer: (token: string) => (seen.push(token), { user: token }), basic: () => null },
    });
    const { url } = await listen(server);
    expect((await fetch(`${url}/touch`, { method: "POST", headers: { authorization: "bearer x" } })).status).toBe(204);
    expect(seen).toEqual(["x"]);
  });
});

describe("a credential in the wrong location does not count", () => {
  it("ignores an API key declared in a header when it is sent in the query", async () => {
    const services = exampleServices();
    const { url } = await listen(createServer(createHandlers(services), { security: createSecurity(services), logger: false }));
    expect((await fetch(`${url}/admin/users/2?X-API-Key=admin-key`, { method: "DELETE" })).status).toBe(401);
  });
});

describe("fail closed: a missing, throwing or refusing verifier never lets a request through", () => {
  it("refuses to start without a verifier for a scheme the routes use", () => {
    expect(() => createRuntimeServer(api({ bearer: { type: "http", scheme: "bearer" } }, [[{ scheme: "bearer", scopes: [] }]]), { touch: () => ({ status: 204 }) }, { logger: false })).toThrow(
      /no security verifier for scheme\(s\): bearer/,
    );
  });

  it("never lets a mutualTLS requirement pass (401), and says so at startup", async () => {
    const warnings: string[] = [];
    const logger = { error() {}, info() {}, warn: (_record: Record<string, unknown>, message: string) => void warnings.push(message) };
    const server = createRuntimeServer(api({ tls: { type: "mutualTLS" } }, [[{ scheme: "tls", scopes: [] }]]), { touch: () => ({ status: 204 }) }, { logger, docs: false });
    expect(warnings).toEqual([expect.stringContaining("mutualTLS is not supported")]);
    const { url } = await listen(server);
    expect((await fetch(`${url}/touch`, { method: "POST" })).status).toBe(401);
  });

  it("answers 500 (generic, logged with the request id) when a verifier throws, 401 when it returns false, 403 when it throws HttpError.forbidden()", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ base: null, serializers: { error: pino.stdSerializers.err } }, sink);
    const server = createRuntimeServer(api({ bearer: { type: "http", scheme: "bearer" } }, [[{ scheme: "bearer", scopes: [] }]]), { touch: () => ({ status: 204 }) }, {
      logger,
      docs: false,
      security: {
        bearer: (token: string) => {
          if (token === "explode") throw new Error("verifier database is down: secret-dsn");
          if (token === "nope") return false;
          if (token === "guest") throw HttpError.forbidden("guests cannot touch");
          return { user: token };
        },
      },
    });
    const { url } = await listen(server);
    const exploded = await fetch(`${url}/touch`, { method: "POST", headers: { authorization: "Bearer explode" } });
    expect(exploded.status).toBe(500);
    const body = await exploded.text();
    expect(body).not.toContain("secret-dsn");
    const requestId = exploded.headers.get("x-request-id")!;
    expect(JSON.parse(body).requestId).toBe(requestId);
    const logged = lines.map((line) => JSON.parse(line));
    expect(logged).toEqual([expect.objectContaining({ level: 50, requestId, error: expect.objectContaining({ message: "verifier database is down: secret-dsn" }) })]);
    expect(JSON.stringify(logged)).not.toContain("Bearer explode");
    expect((await fetch(`${url}/touch`, { method: "POST", headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const guest = await fetch(`${url}/touch`, { method: "POST", headers: { authorization: "Bearer guest" } });
    expect(guest.status).toBe(403);
    expect((await guest.json()).detail).toBe("guests cannot touch");
    expect((await fetch(`${url}/touch`, { method: "POST", headers: { authorization: "Bearer ok" } })).status).toBe(204);
  });
});
