/**
 * The generated client's timeouts and retries (issue 15), against a scripted node:http server on
 * 127.0.0.1, and the example's generated server: a typed TimeoutError per attempt, a typed
 * NetworkError for a connection that fails, retries (the `retries()` middleware) with backoff for
 * idempotent calls (or an Idempotency-Key) on 408/409/429/5xx and on network errors, `Retry-After`
 * honoured, never for a POST unless asked, turned off or on per call, and an abort during the
 * backoff settles at once. Bounded: a few requests per case.
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { NetworkError, retries, TimeoutError } from "specwright/client";
import { HttpError } from "specwright/runtime";
import { createClient } from "../../generated/client.js";
import { startExample } from "../helpers/example.js";
import { closeScriptedServers, scripted } from "../helpers/scripted-server.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
  await closeScriptedServers();
});

const book = { id: 1, title: "Clean Code", author: "Robert C. Martin", year: 2008 };
const problem = (status: number) => JSON.stringify({ type: "about:blank", title: "Service Unavailable", status });

const unavailable = (response: http.ServerResponse, headers: Record<string, string> = {}) =>
  response.writeHead(503, { "content-type": "application/problem+json", ...headers }).end(problem(503));
const ok = (response: http.ServerResponse) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(book));

describe("client timeouts", () => {
  it("rejects with a TimeoutError when an attempt takes longer than the client's or the call's timeout", async () => {
    const { url } = await scripted((_n, _request, response) => setTimeout(() => ok(response), 1_000));
    const started = performance.now();
    const error = await createClient({ baseUrl: url, timeout: 100 }).getBook({ path: { bookId: 1 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeout).toBe(100);
    expect(performance.now() - started).toBeLessThan(900);
    const perCall = await createClient({ baseUrl: url }).getBook({ path: { bookId: 1 } }, { timeout: 50 }).catch((caught: unknown) => caught);
    expect(perCall).toBeInstanceOf(TimeoutError);
  });

  it("rejects with a NetworkError, its cause kept, when the connection fails", async () => {
    const { url } = await scripted((_n, request) => request.socket.destroy());
    const error = await createClient({ baseUrl: url }).getBook({ path: { bookId: 1 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeDefined();
  });
});

describe("client retries", () => {
  it("retries an idempotent call on 503 and on a reset connection, then returns the result", async () => {
    const server = await scripted((n, request, response) => (n === 1 ? unavailable(response) : n === 2 ? request.socket.destroy() : ok(response)));
    const client = createClient({ baseUrl: server.url, middleware: [retries({ minDelay: 10 })] });
    expect(await client.getBook({ path: { bookId: 1 } })).toMatchObject({ status: 200, body: book });
    expect(server.count()).toBe(3);
  });

  it("stops after its retries and returns the last answer", async () => {
    const server = await scripted((_n, _request, response) => unavailable(response));
    const result = await createClient({ baseUrl: server.url, middleware: [retries({ retries: 2, minDelay: 10 })] }).getBook({ path: { bookId: 1 } });
    expect(result.status).toBe(503);
    expect(server.count()).toBe(3);
  });

  it("does not retry a POST, unless it carries an Idempotency-Key or the call allows it", async () => {
    const server = await scripted((_n, _request, response) => unavailable(response));
    const client = createClient({ baseUrl: server.url, middleware: [retries({ minDelay: 10 })] });
    const body = { title: "Dune", author: "Frank Herbert", year: 1965 };
    expect((await client.createBook({ body })).status).toBe(503);
    expect(server.count()).toBe(1);
    await client.createBook({ body }, { headers: { "Idempotency-Key": "create-dune-1" } });
    expect(server.count()).toBe(4);
    await client.createBook({ body }, { retry: { retries: 1, minDelay: 10, nonIdempotent: true } });
    expect(server.count()).toBe(6);
  });

  it("honours Retry-After, and never retries a status that will not pass (404)", async () => {
    const server = await scripted((n, _request, response) => (n === 1 ? unavailable(response, { "retry-after": "1" }) : ok(response)));
    const started = performance.now();
    expect((await createClient({ baseUrl: server.url, middleware: [retries({ minDelay: 10 })] }).getBook({ path: { bookId: 1 } })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    const missing = await scripted((_n, _request, response) => response.writeHead(404, { "content-type": "application/problem+json" }).end(problem(404)));
    expect((await createClient({ baseUrl: missing.url, middleware: [retries()] }).getBook({ path: { bookId: 1 } })).status).toBe(404);
    expect(missing.count()).toBe(1);
  });

  it("settles at once when the caller aborts during the backoff", async () => {
    const server = await scripted((_n, _request, response) => unavailable(response, { "retry-after": "5" }));
    const controller = new AbortController();
    const call = createClient({ baseUrl: server.url, middleware: [retries({ maxDelay: 10_000 })] }).getBook({ path: { bookId: 1 } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(call).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.count()).toBe(1);
  });

  it("retries a generated server's 503 after its Retry-After, and is turned off or on per call", async () => {
    let calls = 0;
    let failures = 0;
    const { url } = await startExample(stops, {
      getBook: () => {
        calls += 1;
        if (failures > 0) {
          failures -= 1;
          throw new HttpError(503, "warming up", { headers: { "Retry-After": "0" } });
        }
        return { status: 200, body: book };
      },
    });
    const client = createClient({ baseUrl: url, middleware: [retries({ minDelay: 5_000 })] });
    // Retry-After: 0 is honoured over the 5 s backoff.
    failures = 1;
    const started = performance.now();
    expect(await client.getBook({ path: { bookId: 1 } })).toMatchObject({ status: 200, body: book });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(calls).toBe(2);
    failures = 1;
    expect((await client.getBook({ path: { bookId: 1 } }, { retry: false })).status).toBe(503);
    expect(calls).toBe(3);
    // A client without retries: one attempt, unless the call brings the middleware itself.
    const plain = createClient({ baseUrl: url });
    failures = 1;
    expect((await plain.getBook({ path: { bookId: 1 } })).status).toBe(503);
    expect(calls).toBe(4);
    failures = 1;
    expect((await plain.getBook({ path: { bookId: 1 } }, { middleware: [retries({ minDelay: 10 })] })).status).toBe(200);
    expect(calls).toBe(6);
  });
});
