import type { JsonSchema } from "../model/ir.js";
import { essenceOf, mediaTypeKind } from "../wire/media-type.js";

/**
 * How the emitters classify a media type as written in the spec: the same decision picks the
 * handler's body type, the client's result type and the runtime's serialiser.
 */
export type BodyKind = "json" | "text" | "event-stream" | "form" | "binary";

/**
 * JSON (`application/json`, `+json`, and ranges such as `*\/*` that the runtime answers with
 * JSON), text (`text/*` other than event streams), server-sent events, form bodies, and binary
 * (everything else: images, `application/octet-stream`, PDFs…). Read from the one classifier,
 * {@link mediaTypeKind}; only ranges are decided here, by what the emitted types allow.
 */
export function bodyKind(mediaType: string): BodyKind {
  const kind = mediaTypeKind(mediaType);
  switch (kind) {
    case "urlencoded":
    case "multipart":
      return "form";
    case "range": {
      const essence = essenceOf(mediaType);
      if (essence === "*/*" || essence === "application/*") return "json";
      return essence === "text/*" ? "text" : "binary";
    }
    default:
      return kind;
  }
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
