/**
 * The one door through which spec text reaches generated source (ajv's "safe code" rule).
 * Every name, string and comment taken from a spec goes through one of these helpers.
 */

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Returns `name` if it is a plain ASCII identifier; throws otherwise (a bug in the caller). */
export function identifier(name: string): string {
  if (!identifierPattern.test(name)) throw new Error(`internal error: ${JSON.stringify(name)} is not a valid identifier`);
  return name;
}

/** A string literal: JSON-quoted, with U+2028/U+2029 escaped too, so no spec text can end it. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * A single-quoted string literal, for text full of double quotes (JSON fragments in generated
 * serialisers): the same escaping as {@link stringLiteral}, with `'` escaped instead of `"`.
 */
export function singleQuotedLiteral(text: string): string {
  const inner = stringLiteral(text).slice(1, -1).replace(/\\(.)/g, (escape, character: string) => (character === '"' ? '"' : escape));
  return `'${inner.replace(/'/g, "\\'")}'`;
}

/** A property key: bare when it is a safe identifier, JSON-quoted otherwise (`"x-api-key"`, `"__proto__"`). */
export function propertyKey(name: string): string {
  return identifierPattern.test(name) && name !== "__proto__" ? name : stringLiteral(name);
}

/** A property access: `.name` or `["x-name"]`. */
export function propertyAccess(name: string): string {
  return identifierPattern.test(name) ? `.${name}` : `[${stringLiteral(name)}]`;
}

/**
 * Text for a JSDoc comment body: `*\/` cannot close the comment, line breaks normalised to LF,
 * U+2028/U+2029 turned into line breaks. Returns lines without the leading ` * `.
 */
export function docText(text: string): string {
  return text
    .replace(/\r\n?|\u2028|\u2029/g, "\n")
    .replace(/\*\//g, "*\\/")
    .trim();
}

/** Raw code to insert as is in {@link codeLiteral}; only emitters create it, from identifiers. */
export class Code {
  constructor(readonly text: string) {}
}

/**
 * Prints plain data as a JavaScript expression: strings via {@link stringLiteral}, keys via
 * {@link propertyKey}, {@link Code} inserted as is. Objects keep their key order; `undefined`
 * members are omitted. Indented by two spaces per level.
 */
export function codeLiteral(value: unknown, indent = ""): string {
  if (value instanceof Code) return value.text;
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return stringLiteral(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error("internal error: non-finite number in generated code");
      return String(value);
    case "boolean":
      return String(value);
    case "object": {
      const inner = indent + "  ";
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        const items = value.map((item) => codeLiteral(item, inner));
        const flat = `[${items.join(", ")}]`;
        return flat.length <= 100 && !flat.includes("\n") ? flat : `[\n${items.map((item) => inner + item).join(",\n")},\n${indent}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
      if (entries.length === 0) return "{}";
      // A quoted `"__proto__":` in an object literal sets the prototype; a computed key defines a property.
      const members = entries.map(([key, item]) => `${key === "__proto__" ? `[${stringLiteral(key)}]` : propertyKey(key)}: ${codeLiteral(item, inner)}`);
      const flat = `{ ${members.join(", ")} }`;
      return flat.length <= 100 && !flat.includes("\n") ? flat : `{\n${members.map((member) => inner + member).join(",\n")},\n${indent}}`;
    }
    default:
      throw new Error(`internal error: cannot print a ${typeof value} in generated code`);
  }
}
