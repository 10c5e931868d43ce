/**
 * The MSW output (`generate --msw`): typed MSW 2 request handlers per operation, tested with
 * msw in Node (`setupServer` from msw/node) intercepting the generated client's fetch calls.
 * Default responses are the mock server's (examples, else generated from the schema, the same on
 * every generate); overrides per status are typed from the response types (a wrong body does
 * not compile); the file passes tsc --strict.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import type { ApiModel } from "../../src/model/ir.js";
import { createValueGenerator } from "../../src/mock/generate-value.js";
import { buildMockResponse, defaultResponseOf } from "../../src/mock/mock-response.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const out = path.resolve(".test-output", `msw-${process.pid}`);
const again = path.resolve(".test-output", `msw-again-${process.pid}`);
afterAll(() => Promise.all([rm(out, { recursive: true, force: true }), rm(again, { recursive: true, force: true })]));

/** Type-level promises about the generated handlers, checked by tsc with the generated files. */
const usage = `import { createBookHandler, getBookHandler, deleteBookHandler, watchBookChangesHandler, handlers } from "./msw.js";
import type { HttpHandler } from "msw";

const all: HttpHandler[] = handlers;
getBookHandler({ status: 404, body: { type: "about:blank", title: "Not Found", status: 404 } });
getBookHandler({ status: 200, body: { id: 1, title: "Dune", author: "Frank Herbert", year: 1965 } }, { once: true });
createBookHandler(async ({ request }) => ({ status: 201, body: { id: 2, ...((await request.json()) as { title: string; author: string; year: number }) }, headers: { Location: "/books/2" } }));
deleteBookHandler({ status: 204 });
watchBookChangesHandler({ status: 200, body: [{ data: { kind: "deleted", bookId: 1 } }] });
// @ts-expect-error a 200 body is a Book: title must be a string
getBookHandler({ status: 200, body: { id: 1, title: 42, author: "Frank Herbert", year: 1965 } });
// @ts-expect-error 418 is not a declared status
getBookHandler({ status: 418, body: {} });
// @ts-expect-error 204 has no body
deleteBookHandler({ status: 204, body: { id: 1 } });
// @ts-expect-error an event's data is a BookChange
watchBookChangesHandler({ status: 200, body: [{ data: "removed" }] });
void all;
`;

describe("generate --msw on the example spec", () => {
  let model: ApiModel;
  let server: ReturnType<typeof setupServer>;
  let client: Record<string, (request?: unknown) => Promise<{ status: number; body: unknown; headers: Headers }>>;
  let msw: Record<string, (...args: unknown[]) => never>;
  beforeAll(async () => {
    model = (await generate({ spec: "spec/openapi.yaml", out, msw: true, force: true })).model!;
    const mswModule = (await import(pathToFileURL(path.join(out, "msw.ts")).href)) as { handlers: Parameters<typeof setupServer> } & Record<string, (...args: unknown[]) => never>;
    msw = mswModule;
    server = setupServer(...mswModule.handlers);
    server.listen({ onUnhandledRequest: "error" });
    const { createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createClient: (options: { baseUrl: string }) => typeof client };
    client = createClient({ baseUrl: "https://api.example.test" });
  }, 300_000);
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("writes msw.ts, which passes tsc --strict with the rest, wrong bodies and statuses refused", async () => {
    await writeFile(path.join(out, "usage.ts"), usage);
    expect(await typecheckGenerated(out, ["index.ts", "msw.ts", "usage.ts"])).toBe("");
  }, 300_000);

  it("answers the client with each operation's default response: the mock server's, from the schema", async () => {
    const generator = createValueGenerator(model);
    const expected = (identifier: string) => {
      const operation = model.operations.find((item) => item.identifier === identifier)!;
      return buildMockResponse(generator, operation, defaultResponseOf(operation)!);
    };
    const list = await client["listBooks"]!();
    expect(list.status).toBe(200);
    expect(list.body).toEqual(expected("listBooks").body);
    expect(list.headers.get("x-total-count")).toBe(String(expected("listBooks").headers["X-Total-Count"]));
    const book = await client["getBook"]!({ path: { bookId: 7 } });
    expect(book).toMatchObject({ status: 200, body: expected("getBook").body });
    expect((await client["deleteBook"]!({ path: { bookId: 7 } })).status).toBe(204);
    const csv = await client["exportBooks"]!();
    expect(csv.body).toBe(expected("exportBooks").body);
    const events = (await client["watchBookChanges"]!()).body as AsyncIterable<{ data: unknown }>;
    const received: unknown[] = [];
    for await (const event of events) received.push(event.data);
    expect(received).toEqual([(expected("watchBookChanges").body as { data: unknown }[])[0]!.data]);
  });

  it("answers with the response given per status, once or until reset, or computed from the request", async () => {
    server.use(msw["getBookHandler"]!({ status: 404, body: { type: "about:blank", title: "Not Found", status: 404, detail: "no book 7" } }, { once: true }));
    const missing = await client["getBook"]!({ path: { bookId: 7 } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ type: "about:blank", title: "Not Found", status: 404, detail: "no book 7" });
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    // `once`: the next request gets the default again.
    expect((await client["getBook"]!({ path: { bookId: 7 } })).status).toBe(200);

    server.use(msw["createBookHandler"]!(async ({ request }: { request: Request }) => ({ status: 201, body: { id: 99, ...((await request.json()) as object) }, headers: { Location: "/books/99" } })));
    const created = await client["createBook"]!({ body: { title: "Emma", author: "Jane Austen", year: 1815 } });
    expect(created).toMatchObject({ status: 201, body: { id: 99, title: "Emma", author: "Jane Austen", year: 1815 } });
    expect(created.headers.get("location")).toBe("/books/99");

    server.use(msw["watchBookChangesHandler"]!({ status: 200, body: [{ data: { kind: "deleted", bookId: 1 } }, { event: "change", id: "2", data: { kind: "deleted", bookId: 2 } }] }));
    const events: unknown[] = [];
    for await (const event of (await client["watchBookChanges"]!()).body as AsyncIterable<unknown>) events.push(event);
    expect(events).toEqual([{ data: { kind: "deleted", bookId: 1 } }, { event: "change", id: "2", data: { kind: "deleted", bookId: 2 } }]);
  });

  it("lists concrete paths before templated ones: /books/featured is not answered by getBook's handler", async () => {
    // getBook answers a Book object; listFeaturedBooks an array.
    const featured = await client["listFeaturedBooks"]!();
    expect(featured.status).toBe(200);
    expect(Array.isArray(featured.body)).toBe(true);
  });

  it("is deterministic: the same spec gives the same msw.ts, byte for byte", async () => {
    await generate({ spec: "spec/openapi.yaml", out: again, msw: true });
    expect(await readFile(path.join(again, "msw.ts"), "utf8")).toBe(await readFile(path.join(out, "msw.ts"), "utf8"));
  }, 300_000);
});
