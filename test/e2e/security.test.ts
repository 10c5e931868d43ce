/**
 * Security requirements end to end (OpenAPI 3.1 §4.8.30) with every scheme kind the runtime reads:
 * the generated client sends the configured credentials, the runtime extracts and verifies them,
 * OR across requirements, AND inside one, `{}` optional, `security: []` public.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { createServer, inject, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.0.3
info: { title: Vault, version: 1.0.0 }
security:
  - bearer: []
paths:
  /public:
    get:
      operationId: readPublic
      security: []
      responses: { "204": { description: ok } }
  /either:
    get:
      operationId: readEither
      security:
        - basic: []
        - keyInQuery: []
          keyInCookie: []
      responses: { "204": { description: ok } }
  /optional:
    get:
      operationId: readOptional
      security:
        - bearer: []
        - {}
      responses: { "204": { description: ok } }
  /default:
    get:
      operationId: readDefault
      responses: { "204": { description: ok } }
  /scoped:
    post:
      operationId: writeScoped
      security:
        - oauth: [write]
      responses: { "204": { description: ok } }
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes: { read: Read things, write: Write things }
    bearer: { type: http, scheme: bearer }
    basic: { type: http, scheme: basic }
    keyInQuery: { type: apiKey, in: query, name: key }
    keyInCookie: { type: apiKey, in: cookie, name: session }
`;

const out = path.resolve(".test-output", `security-${process.pid}`);
let api: ApiDefinition;
let client: (security: Record<string, unknown>) => Record<string, (request?: object) => Promise<{ status: number; headers: Headers }>>;
const seen: string[] = [];

beforeAll(async () => {
  const work = await temporaryFolder();
  await generate({ spec: await writeSpec(work.path, spec), out });
  await work.remove();
  api = ((await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition }).api;
  const generatedClient = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createClient: (options: object) => never };
  const server: ApiServer = createServer(
    api,
    {
      readPublic: () => ({ status: 204 }),
      readEither: (_input: unknown, context: { principals: object }) => (seen.push(`either:${JSON.stringify(context.principals)}`), { status: 204 }),
      readOptional: (_input: unknown, context: { principal: unknown }) => (seen.push(`optional:${JSON.stringify(context.principal ?? null)}`), { status: 204 }),
      readDefault: () => ({ status: 204 }),
      writeScoped: () => ({ status: 204 }),
    },
    {
      logger: false,
      docs: false,
      security: {
        bearer: (token: string) => (token === "good-token" ? { user: "bearer" } : null),
        basic: (credentials: { username: string; password: string }) => (credentials.username === "ünïcode" && credentials.password === "p:ss" ? { user: "basic" } : null),
        keyInQuery: (key: string) => (key === "q" ? { part: "query" } : null),
        keyInCookie: (key: string) => (key === "c" ? { part: "cookie" } : null),
        oauth: (token: string) => (token === "read-token" ? { scopes: "read" } : token === "write-token" ? { scopes: ["read", "write"] } : null),
      },
    },
  );
  client = (security) => generatedClient.createClient({ baseUrl: "http://in-process", transport: inject(server), security });
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe("security requirements through the generated client", () => {
  it("security: [] is public and the document-level requirement applies elsewhere", async () => {
    expect((await client({}).readPublic!()).status).toBe(204);
    const missing = await client({}).readDefault!();
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="Vault"');
    expect((await client({ bearer: "bad-token" }).readDefault!()).status).toBe(401);
    expect((await client({ bearer: async () => "good-token" }).readDefault!()).status).toBe(204);
  });

  it("OR across requirements, AND inside one; Basic is UTF-8 and splits at the first colon", async () => {
    expect((await client({ basic: { username: "ünïcode", password: "p:ss" } }).readEither!()).status).toBe(204);
    expect((await client({ keyInQuery: "q", keyInCookie: "c" }).readEither!()).status).toBe(204);
    // Only half of the second requirement: the client has no complete alternative, the server says 401.
    const half = await client({ keyInQuery: "q" }).readEither!();
    expect(half.status).toBe(401);
    expect(half.headers.get("www-authenticate")).toContain('Basic realm="Vault"');
    expect(seen.filter((entry) => entry.startsWith("either:"))).toEqual(['either:{"basic":{"user":"basic"}}', 'either:{"keyInQuery":{"part":"query"},"keyInCookie":{"part":"cookie"}}']);
  });

  it("{} makes authentication optional, but a credential given is still verified when it passes", async () => {
    expect((await client({}).readOptional!()).status).toBe(204);
    expect((await client({ bearer: "good-token" }).readOptional!()).status).toBe(204);
    expect(seen.filter((entry) => entry.startsWith("optional:"))).toEqual(["optional:null", 'optional:{"user":"bearer"}']);
  });

  it("checks a requirement's scopes against the principal's: 403 when lacking, 401 when invalid", async () => {
    const reader = await client({ oauth: "read-token" }).writeScoped!();
    expect(reader.status).toBe(403);
    expect(reader.headers.get("www-authenticate")).toBeNull();
    expect((await client({ oauth: "write-token" }).writeScoped!()).status).toBe(204);
    const stranger = await client({ oauth: "unknown" }).writeScoped!();
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get("www-authenticate")).toBe('Bearer realm="Vault"');
  });
});
