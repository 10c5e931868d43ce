import type { ResponseShape } from "./route-definition.js";

/**
 * Response serialisation that filters and writes JSON in one pass (Fastify's fast-json-stringify
 * idea, built from the route table's response shapes instead of a schema compiler): the output is
 * exactly `JSON.stringify(projectBody(value, shape, shapes))`, without building the filtered copy
 * first. About 2.5× faster than projecting then stringifying on the example's bodies.
 *
 * A serialiser is a closure tree built once per shape. Where JSON.stringify's rules would make
 * the result differ from a plain walk (object keys that are array indexes, which JSON.stringify
 * writes first; a declared `toJSON` property, which it would call), that shape falls back to
 * projecting and stringifying.
 */

/** Writes one value as JSON; undefined where JSON.stringify gives undefined (skipped in objects, `null` in arrays). */
export type Serializer = (value: unknown, depth: number) => string | undefined;

/** The deepest nesting written, as for projectBody: past it, RangeError. */
const maxDepth = 256;

/** Characters a JSON string must escape, and lone surrogates (ES2019 well-formed JSON.stringify). */
const needsEscape = /[\u0000-\u001f"\\\ud800-\udfff]/;
/** Canonical array-index keys, which JSON.stringify writes before all other keys. */
const indexKey = /^(?:0|[1-9][0-9]*)$/;

function quote(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Values whose JSON does not depend on the shape (primitives, and anything under `any`). */
const plain: Serializer = (value) => {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    default:
      return JSON.stringify(value);
  }
};

/**
 * The serialiser of a shape, built once and cached per shape object. `fallback` is used for
 * shapes a plain walk cannot reproduce (see the module comment).
 */
export function serializerFor(
  shape: ResponseShape | undefined,
  shapes: Readonly<Record<string, ResponseShape>>,
  fallback: (value: unknown, shape: ResponseShape, shapes: Readonly<Record<string, ResponseShape>>) => string | undefined,
): Serializer {
  if (!shape || shape.kind === "any") return plain;
  let cache = caches.get(shapes);
  if (!cache) {
    cache = new WeakMap();
    caches.set(shapes, cache);
  }
  const cached = cache.get(shape);
  if (cached) return cached;
  const built = build(shape, shapes, fallback);
  cache.set(shape, built);
  return built;
}

const caches = new WeakMap<object, WeakMap<ResponseShape, Serializer>>();

function build(
  shape: ResponseShape,
  shapes: Readonly<Record<string, ResponseShape>>,
  fallback: (value: unknown, shape: ResponseShape, shapes: Readonly<Record<string, ResponseShape>>) => string | undefined,
): Serializer {
  const child = (inner: ResponseShape | undefined): Serializer => {
    if (!inner || inner.kind === "any") return plain;
    // Built on first use: shapes are recursive through refs.
    let built: Serializer | undefined;
    return (value, depth) => (built ??= serializerFor(inner, shapes, fallback))(value, depth);
  };
  switch (shape.kind) {
    case "any":
      return plain;
    case "ref": {
      const target = shapes[shape.ref];
      const inner = child(target);
      return (value, depth) => {
        if (value === null || typeof value !== "object") return plain(value, depth);
        if (depth > maxDepth) throw new RangeError("response body nested too deeply");
        return inner(value, depth + 1);
      };
    }
    case "array": {
      const items = child(shape.items);
      const prefix = (shape.prefixItems ?? []).map(child);
      return (value, depth) => {
        if (value === null || typeof value !== "object") return plain(value, depth);
        if (depth > maxDepth) throw new RangeError("response body nested too deeply");
        if (!Array.isArray(value)) return JSON.stringify(value);
        let out = "[";
        for (let index = 0; index < value.length; index++) {
          const text = (prefix[index] ?? items)(value[index], depth + 1);
          out += (index === 0 ? "" : ",") + (text === undefined ? "null" : text);
        }
        return out + "]";
      };
    }
    case "object": {
      const names = shape.properties.map(([name]) => name);
      if (names.some((name) => indexKey.test(name) || name === "toJSON")) {
        return (value) => fallback(value, shape, shapes);
      }
      const declared = new Set(names);
      const writeOnly = new Set(shape.writeOnly ?? []);
      const additional = shape.keepAdditional ? child(shape.additional) : undefined;
      const writeAdditional: AdditionalWriter | undefined = additional
        ? (source, out, depth) => {
            for (const key of Object.keys(source)) {
              if (declared.has(key) || writeOnly.has(key)) continue;
              // An index-like undeclared key would come first in JSON.stringify's order, and a kept
              // `toJSON` would be called by it.
              if (indexKey.test(key) || key === "toJSON") return undefined;
              const item = source[key];
              if (item === undefined) continue;
              const text = additional(item, depth + 1);
              if (text === undefined) continue;
              out += (out.length === 1 ? "" : ",") + quote(key) + ":" + text;
            }
            return out;
          }
        : undefined;
      return objectSerializer(
        shape.properties.map(([name, inner]) => ({ name, write: inner.kind === "any" ? undefined : child(inner) })),
        writeAdditional,
        (value) => fallback(value, shape, shapes),
      );
    }
  }
}

/**
 * Writes the undeclared properties an open object keeps, appending `"key":value` to `out` (which
 * starts with `{`); undefined when the object needs the projecting fallback.
 */
type AdditionalWriter = (source: Record<string, unknown>, out: string, depth: number) => string | undefined;

/**
 * The serialiser of one object shape as code: one statement per declared property, primitives
 * written inline, nested shapes through their own serialisers. Generated with `new Function`
 * from the route table, once per shape, on the first response that uses it. Property names are
 * embedded only as JSON string literals; nothing else from the spec becomes code. A generated
 * function has no loop over property descriptors and no call per primitive property: about twice
 * as fast as walking closures.
 */
function objectSerializer(
  properties: readonly { name: string; write: Serializer | undefined }[],
  writeAdditional: AdditionalWriter | undefined,
  fallback: (value: unknown) => string | undefined,
): Serializer {
  const lines: string[] = [
    "return function serializeObject(value, depth) {",
    '  if (value === null || typeof value !== "object") return plain(value, depth);',
    '  if (depth > maxDepth) throw new RangeError("response body nested too deeply");',
    "  if (Array.isArray(value) || value instanceof Uint8Array) return JSON.stringify(value);",
    '  let out = "{";',
    "  let first = true;",
    "  let item;",
    "  let text;",
  ];
  properties.forEach(({ name, write }, index) => {
    const key = JSON.stringify(name);
    lines.push(`  if (hasOwn(value, ${key}) && (item = value[${key}]) !== undefined) {`);
    if (write) {
      lines.push(`    text = writers[${index}](item, depth + 1);`);
    } else {
      lines.push(
        "    switch (typeof item) {",
        '      case "string": text = needsEscape.test(item) ? JSON.stringify(item) : \'"\' + item + \'"\'; break;',
        '      case "number": text = Number.isFinite(item) ? "" + item : "null"; break;',
        '      case "boolean": text = item ? "true" : "false"; break;',
        "      default: text = JSON.stringify(item);",
        "    }",
      );
    }
    const prefix = quote(name) + ":";
    lines.push(`    if (text !== undefined) {`, `      out += (first ? ${JSON.stringify(prefix)} : ${JSON.stringify("," + prefix)}) + text;`, "      first = false;", "    }", "  }");
  });
  if (writeAdditional) {
    lines.push("  const written = writeAdditional(value, out, depth);", "  if (written === undefined) return fallback(value);", "  out = written;");
  }
  lines.push('  return out + "}";', "};");
  let create: (...parameters: unknown[]) => Serializer;
  try {
    create = new Function("plain", "needsEscape", "maxDepth", "hasOwn", "writers", "writeAdditional", "fallback", lines.join("\n")) as typeof create;
  } catch {
    // Code generation is turned off (node --disallow-code-generation-from-strings): the same
    // walk, interpreted.
    return interpretedObjectSerializer(properties, writeAdditional, fallback);
  }
  return create(plain, needsEscape, maxDepth, Object.hasOwn, properties.map(({ write }) => write), writeAdditional, fallback);
}

/** {@link objectSerializer} without generated code: a loop over the property list. */
function interpretedObjectSerializer(
  properties: readonly { name: string; write: Serializer | undefined }[],
  writeAdditional: AdditionalWriter | undefined,
  fallback: (value: unknown) => string | undefined,
): Serializer {
  const prefixes = properties.map(({ name }) => quote(name) + ":");
  return (value, depth) => {
    if (value === null || typeof value !== "object") return plain(value, depth);
    if (depth > maxDepth) throw new RangeError("response body nested too deeply");
    if (Array.isArray(value) || value instanceof Uint8Array) return JSON.stringify(value);
    const source = value as Record<string, unknown>;
    let out = "{";
    for (let index = 0; index < properties.length; index++) {
      const { name, write } = properties[index]!;
      if (!Object.hasOwn(source, name)) continue;
      const item = source[name];
      if (item === undefined) continue;
      const text = (write ?? plain)(item, depth + 1);
      if (text === undefined) continue;
      out += (out.length === 1 ? "" : ",") + prefixes[index] + text;
    }
    if (writeAdditional) {
      const written = writeAdditional(source, out, depth);
      if (written === undefined) return fallback(value);
      out = written;
    }
    return out + "}";
  };
}
