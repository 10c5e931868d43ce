/**
 * Responses as streams when the call asks (`parseAs: "stream"`, issue 15), against generated
 * servers on 127.0.0.1 with the fetch and the undici transport: a binary download arrives as a
 * ReadableStream of its bytes, chunk by chunk while the handler is still writing, and cancelling
 * it aborts the handler's `context.signal`; the example's CSV export arrives as the same bytes the
 * parsed call gives; an error status is parsed as usual.
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import type { Transport } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";
import type { ApiServer } from "specwright/runtime";
import { createClient as createExampleClient } from "../../generated/client.js";
import { startExample } from "../helpers/example.js";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.1.0
info: { title: Files, version: 1.0.0 }
paths:
  /files/{name}:
    get:
      operationId: downloadFile
      parameters:
        - { name: name, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The file's bytes
          content:
            application/octet-stream:
              schema: { type: string, format: binary }
        "404":
          description: No such file
          content:
            application/problem+json:
              schema: { type: object, properties: { title: { type: string }, status: { type: integer } } }
`;

type StreamResult = { status: number; contentType?: string; body: unknown; headers: Headers };
type FilesClient = { downloadFile: (request: { path: { name: string } }, options?: object) => Promise<StreamResult> };

const chunkSize = 64 * 1024;
const chunkCount = 16;
/** Byte `index` of the file. */
const byteAt = (index: number) => (index * 31 + 7) % 251;
const file = Uint8Array.from({ length: chunkSize * chunkCount }, (_, index) => byteAt(index));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const out = path.resolve(".test-output", `client-streamed-${process.pid}`);
let server: ApiServer;
let filesUrl = "";
let createFilesClient: (options: object) => FilesClient;
let removeSpec: () => Promise<void> = async () => {};
/** What the handler did: chunks written, whether its signal aborted; `release` lets it write the rest. */
let handler = { written: 0, aborted: false };
let release: () => void = () => {};

beforeAll(async () => {
  const temp = await temporaryFolder();
  removeSpec = temp.remove;
  await generate({ spec: await writeSpec(temp.path, spec), out });
  const routes = await import(pathToFileURL(path.join(out, "routes.ts")).href);
  server = routes.createServer(
    {
      downloadFile: ({ path: { name } }: { path: { name: string } }, context: { signal: AbortSignal }) => {
        if (name !== "data.bin") return { status: 404, body: { title: "Not Found", status: 404 } };
        handler = { written: 0, aborted: false };
        context.signal.addEventListener("abort", () => (handler.aborted = true));
        const released = new Promise<void>((resolve) => (release = resolve));
        return {
          status: 200,
          body: (async function* () {
            yield file.subarray(0, chunkSize);
            handler.written = 1;
            // The rest waits until the test has read the first chunk: a buffered body would never arrive.
            await released;
            for (let index = 1; index < chunkCount && !context.signal.aborted; index++) {
              yield file.subarray(index * chunkSize, (index + 1) * chunkSize);
              handler.written = index + 1;
            }
          })(),
        };
      },
    },
    { logger: false },
  );
  filesUrl = (await server.listen(0, "127.0.0.1")).url;
  createFilesClient = (await import(pathToFileURL(path.join(out, "client.ts")).href)).createClient;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(out, { recursive: true, force: true });
  await removeSpec();
});

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  release();
  while (stops.length > 0) await stops.pop()!();
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error("condition not reached in 5 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const transports: [string, () => Transport | undefined][] = [["fetch", () => undefined], ["undici", () => undiciTransport()]];

for (const [name, transport] of transports) {
  const options = () => (transport() ? { transport: transport()! } : {});

  describe(`parseAs: "stream" (${name})`, () => {
    it("gives a binary body as a ReadableStream read while the handler still writes", async () => {
      const client = createFilesClient({ baseUrl: filesUrl, ...options() });
      const result = await client.downloadFile({ path: { name: "data.bin" } }, { parseAs: "stream" });
      expect(result).toMatchObject({ status: 200, contentType: "application/octet-stream" });
      expect(result.body).toBeInstanceOf(ReadableStream);
      const reader = (result.body as ReadableStream<Uint8Array>).getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      while (received < chunkSize) {
        const { value } = await reader.read();
        chunks.push(value!);
        received += value!.length;
      }
      // The first chunk is here and the handler has not written a second one yet.
      expect(handler.written).toBe(1);
      release();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      const bytes = Buffer.concat(chunks);
      expect(bytes.length).toBe(file.length);
      expect(sha256(bytes)).toBe(sha256(file));
    });

    it("cancelling the stream ends the download: the handler's signal aborts before it wrote everything", async () => {
      const client = createFilesClient({ baseUrl: filesUrl, ...options() });
      const result = await client.downloadFile({ path: { name: "data.bin" } }, { parseAs: "stream" });
      const reader = (result.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      await reader.cancel();
      release();
      await until(() => handler.aborted);
      expect(handler.written).toBeLessThan(chunkCount);
    });

    it("parses an error status as usual", async () => {
      const client = createFilesClient({ baseUrl: filesUrl, ...options() });
      expect(await client.downloadFile({ path: { name: "missing.bin" } }, { parseAs: "stream" })).toMatchObject({ status: 404, body: { title: "Not Found", status: 404 } });
    });

    it("streams the example's CSV export: the same bytes the parsed call returns as text", async () => {
      const { url } = await startExample(stops);
      const client = createExampleClient({ baseUrl: url, ...options() });
      const parsed = await client.exportBooks();
      const streamed = await client.exportBooks({}, { parseAs: "stream" });
      expect(parsed.status).toBe(200);
      expect(streamed.status).toBe(200);
      if (parsed.status !== 200 || streamed.status !== 200) return;
      expect(streamed.contentType).toBe("text/csv");
      expect(streamed.declaredHeaders["Content-Disposition"]).toBe('attachment; filename="books.csv"');
      expect(await new Response(streamed.body).text()).toBe(parsed.body);
    });
  });
}
