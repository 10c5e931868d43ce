import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpError, type Hooks, type ServerOptions } from "specwright/runtime";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createSecurity } from "../../src/example/handlers.js";
import { exampleServices } from "../helpers/example.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

async function start(options: Omit<ServerOptions, "security"> = {}, override: Partial<ReturnType<typeof createHandlers>> = {}) {
  const services = exampleServices();
  const server = createServer({ ...createHandlers(services), ...override }, { security: createSecurity(services), logger: false, ...options });
  const { url } = await server.listen(0, "127.0.0.1");
  stops.push(() => server.close());
  return { url, server };
}

const origin = "https://app.example.com";

describe("CORS", () => {
  it("answers a preflight for a secured route without credentials, with the path's methods", async () => {
    const { url } = await start({ cors: { origin: [origin], exposedHeaders: ["Location"], maxAge: 60 } });
    const response = await fetch(`${url}/admin/users/2`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "DELETE", "access-control-request-headers": "x-api-key" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-methods")).toBe("DELETE, OPTIONS");
    expect(response.headers.get("access-control-allow-headers")).toBe("x-api-key");
    expect(response.headers.get("access-control-max-age")).toBe("60");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("adds CORS headers to actual requests, errors included, and never to a disallowed origin", async () => {
    const { url } = await start({ cors: { origin: [origin], credentials: true } });
    const ok = await fetch(`${url}/books/1`, { headers: { origin } });
    expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
    expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
    // The declared response headers are exposed too, so browser code can read what the client types.
    expect(ok.headers.get("access-control-expose-headers")).toBe("Location, X-Request-Id, X-Total-Count, Content-Disposition");
    expect(ok.headers.get("vary")).toBe("Origin");
    const notFound = await fetch(`${url}/books/999`, { headers: { origin } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("access-control-allow-origin")).toBe(origin);
    const invalid = await fetch(`${url}/books/abc`, { headers: { origin } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("access-control-allow-origin")).toBe(origin);
    const stranger = await fetch(`${url}/books/1`, { headers: { origin: "https://evil.example" } });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    const strangerPreflight = await fetch(`${url}/books/1`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(strangerPreflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("rejects a preflight without Access-Control-Request-Method (strict) and * with credentials at startup", async () => {
    const { url } = await start({ cors: { origin: "*" } });
    const response = await fetch(`${url}/books`, { method: "OPTIONS", headers: { origin } });
    expect(response.status).toBe(400);
    const simple = await fetch(`${url}/books/1`, { headers: { origin } });
    expect(simple.headers.get("access-control-allow-origin")).toBe("*");
    expect(() => createServer(createHandlers(exampleServices()), { security: createSecurity(exampleServices()), cors: { origin: "*", credentials: true } })).toThrow(/credentials/);
  });

  it("is off by default", async () => {
    const { url } = await start();
    const response = await fetch(`${url}/books/1`, { headers: { origin } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("hooks", () => {
  it("run in the documented order: onRequest, preHandler, handler, onSend, onResponse", async () => {
    const calls: string[] = [];
    let responded: () => void;
    const finished = new Promise<void>((resolve) => (responded = resolve));
    const hooks: Hooks = {
      onRequest: () => void calls.push("onRequest"),
      preHandler: (input) => void calls.push(`preHandler:${String(input.path["bookId"])}`),
      onSend: (result) => {
        calls.push(`onSend:${result.status}`);
        return { ...result, headers: { ...result.headers, "x-hooked": "yes" } };
      },
      onResponse: (info) => {
        calls.push(`onResponse:${info.statusCode}:${info.operationId}`);
        responded();
      },
    };
    const { url } = await start({ hooks }, { getBook: ({ path }) => (calls.push("handler"), { status: 200, body: { id: path.bookId, title: "T", author: "AB", year: 2000 } }) });
    const response = await fetch(`${url}/books/5`);
    expect(response.headers.get("x-hooked")).toBe("yes");
    await finished;
    expect(calls).toEqual(["onRequest", "preHandler:5", "handler", "onSend:200", "onResponse:200:getBook"]);
  });

  it("onError maps an error class to a declared response (an exception handler)", async () => {
    class BookLocked extends Error {}
    const { url } = await start(
      { hooks: { onError: (error) => (error instanceof BookLocked ? { status: 404, body: { type: "about:blank", title: "Not Found", status: 404, detail: "locked" } } : undefined) } },
      { getBook: () => { throw new BookLocked("locked"); } },
    );
    const response = await fetch(`${url}/books/1`);
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe("locked");
  });

  it("onRequest can answer early by throwing an HttpError", async () => {
    const { url } = await start({ hooks: { onRequest: () => { throw new HttpError(429, "slow down"); } } });
    const response = await fetch(`${url}/books/1`);
    expect(response.status).toBe(429);
    expect((await response.json()).detail).toBe("slow down");
  });
});

describe("deferred work (FastAPI's BackgroundTasks)", () => {
  it("runs after the response is sent, logs failures, and close() waits for it", async () => {
    const events: string[] = [];
    let release: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { url, server } = await start(
      {},
      {
        getBook: (_input, context) => {
          context.defer(async () => {
            events.push("task started");
            await gate;
            events.push("task finished");
          });
          context.defer(() => {
            throw new Error("a failing task does not stop the next");
          });
          context.defer(() => void events.push("second task"));
          return { status: 200, body: { id: 1, title: "T", author: "AB", year: 2000 } };
        },
      },
    );
    const response = await fetch(`${url}/books/1`);
    expect(response.status).toBe(200);
    await response.text();
    events.push("response received");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(["task started", "response received"]);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release!();
    await closing;
    expect(events).toEqual(["task started", "response received", "task finished", "second task"]);
  });
});

describe("graceful close", () => {
  it("delivers every response in flight on a pipelined connection, the last with Connection: close", async () => {
    let handled = 0;
    const { url, server } = await start({}, {
      getBook: async ({ path }) => {
        handled++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { status: 200, body: { id: path.bookId, title: "T", author: "AB", year: 2000 } };
      },
    });
    const port = Number(new URL(url).port);
    let closed = false;
    const received = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        // Two pipelined requests on one keep-alive connection; close() starts while both run.
        socket.write("GET /books/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /books/2 HTTP/1.1\r\nHost: x\r\n\r\n");
        setTimeout(() => void server.close().then(() => (closed = true)), 100);
      });
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(handled).toBe(2);
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses.map((response) => response.slice(9, 12))).toEqual(["200", "200"]);
    expect(responses[0]!.toLowerCase()).not.toContain("connection: close");
    expect(responses[1]!.toLowerCase()).toContain("connection: close");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it("answers a request that arrives on a busy connection after close() began with 503 and Connection: close", async () => {
    const { url, server } = await start({}, {
      getBook: async ({ path }) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { status: 200, body: { id: path.bookId, title: "T", author: "AB", year: 2000 } };
      },
    });
    const port = Number(new URL(url).port);
    const received = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write("GET /books/1 HTTP/1.1\r\nHost: x\r\n\r\n");
        setTimeout(() => void server.close(), 100);
        // The connection is busy (not idle), so close() leaves it open; a new request arrives.
        setTimeout(() => socket.write("GET /books/featured HTTP/1.1\r\nHost: x\r\n\r\n"), 150);
      });
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses.map((response) => response.slice(9, 12))).toEqual(["200", "503"]);
    expect(responses[1]!.toLowerCase()).toContain("connection: close");
    expect(responses[1]).toContain('"code":"SPW_HTTP_CLOSING"');
  });
});
