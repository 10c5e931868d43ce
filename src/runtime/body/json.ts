import { isUtf8 } from "node:buffer";
import { someObject } from "../../wire/json-walk.js";
import { runtimeError } from "../errors.js";

/**
 * Parses a JSON body (RFC 8259) that a client may have crafted to do harm:
 * - invalid UTF-8 (RFC 8259 §8.1 requires UTF-8), syntax errors and trailing garbage → 400
 *   SPW_HTTP_MALFORMED_JSON;
 * - a leading BOM is accepted (§8.1 lets a parser ignore one);
 * - nesting deeper than `maxDepth` → 400 SPW_HTTP_BODY_TOO_DEEP (§9 lets a parser limit depth),
 *   checked by a linear scan before parsing, so a `[[[[…]]]]` bomb never reaches the validator or
 *   the serializer, whose recursion would overflow the stack;
 * - `__proto__` keys and `constructor.prototype` at any depth → 400 SPW_HTTP_FORBIDDEN_KEY
 *   (prototype poisoning, the secure-json-parse rule).
 */
export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  // isUtf8 is a native check, cheaper than a fatal TextDecoder; toString then cannot replace anything.
  if (!isUtf8(body)) throw runtimeError("SPW_HTTP_MALFORMED_JSON", "the body is not valid UTF-8");
  let text = body.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Nesting deeper than maxDepth needs more than maxDepth brackets: shorter bodies cannot.
  if (text.length > maxDepth && exceedsDepth(text, maxDepth)) {
    throw runtimeError("SPW_HTTP_BODY_TOO_DEEP", `the body is nested deeper than ${maxDepth} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw runtimeError("SPW_HTTP_MALFORMED_JSON", `the body is not valid JSON: ${(error as Error).message}`);
  }
  // Cheap text test first: only bodies that could hold a forbidden key are walked.
  if (/__proto__|constructor|\\u/.test(text) && hasForbiddenKey(value)) {
    throw runtimeError("SPW_HTTP_FORBIDDEN_KEY", "the body contains a __proto__ or constructor.prototype key");
  }
  return value;
}

/** Whether JSON text nests arrays/objects deeper than `maxDepth`, ignoring brackets inside strings. */
export function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) {
      inString = true;
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > maxDepth) return true;
    } else if (code === 93 || code === 125) {
      depth--;
    }
  }
  return false;
}

function hasForbiddenKey(value: unknown): boolean {
  return someObject(value, (node) => {
    if (Object.hasOwn(node, "__proto__")) return true;
    const constructorValue = Object.hasOwn(node, "constructor") ? node["constructor"] : undefined;
    return !!constructorValue && typeof constructorValue === "object" && Object.hasOwn(constructorValue, "prototype");
  });
}
