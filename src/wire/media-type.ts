/**
 * Media types (RFC 9110 §8.3.1) parsed by one strict grammar, used both to choose how a body is
 * parsed and which schema validates it, so the two can never disagree (the Fastify CVE family,
 * RELIABILITY B6). Browser-safe.
 */

/** A parsed media type: lower-cased `type/subtype`, parameters with lower-cased names. */
export interface MediaType {
  type: string;
  subtype: string;
  /** `type/subtype`, lower-cased. */
  essence: string;
  parameters: Record<string, string>;
}

const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
// Built in functions marked pure, so that bundles which never parse a media type (the generated
// client) drop them: bundlers keep a top-level `new RegExp(...)` whose arguments name a variable.
const mediaTypePattern = /* @__PURE__ */ (() => new RegExp(`^(${token})/(${token})((?:[ \\t]*;[ \\t]*${token}=(?:${token}|"(?:[^"\\\\]|\\\\.)*"))*)[ \\t]*$`))();
const parameterPattern = /* @__PURE__ */ (() => new RegExp(`;[ \\t]*(${token})=(${token}|"(?:[^"\\\\]|\\\\.)*")`, "g"))();

/**
 * Parses a Content-Type value by the RFC 9110 grammar. Returns undefined for anything outside it:
 * leading whitespace, trailing junk, a missing subtype, a dangling `;`.
 */
export function parseMediaType(value: string): MediaType | undefined {
  const match = mediaTypePattern.exec(value);
  if (!match) return undefined;
  const type = match[1]!.toLowerCase();
  const subtype = match[2]!.toLowerCase();
  const parameters: Record<string, string> = Object.create(null);
  if (match[3] !== "") {
    for (const parameter of match[3]!.matchAll(parameterPattern)) {
      const raw = parameter[2]!;
      parameters[parameter[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    }
  }
  return { type, subtype, essence: `${type}/${subtype}`, parameters };
}

/**
 * The essence (`type/subtype`, lower-cased) of a media type as written, read leniently: the text
 * before the first `;`, trimmed. Equal to `parseMediaType(value)?.essence` for every value inside
 * the RFC 9110 grammar; for the client, which reads what servers send and takes what it can.
 */
export function mediaTypeEssence(value: string): string {
  return value.split(";")[0]!.trim().toLowerCase();
}

/** The media type essence of server-sent events (WHATWG HTML §9.2); their rules are in ./event-stream.ts. */
export const eventStreamMediaType = "text/event-stream";

/**
 * Whether a media type is JSON: `application/json`, any `+json` structured suffix (RFC 6839), or
 * the legacy `text/json` that converted specs still declare (read as JSON, not as a string).
 */
export function isJsonMediaType(essence: string): boolean {
  return essence === "application/json" || essence.endsWith("+json") || essence === "text/json";
}

/**
 * Whether a concrete media type falls within a range as written in a spec
 * (`application/json`, `image/*`, `*\/*`), case-insensitively.
 */
export function mediaTypeMatches(range: string, essence: string): boolean {
  const rangeEssence = essenceOf(range);
  if (rangeEssence === essence || rangeEssence === "*/*") return true;
  return rangeEssence.endsWith("/*") && essence.startsWith(rangeEssence.slice(0, -1));
}

/** The lower-cased `type/subtype` of a media type or range as written (`Text/Plain; charset=x` → `text/plain`). */
export function essenceOf(mediaType: string): string {
  const semicolon = mediaType.indexOf(";");
  return (semicolon === -1 ? mediaType : mediaType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * How a body of a media type is read and written: the one classification of the compiler, the
 * runtime and the client. `json` for `application/json`, `+json` suffixes (RFC 6839) and the
 * legacy `text/json`; `event-stream` for server-sent events; `text` for other `text/*`;
 * `urlencoded` and `multipart` for the two form encodings; `range` for `*\/*` and `type/*`
 * ranges (the value decides); `binary` for everything else (images, archives, PDFs).
 */
export type MediaTypeKind = "json" | "text" | "event-stream" | "urlencoded" | "multipart" | "range" | "binary";

/** The {@link MediaTypeKind} of a media type or range, as written or as an essence. */
export function mediaTypeKind(mediaType: string): MediaTypeKind {
  const essence = essenceOf(mediaType);
  if (isJsonMediaType(essence)) return "json";
  if (essence === "text/event-stream") return "event-stream";
  if (essence === "application/x-www-form-urlencoded") return "urlencoded";
  if (essence === "multipart/form-data") return "multipart";
  if (essence.endsWith("/*")) return "range";
  if (essence.startsWith("text/")) return "text";
  return "binary";
}

/** One media range of an Accept header with its weight (RFC 9110 §12.5.1). */
interface AcceptRange {
  type: string;
  subtype: string;
  quality: number;
}

/** Parses an Accept header into ranges; malformed members are skipped. An absent header accepts anything. */
export function parseAccept(header: string | undefined): AcceptRange[] {
  if (header === undefined || header.trim() === "") return [{ type: "*", subtype: "*", quality: 1 }];
  const ranges: AcceptRange[] = [];
  for (const member of header.split(",")) {
    const [range, ...parameters] = member.split(";");
    const [type, subtype] = (range ?? "").trim().toLowerCase().split("/");
    if (!type || !subtype) continue;
    let quality = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split("=").map((part) => part.trim().toLowerCase());
      if (name === "q" && value !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value)) quality = Number(value);
    }
    ranges.push({ type, subtype, quality });
  }
  return ranges;
}

/**
 * Content negotiation (RFC 9110 §12.5.1): of the `offered` media types (as declared, first is
 * preferred on a tie), the one the Accept header weighs highest, by the most specific matching
 * range; undefined when none is acceptable (→ 406). `+json` types also match `application/json`.
 */
export function negotiate(offered: readonly string[], accept: string | undefined): string | undefined {
  const ranges = parseAccept(accept);
  let best: { mediaType: string; quality: number } | undefined;
  for (const mediaType of offered) {
    const [type, subtype] = mediaType.toLowerCase().split(";")[0]!.trim().split("/");
    let quality = -1;
    let specificity = -1;
    for (const range of ranges) {
      const matches =
        (range.type === "*" || range.type === type || type === "*") &&
        (range.subtype === "*" || range.subtype === subtype || subtype === "*" || (range.subtype === "json" && subtype?.endsWith("+json")));
      if (!matches) continue;
      const rangeSpecificity = (range.type === "*" ? 0 : 1) + (range.subtype === "*" ? 0 : 1);
      if (rangeSpecificity > specificity) {
        specificity = rangeSpecificity;
        quality = range.quality;
      }
    }
    if (quality > 0 && (!best || quality > best.quality)) best = { mediaType, quality };
  }
  return best?.mediaType;
}
