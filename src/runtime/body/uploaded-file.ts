import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/**
 * A file part of a `multipart/form-data` request as a handler receives it (FastAPI's
 * `UploadFile`). The content lives only as long as the request: in memory up to
 * `uploads.memoryThreshold` bytes, else in a temporary file that is deleted when the response
 * ends or the client aborts. Copy or move what you want to keep before the handler returns
 * (deferred tasks run after the response, when the content is already gone).
 */
export interface UploadedFile {
  /** The form field (part name) the file came in. */
  readonly fieldName: string;
  /**
   * The client's file name reduced to its base name (no `/` or `\` directories, no control
   * characters, at most 255 characters); `""` when the part had none. Metadata only: never use it
   * as a path.
   */
  readonly filename: string;
  /** The part's media type as the client sent it, lower-case, without parameters; `text/plain` when absent (RFC 7578 §4.4). */
  readonly mediaType: string;
  /** Size of the content in bytes. */
  readonly size: number;
  /** The content as a stream. Throws (on read) once the request has ended and a spilled file is deleted. */
  stream(): Readable;
  /** The whole content in one Buffer. */
  buffer(): Promise<Buffer>;
  /** The content decoded as UTF-8. */
  text(): Promise<string>;
}

/** Where an {@link UploadedFile}'s bytes are: in memory, or in a temporary file. */
export type FileContent = { bytes: Buffer } | { path: string };

/** The runtime's {@link UploadedFile}: metadata plus its content. */
export class StoredFile implements UploadedFile {
  constructor(
    readonly fieldName: string,
    readonly filename: string,
    readonly mediaType: string,
    readonly size: number,
    private readonly content: FileContent,
  ) {}

  stream(): Readable {
    return "bytes" in this.content ? Readable.from([this.content.bytes]) : createReadStream(this.content.path);
  }

  async buffer(): Promise<Buffer> {
    return "bytes" in this.content ? this.content.bytes : readFile(this.content.path);
  }

  async text(): Promise<string> {
    return (await this.buffer()).toString("utf8");
  }

  /** Shown by `console.log` and loggers: metadata only, never the content. */
  toJSON(): { fieldName: string; filename: string; mediaType: string; size: number } {
    return { fieldName: this.fieldName, filename: this.filename, mediaType: this.mediaType, size: this.size };
  }
}

/** Where uploads go and when they leave memory. */
export interface UploadOptions {
  /** Folder for temporary upload files (one sub-folder per request). Default `os.tmpdir()`. */
  directory: string;
  /** Files up to this many bytes stay in memory; larger ones are written to `directory`. Default 65 536. */
  memoryThreshold: number;
}

/**
 * The temporary files of one request: a folder created on first use under `directory`, files
 * named by a counter (never by the client's file name), everything removed by {@link dispose}.
 * After dispose, no new file can be created, so a write racing with an abort cannot leave one.
 */
export class UploadStore {
  private folder: Promise<string> | undefined;
  private readonly writers = new Set<WriteStream>();
  private counter = 0;
  private disposed: Promise<void> | undefined;

  constructor(private readonly directory: string) {}

  /** Opens a new temporary file for writing. Throws Error when the store is already disposed. */
  async createFile(): Promise<{ path: string; writer: WriteStream }> {
    if (this.disposed) throw new Error("the request's uploads were already removed");
    this.folder ??= mkdtemp(path.join(this.directory, "specwright-upload-"));
    const folder = await this.folder;
    if (this.disposed) throw new Error("the request's uploads were already removed");
    const file = path.join(folder, String(this.counter++));
    const writer = createWriteStream(file, { flags: "wx", mode: 0o600 });
    // Failures reach the writer's user through write and end callbacks. Without a listener an
    // 'error' event (a write racing with dispose) would be an uncaught exception, and the stream
    // would never emit the 'close' that dispose waits for.
    writer.on("error", () => undefined);
    this.writers.add(writer);
    writer.once("close", () => this.writers.delete(writer));
    return { path: file, writer };
  }

  /** Stops every open write and removes the request's folder. Idempotent; never rejects. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      const closing = [...this.writers].map((writer) => new Promise<void>((resolve) => {
        if (writer.closed) resolve();
        else {
          writer.once("close", () => resolve());
          writer.destroy();
        }
      }));
      await Promise.all(closing);
      const folder = await this.folder?.catch(() => undefined);
      if (folder) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    })();
    return this.disposed;
  }
}

/**
 * Keeps a file part in memory up to `threshold` bytes; beyond that, writes it to a file of
 * `store`, one chunk at a time (the part's stream waits for the disk: backpressure reaches the
 * socket). Throws `tooLong.error()` as soon as the part passes `tooLong.bytes`, the file system's
 * error when a write fails, and an Error when the store was disposed meanwhile.
 */
export async function spoolFile(
  stream: Readable,
  store: UploadStore,
  threshold: number,
  tooLong?: { bytes: number; error: () => Error },
): Promise<{ bytes: Buffer } | { path: string; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let file: Awaited<ReturnType<UploadStore["createFile"]>> | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (tooLong && size > tooLong.bytes) throw tooLong.error();
      if (!file && size > threshold) {
        file = await store.createFile();
        await writeChunk(file.writer, Buffer.concat(chunks));
        chunks.length = 0;
      }
      if (file) await writeChunk(file.writer, chunk);
      else chunks.push(chunk);
    }
    if (!file) return { bytes: Buffer.concat(chunks, size) };
    const writer = file.writer;
    await new Promise<void>((resolve, reject) => {
      if (writer.destroyed) reject(writer.errored ?? new Error("the upload file was closed"));
      else writer.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    return { path: file.path, size };
  } catch (error) {
    file?.writer.destroy();
    throw error;
  }
}

/** Writes one chunk and waits until the file has taken it; rejects when the writer failed or was destroyed. */
function writeChunk(writer: WriteStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (writer.destroyed) reject(writer.errored ?? new Error("the upload file was closed"));
    else writer.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}
