/**
 * Every request body media type and every response form of the fixture
 * (test/fixtures/every-form/openapi.yaml, `/bodies/...` and `/responses/...`), through the
 * generated server and the generated client over a real socket. Bodies: JSON, a `+json` type,
 * text, binary (a stream for the handler) and a media-type range, dispatched on Content-Type and
 * validated by the schema of the type they were parsed as; an optional body. Responses: exact codes, `nXX`
 * ranges and `default`; Accept negotiation between two media types; typed, validated headers;
 * 204 and 304 without a body; a streamed binary body; server-sent events with JSON and text data;
 * readOnly/writeOnly on one schema. The generated types are checked with tsc --strict, with
 * `@ts-expect-error` lines that fail when a type is too loose.
 */
import { rm, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { undiciTransport } from "specwright/client/undici";
import { createServer, HttpError, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { typecheckGenerated } from "../helpers/typecheck.js";

const fixture = path.resolve("test/fixtures/every-form/openapi.yaml");
const out = path.resolve(".test-output", `response-forms-${process.pid}`);

type Result = { status: number; body: unknown; headers: Headers; declaredHeaders?: Record<string, unknown> };
type ClientMethod = (request?: object, options?: object) => Promise<Result>;

let server: ApiServer;
let url = "";
let client: Record<string, ClientMethod>;
const bytes = Uint8Array.from({ length: 300_000 }, (_, index) => (index * 7) % 256);

type Context = { accepts: (mediaTypes: string[]) => string | undefined };
const handlers: Record<string, (input: { path: Record<string, unknown>; body: unknown; contentType?: string }, context: Context) => unknown> = {
  respondWithStatus: ({ path: { code } }) => {
    const status = code as number;
    if (status === 200) return { status, body: { id: 1, text: "exact" } };
    if (status === 304) return { status };
    if (status >= 200 && status < 300) return { status, body: { range: "2XX" } };
    if (status >= 400 && status < 500) return { status, body: { title: "Client error", status } };
    return { status, body: { status } };
  },
  postAnyBody: async (input) => {
    const { body, contentType } = input;
    if (body instanceof Readable) return { status: 200, body: { kind: "stream", contentType, length: (await buffer(body)).length } };
    return { status: 200, body: { kind: typeof body, contentType, value: body } };
  },
  putOptionalBody: () => ({ status: 204 }),
  getReport: (_input, context) => {
    const chosen = context.accepts(["application/json", "text/csv"]);
    if (chosen === undefined) throw new HttpError(406, "JSON or CSV only");
    return chosen === "text/csv" ? { status: 200, contentType: chosen, body: "total\r\n3\r\n" } : { status: 200, contentType: chosen, body: { total: 3 } };
  },
  createWithHeaders: () => ({ status: 201, headers: { Location: "/things/9", "X-Rate-Limit-Remaining": 41, "X-Tags": ["a", "b c"] } }),
  deleteNothing: () => ({ status: 204 }),
  download: () => ({
    status: 200,
    body: (async function* () {
      for (let offset = 0; offset < bytes.length; offset += 65_536) yield bytes.subarray(offset, offset + 65_536);
    })(),
  }),
  streamNotes: () => ({ status: 200, body: [{ data: { id: 1, text: "first" }, id: "a" }, { data: { id: 2, text: "second\nline" }, event: "edited" }] }),
  streamLog: () => ({ status: 200, body: (async function* () { yield { data: "line one\nline two" }; yield { data: "{not json}" }; })() }),
  createAccount: ({ body }) => ({ status: 201, body: { ...(body as object), id: 5 } }),
};

beforeAll(async () => {
  await generate({ spec: fixture, out });
  const { api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition };
  // The fixture's parameter and form operations are exercised by parameter-round-trips.test.ts.
  const stub = () => ({ status: 200, body: {} });
  server = createServer(api, Object.fromEntries(api.routes.map((route) => [route.handler, handlers[route.handler] ?? stub])), { logger: false, docs: false });
  url = (await server.listen(0, "127.0.0.1")).url;
  const generated = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createClient: (options: object) => Record<string, ClientMethod> };
  client = generated.createClient({ baseUrl: url, transport: undiciTransport() });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(out, { recursive: true, force: true });
});

describe("request bodies: dispatched on Content-Type, parsed once, validated by that media type's schema", () => {
  it("JSON and a +json type arrive as validated values, each against its own schema", async () => {
    const json = await client["postAnyBody"]!({ body: { id: 1, text: "a" } });
    expect(json.body).toEqual({ kind: "object", contentType: "application/json", value: { id: 1, text: "a" } });
    const patch = await client["postAnyBody"]!({ body: { text: "b" }, contentType: "application/merge-patch+json" });
    expect(patch.body).toEqual({ kind: "object", contentType: "application/merge-patch+json", value: { text: "b" } });
    // Valid as a merge patch, not as a Note: the JSON schema is the one that applies.
    const invalid = await client["postAnyBody"]!({ body: { text: "b" }, contentType: "application/json" });
    expect(invalid.status).toBe(422);
  });

  it("text arrives as a validated string, binary and image/* as a stream", async () => {
    const text = await client["postAnyBody"]!({ body: "hello", contentType: "text/plain" });
    expect(text.body).toEqual({ kind: "string", contentType: "text/plain", value: "hello" });
    expect((await client["postAnyBody"]!({ body: "far too long for twenty", contentType: "text/plain" })).status).toBe(422);
    const bytes = await client["postAnyBody"]!({ body: new Uint8Array([1, 2, 3]), contentType: "application/octet-stream" });
    expect(bytes.body).toEqual({ kind: "stream", contentType: "application/octet-stream", length: 3 });
    const image = await client["postAnyBody"]!({ body: new Blob([new Uint8Array(5)], { type: "image/png" }), contentType: "image/png" });
    expect(image.body).toEqual({ kind: "stream", contentType: "image/*", length: 5 });
  });

  it("an undeclared or malformed Content-Type is a 415, never parsed one way and validated another", async () => {
    // (fetch trims header values, so a leading-space variant cannot be sent this way.)
    for (const contentType of ["application/xml", "application/json garbage", "application/json;", "text/html"]) {
      const response = await fetch(`${url}/bodies/any`, { method: "POST", headers: { "content-type": contentType }, body: "{}" });
      expect(response.status, contentType).toBe(415);
    }
  });

  it("an optional body may be absent", async () => {
    expect((await client["putOptionalBody"]!()).status).toBe(204);
    expect((await client["putOptionalBody"]!({ body: { id: 1, text: "x" } })).status).toBe(204);
  });
});

describe("status codes: exact, nXX range, default", () => {
  it.each([
    [200, { id: 1, text: "exact" }],
    [202, { range: "2XX" }],
    [418, { title: "Client error", status: 418 }],
    [503, { status: 503 }],
  ])("%i reaches the client with the body its declared response describes", async (code, body) => {
    const result = await client["respondWithStatus"]!({ path: { code } });
    expect(result.status).toBe(code);
    expect(result.body).toEqual(body);
  });

  it("304 and 204 carry no body", async () => {
    const notModified = await client["respondWithStatus"]!({ path: { code: 304 } });
    expect([notModified.status, notModified.body]).toEqual([304, undefined]);
    const noContent = await client["deleteNothing"]!();
    expect([noContent.status, noContent.body]).toEqual([204, undefined]);
  });
});

describe("several media types for one response", () => {
  it("follows Accept (q-values included) and answers 406 when none is acceptable", async () => {
    const json = await fetch(`${url}/responses/report`, { headers: { accept: "application/json" } });
    expect([json.status, json.headers.get("content-type"), await json.json()]).toEqual([200, "application/json", { total: 3 }]);
    const csv = await fetch(`${url}/responses/report`, { headers: { accept: "text/csv, application/json;q=0.5" } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toBe("total\r\n3\r\n");
    const none = await fetch(`${url}/responses/report`, { headers: { accept: "image/png" } });
    expect(none.status).toBe(406);
  });
});

describe("response headers", () => {
  it("are typed in the client: string, integer and array values from simple style", async () => {
    const result = await client["createWithHeaders"]!();
    expect(result.status).toBe(201);
    expect(result.declaredHeaders).toEqual({ Location: "/things/9", "X-Rate-Limit-Remaining": 41, "X-Tags": ["a", "b c"] });
    expect(result.headers.get("x-tags")).toBe("a,b c");
  });
});

describe("streamed bodies", () => {
  it("sends a generator of byte chunks as one chunked body the client reads as bytes", async () => {
    const result = await client["download"]!();
    expect(result.status).toBe(200);
    expect(result.headers.get("transfer-encoding")).toBe("chunked");
    expect(result.body).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(result.body as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("server-sent events", () => {
  it("JSON data arrives parsed, with event types and ids", async () => {
    const result = await client["streamNotes"]!();
    const events = [];
    for await (const event of result.body as AsyncIterable<unknown>) events.push(event);
    expect(events).toEqual([
      { data: { id: 1, text: "first" }, id: "a" },
      { data: { id: 2, text: "second\nline" }, event: "edited", id: "a" },
    ]);
  });

  it("text data arrives as sent, multi-line included, never JSON-parsed", async () => {
    const result = await client["streamLog"]!();
    const events = [];
    for await (const event of result.body as AsyncIterable<unknown>) events.push(event);
    expect(events).toEqual([{ data: "line one\nline two" }, { data: "{not json}" }]);
  });
});

describe("readOnly and writeOnly", () => {
  it("the client sends without the readOnly id, the server refuses it when sent, and never returns the password", async () => {
    const created = await client["createAccount"]!({ body: { name: "ada", password: "correct horse" } });
    expect([created.status, created.body]).toEqual([201, { id: 5, name: "ada" }]);
    const refused = await client["createAccount"]!({ body: { id: 1, name: "ada", password: "correct horse" } });
    expect(refused.status).toBe(422);
    expect((refused.body as { errors: unknown[] }).errors[0]).toMatchObject({ loc: ["body", "id"], keyword: "readOnly" });
  });
});

describe("the generated types of every response form", () => {
  it("accept what the spec declares and reject the rest (tsc --strict)", async () => {
    await writeFile(
      path.join(out, "usage.ts"),
      `import type { Handlers } from "./handlers.js";
import type { createClient } from "./client.js";

export const handlers: Pick<Handlers, "respondWithStatus" | "getReport" | "createWithHeaders" | "download" | "streamNotes" | "streamLog"> = {
  respondWithStatus: ({ path }) =>
    path.code === 200 ? { status: 200, body: { id: 1, text: "x" } }
    : path.code === 201 ? { status: 201, body: { range: "2XX" } }
    : path.code === 304 ? { status: 304 }
    : path.code === 404 ? { status: 404, body: { title: "Not Found", status: 404 } }
    : { status: 500, body: { status: 500 } },
  getReport: (_input, context) =>
    context.accepts(["application/json", "text/csv"]) === "text/csv"
      ? { status: 200, contentType: "text/csv", body: "total\\n3\\n" }
      : { status: 200, contentType: "application/json", body: { total: 3 } },
  createWithHeaders: () => ({ status: 201, headers: { Location: "/x", "X-Rate-Limit-Remaining": 1 } }),
  download: () => ({ status: 200, body: (async function* () { yield new Uint8Array([1]); })() }),
  streamNotes: () => ({ status: 200, body: [{ data: { id: 1, text: "x" } }] }),
  streamLog: () => ({ status: 200, body: [{ data: "text" }] }),
};

// @ts-expect-error 2XX is declared with its own body, not Note's
export const wrongRangeBody: ReturnType<Handlers["respondWithStatus"]> = { status: 201, body: { id: 1, text: "x" } };
// @ts-expect-error X-Rate-Limit-Remaining is required
export const missingHeader: ReturnType<Handlers["createWithHeaders"]> = { status: 201, headers: { Location: "/x" } };
// @ts-expect-error the events' data must be a Note
export const wrongEvent: ReturnType<Handlers["streamNotes"]> = { status: 200, body: [{ data: { id: "1" } }] };

export async function read(client: ReturnType<typeof createClient>): Promise<number> {
  const headers = await client.createWithHeaders();
  const remaining: number = headers.status === 201 ? headers.declaredHeaders["X-Rate-Limit-Remaining"] : 0;
  const notes = await client.streamNotes();
  let total = remaining;
  if (notes.status === 200) for await (const event of notes.body) total += event.data.id;
  const log = await client.streamLog();
  if (log.status === 200) for await (const event of log.body) total += event.data.length;
  const file = await client.download();
  if (file.status === 200) total += file.body.byteLength;
  return total;
}
`,
    );
    await writeFile(path.join(out, "index.ts"), 'export * from "./usage.js";\n');
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);
});
