/**
 * readOnly and writeOnly (OpenAPI 3.1 §4.8.24.4) from one schema used both ways: request types
 * omit readOnly properties and response types writeOnly ones; a readOnly property sent in a
 * request is a 422 (or removed, with `readOnlyProperties: "ignore"`); `required` applies to a
 * readOnly property only in responses and to a writeOnly one only in requests; writeOnly
 * properties never leave the server.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { createServer, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const spec = `openapi: 3.1.0
info: { title: Accounts, version: 1.0.0 }
paths:
  /accounts:
    post:
      operationId: createAccount
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Account" }
      responses:
        "201":
          description: The account as stored
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Account" }
  /teams:
    put:
      operationId: replaceTeam
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Team" }
      responses:
        "200":
          description: The team
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Team" }
components:
  schemas:
    Account:
      type: object
      additionalProperties: false
      required: [id, name, password, createdAt]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string, minLength: 1 }
        password: { type: string, minLength: 8, writeOnly: true }
        createdAt: { type: string, format: date-time, readOnly: true }
    Team:
      type: object
      required: [name, members]
      properties:
        name: { type: string }
        members:
          type: array
          items: { $ref: "#/components/schemas/Account" }
`;

const out = path.resolve(".test-output", `read-write-${process.pid}`);
let api: ApiDefinition;
const servers: ApiServer[] = [];

/** Handlers that store what they get and answer with it plus the server-set fields. */
const handlers = {
  createAccount: ({ body }: { body: Record<string, unknown> }) => ({ status: 201, body: { ...body, id: 7, createdAt: "2026-11-23T10:00:00Z" } }),
  replaceTeam: ({ body }: { body: { name: string; members: Record<string, unknown>[] } }) => ({
    status: 200,
    body: { ...body, members: body.members.map((member, index) => ({ ...member, id: index + 1, createdAt: "2026-11-23T10:00:00Z" })) },
  }),
};

async function start(options: { readOnlyProperties?: "reject" | "ignore" } = {}): Promise<string> {
  const server = createServer(api, handlers, { logger: false, docs: false, ...options });
  servers.push(server);
  return (await server.listen(0, "127.0.0.1")).url;
}

function post(url: string, route: string, body: unknown, method = "POST") {
  return fetch(`${url}${route}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  const work = await temporaryFolder();
  await generate({ spec: await writeSpec(work.path, spec), out });
  await work.remove();
  api = ((await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition }).api;
}, 60_000);
afterAll(async () => {
  for (const server of servers) await server.close();
  await rm(out, { recursive: true, force: true });
});

describe("readOnly and writeOnly at run time", () => {
  it("accepts a request without the readOnly properties their schema lists as required", async () => {
    const url = await start();
    const response = await post(url, "/accounts", { name: "ada", password: "correct horse" });
    expect(response.status).toBe(201);
    // writeOnly never leaves the server, though the handler returned it and the schema requires it.
    expect(await response.json()).toEqual({ id: 7, name: "ada", createdAt: "2026-11-23T10:00:00Z" });
  });

  it("still requires writeOnly properties in requests", async () => {
    const url = await start();
    const response = await post(url, "/accounts", { name: "ada" });
    expect(response.status).toBe(422);
    expect((await response.json()).errors[0]).toMatchObject({ loc: ["body", "password"], keyword: "required" });
  });

  it("answers 422 at the property for a readOnly property sent in a request, nested ones too", async () => {
    const url = await start();
    const top = await post(url, "/accounts", { id: 1, name: "ada", password: "correct horse" });
    expect(top.status).toBe(422);
    expect((await top.json()).errors[0]).toMatchObject({ in: "body", loc: ["body", "id"], pointer: "/id", keyword: "readOnly" });
    const nested = await post(url, "/teams", { name: "core", members: [{ name: "ada", password: "correct horse", createdAt: "2020-01-01T00:00:00Z" }] }, "PUT");
    expect(nested.status).toBe(422);
    expect((await nested.json()).errors[0]).toMatchObject({ loc: ["body", "members", 0, "createdAt"], keyword: "readOnly" });
  });

  it("removes readOnly properties instead with readOnlyProperties: ignore, and still validates the rest", async () => {
    const url = await start({ readOnlyProperties: "ignore" });
    const response = await post(url, "/teams", {
      name: "core",
      members: [
        { id: 99, name: "ada", password: "correct horse", createdAt: "2020-01-01T00:00:00Z" },
        { id: 98, name: "alan", password: "enigma machine" },
      ],
    }, "PUT");
    expect(response.status).toBe(200);
    // The handler never saw id 99/98 or the client's createdAt: it set its own.
    expect(await response.json()).toEqual({
      name: "core",
      members: [
        { id: 1, name: "ada", createdAt: "2026-11-23T10:00:00Z" },
        { id: 2, name: "alan", createdAt: "2026-11-23T10:00:00Z" },
      ],
    });
    const invalid = await post(url, "/accounts", { id: 1, name: "", password: "correct horse" });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors[0]).toMatchObject({ loc: ["body", "name"], keyword: "minLength" });
  });

  it("still validates responses: a readOnly property the schema requires must be returned", async () => {
    const server = createServer(api, { ...handlers, createAccount: ({ body }: { body: Record<string, unknown> }) => ({ status: 201, body: { ...body, id: 7 } }) }, { logger: false, docs: false });
    servers.push(server);
    const { url } = await server.listen(0, "127.0.0.1");
    expect((await post(url, "/accounts", { name: "ada", password: "correct horse" })).status).toBe(500);
  });
});

describe("readOnly and writeOnly in the generated types", () => {
  it("request types omit readOnly properties, response types writeOnly ones (tsc --strict)", async () => {
    await writeFile(
      path.join(out, "usage.ts"),
      `import type { CreateAccountInput, CreateAccountOutput, ReplaceTeamInput } from "./handlers.js";
import type { CreateAccountRequest, CreateAccountResult, ReplaceTeamResult } from "./client.js";

export const input: CreateAccountInput["body"] = { name: "ada", password: "correct horse" };
// @ts-expect-error id is readOnly: not part of a request
export const withId: CreateAccountInput["body"] = { id: 1, name: "ada", password: "correct horse" };
// Nested views: a team member in a request needs no id or createdAt (both readOnly)…
export const team: ReplaceTeamInput["body"] = { name: "core", members: [{ name: "ada", password: "correct horse" }] };
// @ts-expect-error …and may not carry them
export const member: ReplaceTeamInput["body"]["members"][number] = { name: "ada", password: "correct horse", createdAt: "x" };
export const request: CreateAccountRequest = { body: { name: "ada", password: "correct horse" } };
export const output: CreateAccountOutput = { status: 201, body: { id: 1, name: "ada", createdAt: "2026-11-23T10:00:00Z" } };
export function read(result: CreateAccountResult): number | undefined {
  if (result.status !== 201) return undefined;
  // @ts-expect-error password is writeOnly: never in a response
  void result.body.password;
  return result.body.id;
}
export function readTeam(result: ReplaceTeamResult): number | undefined {
  if (result.status !== 200) return undefined;
  // @ts-expect-error a member's password is writeOnly: never in a response, nested or not
  void result.body.members[0]?.password;
  return result.body.members[0]?.id;
}
`,
    );
    await writeFile(path.join(out, "index.ts"), 'export * from "./usage.js";\n');
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);
});
