/**
 * The fast way in for specs written as JSON. Parsing a 13 MB JSON spec as YAML (to get positions
 * and strict duplicate-key errors) takes about 2.7 s and 500 MiB; JSON.parse takes 0.1 s. The YAML
 * parse is kept for everything JSON.parse cannot read exactly as the YAML parser would: not JSON,
 * or JSON with a key repeated in one object (a YAML error, which JSON.parse would silently resolve
 * to the last value). Positions are then found by scanning the JSON text (json-source-map.ts) when a
 * diagnostic needs one.
 */

/**
 * Parses `text` when it is a JSON object without duplicate keys; returns undefined for anything
 * else (YAML, invalid JSON, duplicate keys), which the caller reads with the YAML parser so that
 * errors are reported exactly as before. Never throws.
 */
export function parseStrictJson(text: string): { value: unknown } | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateKeys(text) ? undefined : { value };
}

/** Character codes of JSON's structural characters, for the scanners over JSON text (here and json-source-map.ts). */
export const quote = 0x22;
export const backslash = 0x5c;
export const openBrace = 0x7b;
export const closeBrace = 0x7d;
export const openBracket = 0x5b;
export const closeBracket = 0x5d;
export const comma = 0x2c;
export const colon = 0x3a;

/**
 * Whether some object of a valid JSON text repeats a key (compared after unescaping, as
 * JSON.parse would). One pass over the text with a stack of the keys seen per open object;
 * arrays push `undefined`.
 */
function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | undefined)[] = [];
  // Whether the next string in the current object is a key (after `{` or `,`), not a value.
  let expectingKey = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === quote) {
      const start = index;
      let escaped = false;
      for (index++; ; index++) {
        const inner = text.charCodeAt(index);
        if (inner === backslash) {
          escaped = true;
          index++;
        } else if (inner === quote) {
          break;
        }
      }
      if (expectingKey) {
        const raw = text.slice(start + 1, index);
        const key = escaped ? (JSON.parse(text.slice(start, index + 1)) as string) : raw;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) return true;
        keys.add(key);
        expectingKey = false;
      }
    } else if (code === openBrace) {
      stack.push(new Set());
      expectingKey = true;
    } else if (code === openBracket) {
      stack.push(undefined);
      expectingKey = false;
    } else if (code === closeBrace || code === closeBracket) {
      stack.pop();
      expectingKey = false;
    } else if (code === comma) {
      expectingKey = stack[stack.length - 1] !== undefined;
    }
  }
  return false;
}
