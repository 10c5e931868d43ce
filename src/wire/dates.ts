/**
 * The `dateTime: "date"` mapping on the wire (docs/features.md, "int64 and date-time"): values whose schema
 * is `type: string, format: date-time` are `Date`s in TypeScript and RFC 3339 strings on the wire.
 * Where the date-times sit is computed at generate time as a {@link DateShape}, so nothing here
 * reads a schema. Shared by the runtime and the client; browser-safe.
 */

/**
 * Where date-time strings sit in a value. Only branches that lead to a date-time are present.
 * `union` (from `allOf`/`oneOf`/`anyOf`) applies every option in turn; `ref` names an entry of
 * the shared table (absent when the referenced schema holds no date-time).
 */
export type DateShape =
  | { kind: "date" }
  | { kind: "ref"; ref: string }
  | { kind: "array"; items?: DateShape; prefixItems?: readonly (DateShape | null)[] }
  | { kind: "object"; properties: readonly (readonly [string, DateShape])[]; additional?: DateShape }
  | { kind: "union"; options: readonly DateShape[] };

/**
 * RFC 3339 §5.6 `date-time` (as ajv-formats checks it: `T` or a space, any case, optional
 * fraction, `Z` or an offset). Strings that do not match are left alone, so a union whose other
 * branch is a plain string never turns an ordinary string into a Date.
 */
const dateTimePattern = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

const maxDepth = 256;

/**
 * Replaces the date-time strings `shape` points at with `Date`s, in place (containers are
 * modified, the new top-level value is returned). For values already validated against their
 * schema: request bodies and parameters on the server, response bodies in the client.
 * Throws RangeError past 256 levels of nesting.
 */
export function reviveDates(value: unknown, shape: DateShape | undefined, shapes: Readonly<Record<string, DateShape>>, depth = 0): unknown {
  if (shape === undefined || value === null || value === undefined) return value;
  if (depth > maxDepth) throw new RangeError("value nested too deeply");
  switch (shape.kind) {
    case "date": {
      if (typeof value !== "string" || !dateTimePattern.test(value)) return value;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : date;
    }
    case "ref":
      return Object.hasOwn(shapes, shape.ref) ? reviveDates(value, shapes[shape.ref], shapes, depth + 1) : value;
    case "union":
      return shape.options.reduce<unknown>((current, option) => reviveDates(current, option, shapes, depth + 1), value);
    case "array":
      if (!Array.isArray(value)) return value;
      for (let index = 0; index < value.length; index++) {
        value[index] = reviveDates(value[index], shape.prefixItems?.[index] ?? shape.items, shapes, depth + 1);
      }
      return value;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) return value;
      const record = value as Record<string, unknown>;
      const declared = new Set<string>();
      for (const [name, propertyShape] of shape.properties) {
        declared.add(name);
        if (Object.hasOwn(record, name)) setOwn(record, name, reviveDates(record[name], propertyShape, shapes, depth + 1));
      }
      if (shape.additional) {
        for (const name of Object.keys(record)) {
          if (!declared.has(name)) setOwn(record, name, reviveDates(record[name], shape.additional, shapes, depth + 1));
        }
      }
      return record;
    }
  }
}

/**
 * Returns `value` with every `Date` replaced by its ISO 8601 string (`toISOString()`, UTC with
 * milliseconds, RFC 3339 §5.6), copying only the containers that hold one; the input is not
 * modified (handlers may return objects they keep). Invalid dates throw RangeError, as
 * `toISOString` does. Throws RangeError past 256 levels of nesting.
 */
export function serialiseDates(value: unknown, depth = 0): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (depth > maxDepth) throw new RangeError("value nested too deeply");
  // Only plain data is walked: Blobs, streams and other class instances pass as they are.
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item = serialiseDates(value[index], depth + 1);
      if (item !== value[index]) (copy ??= [...value])[index] = item;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [name, item] of Object.entries(value)) {
    const converted = serialiseDates(item, depth + 1);
    if (converted !== item) setOwn((copy ??= { ...value }), name, converted);
  }
  return copy ?? value;
}

/** Sets an own property, also for names like `__proto__` (never the prototype). */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}
