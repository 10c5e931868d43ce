import type { IncomingMessage } from "node:http";
import type { Readable, Transform } from "node:stream";
import type { Busboy, BusboyFileStream } from "@fastify/busboy";
import { busboyModule } from "../dependencies.js";
import { escapePointerSegment } from "../../wire/json-pointer.js";
import { mediaTypeMatches } from "../../wire/media-type.js";
import { coerceValue } from "../../wire/coerce.js";
import { HttpError, runtimeError } from "../errors.js";
import type { MultipartFormDefinition, MultipartPropertyDefinition } from "../route-definition.js";
import { parseJsonBody } from "./json.js";
import type { RequestLimits } from "../pipeline.js";
import { decoderFor, malformedCoding, RequestAbortedError, type ContentCoding } from "./read-body.js";
import { spoolFile, StoredFile, type UploadStore } from "./uploaded-file.js";

/**
 * The limits a multipart body is read under, as RequestLimits documents them: all finite, where
 * busboy leaves parts, files and file size unbounded by default (unbounded parts were
 * @fastify/multipart's CVE-2023-25576);
 * `bodyLimit` bounds the text parts together (files are bounded by `maxFiles` × `maxFileSize`).
 */
export type MultipartLimits = Pick<
  RequestLimits,
  "bodyLimit" | "maxJsonDepth" | "maxParts" | "maxFiles" | "maxFileSize" | "maxFieldSize" | "maxFieldNameSize" | "maxPartHeaderPairs"
>;

