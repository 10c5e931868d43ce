/**
 * multipart/form-data end to end, from the every-form fixture: the generated client uploads files
 * (Buffer, Blob/File, Node stream) and typed fields, the handler reads them as UploadedFile
 * objects; limits give 413, malformed bodies 400, a part of the wrong media type 415, schema
 * failures 422 at `["body", field]`; temporary files never outlive the request, aborted or not.
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generate } from "specwright";
import { type Transport } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";
import { createServer, inject, type ApiDefinition, type ApiServer, type ServerOptions, type UploadedFile } from "specwright/runtime";
import { rawMultipart } from "../helpers/multipart.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const fixture = path.resolve("test/fixtures/every-form/openapi.yaml");
const out = path.resolve(".test-output", `multipart-${process.pid}`);
const uploads = path.resolve(".test-output", `multipart-uploads-${process.pid}`);

interface FileSummary { fieldName: string; filename: string; mediaType: string; size: number; sha256: string }
interface Summary { fields: Record<string, unknown>; files: FileSummary[] }
type Result = { status: number; body: Summary & { status?: number; code?: string; errors?: { loc: unknown[]; keyword: string }[] } };
interface Client {
  uploadDocuments(request: { body: unknown }): Promise<Result>;
  replaceAvatar(request: { body: unknown }): Promise<Result>;
  uploadOddNames(request?: { body?: unknown }): Promise<Result>;
}

let api: ApiDefinition;
let createClient: (options: { baseUrl: string; transport?: Transport }) => Client;
let warnings: string[] = [];
const servers: ApiServer[] = [];

/** How long to wait for the server's asynchronous cleanup (a bound, not an assertion about speed). */
const waitOptions = { timeout: 20_000, interval: 20 };

const sha256 = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");

/** Summarises a body the way the fixture's UploadSummary says: text parts as they arrived, files by metadata and content hash. */
async function summarise(body: Record<string, unknown>): Promise<Summary> {
  const fields: Record<string, unknown> = {};
  const files: FileSummary[] = [];
  const describeFile = async (file: UploadedFile): Promise<FileSummary> => {
    // Read through the stream, so both ways of reading the content are exercised.
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream()) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    expect(bytes.length).toBe(file.size);
    expect((await file.buffer()).equals(bytes)).toBe(true);
    return { fieldName: file.fieldName, filename: file.filename, mediaType: file.mediaType, size: file.size, sha256: sha256(bytes) };
  };
  for (const [name, value] of Object.entries(body)) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length > 0 && items.every((item) => typeof (item as UploadedFile)?.stream === "function")) {
      for (const item of items) files.push(await describeFile(item as UploadedFile));
    } else {
      fields[name] = value;
    }
  }
  return { fields, files };
}

async function startServer(options: ServerOptions = {}): Promise<string> {
  return (await listening(newServer(options))).url;
}

async function listening(server: ApiServer): Promise<{ url: string }> {
  return server.listen(0, "127.0.0.1");
}

function newServer(options: ServerOptions = {}): ApiServer {
  // The fixture's other operations (parameters, forms, responses) have their own tests.
  const others = Object.fromEntries(api.routes.map((route) => [route.handler, () => ({ status: 200, body: {} })]));
  const server = createServer(api, {
    ...others,
    uploadDocuments: async ({ body }: { body: Record<string, unknown> }) => ({ status: 200, body: await summarise(body) }),
    replaceAvatar: async ({ body }: { body: Record<string, unknown> }) => ({ status: 200, body: await summarise(body) }),
    uploadOddNames: async ({ body }: { body: Record<string, unknown> | undefined }) => ({ status: 200, body: await summarise(body ?? {}) }),
  }, { logger: false, docs: false, ...options });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  const result = await generate({ spec: fixture, out });
  warnings = result.warnings.map((warning) => warning.code);
  ({ api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition });
  ({ createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createClient: typeof createClient });
  await mkdir(uploads, { recursive: true });
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rm(out, { recursive: true, force: true });
  await rm(uploads, { recursive: true, force: true });
});

