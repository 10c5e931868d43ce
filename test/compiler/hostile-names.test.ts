/**
 * Spec text is untrusted input to a code generator (TypeScript generators have shipped a comment
 * terminator in a description that broke their output, and code-injection bugs: CWE-94): hostile
 * operationIds, property names, descriptions, enum values, paths and titles must give valid,
 * unambiguous code that passes tsc --strict, and importing every generated module must run none of it.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const payload = "*/ globalThis.__pwned = 1; /* ${globalThis.__pwned = 1} `+(globalThis.__pwned = 1)+` </script>\\u2028\u2028\u2029 \\\\ \\' \\\"";

const spec = {
  openapi: "3.1.0",
  info: { title: `Hostile ${payload}`, version: `1.0.0 ${payload}`, description: payload },
  servers: [{ url: `https://example.com/${payload}` }],
  paths: {
    "/items/{id}": {
      get: {
        operationId: "delete",
        summary: payload,
        description: payload,
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "integer" } },
          { name: "x-api-key'); process.exit(1); //", in: "header", schema: { type: "string" } },
          { name: "__proto__", in: "query", schema: { type: "string", enum: [payload, "constructor"] } },
        ],
        responses: {
          "200": {
            description: payload,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  description: payload,
                  properties: {
                    // A computed key makes an own property; `__proto__:` would set the prototype.
                    ["__proto__"]: { type: "string", description: payload },
                    constructor: { type: "string" },
                    'a"b': { type: "string" },
                    "a\\b": { type: "string" },
                    "*/": { type: "string" },
                    "line\u2028break": { type: "string", enum: [payload] },
                  },
                },
              },
            },
          },
        },
      },
    },
    "/get-user": { get: { operationId: "get-user", responses: { "204": { description: "x" } } } },
    "/get_user": { get: { operationId: "get_user", responses: { "204": { description: "x" } } } },
    "/constructor": { get: { operationId: "constructor", responses: { "204": { description: "x" } } } },
    "/emoji": { get: { operationId: "x'); process.exit(1); //🎉", responses: { "204": { description: payload } } } },
    "/123": { get: { operationId: "123abc", responses: { "204": { description: "x" } } } },
    // Names the generated client or the index.ts barrel already use for something else.
    "/create-client": { get: { operationId: "createClient", responses: { "204": { description: "x" } } } },
    "/paths": { get: { operationId: "paths", responses: { "204": { description: "x" } } } },
    "/create-server": { get: { operationId: "createServer", responses: { "204": { description: "x" } } } },
    "/things": { get: { operationId: "listThings", responses: { "204": { description: "x" } } } },
    "/things-operation": { get: { operationId: "listThingsOperation", responses: { "204": { description: "x" } } } },
    // Names tanstack-query.ts writes (getThingQueryOptions, GetThingData) taken by the client's own
    // imports; client names tanstack-query.ts uses itself for parameters and locals (core, request,
    // callOptions, signal) or imports (successBody; SuccessResult, the result type of
    // an operation `success`); a mutation without required arguments; HEAD; a spec whose only
    // response is `default`.
    "/thing": {
      get: { operationId: "getThing", responses: { "200": { description: "x", content: { "application/json": { schema: { type: "string" } } } } } },
      head: { operationId: "getThingData", responses: { "200": { description: "x" } } },
      put: { operationId: "core", responses: { "204": { description: "x" } } },
      delete: { operationId: "request", responses: { "204": { description: "x" } } },
      patch: { operationId: "callOptions", responses: { "204": { description: "x" } } },
      post: { operationId: "getThingQueryOptions", requestBody: { content: { "application/json": { schema: { type: "object" } } } }, responses: { default: { description: payload } } },
    },
    "/signal": { get: { operationId: "signal", responses: { "200": { description: "x", content: { "application/json": { schema: { type: "string" } } } } } } },
    "/success": { get: { operationId: "success", responses: { "200": { description: "x", content: { "application/json": { schema: { type: "string" } } } } } } },
    "/success-body": { post: { operationId: "successBody", responses: { "204": { description: "x" } } } },
  },
  components: {
    schemas: {
      // Enum constants (generated/enums.ts): names that sanitise alike, reserved words, no letters at all.
      "x-kind": { type: "string", enum: [payload, "constructor", "__proto__", ""] },
      x_kind: { type: "integer", enum: [1, -2, 0] },
      "-._": { enum: ["a", 1, null, true] },
      delete: { type: "object", properties: { [payload]: { type: "string", enum: [payload] }, "1st": { enum: ["b"] } } },
      "1st": { type: "string", enum: ["party"], nullable: true },
    },
  },
};

