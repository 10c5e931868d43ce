/**
 * The `dateTime: "date"` option (docs/features.md, "int64 and date-time"): `format: date-time` is `Date` in
 * the types; the runtime hands handlers `Date`s (after validating the strings) and sends response
 * `Date`s as RFC 3339 strings; the client sends `Date`s as strings and revives response strings.
 * Types are asserted with tsc, conversions over a real socket.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { typecheckGenerated } from "../helpers/typecheck.js";

const out = path.resolve(".test-output", `date-time-${process.pid}`);
const stops: (() => Promise<void>)[] = [];
let baseUrl = "";
let client: { createEvent: Function; listChildren: Function };
const received: unknown[] = [];

beforeAll(async () => {
  await generate({ spec: "test/fixtures/date-time/openapi.yaml", out, dateTime: "date" });
  const routes = await import(pathToFileURL(path.join(out, "routes.ts")).href);
  const clientModule = await import(pathToFileURL(path.join(out, "client.ts")).href);
  const server = routes.createServer(
    {
      createEvent: ({ body, query }: { body: Record<string, unknown>; query: Record<string, unknown> }) => {
        received.push({ body, query });
        const at = body["at"] as Date;
        return { status: 201, body: { ...body, at: new Date(at.getTime() + 86_400_000), history: [at] } };
      },
      listChildren: () => ({
        status: 200,
        body: [{ at: new Date("2024-01-01T00:00:00Z"), children: [{ at: new Date("2024-01-02T00:00:00Z"), children: [] }] }],
      }),
    },
    { logger: false },
  );
  ({ url: baseUrl } = await server.listen(0, "127.0.0.1"));
  stops.push(() => server.close());
  client = clientModule.createClient({ baseUrl });
}, 60_000);
afterAll(async () => {
  while (stops.length > 0) await stops.pop()!();
  await rm(out, { recursive: true, force: true });
});

describe("dateTime: date", () => {
  it("types date-time as Date (nullable as Date | null) under tsc --strict", async () => {
    await writeFile(
      path.join(out, "dates.typecheck.ts"),
      `import type { Handlers } from "./handlers.js";
import { createClient } from "./client.js";
export const handlers: Handlers = {
  createEvent: ({ body, query }) => {
    const at: Date = body.at;
    const ended: Date | null | undefined = body.endedAt;
    const notBefore: Date | undefined = query.notBefore;
    const zones: Date[] = Object.values(body.byZone ?? {});
    // @ts-expect-error a Date, not a string
    const text: string = body.at;
    void [at, ended, notBefore, zones, text];
    return { status: 201, body: { name: "n", at: new Date() } };
  },
  // @ts-expect-error the response needs a Date, not a string
  listChildren: () => ({ status: 200, body: [{ at: "2024-01-01T00:00:00Z" }] }),
};
export async function call(): Promise<Date> {
  const result = await createClient({ baseUrl: "http://127.0.0.1" }).createEvent({ body: { name: "n", at: new Date() }, query: { notBefore: new Date() } });
  if (result.status !== 201) throw new Error("unexpected");
  return result.body.at;
}
`,
    );
    const index = await readFile(path.join(out, "index.ts"), "utf8");
    await writeFile(path.join(out, "index.ts"), `${index}import "./dates.typecheck.js";\n`);
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);

  it("converts request strings to Dates after validation, and response Dates to strings", async () => {
    received.length = 0;
    const response = await fetch(`${baseUrl}/events?notBefore=2024-03-01T10:00:00Z`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "launch", at: "2024-03-01T12:00:00.5+01:00", endedAt: null, label: "2024-03-01T12:00:00Z",
        history: ["2024-02-29T00:00:00Z"], 'a"b*/': "2024-01-02T00:00:00Z", byZone: { paris: "2024-03-01T12:00:00+01:00", __proto__x: "2024-03-01T11:00:00Z" },
      }),
    });
    expect(response.status).toBe(201);
    const [{ body, query }] = received as [{ body: Record<string, unknown>; query: Record<string, unknown> }];
    expect(body["at"]).toEqual(new Date("2024-03-01T11:00:00.500Z"));
    expect(body["endedAt"]).toBeNull();
    expect(body["label"]).toBe("2024-03-01T12:00:00Z"); // not a date-time in the schema
    expect(body["history"]).toEqual([new Date("2024-02-29T00:00:00Z")]);
    expect(body['a"b*/']).toEqual(new Date("2024-01-02T00:00:00Z"));
    expect(body["byZone"]).toEqual({ paris: new Date("2024-03-01T11:00:00Z"), __proto__x: new Date("2024-03-01T11:00:00Z") });
    expect(query["notBefore"]).toEqual(new Date("2024-03-01T10:00:00Z"));
    // On the wire: RFC 3339 strings (toISOString), validated against the response schema.
    const sent = await response.json();
    expect(sent).toMatchObject({ at: "2024-03-02T11:00:00.500Z", history: ["2024-03-01T11:00:00.500Z"], label: "2024-03-01T12:00:00Z" });
  });

  it("rejects an invalid date-time with 422 before any conversion", async () => {
    received.length = 0;
    const response = await fetch(`${baseUrl}/events`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "n", at: "2024-02-30T00:00:00Z" }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors[0]).toMatchObject({ loc: ["body", "at"], keyword: "format" });
    expect(received).toEqual([]);
  });

  it("the client sends Dates as strings and revives response date-times, through $refs and recursion", async () => {
    received.length = 0;
    const result = await client.createEvent({ body: { name: "c", at: new Date("2024-05-01T00:00:00Z") }, query: { notBefore: new Date("2024-04-01T00:00:00Z") } });
    expect(result.status).toBe(201);
    expect(result.body.at).toEqual(new Date("2024-05-02T00:00:00Z"));
    expect(result.body.history).toEqual([new Date("2024-05-01T00:00:00Z")]);
    expect((received[0] as { query: Record<string, unknown> }).query["notBefore"]).toEqual(new Date("2024-04-01T00:00:00Z"));

    const tree = await client.listChildren({ path: { id: "1" } });
    expect(tree.body).toEqual([{ at: new Date("2024-01-01T00:00:00Z"), children: [{ at: new Date("2024-01-02T00:00:00Z"), children: [] }] }]);
  });
});
