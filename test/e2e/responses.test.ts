import { afterEach, describe, expect, it } from "vitest";
import type { Logger, RouteDefinition } from "specwright/runtime";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createSecurity } from "../../src/example/handlers.js";
import { matchDeclaredStatus } from "../../src/wire/status.js";
import { exampleServices } from "../helpers/example.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

/** A logger that keeps what it is given. */
function recordingLogger(): Logger & { errors: { record: Record<string, unknown>; message: string }[] } {
  const errors: { record: Record<string, unknown>; message: string }[] = [];
  return { errors, error: (record, message) => errors.push({ record, message }), warn() {}, info() {} };
}

async function start(override: Partial<ReturnType<typeof createHandlers>>, options: { validateResponses?: boolean; logger?: Logger } = {}) {
  const services = exampleServices();
  const server = createServer({ ...createHandlers(services), ...override }, { security: createSecurity(services), logger: false, ...options });
  const { url } = await server.listen(0, "127.0.0.1");
  stops.push(() => server.close());
  return url;
}

const book = { id: 7, title: "T", author: "AB", year: 2000 };

describe("responses (FastAPI's response_model)", () => {
  it("drops undeclared properties and writeOnly ones before sending", async () => {
    const url = await start({
      getBook: () => ({ status: 200, body: { ...book, internalNote: "do not leak" } as typeof book }),
    });
    const response = await fetch(`${url}/books/7`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(book);
    expect(text).not.toContain("internalNote");
  });

  it("answers 500 for a body that breaks the response schema and logs the operation and field", async () => {
    const logger = recordingLogger();
    const url = await start({ getBook: () => ({ status: 200, body: { ...book, year: "2000" } as unknown as typeof book }) }, { logger });
    const response = await fetch(`${url}/books/7`);
    expect(response.status).toBe(500);
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 500, code: "SPW_HTTP_RESPONSE_CONTRACT" });
    // The request id is random and may itself contain the digits 2000: only the rest must not.
    const { requestId: _requestId, detail, ...rest } = problem as { requestId: string; detail: string };
    expect(JSON.stringify(rest) + detail.replace(_requestId, "")).not.toContain("2000");
    expect(logger.errors).toEqual([
      expect.objectContaining({ record: expect.objectContaining({ operationId: "getBook", field: "/year", keyword: "type" }) }),
    ]);
    expect(logger.errors[0]!.message).toContain("getBook");
  });

  it("still filters, but does not validate, with validateResponses: false", async () => {
    const url = await start({ getBook: () => ({ status: 200, body: { ...book, year: "2000", extra: 1 } as unknown as typeof book }) }, { validateResponses: false });
    const response = await fetch(`${url}/books/7`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...book, year: "2000" });
  });

  it("answers 500 when a required response header is missing", async () => {
    const logger = recordingLogger();
    const url = await start({ createBook: () => ({ status: 201, body: book }) as never }, { logger });
    const response = await fetch(`${url}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "T", author: "AB", year: 2000 }) });
    expect(response.status).toBe(500);
    expect(logger.errors[0]!.message).toContain("Location");
  });
});

describe("the declared response a status falls under (OpenAPI 3.1 §4.8.16.2: the most specific key wins)", () => {
  const route = {
    responses: [
      { status: "200", contents: [], headers: [] },
      { status: "2XX", contents: [], headers: [] },
      { status: "404", contents: [], headers: [] },
      { status: "default", contents: [], headers: [] },
    ],
  } as unknown as RouteDefinition;

  it.each([
    [200, "200"],
    [201, "2XX"],
    [299, "2XX"],
    [404, "404"],
    [400, "default"],
    [500, "default"],
  ])("status %i uses the %s response", (status, expected) => {
    expect(matchDeclaredStatus(route.responses, status)?.status).toBe(expected);
  });

  it("finds nothing for an undeclared status when there is no default", () => {
    const strict = { responses: [{ status: "200", contents: [], headers: [] }] } as unknown as RouteDefinition;
    expect(matchDeclaredStatus(strict.responses, 201)).toBeUndefined();
  });
});
