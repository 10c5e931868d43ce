/**
 * Issue 15: the client's `result.contentType` was typed but never set, so code that narrowed on
 * it landed in the branch TypeScript calls impossible. It is now the declared media type the
 * response's Content-Type falls under (by essence; a declared range matches its subtypes), so a
 * result with several media types can be narrowed. Over a real socket with the generated client.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import type { ApiServer } from "specwright/runtime";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.1.0
info: { title: Reports, version: 1.0.0 }
paths:
  /reports/{format}:
    get:
      operationId: getReport
      parameters:
        - { name: format, in: path, required: true, schema: { type: string, enum: [json, csv, png] } }
      responses:
        "200":
          description: The report, in the format asked for
          content:
            application/json:
              schema: { type: object, properties: { rows: { type: integer } } }
            text/csv:
              schema: { type: string }
            image/*:
              schema: { type: string, format: binary }
        "404": { description: No such report }
  /count:
    get:
      operationId: getCount
      responses:
        "200":
          description: One media type
          content:
            application/json:
              schema: { type: integer }
`;

const out = path.resolve(".test-output", `issue-15-content-type-${process.pid}`);
let server: ApiServer;
let client: { getReport: Function; getCount: Function };
let remove: () => Promise<void> = async () => {};

beforeAll(async () => {
  const temp = await temporaryFolder();
  remove = temp.remove;
  await generate({ spec: await writeSpec(temp.path, spec), out });
  const routes = await import(pathToFileURL(path.join(out, "routes.ts")).href);
  server = routes.createServer(
    {
      getReport: ({ path: { format } }: { path: { format: string } }) =>
        format === "json" ? { status: 200, contentType: "application/json", body: { rows: 3 } }
        : format === "csv" ? { status: 200, contentType: "text/csv", body: "a,b\n1,2\n" }
        : { status: 200, contentType: "image/png", body: new Uint8Array([137, 80, 78, 71]) },
      getCount: () => ({ status: 200, body: 7 }),
    },
    { logger: false },
  );
  const { url } = await server.listen(0, "127.0.0.1");
  client = (await import(pathToFileURL(path.join(out, "client.ts")).href)).createClient({ baseUrl: url });
}, 60_000);
afterAll(async () => {
  await server.close();
  await rm(out, { recursive: true, force: true });
  await remove();
});

describe("issue 15: result.contentType", () => {
  it("names the declared media type of a response with several, a range included", async () => {
    expect(await client.getReport({ path: { format: "json" } })).toMatchObject({ status: 200, contentType: "application/json", body: { rows: 3 } });
    expect(await client.getReport({ path: { format: "csv" } })).toMatchObject({ status: 200, contentType: "text/csv", body: "a,b\n1,2\n" });
    const image = await client.getReport({ path: { format: "png" } });
    expect(image.contentType).toBe("image/*");
    expect(image.body).toBeInstanceOf(Uint8Array);
  });

  it("is the media type of a response with one, and of the runtime's problem responses", async () => {
    expect(await client.getCount()).toMatchObject({ status: 200, contentType: "application/json", body: 7 });
    expect(await client.getReport({ path: { format: "pdf" } })).toMatchObject({ status: 422, contentType: "application/problem+json" });
  });
});
