/**
 * What the generated types promise, and what the runtime does, over a real socket with the
 * generated client and server of test/fixtures/honest-types/openapi.yaml:
 * - request-body properties with a `default` may be left out by the client and arrive filled in
 *   at the handler, at every depth and through `$ref`s (a readOnly property's default never does);
 * - a body in several media types tells the handler which one arrived (`input.contentType`, the
 *   declared key);
 * - a handler may leave a response's media type to negotiation: Accept decides, or 406;
 * - a 422 lists every invalid field and parameter, capped at 100, and a hostile body costs
 *   bounded work (allErrors with error-budget.ts).
 * The generated types are checked with tsc --strict, with `@ts-expect-error` lines that fail when
 * a type is too loose.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { createServer, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { typecheckGenerated } from "../helpers/typecheck.js";

const fixture = path.resolve("test/fixtures/honest-types/openapi.yaml");
const out = path.resolve(".test-output", `honest-types-${process.pid}`);

type Result = { status: number; body: unknown; headers: Headers };
type ClientMethod = (request?: object, options?: object) => Promise<Result>;
type Input = { path: Record<string, unknown>; body: unknown; contentType?: string };

let server: ApiServer;
let url = "";
let client: Record<string, ClientMethod>;

const received = ({ body, contentType }: Input) => ({ status: 200, body: { ...(contentType !== undefined ? { contentType } : {}), body: body ?? null } });
const receivedBody = ({ body }: Input) => ({ status: 200, body: { body } });
const handlers: Record<string, (input: Input) => unknown> = {
  createTodo: receivedBody,
  createInlineTodo: receivedBody,
  createNote: received,
  replaceNote: received,
  // No contentType: the runtime negotiates between the two declared media types.
  getNote: ({ path }) => ({ status: 200, body: { id: path["noteId"], text: "hello" } }),
  getReport: () => ({ status: 200, contentType: "text/csv", body: "total\r\n3\r\n" }),
  signUp: () => ({ status: 204 }),
};

beforeAll(async () => {
  await generate({ spec: fixture, out });
  const { api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition };
  server = createServer(api, handlers, { logger: false, docs: false });
  url = (await server.listen(0, "127.0.0.1")).url;
  const generated = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createClient: (options: object) => Record<string, ClientMethod> };
  client = generated.createClient({ baseUrl: url });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(out, { recursive: true, force: true });
});

async function post(target: string, body: string, contentType = "application/json"): Promise<{ status: number; body: { errors?: { loc: unknown[]; keyword: string }[] } }> {
  const response = await fetch(`${url}${target}`, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: response.status, body: response.status === 204 ? {} : await response.json() };
}

describe("request-body defaults: optional for the client, filled in for the handler", () => {
  it("a client sends { title } and the handler receives done and tags from their defaults (never the readOnly id's)", async () => {
    const result = await client["createTodo"]!({ body: { title: "Write" } });
    expect([result.status, result.body]).toEqual([200, { body: { title: "Write", done: false, tags: [] } }]);
  });

  it("defaults apply at every depth: through $refs, arrays of $refs and inline objects", async () => {
    const result = await client["createTodo"]!({ body: { title: "Write", settings: {}, reminders: [{ at: "09:00" }], options: {} } });
    expect(result.body).toEqual({
      body: { title: "Write", done: false, tags: [], settings: { colour: "blue" }, reminders: [{ at: "09:00", channel: "email" }], options: { priority: 3 } },
    });
  });

  it("and in an inline body schema, with inline objects and arrays of them", async () => {
    const result = await client["createInlineTodo"]!({ body: { title: "Read", meta: {}, steps: [{ name: "open" }], settings: {} } });
    expect(result.body).toEqual({
      body: { title: "Read", done: false, meta: { source: "web" }, steps: [{ name: "open", minutes: 5 }], settings: { colour: "blue" } },
    });
  });

  it("what the client sends is kept over the default", async () => {
    const result = await client["createTodo"]!({ body: { title: "Write", done: true, tags: ["a"], settings: { colour: "red" } } });
    expect(result.body).toEqual({ body: { title: "Write", done: true, tags: ["a"], settings: { colour: "red" } } });
  });
});

describe("input.contentType: the declared media type the body arrived as", () => {
  it("is the declared key for each media type, whatever parameters the Content-Type carries", async () => {
    const json = await client["createNote"]!({ body: { text: "a" } });
    expect(json.body).toEqual({ contentType: "application/json", body: { text: "a" } });
    const form = await client["createNote"]!({ body: { text: "b", pinned: true }, contentType: "application/x-www-form-urlencoded" });
    expect(form.body).toEqual({ contentType: "application/x-www-form-urlencoded", body: { text: "b", pinned: true } });
    const withCharset = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "Application/JSON; charset=utf-8" }, body: '{"text":"c"}' });
    expect(await withCharset.json()).toEqual({ contentType: "application/json", body: { text: "c" } });
  });

  it("is undefined when an optional body is absent", async () => {
    const text = await client["replaceNote"]!({ body: "plain", contentType: "text/plain" });
    expect(text.body).toEqual({ contentType: "text/plain", body: "plain" });
    const none = await client["replaceNote"]!();
    expect(none.body).toEqual({ body: null });
  });
});

describe("a handler that leaves the media type to negotiation", () => {
  it("answers in the media type Accept prefers, or 406 when none is acceptable", async () => {
    const vendor = await fetch(`${url}/notes/7`, { headers: { accept: "application/vnd.honest.note+json" } });
    expect([vendor.status, vendor.headers.get("content-type"), await vendor.json()]).toEqual([200, "application/vnd.honest.note+json", { id: 7, text: "hello" }]);
    const json = await fetch(`${url}/notes/7`, { headers: { accept: "application/json;q=1, application/vnd.honest.note+json;q=0.5" } });
    expect([json.status, json.headers.get("content-type")]).toEqual([200, "application/json"]);
    const none = await fetch(`${url}/notes/7`, { headers: { accept: "text/html" } });
    expect(none.status).toBe(406);
    expect(await none.json()).toMatchObject({ status: 406, code: "SPW_HTTP_NOT_ACCEPTABLE" });
  });
});

describe("422: every invalid field and parameter, capped", () => {
  it("three invalid body fields and an invalid query parameter give four issues with their locs", async () => {
    const result = await client["signUp"]!({ query: { invite: 0 }, body: { name: "A", email: "not an email", age: 5 } });
    expect(result.status).toBe(422);
    const { errors } = result.body as { errors: { in: string; name?: string; loc: unknown[]; keyword: string }[] };
    expect(errors.map(({ in: part, loc, keyword }) => ({ in: part, loc, keyword }))).toEqual([
      { in: "query", loc: ["query", "invite"], keyword: "minimum" },
      { in: "body", loc: ["body", "name"], keyword: "minLength" },
      { in: "body", loc: ["body", "email"], keyword: "format" },
      { in: "body", loc: ["body", "age"], keyword: "minimum" },
    ]);
    expect(errors[0]).toMatchObject({ name: "invite" });
  });

  it("a 1 MiB body of invalid array items gives 100 issues, the first ones", async () => {
    const head = '{"name":"ab","email":"a@b.co","age":20,"answers":[';
    const count = Math.floor((1_048_576 - head.length - 2) / 3);
    const result = await post("/signups", head + Array(count).fill("{}").join(",") + "]}");
    expect(result.status).toBe(422);
    expect(result.body.errors).toHaveLength(100);
    expect(result.body.errors!.slice(0, 3).map((issue) => issue.loc)).toEqual([["body", "answers", 0, "question"], ["body", "answers", 0, "value"], ["body", "answers", 1, "question"]]);
  });

  it("a union whose first branch fails on every item still accepts the second (no cap inside a union)", async () => {
    const head = '{"name":"ab","email":"a@b.co","age":20,"choices":[';
    const count = Math.floor((1_048_576 - head.length - 2) / 2);
    expect((await post("/signups", head + Array(count).fill("1").join(",") + "]}")).status).toBe(204);
    const mixed = await post("/signups", head + "1,2,\"three\"]}");
    expect(mixed.status).toBe(422);
    expect(mixed.body.errors!.map((issue) => [issue.loc, issue.keyword])).toEqual([
      [["body", "choices", 0], "type"],
      [["body", "choices", 2], "type"],
      [["body", "choices"], "anyOf"],
    ]);
  });

  it("size limits still guard costly checks: maxLength before a backtracking pattern, maxItems before uniqueItems", async () => {
    const code = await post("/signups", JSON.stringify({ name: "ab", email: "a@b.co", age: 20, code: "a".repeat(1_000_000) + "!" }));
    expect(code.body.errors!.map((issue) => issue.keyword)).toEqual(["maxLength"]);
    const picks = await post("/signups", JSON.stringify({ name: "ab", email: "a@b.co", age: 20, picks: Array.from({ length: 300_000 }, () => ({})) }));
    expect(picks.body.errors!.map((issue) => issue.keyword)).toEqual(["maxItems"]);
    const short = await post("/signups", JSON.stringify({ name: "ab", email: "a@b.co", age: 20, code: "ab", picks: [{}, {}] }));
    expect(short.body.errors!.map((issue) => issue.keyword)).toEqual(["pattern", "uniqueItems"]);
  });
});

describe("the generated types (tsc --strict)", () => {
  it("make defaulted properties optional for the client and present for the handler, type input.contentType, allow negotiation and type the 422", async () => {
    await writeFile(
      path.join(out, "usage.ts"),
      `import type { Handlers } from "./handlers.js";
import type { createClient } from "./client.js";

export const handlers: Pick<Handlers, "createTodo" | "createInlineTodo" | "createNote" | "replaceNote" | "getNote" | "getReport"> = {
  createTodo: ({ body }) => {
    // Filled in by the server: present for the handler, at every depth.
    const done: boolean = body.done;
    const tags: string[] = body.tags;
    const colour: string | undefined = body.settings?.colour;
    const channel: "email" | "sms" | undefined = body.reminders?.[0]?.channel;
    const priority: number | undefined = body.options?.priority;
    // @ts-expect-error the readOnly id never reaches a handler
    void body.id;
    return { status: 200, body: { body: { done, tags, colour, channel, priority } } };
  },
  createInlineTodo: ({ body }) => {
    const done: boolean = body.done;
    const source: string | undefined = body.meta?.source;
    const minutes: number | undefined = body.steps?.[0]?.minutes;
    const colour: string | undefined = body.settings?.colour;
    return { status: 200, body: { body: { done, source, minutes, colour } } };
  },
  createNote: (input) => {
    // @ts-expect-error pinned is a form field: the body must be narrowed by contentType first
    void input.body.pinned;
    if (input.contentType === "application/x-www-form-urlencoded") {
      const pinned: boolean | undefined = input.body.pinned;
      return { status: 200, body: { contentType: input.contentType, body: { pinned } } };
    }
    const json: "application/json" = input.contentType;
    const id: number | undefined = input.body.id;
    return { status: 200, body: { contentType: json, body: { id } } };
  },
  replaceNote: (input) => {
    if (input.contentType === undefined) {
      const nothing: undefined = input.body;
      return { status: 200, body: { body: nothing ?? null } };
    }
    const text: string = input.contentType === "text/plain" ? input.body : input.body.text;
    return { status: 200, body: { body: text } };
  },
  // Negotiated: no contentType, a body that fits both media types.
  getNote: ({ path }) => ({ status: 200, body: { id: path.noteId, text: "x" } }),
  getReport: () => ({ status: 200, contentType: "text/csv", body: "total\\n3\\n" }),
};

// @ts-expect-error an object cannot be negotiated into CSV: without contentType the body must fit every media type
export const unnegotiable: ReturnType<Handlers["getReport"]> = { status: 200, body: { total: 3 } };
// @ts-expect-error a chosen media type needs that media type's body
export const mismatched: ReturnType<Handlers["getReport"]> = { status: 200, contentType: "text/csv", body: { total: 3 } };

export async function calls(client: ReturnType<typeof createClient>): Promise<number> {
  // Only \`required\` makes a property required: the server fills in done and tags.
  await client.createTodo({ body: { title: "Write" } });
  await client.createTodo({ body: { title: "Write", settings: {}, reminders: [{ at: "09:00" }], options: {} } });
  await client.createInlineTodo({ body: { title: "Read", meta: {}, steps: [{ name: "open" }] } });
  // @ts-expect-error title is required
  await client.createTodo({ body: { done: true } });
  // @ts-expect-error the readOnly id is not sent
  await client.createTodo({ body: { title: "Write", id: 1 } });
  // @ts-expect-error a reminder needs at
  await client.createTodo({ body: { title: "Write", reminders: [{ channel: "sms" }] } });
  // @ts-expect-error a step needs a name
  await client.createInlineTodo({ body: { title: "Read", steps: [{ minutes: 1 }] } });
  const result = await client.signUp({ query: { invite: 0 }, body: { name: "A", email: "nope", age: 5 } });
  if (result.status === 422) {
    // The runtime's 422: every issue, typed.
    const issue = result.body.errors[0];
    const where: (string | number)[] | undefined = issue?.loc;
    const keyword: string | undefined = issue?.keyword;
    return (where?.length ?? 0) + (keyword?.length ?? 0);
  }
  if (result.status === 415) {
    // @ts-expect-error other runtime problems carry no errors list
    return result.body.errors.length;
  }
  return 0;
}
`,
    );
    await writeFile(path.join(out, "index.ts"), 'export * from "./usage.js";\n');
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);
});