/** The property names every plain object inherits (`constructor`, `toString`, `hasOwnProperty`, …). */
const prototypeNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Reads a `multipart/form-data` body (RFC 7578) as it streams in, with @fastify/busboy, into a
 * null-prototype object the body validator checks:
 * - declared file properties (and undeclared parts that carry a filename) become
 *   {@link StoredFile}s, kept in memory up to `memoryThreshold` bytes and spilled to `store`
 *   beyond it;
 * - text parts are parsed as JSON or coerced strictly by their property's rule, as form fields are;
 * - array properties collect their repeated parts in order; a non-array property sent twice is a 422.
 *
 * The whole body is bounded by {@link multipartSizeLimit}, so bytes the parser skips count too.
 * With a content `coding` (RFC 9110 §8.4) the body is decoded as it arrives and the bound applies
 * to the decoded bytes (Content-Length bounds the encoded ones), so a compression bomb is a 413;
 * a body its decoder refuses is a 400 SPW_HTTP_MALFORMED_CONTENT_CODING.
 *
 * Rejects with HttpError 400 SPW_HTTP_MALFORMED_MULTIPART (no boundary, broken framing, a part
 * without a name), 400 SPW_HTTP_FORBIDDEN_KEY (a part named `__proto__`), 400 from the JSON
 * parser, 413 SPW_HTTP_BODY_TOO_LARGE (any limit), 415 SPW_HTTP_UNSUPPORTED_MEDIA_TYPE (a part
 * whose Content-Type is not one its `encoding.contentType` allows), 422 SPW_HTTP_VALIDATION (a
 * repeated single-valued part, a file outside its schema's `minLength`/`maxLength` in bytes);
 * with {@link RequestAbortedError} when the client goes away. Reading stops at the first failure;
 * temporary files are the caller's to remove (`store.dispose()`).
 */
export function parseMultipartBody(
  request: IncomingMessage,
  definition: MultipartFormDefinition,
  limits: MultipartLimits,
  store: UploadStore,
  memoryThreshold: number,
  coding?: ContentCoding,
): Promise<Record<string, unknown>> {
  const properties = propertiesByName(definition);
  const rawLimit = multipartSizeLimit(limits);
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > rawLimit) {
    return Promise.reject(runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the multipart body is larger than ${rawLimit} bytes`));
  }
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    // The bytes busboy reads: the request itself, or its decoder when the body has a content coding.
    let source: Readable = request;
    let decoder: Transform | undefined;
    try {
      parser = busboyModule().Busboy({
        headers: request.headers as never,
        defCharset: "utf8",
        limits: {
          parts: limits.maxParts,
          files: limits.maxFiles,
          fields: limits.maxParts,
          fileSize: limits.maxFileSize,
          fieldSize: limits.maxFieldSize,
          fieldNameSize: limits.maxFieldNameSize,
          headerPairs: limits.maxPartHeaderPairs,
        },
        // A declared property decides by its schema; an undeclared part is a file when it has a filename.
        isPartAFile: (name, _contentType, filename) => {
          const property = name === undefined ? undefined : properties.get(name);
          return property ? property.file : filename !== undefined;
        },
      });
    } catch (error) {
      request.resume();
      reject(runtimeError("SPW_HTTP_MALFORMED_MULTIPART", `the multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const body: Record<string, unknown> = Object.create(null);
    /** The arrays this parser made (array properties, repeated undeclared names), by part name. */
    const lists = new Map<string, unknown[]>();
    const spooling: Promise<void>[] = [];
    const files = new Set<Readable>();
    let textBytes = 0;
    let settled = false;

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      detach();
      // Stop reading: the answer (413, 400, …) goes out with `Connection: close`.
      source.unpipe(parser);
      if (decoder) {
        request.unpipe(decoder);
        decoder.destroy();
      }
      request.pause();
      for (const file of files) file.destroy();
      reject(error);
    };
    /** A 422 for one part, at `["body", ...path]` like the validator's issues. */
    const invalid = (path: (string | number)[], keyword: string, message: string): HttpError =>
      runtimeError("SPW_HTTP_VALIDATION", "the request does not match the contract", {
        errors: [{ in: "body", loc: ["body", ...path], pointer: path.map((segment) => `/${escapePointerSegment(segment)}`).join(""), keyword, message }],
      });
    const tooLarge = (what: string): void => fail(runtimeError("SPW_HTTP_BODY_TOO_LARGE", what));

    /** Checks a part's name; returns the property it fills, or undefined for an undeclared part. Throws on a bad name. */
    const propertyFor = (name: string | undefined): MultipartPropertyDefinition | undefined => {
      if (name === undefined || name === "") throw runtimeError("SPW_HTTP_MALFORMED_MULTIPART", "a part has no name");
      if (Buffer.byteLength(name) > limits.maxFieldNameSize) throw runtimeError("SPW_HTTP_BODY_TOO_LARGE", `a part name is longer than ${limits.maxFieldNameSize} bytes`);
      const property = properties.get(name);
      // A part named after an Object.prototype property (`constructor`, `toString`, …) is 400
      // unless the schema declares it (a spec may have a property called `constructor`);
      // `__proto__` always is: such names are how prototype pollution gets in (CWE-1321).
      if (name === "__proto__" || (!property && prototypeNames.has(name))) throw runtimeError("SPW_HTTP_FORBIDDEN_KEY", `a part is named ${name}`);
      return property;
    };
    const checkMediaType = (property: MultipartPropertyDefinition | undefined, name: string, mediaType: string, isFile: boolean): void => {
      const allowed = property?.contentTypes;
      // Text parts without a Content-Type read as text/plain (RFC 7578 §4.4), which browsers send for every string.
      if (!allowed || allowed.some((range) => mediaTypeMatches(range, mediaType)) || (!isFile && mediaType === "text/plain")) return;
      // The media type is client text of up to a part header's size: only its start goes in the detail.
      throw runtimeError("SPW_HTTP_UNSUPPORTED_MEDIA_TYPE", `part ${JSON.stringify(name)} is ${JSON.stringify(mediaType.slice(0, 100))}, not one of: ${allowed.join(", ")}`);
    };
    /**
     * Puts a part's value in place, in arrival order; returns a setter for that place (so a file
     * still streaming keeps its position among the parts that follow it) and its location.
     */
    const add = (name: string, property: MultipartPropertyDefinition | undefined, value: unknown): { place: (next: unknown) => void; loc: (string | number)[] } => {
      const previous = body[name];
      if (previous === undefined && !property?.array) {
        body[name] = value;
        return {
          place: (next) => {
            body[name] = next;
          },
          loc: [name],
        };
      }
      if (property && !property.array) throw invalid([name], "type", "must be a single part, not several");
      // An array property, or an undeclared name sent several times (the schema's additionalProperties decides).
      let list = lists.get(name);
      if (!list) {
        list = previous === undefined ? [] : [previous];
        lists.set(name, list);
        body[name] = list;
      }
      const index = list.push(value) - 1;
      return {
        place: (next) => {
          list[index] = next;
        },
        loc: [name, index],
      };
    };

    const onField = (name: string | undefined, value: string, _nameTruncated: boolean, valueTruncated: boolean, _encoding: string, mediaType: string): void => {
      if (settled) return;
      try {
        const property = propertyFor(name);
        if (valueTruncated) throw runtimeError("SPW_HTTP_BODY_TOO_LARGE", `part ${JSON.stringify(name)} is larger than ${limits.maxFieldSize} bytes`);
        textBytes += Buffer.byteLength(value);
        if (textBytes > limits.bodyLimit) throw runtimeError("SPW_HTTP_BODY_TOO_LARGE", `the text parts are larger than ${limits.bodyLimit} bytes together`);
        checkMediaType(property, name!, mediaType, false);
        const parsed = property?.json
          ? parseJsonBody(Buffer.from(value, "utf8"), limits.maxJsonDepth)
          : coerceValue(value, property ? property.coercion : definition.additional);
        add(name!, property, parsed);
      } catch (error) {
        fail(error);
      }
    };

    const onFile = (name: string | undefined, stream: BusboyFileStream, filename: string | undefined, _encoding: string, mediaType: string): void => {
      if (settled) {
        stream.resume();
        return;
      }
      files.add(stream);
      try {
        const property = propertyFor(name);
        checkMediaType(property, name!, mediaType, true);
        stream.once("limit", () => tooLarge(`file ${JSON.stringify(baseName(filename ?? ""))} in part ${JSON.stringify(name)} is larger than ${limits.maxFileSize} bytes`));
        const { place, loc } = add(name!, property, null);
        const maxLength = property?.maxLength;
        const tooLong = maxLength === undefined ? undefined : { bytes: maxLength, error: () => invalid(loc, "maxLength", `must be at most ${maxLength} bytes`) };
        const reading = spoolFile(stream, store, memoryThreshold, tooLong).then((content) => {
          files.delete(stream);
          const size = "bytes" in content ? content.bytes.length : content.size;
          if (property?.minLength !== undefined && size < property.minLength) throw invalid(loc, "minLength", `must be at least ${property.minLength} bytes`);
          place(new StoredFile(name!, baseName(filename ?? ""), mediaType, size, "bytes" in content ? content : { path: content.path }));
        });
        // After another failure this one is its consequence (the stream was destroyed): fail() ignores it.
        spooling.push(reading.catch((error: unknown) => fail(fileError(error))));
      } catch (error) {
        fail(error);
      }
    };

    const onFinish = (): void => {
      void Promise.all(spooling).then(() => {
        if (settled) return;
        settled = true;
        detach();
        resolve(body);
      });
    };
    /**
     * What a failed file part means: our own HttpErrors as they are; file-system errors (they carry
     * an errno `code`, such as ENOSPC) stay server faults (500); anything else came from the parser
     * through the part's stream, so it is the same fault the parser reports.
     */
    const fileError = (error: unknown): unknown => {
      if (error instanceof HttpError || error instanceof RequestAbortedError) return error;
      if (typeof (error as { code?: unknown })?.code === "string") return error;
      return request.destroyed && !request.complete
        ? new RequestAbortedError("the client aborted the request")
        : runtimeError("SPW_HTTP_MALFORMED_MULTIPART", `the multipart body is malformed: ${(error as Error)?.message ?? String(error)}`);
    };
    const onError = (error: unknown): void => {
      if (request.destroyed && !request.complete) fail(new RequestAbortedError("the client aborted the request"));
      else fail(runtimeError("SPW_HTTP_MALFORMED_MULTIPART", `the multipart body is malformed: ${(error as Error)?.message ?? String(error)}`));
    };
    const onAborted = (): void => fail(new RequestAbortedError("the client aborted the request"));
    const onRequestError = (error: Error): void => fail(new RequestAbortedError(`the request stream failed: ${error.message}`, { cause: error }));
    const onClose = (): void => {
      if (!request.complete) onAborted();
    };
    let received = 0;
    // Bytes the parser skips (a preamble, parts without a name header) are counted here.
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > rawLimit) tooLarge(`the multipart body${coding ? ` decoded from ${coding}` : ""} is larger than ${rawLimit} bytes`);
    };
    const onDecoderError = (error: Error): void => fail(malformedCoding(coding!, error));
    const onPartsLimit = (): void => tooLarge(`the body has more than ${limits.maxParts} parts`);
    const onFilesLimit = (): void => tooLarge(`the body has more than ${limits.maxFiles} files`);
    const detach = (): void => {
      source.off("data", onData);
      decoder?.off("error", onDecoderError);
      request.off("aborted", onAborted);
      request.off("error", onRequestError);
      request.off("close", onClose);
    };

    parser.on("field", onField);
    parser.on("file", onFile);
    parser.on("finish", onFinish);
    parser.on("error", onError);
    parser.on("partsLimit", onPartsLimit);
    parser.on("fieldsLimit", onPartsLimit);
    parser.on("filesLimit", onFilesLimit);
    request.on("aborted", onAborted);
    request.on("error", onRequestError);
    request.on("close", onClose);
    if (coding) {
      decoder = decoderFor(request, coding);
      decoder.on("error", onDecoderError);
      source = decoder;
    }
    source.on("data", onData);
    source.pipe(parser);
  });
}

/**
 * The declared properties by part name, for one body: a Map built per request (a multipart body
 * costs far more than this), so nothing is kept between requests.
 */
function propertiesByName(definition: MultipartFormDefinition): Map<string, MultipartPropertyDefinition> {
  return new Map(definition.properties.map((property) => [property.name, property]));
}

/**
 * The most bytes a multipart body may have on the wire: every text part (`bodyLimit`), every file
 * (`maxFiles` × `maxFileSize`) and 1 KiB of framing (boundary and part headers) per part. With the
 * defaults: 1 MiB + 10 MiB + 1000 KiB. A declared `Content-Length` above it is answered 413
 * before reading (RFC 9110 §15.5.14); a chunked body is stopped when it passes it.
 */
export function multipartSizeLimit(limits: MultipartLimits): number {
  return limits.bodyLimit + limits.maxFiles * limits.maxFileSize + limits.maxParts * 1024;
}

/**
 * The last path segment of a client's file name, without control characters, at most 255
 * characters (RFC 7578 §4.2: a filename is metadata; it must never become a path on the server).
 */
export function baseName(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const segment = filename.split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "");
  const name = segment === "." || segment === ".." ? "" : segment;
  return name.length > 255 ? name.slice(0, 255) : name;
}