/** Compiled with the generated code: what handlers receive and what the client accepts for file properties. */
const typeChecks = `import { Readable } from "node:stream";
import type { UploadedFile } from "specwright/runtime";
import type { ReplaceAvatarInput, UploadDocumentsInput } from "./handlers.js";
import type { UploadDocumentsRequest } from "./client.js";

export const attachmentOf = (input: UploadDocumentsInput): UploadedFile => input.body.attachment;
export const extrasOf = (input: UploadDocumentsInput): UploadedFile[] | undefined => input.body.extras;
export const titleOf = (input: UploadDocumentsInput): string => input.body.title;
export const tagsOf = (input: UploadDocumentsInput): string[] | undefined => input.body.tags;
export const imageOf = (input: ReplaceAvatarInput): UploadedFile => input.body.image;
// @ts-expect-error a file property is an UploadedFile on the server, not a string
export const notAString = (input: UploadDocumentsInput): string => input.body.attachment;

export const fromBuffer: UploadDocumentsRequest = { body: { title: "t", attachment: Buffer.from("x") } };
export const fromBlob: UploadDocumentsRequest = { body: { title: "t", attachment: new Blob(["x"]), extras: [new Uint8Array(1), new File([], "a")] } };
export const fromStream: UploadDocumentsRequest = { body: { title: "t", attachment: { content: Readable.from([]), filename: "a.bin", contentType: "application/pdf" } } };
export const fromFormData: UploadDocumentsRequest = { body: new FormData() };
// @ts-expect-error a number is not a file
export const notAFile: UploadDocumentsRequest = { body: { title: "t", attachment: 42 } };
// @ts-expect-error the required file is missing
export const missingFile: UploadDocumentsRequest = { body: { title: "t" } };
`;

function post(url: string, body: Buffer, contentType: string): Promise<Response> {
  return fetch(`${url}/multipart/documents`, { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) });
}

