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
 * Parses a Content-Type value. Returns undefined for anything outside the RFC 9110 grammar:
 * leading whitespace, trailing junk, a missing subtype, a dangling `;`.
 */
export function parseMediaType(value: string): MediaType | undefined {
  // Clients send a handful of distinct Content-Type values: parse each once. The results are
  // frozen, since every caller shares them; the bounds (256 values of up to 200 characters)
  // keep hostile variety from growing it.
  if (parsedMediaTypes.has(value)) return parsedMediaTypes.get(value);
  const parsed = parseMediaTypeUncached(value);
  if (parsed) {
    Object.freeze(parsed.parameters);
    Object.freeze(parsed);
  }
  if (value.length <= 200) {
    if (parsedMediaTypes.size >= 256) parsedMediaTypes.clear();
    parsedMediaTypes.set(value, parsed);
  }
  return parsed;
}

const parsedMediaTypes = new Map<string, MediaType | undefined>();

/** Parses a Content-Type value by the RFC 9110 grammar (see {@link parseMediaType}). */
function parseMediaTypeUncached(value: string): MediaType | undefined {
  const match = mediaTypePattern.exec(value);
  if (!match) return undefined;
  const type = match[1]!.toLowerCase();
  const subtype = match[2]!.toLowerCase();
  const parameters: Record<string, string> = Object.create(null);
  for (const parameter of match[3]!.matchAll(parameterPattern)) {
    const raw = parameter[2]!;
    parameters[parameter[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
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

/** Media ranges as written in specs, split once. */
const parsedRanges = new Map<string, { type: string; subtype: string; essence: string }>();

/**
 * Whether a concrete media type falls within a range as written in a spec
 * (`application/json`, `image/*`, `*\/*`), case-insensitively.
 */
export function mediaTypeMatches(range: string, essence: string): boolean {
  let parsed = parsedRanges.get(range);
  if (parsed === undefined) {
    const [rangeType, rangeSubtype] = range.toLowerCase().split(";")[0]!.trim().split("/");
    parsed = { type: rangeType ?? "", subtype: rangeSubtype ?? "", essence: `${rangeType}/${rangeSubtype}` };
    // Ranges come from the spec (a fixed set); a bound keeps handler-given types from growing it.
    if (parsedRanges.size < 1000) parsedRanges.set(range, parsed);
  }
  if (parsed.type === "*" || parsed.essence === essence) return true;
  if (parsed.subtype !== "*") return false;
  const slash = essence.indexOf("/");
  return essence.slice(0, slash) === parsed.type;
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
