/**
 * Issue 13 ("which defaults apply, decided once"): a body property whose `default` breaks its own
 * schema (`type: boolean, default: "false"`) was left out by the validators, so the runtime never
 * filled it in, while types.ts (openapi-typescript types a defaulted property as always present)
 * told handlers it was always there: a handler read `body.pinned` as a boolean and got undefined.
 * The model now records which defaults do not apply (one rule, the validators'), and types.ts
 * leaves those out. A valid default beside it keeps its property present. The validators also
 * kept such a default when it sat inside a parameter's schema (a deepObject property): ajv
 * inserted it, and every request that left the property out was refused with a 422. The model's
 * schemas now hold only the defaults that apply. Over a real socket.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder } from "../helpers/temp.js";

/** Defaults that break their own schema: a body property's, a deepObject parameter property's. */
const spec = path.resolve("test/fixtures/invalid-defaults/openapi.yaml");

let work: { path: string; remove: () => Promise<void> };
let out: string;
let invalidDefaults: string[];
let warnings: { code: string; pointer?: string }[];

beforeAll(async () => {
  work = await temporaryFolder("specwright-invalid-default-");
  out = path.join(work.path, "generated");
  const result = await generate({ spec, out, typesWorker: false, lint: "off" });
  invalidDefaults = result.model!.invalidDefaults;
  warnings = result.warnings;
}, 300_000);
afterAll(() => work?.remove());

describe("a default that breaks its own schema", () => {
  it("is recorded once in the model, and warned about", () => {
    expect(invalidDefaults).toEqual(["#/components/schemas/Note/properties/pinned", "#/paths/~1notes/get/parameters/0/schema/properties/limit"]);
    expect(warnings.filter((warning) => warning.code === "SPW_W_INVALID_DEFAULT").map((warning) => warning.pointer)).toEqual([
      "#/components/schemas/Note/properties/pinned/default",
      "#/paths/~1notes/get/parameters/0/schema/properties/limit/default",
    ]);
  });

  it("is not typed as always present, while a valid default is", async () => {
    const types = await readFile(path.join(out, "types.ts"), "utf8");
    expect(types).toMatch(/pinned\?: boolean;/);
    expect(types).toMatch(/tags: string\[\];/);
  });

  it("is not filled in by the server, which fills in the valid one", async () => {
    const { createServer } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as {
      createServer: (handlers: object, options: object) => { listen: (port: number, host: string) => Promise<{ url: string }>; close: () => Promise<void> };
    };
    const server = createServer(
      {
        createNote: ({ body }: { body: unknown }) => ({ status: 200, body }),
        findNotes: ({ query }: { query: unknown }) => ({ status: 200, body: query }),
      },
      { logger: false },
    );
    const { url } = await server.listen(0, "127.0.0.1");
    try {
      const response = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "a note" }) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ text: "a note", tags: [] });
      // Inside a parameter's schema: not inserted, so a request without it is served.
      const found = await fetch(`${url}/notes?filter[text]=milk`);
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual({ filter: { text: "milk" } });
    } finally {
      await server.close();
    }
  });
});
