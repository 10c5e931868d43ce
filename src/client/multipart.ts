/**
 * `multipart/form-data` request bodies for the generated client (RFC 7578, with the escaping of
 * the WHATWG HTML form-data encoding). Browser-safe: files are Blobs, bytes or streams, and a
 * body made only of Blobs and bytes is itself a Blob, so browsers send file contents without
 * reading them into memory. Streams (Node `Readable`, web `ReadableStream`) make the body a stream.
 */
import { InvalidRequestError } from "./errors.js";

/** The content of one uploaded file: a Blob or File, bytes (a Node Buffer is a Uint8Array), or a stream of bytes. */
export type FileContent = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * A file for a multipart upload: its content, or its content with a file name and media type.
 * Defaults: a File's own name and type; otherwise the name `blob` (as browsers send a Blob) and
 * `application/octet-stream`.
 */
export type FileUpload = FileContent | { content: FileContent; filename?: string; contentType?: string };

/** A multipart body ready for a transport: the Content-Type (with its boundary) and the bytes. */
export interface EncodedMultipart {
  contentType: string;
  body: Blob | AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();

/**
 * Encodes a body object as `multipart/form-data`: one part per property, one part per item of an
 * array property (OpenAPI 3.1 §4.8.14.4), in property order; `undefined` values are left out.
 * Files (see {@link FileUpload}) become file parts; other objects and arrays of objects are JSON
 * parts (`application/json`); everything else is a text part (`String(value)`). A `FormData` is
 * encoded as the platform encodes it. Quotes and line breaks in names and filenames are escaped
 * (`%22`, `%0D`, `%0A`); a media type with CR or LF throws {@link InvalidRequestError}.
 */
export async function encodeMultipart(body: unknown): Promise<EncodedMultipart> {
  if (typeof FormData !== "undefined" && body instanceof FormData) {
    const response = new Response(body);
    return { contentType: response.headers.get("content-type")!, body: await response.blob() };
  }
  const boundary = `----specwright${randomHex(16)}`;
  const pieces: (Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>)[] = [];
  const addPart = (name: string, value: unknown): void => {
    if (value === undefined) return;
    const file = asFile(value);
    const disposition = `form-data; name="${escapeQuoted(name)}"`;
    if (file) {
      if (/[\r\n]/.test(file.contentType)) throw new InvalidRequestError(`the media type of part ${JSON.stringify(name)} contains CR or LF`);
      pieces.push(encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}; filename="${escapeQuoted(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`));
      pieces.push(file.content instanceof ArrayBuffer ? new Uint8Array(file.content) : file.content);
    } else if (value !== null && typeof value === "object") {
      pieces.push(encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(value)}`));
    } else {
      pieces.push(encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n${String(value)}`));
    }
    pieces.push(encoder.encode("\r\n"));
  };
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) for (const item of value) addPart(name, item);
    else addPart(name, value);
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  const contentType = `multipart/form-data; boundary=${boundary}`;
  if (pieces.every((piece) => piece instanceof Uint8Array || isBlob(piece))) {
    return { contentType, body: new Blob(pieces as BlobPart[]) };
  }
  return { contentType, body: streamPieces(pieces) };
}

/** Whether a value is a file for {@link encodeMultipart} (Blob, bytes, a stream, or `{ content }` of one). */
export function isFileUpload(value: unknown): value is FileUpload {
  return asFile(value) !== undefined;
}

function asFile(value: unknown): { content: Exclude<FileContent, ArrayBuffer> | ArrayBuffer; filename: string; contentType: string } | undefined {
  if (isFileContent(value)) {
    const named = value as { name?: unknown; type?: unknown };
    return {
      content: value,
      filename: isBlob(value) && typeof named.name === "string" ? named.name : "blob",
      contentType: isBlob(value) && typeof named.type === "string" && named.type !== "" ? named.type : "application/octet-stream",
    };
  }
  if (value && typeof value === "object" && "content" in value && isFileContent((value as { content: unknown }).content)) {
    const wrapper = value as { content: FileContent; filename?: string; contentType?: string };
    const inner = asFile(wrapper.content)!;
    return { content: inner.content, filename: wrapper.filename ?? inner.filename, contentType: wrapper.contentType ?? inner.contentType };
  }
  return undefined;
}

function isFileContent(value: unknown): value is FileContent {
  return (
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    isBlob(value) ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
    (value !== null && typeof value === "object" && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function")
  );
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

/** WHATWG HTML "multipart/form-data encoding algorithm": `"` → %22, CR → %0D, LF → %0A in names and filenames. */
function escapeQuoted(text: string): string {
  return text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function randomHex(bytes: number): string {
  return [...globalThis.crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function* streamPieces(pieces: (Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>)[]): AsyncIterable<Uint8Array> {
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) yield piece;
    else if (isBlob(piece)) yield* readStream(piece.stream());
    else if (typeof ReadableStream !== "undefined" && piece instanceof ReadableStream) yield* readStream(piece);
    else for await (const chunk of piece as AsyncIterable<Uint8Array | string>) yield typeof chunk === "string" ? encoder.encode(chunk) : chunk;
  }
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
