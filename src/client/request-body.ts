/**
 * Encodes a request body by its media type (OpenAPI 3.1 §4.8.13): JSON, text, bytes or a Blob or
 * stream as they are; `application/x-www-form-urlencoded` (by the Encoding Object) and
 * `multipart/form-data` through the operation's codecs for them. Browser-safe.
 */
import { isJsonMediaType, mediaTypeEssence, mediaTypeMatches } from "../wire/media-type.js";
import type { TransportRequest } from "../wire/transport.js";
import { InvalidRequestError } from "./errors.js";
import type { OperationCodecs, OperationDescriptor } from "./operation.js";

/**
 * What the client sends for a binary request body (`application/octet-stream`, `image/png`, …):
 * bytes, a Blob or File (browsers stream it), a web ReadableStream (Node; browsers that support
 * request streams), or text.
 */
export type BinaryUpload = Uint8Array | Blob | ReadableStream<Uint8Array> | string;

/**
 * Encodes `body` as `mediaType` (the call's `contentType`, else the first declared) and returns
 * the Content-Type to send with it. Throws {@link InvalidRequestError} for a media type declared
 * only as a range that the body does not make concrete, and for a multipart or form body when the
 * operation has not the codec for it (it declares no such media type).
 */
export async function encodeBody(
  operation: OperationDescriptor,
  codecs: OperationCodecs,
  body: unknown,
  mediaType: string | undefined,
): Promise<{ contentType: string; body: NonNullable<TransportRequest["body"]> }> {
  const contentType = concreteContentType(mediaType ?? operation.requestMediaTypes[0] ?? "application/json", body);
  const essence = mediaTypeEssence(contentType);
  if (essence === "multipart/form-data" || (typeof FormData !== "undefined" && body instanceof FormData)) {
    if (!codecs.multipart) throw new InvalidRequestError(`${operation.method} ${operation.path} declares no multipart/form-data body`);
    return codecs.multipart(body);
  }
  if (body instanceof Uint8Array || (typeof Blob !== "undefined" && body instanceof Blob) || (typeof ReadableStream !== "undefined" && body instanceof ReadableStream)) {
    return { contentType, body: body as NonNullable<TransportRequest["body"]> };
  }
  if (essence === "application/x-www-form-urlencoded" && typeof body === "object" && body !== null) {
    if (!codecs.form) throw new InvalidRequestError(`${operation.method} ${operation.path} declares no application/x-www-form-urlencoded body`);
    return { contentType, body: codecs.form(body as Record<string, unknown>, operation.formEncoding) };
  }
  return { contentType, body: typeof body === "string" && !isJsonMediaType(essence) ? body : JSON.stringify(body) };
}

/**
 * The Content-Type to send: the media type as declared, or, for a range the spec declares
 * (`image/*`), the Blob's own type when it falls within the range, else `application/octet-stream`
 * when that does. Throws {@link InvalidRequestError} when neither does: pass `contentType`.
 */
function concreteContentType(mediaType: string, body: unknown): string {
  if (!mediaType.includes("*")) return mediaType;
  const blobType = typeof Blob !== "undefined" && body instanceof Blob ? mediaTypeEssence(body.type) : undefined;
  if (blobType && mediaTypeMatches(mediaType, blobType)) return (body as Blob).type;
  if (mediaTypeMatches(mediaType, "application/octet-stream")) return "application/octet-stream";
  throw new InvalidRequestError(`the body's media type is declared as ${mediaType}: pass a concrete contentType (or a Blob with its type)`);
}
