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
const mediaTypePattern = new RegExp(`^(${token})/(${token})((?:[ \\t]*;[ \\t]*${token}=(?:${token}|"(?:[^"\\\\]|\\\\.)*"))*)[ \\t]*$`);
const parameterPattern = new RegExp(`;[ \\t]*(${token})=(${token}|"(?:[^"\\\\]|\\\\.)*")`, "g");

/**
 * Parses a Content-Type value. Returns undefined for anything outside the RFC 9110 grammar:
 * leading whitespace, trailing junk, a missing subtype, a dangling `;`.
 */
export function parseMediaType(value: string): MediaType | undefined {
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

/** Whether a media type is JSON: `application/json` or any `+json` structured suffix (RFC 6839). */
export function isJsonMediaType(essence: string): boolean {
  return essence === "application/json" || essence.endsWith("+json");
}

/**
 * Whether a concrete media type falls within a range as written in a spec
 * (`application/json`, `image/*`, `*\/*`), case-insensitively.
 */
export function mediaTypeMatches(range: string, essence: string): boolean {
  const [rangeType, rangeSubtype] = range.toLowerCase().split(";")[0]!.trim().split("/");
  const [type, subtype] = essence.split("/");
  if (rangeType === "*") return true;
  return rangeType === type && (rangeSubtype === "*" || rangeSubtype === subtype);
}
