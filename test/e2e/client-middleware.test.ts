/**
 * Client middleware (issue 15) against the example's generated server on 127.0.0.1: a middleware
 * that refreshes an expired API key on 401 and resends once (the request rebuilt, so the credential
 * function is called again), one that resends a request it changed itself, `onRequest` changing
 * what is sent, `onError` recovering from a refused connection, and the order hooks run in. What
 * reached the server is recorded by the server's own onRequest hook.
 */
import type { IncomingMessage } from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NetworkError, type Middleware, type TransportResponse } from "specwright/client";
import { createClient } from "../../generated/client.js";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions } from "../../src/example/handlers.js";
import { exampleServices } from "../helpers/example.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

/** The example server; `arrived` lists each request it received as `METHOD path key` (the X-API-Key sent, or `-`). */
async function startRecordingExample(): Promise<{ url: string; arrived: string[]; services: ReturnType<typeof exampleServices> }> {
  const services = exampleServices();
  const options = createServerOptions(services);
  const arrived: string[] = [];
  const onRequest = (request: IncomingMessage) => {
    arrived.push(`${request.method} ${request.url} ${request.headers["x-api-key"] ?? "-"}`);
  };
  const server = createServer(createHandlers(services), { ...options, hooks: { ...options.hooks, onRequest }, logger: false });
  const { url } = await server.listen(0, "127.0.0.1");
  stops.push(() => server.close());
  return { url, arrived, services };
}

/** The URL of a port nothing listens on any more: connections to it are refused. */
async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("client middleware", () => {
  it("refreshes an expired token on 401 and resends once, through the credential function", async () => {
    const { url, arrived, services } = await startRecordingExample();
    let token = "expired-key";
    let refreshes = 0;
    const refreshToken: Middleware = {
      async onResponse({ response, attempt, resend }) {
        if (response.status !== 401 || attempt > 0) return undefined;
        refreshes += 1;
        token = "admin-key";
        return resend();
      },
    };
    const client = createClient({ baseUrl: url, security: { apiKeyAuth: () => token }, middleware: [refreshToken] });
    const result = await client.deleteUser({ path: { userId: 2 } });
    expect(result.status).toBe(204);
    expect(refreshes).toBe(1);
    expect(arrived).toEqual(["DELETE /admin/users/2 expired-key", "DELETE /admin/users/2 admin-key"]);
    expect(services.users.findByEmail("reader@example.com")).toBeUndefined();

    // A refresh that does not help: the second 401 is the result, and nothing is sent a third time.
    arrived.length = 0;
    token = "expired-key";
    const rejected = createClient({ baseUrl: url, security: { apiKeyAuth: () => token }, middleware: [{ onResponse: (context) => (context.response.status === 401 && context.attempt === 0 ? context.resend() : undefined) }] });
    const second = await rejected.deleteUser({ path: { userId: 1 } });
    expect(second.status).toBe(401);
    expect(arrived).toEqual(["DELETE /admin/users/1 expired-key", "DELETE /admin/users/1 expired-key"]);
    expect(services.users.findByEmail("admin@example.com")).toBeDefined();
  });

  it("resends a request the middleware changed, and onRequest changes what every attempt sends", async () => {
    const { url, arrived } = await startRecordingExample();
    const order: string[] = [];
    const tagging: Middleware = {
      onRequest: ({ request, attempt }) => {
        order.push(`tag request ${attempt}`);
        return { ...request, headers: { ...request.headers, "x-request-id": `attempt-${attempt}` } };
      },
      onResponse: ({ response }) => void order.push(`tag response ${response.status}`),
    };
    const withKey: Middleware = {
      onRequest: ({ attempt }) => void order.push(`key request ${attempt}`),
      onResponse: ({ request, response, resend }) => {
        order.push(`key response ${response.status}`);
        return response.status === 401 ? resend({ ...request, headers: { ...request.headers, "X-API-Key": "admin-key" } }) : undefined;
      },
    };
    const client = createClient({ baseUrl: url, middleware: [tagging, withKey] });
    const result = await client.deleteUser({ path: { userId: 2 } });
    expect(result.status).toBe(204);
    // The server echoes the request id it was given (X-Request-Id), so each attempt's tag arrived.
    expect(result.headers.get("x-request-id")).toBe("attempt-1");
    expect(arrived).toEqual(["DELETE /admin/users/2 -", "DELETE /admin/users/2 admin-key"]);
    // onRequest in list order, onResponse in reverse; the resent response has passed every
    // middleware, so the outer round ends with it (tagging sees the 401 round's response only once).
    expect(order).toEqual([
      "tag request 0", "key request 0", "key response 401",
      "tag request 1", "key request 1", "key response 204", "tag response 204",
    ]);
  });

  it("lets onError recover from a refused connection, and passes the NetworkError on otherwise", async () => {
    const { url } = await startRecordingExample();
    const refused = await refusedUrl();
    const errors: unknown[] = [];
    const fallback: Middleware = {
      onError: ({ error, resend, request }) => {
        errors.push(error);
        return resend({ ...request, url: request.url.replace(refused, url) });
      },
    };
    const recovered = await createClient({ baseUrl: refused, middleware: [fallback] }).getBook({ path: { bookId: 1 } });
    expect(recovered).toMatchObject({ status: 200, body: { id: 1, title: "Clean Code" } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(NetworkError);

    const observed: string[] = [];
    const watching: Middleware = { onError: ({ error }) => void observed.push((error as Error).name) };
    await expect(createClient({ baseUrl: refused, middleware: [watching] }).getBook({ path: { bookId: 1 } })).rejects.toBeInstanceOf(NetworkError);
    expect(observed).toEqual(["NetworkError"]);
  });

  it("lets onError answer instead of the server (an offline cache), the answer read as a declared response", async () => {
    const offline: TransportResponse = {
      status: 200,
      headers: new Headers({ "content-type": "application/json" }),
      body: new TextEncoder().encode(JSON.stringify({ id: 1, title: "Cached", author: "Nobody", year: 2000 })),
    };
    const cache: Middleware = { onError: () => offline };
    const result = await createClient({ baseUrl: await refusedUrl(), middleware: [cache] }).getBook({ path: { bookId: 1 } });
    expect(result).toMatchObject({ status: 200, contentType: "application/json", body: { title: "Cached" } });
  });
});
