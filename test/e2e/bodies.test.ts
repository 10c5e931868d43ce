/**
 * Request bodies other than JSON: text arrives as a validated string, binary types as bytes, form
 * bodies as coerced, validated objects, and multipart as an object of fields and uploaded files
 * (covered in depth by multipart.test.ts).
 */
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
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
              additionalProperties: false
              required: [text]
              properties:
                text: { type: string }
                count: { type: integer, minimum: 1 }
                tags: { type: array, items: { type: string } }
                ids: { type: array, items: { type: integer } }
            encoding:
              ids: { style: form, explode: false }
          multipart/form-data:
            schema:
              type: object
              properties: { file: { type: string, format: binary } }
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
                  fields: { type: string }
`;

const out = path.resolve(".test-output", `bodies-${process.pid}`);
const imagesPath = `  /images:
    put:
      operationId: putImage
      requestBody:
        required: true
        content:
          image/*:
            schema: { type: string, format: binary }
      responses:
        "200":
          description: What arrived
          content:
            application/json:
              schema:
                type: object
                properties:
                  contentType: { type: string }
                  length: { type: integer }
`;
const reportPath = `  /report:
    get:
      operationId: getReport
      responses:
        "200":
          description: A report in either JSON flavour
          content:
            application/json:
              schema: { type: object, properties: { total: { type: integer } } }
            application/vnd.report+json:
              schema: { type: object, properties: { total: { type: integer } } }
`;
let server: ApiServer;
let url = "";
let warnings: string[] = [];

beforeAll(async () => {
  const work = await temporaryFolder();
  const result = await generate({ spec: await writeSpec(work.path, spec.replace("paths:\n", `paths:\n${reportPath}${imagesPath}`)), out });
  warnings = result.warnings.map((warning) => `${warning.code} ${warning.pointer}`);
  await work.remove();
  const { api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition };
  server = createServer(api, {
    addNote: async ({ body }: { body: unknown }) => ({
      status: 200,
      body: body instanceof Readable
        ? { kind: "stream", length: (await buffer(body)).length }
        : typeof body === "object"
          ? { kind: "form", length: Object.keys(body as object).length, fields: JSON.stringify(body) }
          : { kind: typeof body, length: String(body).length },
    }),
    putImage: async ({ body }: { body: Readable }, context: { request: { headers: Record<string, string | undefined> } }) => ({
      status: 200,
      body: { contentType: context.request.headers["content-type"], length: (await buffer(body)).length },
    }),
    getReport: () => ({ status: 200, body: { total: 7 } }),
  }, { logger: false, docs: false, limits: { maxFileSize: 1000 } });
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

  it("passes application/octet-stream to the handler as a stream, bounded by maxFileSize", async () => {
    const response = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([1, 2, 3, 4]) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: "stream", length: 4 });
    // Over the limit: by Content-Length before the handler runs, and chunked while the handler reads.
    const declared = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(1001) });
    expect(declared.status).toBe(413);
    const chunked = await fetch(`${url}/notes`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Readable.toWeb(Readable.from([new Uint8Array(600), new Uint8Array(600)])) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).code).toBe("SPW_HTTP_BODY_TOO_LARGE");
  });

  it("reads a media type range (image/*) with the client's concrete type; the client picks it from a Blob", async () => {
    const { createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as {
      createClient: (options: { baseUrl: string }) => { putImage: (request: object) => Promise<{ status: number; body: unknown }> };
    };
    const client = createClient({ baseUrl: url });
    const fromBlob = await client.putImage({ body: new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }) });
    expect(fromBlob.body).toEqual({ contentType: "image/png", length: 4 });
    const fromBytes = await client.putImage({ body: new Uint8Array([1, 2]), contentType: "image/webp" });
    expect(fromBytes.body).toEqual({ contentType: "image/webp", length: 2 });
    await expect(client.putImage({ body: new Uint8Array([1]) })).rejects.toThrow(/pass a concrete contentType/);
    const notAnImage = await fetch(`${url}/images`, { method: "PUT", headers: { "content-type": "text/plain" }, body: "x" });
    expect(notAnImage.status).toBe(415);
  });

  it("reads an empty form body as an empty object, not as a missing body", async () => {
    const response = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(response.status).toBe(422);
    // Required field `text` is missing (validation ran on {}), not "a request body is required".
    expect((await response.json()).errors[0]).toMatchObject({ loc: ["body", "text"], keyword: "required" });
  });

  it("parses application/x-www-form-urlencoded by field: coerced, exploded arrays, encoding styles, validated", async () => {
    const post = (body: string) => fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    const ok = await post("text=hello+world&count=3&tags=a&tags=b%20c&ids=1,2");
    expect(ok.status).toBe(200);
    expect(JSON.parse((await ok.json()).fields)).toEqual({ text: "hello world", count: 3, tags: ["a", "b c"], ids: [1, 2] });
    const wrongType = await post("text=x&count=many");
    expect(wrongType.status).toBe(422);
    expect((await wrongType.json()).errors[0]).toMatchObject({ in: "body", loc: ["body", "count"], keyword: "type" });
    const undeclared = await post("text=x&__proto__=1");
    expect(undeclared.status).toBe(422);
    expect((await undeclared.json()).errors[0]).toMatchObject({ loc: ["body", "__proto__"], keyword: "additionalProperties" });
    expect((await post("count=1")).status).toBe(422);
    expect((await post("text=%zz")).status).toBe(400);
  });

  it("lets the generated client send a form body", async () => {
    const { createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as {
      createClient: (options: { baseUrl: string }) => { addNote: (request: object) => Promise<{ status: number; body: { fields: string } }> };
    };
    const result = await createClient({ baseUrl: url }).addNote({ body: { text: "a&b=c", tags: ["x", "y"] }, contentType: "application/x-www-form-urlencoded" });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body.fields)).toEqual({ text: "a&b=c", tags: ["x", "y"] });
  });

  it("parses multipart bodies into fields and uploaded files, with no 'unsupported body' warning at generate time", async () => {
    const form = new FormData();
    form.append("file", new Blob(["abc"]), "a.txt");
    const response = await fetch(`${url}/notes`, { method: "POST", body: form });
    expect(response.status).toBe(200);
    expect(JSON.parse((await response.json()).fields)).toEqual({ file: { fieldName: "file", filename: "a.txt", mediaType: "application/octet-stream", size: 3 } });
    expect(warnings.filter((warning) => warning.startsWith("SPW_W_UNSUPPORTED_BODY"))).toEqual([]);
  });

  it("negotiates the response media type from Accept when the handler leaves it open; none acceptable is 406", async () => {
    const plain = await fetch(`${url}/report`);
    expect(plain.headers.get("content-type")).toBe("application/json");
    const vendor = await fetch(`${url}/report`, { headers: { accept: "application/vnd.report+json, application/json;q=0.5" } });
    expect(vendor.headers.get("content-type")).toBe("application/vnd.report+json");
    expect(await vendor.json()).toEqual({ total: 7 });
    const preferred = await fetch(`${url}/report`, { headers: { accept: "application/vnd.report+json;q=0.2, application/json" } });
    expect(preferred.headers.get("content-type")).toBe("application/json");
    const html = await fetch(`${url}/report`, { headers: { accept: "text/html" } });
    expect(html.status).toBe(406);
    expect((await html.json()).code).toBe("SPW_HTTP_NOT_ACCEPTABLE");
  });
});
