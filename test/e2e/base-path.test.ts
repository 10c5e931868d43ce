/**
 * The spec's base path (issue 16): operations, `/openapi.json` and `/docs` are served under the
 * path of the first server URL (OpenAPI 3.1 §4.8.5, variables resolved with their defaults), as a
 * path-routing proxy forwards them; `basePath` in the server options overrides it. Over a real
 * socket, with the generated client and the fuzzer.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzz, generate } from "specwright";
import type { ApiServer } from "specwright/runtime";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.1.0
info: { title: Based, version: 1.0.0 }
servers:
  - url: https://{region}.example.com/api/{version}/
    variables:
      region: { default: eu }
      version: { default: v1, enum: [v1, v2] }
paths:
  /things/{thingId}:
    get:
      operationId: getThing
      parameters:
        - { name: thingId, in: path, required: true, schema: { type: integer } }
      responses:
        "200":
          description: A thing
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: integer } } }
        "404": { description: No such thing }
        "422": { description: Invalid parameters }
`;

const out = path.resolve(".test-output", `base-path-${process.pid}`);
let specFile = "";
let remove: () => Promise<void> = async () => {};
let routes: { api: { basePath?: string }; createServer: (handlers: object, options?: object) => ApiServer };
const servers: ApiServer[] = [];
const handlers = { getThing: ({ path: { thingId } }: { path: { thingId: number } }) => (thingId === 404 ? { status: 404 } : { status: 200, body: { id: thingId } }) };

async function start(options: object = {}): Promise<{ url: string; origin: string }> {
  const server = routes.createServer(handlers, { logger: false, ...options });
  servers.push(server);
  const { url, port } = await server.listen(0, "127.0.0.1");
  return { url, origin: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  const temp = await temporaryFolder();
  remove = temp.remove;
  specFile = await writeSpec(temp.path, spec);
  await generate({ spec: specFile, out });
  routes = await import(pathToFileURL(path.join(out, "routes.ts")).href);
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rm(out, { recursive: true, force: true });
  await remove();
});

describe("the base path of the first server URL", () => {
  it("is decided at generate time, variables resolved with their defaults", () => {
    expect(routes.api.basePath).toBe("/api/v1");
  });

  it("serves the operations under it, and only there", async () => {
    const { url, origin } = await start();
    expect(url).toBe(`${origin}/api/v1`);
    expect((await fetch(`${origin}/api/v1/things/7`)).status).toBe(200);
    expect(await (await fetch(`${origin}/api/v1/things/7`)).json()).toEqual({ id: 7 });
    expect((await fetch(`${origin}/things/7`)).status).toBe(404);
    expect((await fetch(`${origin}/api/v1x/things/7`)).status).toBe(404);
  });

  it("serves /openapi.json and /docs under it, the page loading the document from there", async () => {
    const { origin } = await start();
    const document = await fetch(`${origin}/api/v1/openapi.json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { servers: unknown[] }).servers[0]).toMatchObject({ url: "https://{region}.example.com/api/{version}/" });
    const page = await (await fetch(`${origin}/api/v1/docs`)).text();
    expect(page).toContain('"url":"/api/v1/openapi.json"');
    expect(page).toContain('href="/api/v1/docs/swagger-ui.css"');
    expect((await fetch(`${origin}/api/v1/docs/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${origin}/docs`)).status).toBe(404);
    expect((await fetch(`${origin}/openapi.json`)).status).toBe(404);
  });

  it("is overridden by the basePath option, and the served document's servers follow it", async () => {
    const { url, origin } = await start({ basePath: "/edge/" });
    expect(url).toBe(`${origin}/edge`);
    expect((await fetch(`${origin}/edge/things/3`)).status).toBe(200);
    expect((await fetch(`${origin}/api/v1/things/3`)).status).toBe(404);
    expect(((await (await fetch(`${origin}/edge/openapi.json`)).json()) as { servers: unknown[] }).servers).toEqual([{ url: "/edge" }]);
    const root = await start({ basePath: "" });
    expect((await fetch(`${root.origin}/things/3`)).status).toBe(200);
    expect(() => routes.createServer(handlers, { logger: false, basePath: "/a/../b" })).toThrow(/basePath must be a path/);
  });

  it("agrees with the generated client, given the URL listen() reports", async () => {
    const { url } = await start();
    const clientModule = await import(pathToFileURL(path.join(out, "client.ts")).href);
    expect(clientModule.basePath).toBe("/api/v1");
    const client = clientModule.createClient({ baseUrl: url });
    expect(await client.getThing({ path: { thingId: 5 } })).toMatchObject({ status: 200, body: { id: 5 } });
  });

  it("is where the fuzzer sends its requests, over a socket and in process", async () => {
    const { origin } = await start();
    const server = routes.createServer(handlers, { logger: false });
    for (const target of [origin, server]) {
      const report = await fuzz(target, { spec: specFile, seed: 3, maxExamples: 10 });
      expect(report.requests).toBeGreaterThan(5);
      expect(report.failures).toEqual([]);
      expect(report.passed).toBe(true);
    }
  }, 60_000);
});

describe("server URLs that give no base path", () => {
  it("warn at generate time: a variable without a default, and operation servers with another path", async () => {
    const temp = await temporaryFolder();
    try {
      const odd = spec
        .replace("      region: { default: eu }\n", "")
        .replace("      operationId: getThing\n", "      operationId: getThing\n      servers: [{ url: /elsewhere }]\n");
      const result = await generate({ spec: await writeSpec(temp.path, odd), out: path.join(out, "odd") });
      expect(result.warnings).toEqual(expect.arrayContaining([
        expect.objectContaining({ code: "SPW_W_SERVER_URL", pointer: "#/servers/0/url", line: 4 }),
        expect.objectContaining({ code: "SPW_W_SERVERS_NOT_APPLIED", pointer: "#/paths/~1things~1{thingId}/get/servers" }),
      ]));
      expect(result.model!.basePath).toBe("");
    } finally {
      await temp.remove();
    }
  });
});
