/**
 * The client's multipart encoder read back by the parser the runtime uses (@fastify/busboy), and
 * the runtime's file-name rule: names and filenames cannot break out of their header, files keep
 * their bytes, non-file values become text or JSON parts.
 */
import { Readable } from "node:stream";
import { Busboy } from "@fastify/busboy";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/client/index.js";
import { encodeMultipart } from "../../src/client/multipart.js";
import { baseName } from "../../src/runtime/body/multipart.js";

interface Part { name: string; filename?: string; mediaType: string; content: string }

/** Parses an encoded body with busboy, as the server does: every part with its headers' values. */
async function parse(contentType: string, body: Blob | AsyncIterable<Uint8Array>): Promise<Part[]> {
  const chunks: Buffer[] = [];
  if (body instanceof Blob) chunks.push(Buffer.from(await body.arrayBuffer()));
  else for await (const chunk of body) chunks.push(Buffer.from(chunk));
  const bytes = Buffer.concat(chunks);
  return new Promise((resolve, reject) => {
    const parts: Part[] = [];
    const pending: Promise<void>[] = [];
    const parser = Busboy({ headers: { "content-type": contentType }, isPartAFile: (_name, _type, filename) => filename !== undefined });
    parser.on("field", (name, value, _nameTruncated, _valueTruncated, _encoding, mediaType) => parts.push({ name, mediaType, content: value }));
    parser.on("file", (name, stream, filename, _encoding, mediaType) => {
      const part: Part = { name, filename, mediaType, content: "" };
      parts.push(part);
      pending.push((async () => {
        for await (const chunk of stream) part.content += (chunk as Buffer).toString("utf8");
      })());
    });
    parser.on("finish", () => void Promise.all(pending).then(() => resolve(parts)));
    parser.on("error", reject);
    parser.end(bytes);
  });
}

describe("encodeMultipart (client)", () => {
  it("encodes files, repeated parts, JSON and text, in property order; a body of Blobs and bytes is one Blob", async () => {
    const encoded = await encodeMultipart({
      title: "report",
      count: 3,
      skipped: undefined,
      tags: ["a", "b"],
      meta: { author: "Ada" },
      attachment: new File(["pdf bytes"], "r.pdf", { type: "application/pdf" }),
      extras: [new Uint8Array([104, 105]), { content: new Blob(["named"]), filename: "n.txt", contentType: "text/plain" }],
    });
    expect(encoded.body).toBeInstanceOf(Blob);
    expect(encoded.contentType).toMatch(/^multipart\/form-data; boundary=----specwright[0-9a-f]{32}$/);
    expect(await parse(encoded.contentType, encoded.body)).toEqual([
      { name: "title", mediaType: "text/plain", content: "report" },
      { name: "count", mediaType: "text/plain", content: "3" },
      { name: "tags", mediaType: "text/plain", content: "a" },
      { name: "tags", mediaType: "text/plain", content: "b" },
      { name: "meta", mediaType: "application/json", content: '{"author":"Ada"}' },
      { name: "attachment", filename: "r.pdf", mediaType: "application/pdf", content: "pdf bytes" },
      { name: "extras", filename: "blob", mediaType: "application/octet-stream", content: "hi" },
      { name: "extras", filename: "n.txt", mediaType: "text/plain", content: "named" },
    ]);
  });

  it("streams a body that holds a Node stream, without reading it first", async () => {
    const encoded = await encodeMultipart({ file: Readable.from([Buffer.from("one "), Buffer.from("two")]) });
    expect(encoded.body).not.toBeInstanceOf(Blob);
    expect(await parse(encoded.contentType, encoded.body)).toEqual([{ name: "file", filename: "blob", mediaType: "application/octet-stream", content: "one two" }]);
  });

  it("escapes quotes and line breaks in names and filenames, and refuses them in media types (no header injection)", async () => {
    const encoded = await encodeMultipart({
      'a"b\r\nX-Injected: 1': "v",
      file: { content: new Uint8Array([1]), filename: 'x"\r\nContent-Type: text\r\n\r\n.txt' },
    });
    const parts = await parse(encoded.contentType, encoded.body);
    expect(parts.map(({ name, filename, mediaType }) => ({ name, filename, mediaType }))).toEqual([
      { name: "a%22b%0D%0AX-Injected: 1", filename: undefined, mediaType: "text/plain" },
      { name: "file", filename: "x%22%0D%0AContent-Type: text%0D%0A%0D%0A.txt", mediaType: "application/octet-stream" },
    ]);
    await expect(encodeMultipart({ file: { content: new Uint8Array([1]), contentType: "image/png\r\nX-Injected: 1" } })).rejects.toThrow(InvalidRequestError);
  });

  it("encodes a FormData as the platform does", async () => {
    const form = new FormData();
    form.append("a", "1");
    form.append("f", new Blob(["x"], { type: "text/csv" }), "f.csv");
    const encoded = await encodeMultipart(form);
    expect(await parse(encoded.contentType, encoded.body)).toEqual([
      { name: "a", mediaType: "text/plain", content: "1" },
      { name: "f", filename: "f.csv", mediaType: "text/csv", content: "x" },
    ]);
  });
});

describe("baseName (runtime)", () => {
  it.each([
    ["report.pdf", "report.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\x\\y.txt", "y.txt"],
    ["dir/", ""],
    ["..", ""],
    [".", ""],
    ["nul\u0000byte\u001f.txt", "nulbyte.txt"],
    ["a".repeat(1000), "a".repeat(255)],
  ])("reduces a filename of %#", (filename, expected) => {
    expect(baseName(filename)).toBe(expected);
  });
});
