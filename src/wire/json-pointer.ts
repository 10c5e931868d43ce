/**
 * JSON pointers (RFC 6901), in URI-fragment form (`#/a~1b/c`) for spec locations and plain form
 * (`/a/b`) inside request parts. Browser-safe.
 */

/** Escapes one segment: `~` → `~0`, `/` → `~1` (RFC 6901 §3). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one segment: `~1` → `/`, `~0` → `~` (RFC 6901 §4, in that order). */
export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Splits `#/a~1b/c` (or `/a~1b/c`) into `["a/b", "c"]`, decoding URI-fragment escapes. */
export function parsePointer(pointer: string): string[] {
  const body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  if (body === "") return [];
  return body
    .slice(1)
    .split("/")
    .map((segment) => unescapePointerSegment(safeDecode(segment)));
}

/** Joins segments into `#/a~1b/c`. */
export function formatPointer(segments: readonly (string | number)[]): string {
  return "#" + segments.map((segment) => "/" + escapePointerSegment(segment)).join("");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The value at `pointer` inside `root` (own properties only), or undefined when there is none. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let target: unknown = root;
  for (const segment of parsePointer(pointer)) {
    if (!target || typeof target !== "object" || !Object.hasOwn(target, segment)) return undefined;
    target = (target as Record<string, unknown>)[segment];
  }
  return target;
}
