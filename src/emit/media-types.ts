import type { JsonSchema } from "../model/ir.js";
import { isJsonMediaType, parseMediaType } from "../wire/media-type.js";

/**
 * How the emitters classify a media type as written in the spec: the same decision picks the
 * handler's body type, the client's result type and the runtime's serialiser.
 */
export type BodyKind = "json" | "text" | "event-stream" | "form" | "binary";

/** The lower-cased essence of a media type as written in a spec (`Text/Plain; charset=x` → `text/plain`). */
function essenceOf(mediaType: string): string {
  return parseMediaType(mediaType)?.essence ?? mediaType.toLowerCase().split(";")[0]!.trim();
}

/**
 * JSON (`application/json`, `+json`, and ranges such as `*\/*` that the runtime answers with
 * JSON), text (`text/*` other than event streams), server-sent events, form bodies, and binary
 * (everything else: images, `application/octet-stream`, PDFs…).
 */
export function bodyKind(mediaType: string): BodyKind {
  const essence = essenceOf(mediaType);
  if (essence === "text/event-stream") return "event-stream";
  if (isJsonMediaType(essence) || essence === "*/*" || essence === "application/*") return "json";
  if (essence.startsWith("text/")) return "text";
  if (essence === "application/x-www-form-urlencoded" || essence === "multipart/form-data") return "form";
  return "binary";
}

/** Whether a media type is `text/event-stream`. */
export function isEventStream(mediaType: string): boolean {
  return bodyKind(mediaType) === "event-stream";
}

/**
 * How the events' `data` of a `text/event-stream` media type is encoded: `text` when its schema
 * is a string schema (after one `$ref`), `json` otherwise (see src/wire/event-stream.ts).
 */
export function eventDataEncoding(schema: JsonSchema | undefined, resolve: (ref: string) => JsonSchema | undefined): "text" | "json" {
  let node = schema;
  if (node && typeof node === "object" && typeof node["$ref"] === "string") node = resolve(node["$ref"]);
  return node && typeof node === "object" && node["type"] === "string" ? "text" : "json";
}