const out = path.resolve(".test-output", `hostile-${process.pid}`);
afterAll(() => process.env["KEEP_OUTPUT"] ? undefined : rm(out, { recursive: true, force: true }));

describe("hostile spec text", () => {
  it("generates unique identifiers, passes tsc --strict, and runs nothing when imported", async () => {
    const work = await temporaryFolder();
    const specText = JSON.stringify(spec);
    expect(specText).toContain('"__proto__":{"type":"string"');
    const file = await writeSpec(work.path, specText, "hostile.json");
    const result = await generate({ spec: file, out, msw: true, tanstackQuery: true });
    await work.remove();
    const identifiers = result.model!.operations.map((operation) => operation.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const identifier of identifiers) expect(identifier).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
    expect(identifiers).toEqual(expect.arrayContaining(["delete_", "getUser", "getUser2", "constructor_", "_123abc"]));

    const errors = await typecheckGenerated(out, ["index.ts", "msw.ts", "tanstack-query.ts"]);
    expect(errors).toBe("");

    const global = globalThis as { __pwned?: unknown };
    for (const module of ["routes.ts", "client.ts", "handlers.ts", "operations.ts", "types.ts", "enums.ts", "index.ts", "msw.ts", "tanstack-query.ts"]) {
      await import(pathToFileURL(path.join(out, module)).href);
    }
    expect(global.__pwned).toBeUndefined();
    // An operation function whose name is taken gets a number; createClient's method keeps the operationId.
    const client = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as Record<string, unknown>;
    expect(Object.keys(client).filter((name) => /^(createClient|paths|createServer|listThings)/.test(name)).sort()).toEqual([
      "createClient", "createClient2", "createClientOperation", "createServer2", "createServerOperation", "listThings", "listThingsOperation",
      "listThingsOperation2", "listThingsOperationOperation", "paths2", "pathsOperation",
    ]);
    // tanstack-query.ts numbers a name the client's imports take: getThing's query options beside the operation getThingQueryOptions.
    const tanstack = (await import(pathToFileURL(path.join(out, "tanstack-query.ts")).href)) as Record<string, unknown>;
    expect(Object.keys(tanstack).filter((name) => name.startsWith("getThing")).sort()).toEqual([
      "getThingDataQueryKey", "getThingDataQueryOptions", "getThingQueryKey", "getThingQueryOptions2", "getThingQueryOptionsMutationOptions",
    ]);
    const methods = (client["createClient"] as (options: object) => Record<string, unknown>)({ baseUrl: "http://127.0.0.1:9" });
    expect(Object.keys(methods)).toEqual(expect.arrayContaining(["createClient", "paths", "createServer", "listThings", "listThingsOperation"]));
    const routes = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: { title: string; routes: { parameters: { name: string }[] }[] } };
    expect(routes.api.title).toBe(`Hostile ${payload}`);
    expect(routes.api.routes[0]!.parameters.map((parameter) => parameter.name)).toContain("__proto__");

    // Each enum gets its own constant holding exactly the spec's values, in spec order.
    const enums = (await import(pathToFileURL(path.join(out, "enums.ts")).href)) as Record<string, unknown>;
    expect(result.model!.enums.map((constant) => constant.identifier)).toEqual([
      "XKindValues", "XKindValues2", "SchemaValues", "DeleteGlobalThisPwned1GlobalThisPwned1GlobalThisPwned1ScriptU2028Values", "Delete1stValues", "_1stValues",
    ]);
    expect({ ...enums }).toEqual({
      XKindValues: [payload, "constructor", "__proto__", ""],
      XKindValues2: [1, -2, 0],
      SchemaValues: ["a", 1, null, true],
      DeleteGlobalThisPwned1GlobalThisPwned1GlobalThisPwned1ScriptU2028Values: [payload],
      Delete1stValues: ["b"],
      _1stValues: ["party", null], // `nullable` adds null, as in the type
    });
  }, 120_000);
});
