/**
 * Request bodies other than JSON: text arrives as a validated string, binary types as bytes, and
 * form bodies (not parsed yet) are refused with 415 instead of reaching the handler as raw bytes.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { createServer, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.1.0
info: { title: Uploads, version: 1.0.0 }
paths:
  /notes:
    post:
      operationId: addNote
      requestBody:
        required: true
        content:
          text/plain:
            schema: { type: string, maxLength: 10 }
          application/octet-stream:
            schema: { type: string, format: binary }
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties: { text: { type: string } }
      responses:
        "200":
          description: What arrived
          content:
            application/json:
              schema:
                type: object
                properties:
                  kind: { type: string }
                  length: { type: integer }
`;

const out = path.resolve(".test-output", `bodies-${process.pid}`);
let server: ApiServer;
let url = "";
let warnings: string[] = [];

beforeAll(async () => {
  const work = await temporaryFolder();
  const result = await generate({ spec: await writeSpec(work.path, spec), out });
  warnings = result.warnings.map((warning) => `${warning.code} ${warning.pointer}`);
  await work.remove();
  const { api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition };
  server = createServer(api, {
    addNote: ({ body }: { body: unknown }) => ({
      status: 200,
      body: Buffer.isBuffer(body) ? { kind: "bytes", length: body.length } : { kind: typeof body, length: String(body).length },
    }),
  }, { logger: false, docs: false });
  url = (await server.listen(0, "127.0.0.1")).url;
});
afterAll(async () => {
  await server?.close();
  await rm(out, { recursive: true, force: true });
});

describe("non-JSON request bodies", () => {
  it("passes text/plain as a string validated against its schema", async () => {
    const ok = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, body: "hello" });
    expect(await ok.json()).toEqual({ kind: "string", length: 5 });
    const tooLong = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "text/plain" }, body: "far too long for ten" });
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).errors[0]).toMatchObject({ in: "body", keyword: "maxLength" });
  });

  it("passes application/octet-stream as bytes", async () => {
    const response = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([1, 2, 3, 4]) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: "bytes", length: 4 });
  });

  it("refuses form bodies with 415 until they are parsed, and says so at generate time", async () => {
    const response = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "text=hi" });
    expect(response.status).toBe(415);
    expect((await response.json()).code).toBe("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE");
    expect(warnings).toContain("SPW_W_UNSUPPORTED_BODY #/paths/~1notes/post/requestBody/content/application~1x-www-form-urlencoded");
  });
});