describe("multipart/form-data bodies", () => {
  it("is generated without the old 'unsupported body' warning; files are typed per side and the output type-checks", async () => {
    expect(warnings).not.toContain("SPW_W_UNSUPPORTED_BODY");
    // Type-level promises, checked by tsc with the generated code (a copy in the test output).
    await writeFile(path.join(out, "multipart-types.ts"), typeChecks);
    await appendFile(path.join(out, "index.ts"), 'import "./multipart-types.js";\n');
    expect(await typecheckGenerated(out)).toBe("");
  }, 120_000);

  it("uploads several files and typed fields from the generated client; the handler reads sizes and contents", async () => {
    const url = await startServer();
    const attachment = Buffer.alloc(300_000, 7); // above the memory threshold: read back from a temporary file
    const extraOne = new File(["first extra"], "one.txt", { type: "text/plain" });
    const extraTwo = Readable.from([Buffer.from("streamed "), Buffer.from("extra")]);
    const preview = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const result = await createClient({ baseUrl: url }).uploadDocuments({
      body: {
        title: "Quarterly report",
        pageCount: 12,
        draft: false,
        tags: ["finance", "q3"],
        metadata: { author: "Ada", year: 2024 },
        attachment: { content: attachment, filename: "report.pdf", contentType: "application/pdf" },
        extras: [extraOne, { content: extraTwo, filename: "two.txt" }],
        preview: { content: preview, filename: "preview.png", contentType: "image/png" },
      },
    });
    expect(result.status).toBe(200);
    expect(result.body.fields).toEqual({ title: "Quarterly report", pageCount: 12, draft: false, tags: ["finance", "q3"], metadata: { author: "Ada", year: 2024 } });
    expect(result.body.files).toEqual([
      { fieldName: "attachment", filename: "report.pdf", mediaType: "application/pdf", size: 300_000, sha256: sha256(attachment) },
      { fieldName: "extras", filename: "one.txt", mediaType: "text/plain", size: 11, sha256: sha256("first extra") },
      { fieldName: "extras", filename: "two.txt", mediaType: "application/octet-stream", size: 14, sha256: sha256("streamed extra") },
      { fieldName: "preview", filename: "preview.png", mediaType: "image/png", size: 4, sha256: sha256(preview) },
    ]);
  });

  it("sends the same upload through undiciTransport and in process through inject", async () => {
    const server = newServer();
    const { url } = await listening(server);
    const body = () => ({ title: "t", attachment: Readable.from([Buffer.from("stream "), Buffer.from("body")]), extras: [new Blob(["blob"])] });
    for (const client of [createClient({ baseUrl: url, transport: undiciTransport() }), createClient({ baseUrl: "http://in-process", transport: inject(server) })]) {
      const result = await client.uploadDocuments({ body: body() });
      expect(result.status).toBe(200);
      expect(result.body.files.map(({ fieldName, filename, size, sha256: hash }) => ({ fieldName, filename, size, hash }))).toEqual([
        { fieldName: "attachment", filename: "blob", size: 11, hash: sha256("stream body") },
        { fieldName: "extras", filename: "blob", size: 4, hash: sha256("blob") },
      ]);
    }
  });

  it("accepts a FormData body and a $ref'd schema with a 3.1 contentMediaType file and a JSON part", async () => {
    const url = await startServer();
    const form = new FormData();
    form.append("image", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "me.png");
    form.append("caption", "hello");
    form.append("settings", new Blob([JSON.stringify({ round: true })], { type: "application/json" }), "settings.json");
    const result = await createClient({ baseUrl: url }).replaceAvatar({ body: form });
    expect(result.status).toBe(200);
    expect(result.body.fields).toEqual({ caption: "hello", settings: { round: true } });
    expect(result.body.files).toEqual([{ fieldName: "image", filename: "me.png", mediaType: "image/png", size: 3, sha256: sha256(new Uint8Array([1, 2, 3])) }]);
  });

  it("reads parts whose names are not identifiers, and checks a file array behind a $ref", async () => {
    const client = createClient({ baseUrl: await startServer() });
    const ok = await client.uploadOddNames({ body: { "first file": Buffer.from("q"), "x-files": [Buffer.from("1"), Buffer.from("22")], class: "7" } });
    expect(ok.status).toBe(200);
    expect(ok.body.fields).toEqual({ class: 7 });
    expect(ok.body.files.map(({ fieldName, size }) => [fieldName, size])).toEqual([["first file", 1], ["x-files", 1], ["x-files", 2]]);
    const tooFew = await client.uploadOddNames({ body: { "x-files": [Buffer.from("1")] } });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.errors?.[0]).toMatchObject({ loc: ["body", "x-files"], keyword: "minItems" });
  });

  it("answers 422 at [\"body\", field] for a missing file, too many files, an uncoercible field, an undeclared part, a file outside its size bounds", async () => {
    const url = await startServer();
    const client = createClient({ baseUrl: url });
    const file = Buffer.from("x");
    const cases: [Record<string, unknown>, unknown[], string][] = [
      [{ title: "t" }, ["body", "attachment"], "required"],
      [{ title: "t", attachment: file, extras: [file, file, file, file] }, ["body", "extras"], "maxItems"],
      [{ title: "t", attachment: file, pageCount: "many" }, ["body", "pageCount"], "type"],
      [{ title: "t", attachment: file, metadata: { year: 2024 } }, ["body", "metadata", "author"], "required"],
      [{ title: "t", attachment: file, surprise: "x" }, ["body", "surprise"], "additionalProperties"],
      [{ title: "t", attachment: [file, file] }, ["body", "attachment"], "type"],
      // A file's minLength/maxLength bound its size in bytes; reading stops past maxLength.
      [{ title: "t", attachment: file, preview: { content: Buffer.alloc(65), contentType: "image/png" } }, ["body", "preview"], "maxLength"],
      [{ title: "t", attachment: file, extras: [file, new Uint8Array(0)] }, ["body", "extras", 1], "minLength"],
    ];
    for (const [body, loc, keyword] of cases) {
      const result = await client.uploadDocuments({ body });
      expect(result.status, JSON.stringify(loc)).toBe(422);
      expect(result.body.errors?.[0]).toMatchObject({ in: "body", loc, keyword });
    }
  });

  it("answers 415 for a part whose Content-Type its encoding does not allow", async () => {
    const url = await startServer();
    const client = createClient({ baseUrl: url });
    const wrongPreview = await client.uploadDocuments({ body: { title: "t", attachment: Buffer.from("x"), preview: { content: Buffer.from("GIF89a"), contentType: "image/gif" } } });
    expect(wrongPreview.status).toBe(415);
    expect(wrongPreview.body.code).toBe("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE");
    const wrongImage = await client.replaceAvatar({ body: { image: { content: Buffer.from("x"), contentType: "image/jpeg" } } });
    expect(wrongImage.status).toBe(415);
  });

  it("answers 413 past each limit: file size, file count, part count, text part size", async () => {
    const url = await startServer({ limits: { maxFileSize: 1000, maxFiles: 3, maxParts: 8, maxFieldSize: 50 } });
    const client = createClient({ baseUrl: url });
    const small = Buffer.from("x");
    const overLimits: Record<string, unknown>[] = [
      { title: "t", attachment: Buffer.alloc(1001) },
      { title: "t", attachment: small, extras: [small, small, small] },
      { title: "t", attachment: small, tags: ["1", "2", "3", "4", "5", "6", "7", "8"] },
      { title: "x".repeat(51), attachment: small },
    ];
    for (const body of overLimits) {
      const result = await client.uploadDocuments({ body });
      expect(result.status).toBe(413);
      expect(result.body.code).toBe("SPW_HTTP_BODY_TOO_LARGE");
    }
    const atLimits = await client.uploadDocuments({ body: { title: "x".repeat(40), attachment: Buffer.alloc(1000), extras: [small, small] } });
    expect(atLimits.status).toBe(200);
  });

  it("answers 413 for a body larger than all its limits together, by Content-Length or as it streams (skipped bytes count)", async () => {
    const url = await startServer({ limits: { bodyLimit: 1000, maxFiles: 1, maxFileSize: 1000, maxParts: 2 } });
    const boundary = "b0undary";
    const valid = rawMultipart(boundary, [
      { headers: ['Content-Disposition: form-data; name="title"'], content: "t" },
      { headers: ['Content-Disposition: form-data; name="attachment"; filename="a.txt"'], content: "x" },
    ]);
    const contentType = `multipart/form-data; boundary=${boundary}`;
    expect((await post(url, valid, contentType)).status).toBe(200);
    // 1000 + 1 × 1000 + 2 × 1024 = 4048 bytes at most; a preamble the parser ignores still counts.
    const padded = Buffer.concat([Buffer.alloc(5000, "p"), Buffer.from("\r\n"), valid]);
    const declared = await post(url, padded, contentType);
    expect(declared.status).toBe(413);
    expect((await declared.json()).code).toBe("SPW_HTTP_BODY_TOO_LARGE");
    const streamed = await fetch(`${url}/multipart/documents`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: Readable.toWeb(Readable.from([padded])) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("decodes a gzip, deflate or br multipart body, answers 413 to one that decodes past its limits and 400 to one that is not what its coding says", async () => {
    const url = await startServer({ limits: { bodyLimit: 1000, maxFiles: 1, maxFileSize: 1000, maxParts: 2 } });
    const boundary = "b0undary";
    const contentType = `multipart/form-data; boundary=${boundary}`;
    const valid = rawMultipart(boundary, [
      { headers: ['Content-Disposition: form-data; name="title"'], content: "Encoded" },
      { headers: ['Content-Disposition: form-data; name="attachment"; filename="a.txt"'], content: "hello" },
    ]);
    const send = (body: Buffer, coding: string) =>
      fetch(`${url}/multipart/documents`, { method: "POST", headers: { "content-type": contentType, "content-encoding": coding }, body: new Uint8Array(body) });
    for (const [coding, encode] of [["gzip", gzipSync], ["deflate", deflateSync], ["br", brotliCompressSync]] as const) {
      const response = await send(encode(valid), coding);
      expect(response.status, coding).toBe(200);
      const summary = (await response.json()) as Summary;
      expect(summary.fields).toEqual({ title: "Encoded" });
      expect(summary.files).toMatchObject([{ fieldName: "attachment", filename: "a.txt", size: 5, sha256: sha256("hello") }]);
    }
    // A preamble of 50,000 bytes compresses to a few hundred but decodes past the 4,048-byte bound.
    const bomb = gzipSync(Buffer.concat([Buffer.alloc(50_000, "p"), Buffer.from("\r\n"), valid]));
    expect(bomb.length).toBeLessThan(1000);
    const tooLarge = await send(bomb, "gzip");
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).code).toBe("SPW_HTTP_BODY_TOO_LARGE");
    const notGzip = await send(valid, "gzip");
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).code).toBe("SPW_HTTP_MALFORMED_CONTENT_CODING");
    const unknown = await send(valid, "compress");
    expect(unknown.status).toBe(415);
    expect((await unknown.json()).code).toBe("SPW_HTTP_UNSUPPORTED_CONTENT_CODING");
  });

  it("answers 400 for malformed multipart: no boundary, a truncated closing boundary, a body cut inside a file, a nameless part, parts named after Object.prototype members", async () => {
    const url = await startServer();
    const boundary = "b0undary";
    const contentType = `multipart/form-data; boundary=${boundary}`;
    const title = { headers: ['Content-Disposition: form-data; name="title"'], content: "t" };
    const attachment = { headers: ['Content-Disposition: form-data; name="attachment"; filename="a.txt"'], content: "x" };

    const noBoundary = await post(url, rawMultipart(boundary, [title, attachment]), "multipart/form-data");
    expect(noBoundary.status).toBe(400);
    expect((await noBoundary.json()).code).toBe("SPW_HTTP_MALFORMED_MULTIPART");

    const truncated = await post(url, rawMultipart(boundary, [title, attachment], `--${boundary}`), contentType);
    expect(truncated.status).toBe(400);
    expect((await truncated.json()).code).toBe("SPW_HTTP_MALFORMED_MULTIPART");

    const midFile = Buffer.concat([rawMultipart(boundary, [title]).subarray(0, -`--${boundary}--\r\n`.length), Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="a.txt"\r\n\r\nhalf a fi`)]);
    for (const threshold of [65_536, 0]) {
      const cut = await post(await startServer({ uploads: { directory: uploads, memoryThreshold: threshold } }), midFile, contentType);
      expect(cut.status).toBe(400);
      expect((await cut.json()).code).toBe("SPW_HTTP_MALFORMED_MULTIPART");
    }

    const nameless = await post(url, rawMultipart(boundary, [title, attachment, { headers: ['Content-Disposition: form-data; name=""'], content: "?" }]), contentType);
    expect(nameless.status).toBe(400);

    // RELIABILITY B7: every prototype name, not only __proto__, is a 400 (none is declared here).
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const prototype = await post(url, rawMultipart(boundary, [title, attachment, { headers: [`Content-Disposition: form-data; name="${name}"`], content: "{}" }]), contentType);
      expect(prototype.status).toBe(400);
      expect((await prototype.json()).code).toBe("SPW_HTTP_FORBIDDEN_KEY");
    }
  });

  it("reduces file names to their base name: no directories, no control characters", async () => {
    const url = await startServer();
    const boundary = "b0undary";
    const body = rawMultipart(boundary, [
      { headers: ['Content-Disposition: form-data; name="title"'], content: "t" },
      { headers: ['Content-Disposition: form-data; name="attachment"; filename="../../etc/passwd"'], content: "a" },
      { headers: ['Content-Disposition: form-data; name="extras"; filename="C:\\\\x\\\\y.txt"'], content: "b" },
      { headers: ['Content-Disposition: form-data; name="extras"; filename="ni\u0001ce.txt"'], content: "c" },
    ]);
    const response = await post(url, body, `multipart/form-data; boundary=${boundary}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Summary).files.map((file) => file.filename)).toEqual(["passwd", "y.txt", "nice.txt"]);
  });

  it("removes spilled temporary files once the response is sent", async () => {
    const directory = path.join(uploads, "completed");
    await mkdir(directory, { recursive: true });
    const url = await startServer({ uploads: { directory, memoryThreshold: 0 } });
    const result = await createClient({ baseUrl: url }).uploadDocuments({ body: { title: "t", attachment: Buffer.alloc(5000, 1), extras: [Buffer.from("x")] } });
    expect(result.status).toBe(200);
    expect(result.body.files.map((file) => file.size)).toEqual([5000, 1]);
    await vi.waitFor(async () => expect(await readdir(directory)).toEqual([]), waitOptions);
  });

  it("leaves no folder and no open file behind after 20 uploads aborted at different points", async () => {
    const directory = path.join(uploads, "abort-storm");
    await mkdir(directory, { recursive: true });
    const url = await startServer({ uploads: { directory, memoryThreshold: 0 } });
    const { port } = new URL(url);
    const boundary = "b0undary";
    const body = rawMultipart(boundary, [
      { headers: ['Content-Disposition: form-data; name="title"'], content: "t" },
      { headers: ['Content-Disposition: form-data; name="attachment"; filename="a.bin"'], content: Buffer.alloc(200_000, 3) },
      { headers: ['Content-Disposition: form-data; name="extras"; filename="b.bin"'], content: Buffer.alloc(100_000, 4) },
    ]);
    const head = `POST /multipart/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const openFiles = async (): Promise<number> => (await readdir("/proc/self/fd").catch(() => [])).length;
    const baseline = await openFiles();
    for (let attempt = 0; attempt < 20; attempt++) {
      // From inside the first part's headers to just before the closing boundary.
      const cut = 20 + Math.floor(((body.length - 40) * attempt) / 19);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      await new Promise<void>((resolve) => socket.write(Buffer.concat([Buffer.from(head), body.subarray(0, cut)]), () => resolve()));
      socket.destroy();
    }
    await vi.waitFor(async () => expect(await readdir(directory)).toEqual([]), waitOptions);
    await vi.waitFor(async () => expect(await openFiles()).toBeLessThanOrEqual(baseline), waitOptions);
    const after = await createClient({ baseUrl: url }).uploadDocuments({ body: { title: "t", attachment: Buffer.from("ok") } });
    expect(after.status).toBe(200);
  });

  it("leaves nothing behind when the client aborts an upload halfway, and keeps serving", async () => {
    const directory = path.join(uploads, "aborted");
    await mkdir(directory, { recursive: true });
    const url = await startServer({ uploads: { directory, memoryThreshold: 0 } });
    const { port } = new URL(url);
    const boundary = "b0undary";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /multipart/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 500_000}\r\n\r\n`,
    );
    socket.write(head);
    socket.write(Buffer.alloc(64_000, 9));
    // The file part is being written to a temporary folder of this request…
    await vi.waitFor(async () => {
      const folders = await readdir(directory);
      expect(folders).toHaveLength(1);
      expect(await readdir(path.join(directory, folders[0]!))).toHaveLength(1);
    }, waitOptions);
    // …when the client goes away.
    socket.destroy();
    await vi.waitFor(async () => expect(await readdir(directory)).toEqual([]), waitOptions);
    const after = await createClient({ baseUrl: url }).uploadDocuments({ body: { title: "t", attachment: Buffer.from("ok") } });
    expect(after.status).toBe(200);
    await vi.waitFor(async () => expect(await readdir(directory)).toEqual([]), waitOptions);
  });
});
