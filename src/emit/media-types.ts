import type { JsonSchema, MediaTypeContent } from "../model/ir.js";
import { essenceOf } from "../wire/media-type.js";

/**
 * How the emitters classify a media type as written in the spec: the same decision picks the
 * handler's body type, the client's result type and the runtime's serialiser.
 */
export type BodyKind = "json" | "text" | "event-stream" | "form" | "binary";

/**
 * JSON (`application/json`, `+json`, and ranges such as `*\/*` that the runtime answers with
 * JSON), text (`text/*` other than event streams), server-sent events, form bodies, and binary
 * (everything else: images, `application/octet-stream`, PDFs…). Read from the kind the model
 * decided for the media type (`content.kind`, from wire's one classifier); only ranges are
 * decided here, by what the emitted types allow.
 */
export function bodyKind(content: Pick<MediaTypeContent, "mediaType" | "kind">): BodyKind {
  switch (content.kind) {
    case "urlencoded":
    case "multipart":
      return "form";
    case "range": {
      const essence = essenceOf(content.mediaType);
      if (essence === "*/*" || essence === "application/*") return "json";
      return essence === "text/*" ? "text" : "binary";
    }
    default:
      return content.kind;
  }
}

/** Whether a media type is `text/event-stream` (as the model classified it). */
export function isEventStream(content: Pick<MediaTypeContent, "kind">): boolean {
  return content.kind === "event-stream";
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
