/**
 * Strict conversion of parameter and header texts to their schema's type (a {@link Coercion}):
 * the runtime applies it to request parameters, the client to declared response headers.
 * Browser-safe.
 */
import type { Coercion } from "./coercion.js";
import { createRecord } from "./records.js";
import type { RawParameterValue } from "./parameter-styles.js";

const integerText = /^-?[0-9]+$/;
const numberText = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Strictly converts a parameter string to an integer. Only `-?[0-9]+` within the safe range
 * (±2^53−1) passes: `"0x10"`, `" 1"`, `"1e3"`, `"1.5"`, `""` and `"9007199254740993"` do not
 * (ajv's `coerceTypes` and `Number()` accept the first three and round the last). Returns
 * undefined when the text is not such an integer.
 */
export function coerceInteger(text: string): number | undefined {
  if (!integerText.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The int64 range (OpenAPI 3.1 §4.4: "signed 64 bits"). */
const int64Minimum = -(2n ** 63n);
const int64Maximum = 2n ** 63n - 1n;

/**
 * Strictly converts a parameter string to an int64 read exactly (`-?[0-9]+`, as for integers):
 * a `BigInt` within −2^63…2^63−1; digits beyond that range become the number they round to, so
 * the validator's `format: int64` reports them as out of range. Returns undefined for other text.
 */
export function coerceInt64(text: string): bigint | number | undefined {
  if (!integerText.test(text)) return undefined;
  const value = BigInt(text);
  return value >= int64Minimum && value <= int64Maximum ? value : Number(text);
}

/**
 * The largest double below 2^63: what an int64 near the top of the range is shown to the
 * validator as. `Number(2n ** 63n - 1n)` rounds up to 2^63, which `format: int64` refuses.
 */
const largestInt64Double = 9223372036854774784;

/** The number a validator sees for an exact int64: rounded, and kept inside the int64 range. */
function int64AsNumber(value: bigint): number {
  const number = Number(value);
  return number > largestInt64Double ? largestInt64Double : number;
}

/**
 * A copy of one location's parameter values for the validator, with the `BigInt`s of the named
 * `int64` parameters (and of their list items) as numbers: JSON Schema validators compare
 * numbers (`type: integer`, `minimum`), and the exact value was range-checked when it was read.
 * Give the validated copy to {@link exactInt64Values} afterwards.
 */
export function int64ValidationView(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const view = createRecord<unknown>();
  Object.assign(view, values);
  for (const name of names) {
    const value = values[name];
    if (typeof value === "bigint") view[name] = int64AsNumber(value);
    else if (Array.isArray(value)) view[name] = value.map((item) => (typeof item === "bigint" ? int64AsNumber(item) : item));
  }
  return view;
}

/**
 * Puts the exact values back into a validated view: the `BigInt`s that were read, and a default
 * the validator inserted (an integer in the spec) as a `BigInt` too. Returns the view.
 */
export function exactInt64Values(view: Record<string, unknown>, values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const exact = (item: unknown) => (typeof item === "number" && Number.isSafeInteger(item) ? BigInt(item) : item);
  for (const name of names) {
    if (Object.hasOwn(values, name)) view[name] = values[name];
    else if (Object.hasOwn(view, name)) view[name] = Array.isArray(view[name]) ? (view[name] as unknown[]).map(exact) : exact(view[name]);
  }
  return view;
}

/** Strictly converts to a finite number (decimal notation; no `Infinity`, `NaN`, hex, spaces). */
export function coerceNumber(text: string): number | undefined {
  if (!numberText.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Only `true` and `false`, as JSON spells them. */
export function coerceBoolean(text: string): boolean | undefined {
  return text === "true" ? true : text === "false" ? false : undefined;
}

/**
 * Applies a {@link Coercion} to a parsed parameter value. A string that does not convert is
 * returned unchanged, so the schema validator reports it with the right keyword (`type`) and
 * location instead of the value silently becoming something else.
 */
export function coerceValue(value: RawParameterValue | unknown, coercion: Coercion): unknown {
  switch (coercion.type) {
    case "integer":
      return typeof value === "string" ? coerceInteger(value) ?? value : value;
    case "int64":
      return typeof value === "string" ? coerceInt64(value) ?? value : value;
    case "number":
      return typeof value === "string" ? coerceNumber(value) ?? value : value;
    case "boolean":
      return typeof value === "string" ? coerceBoolean(value) ?? value : value;
    case "null":
      return value === "" || value === "null" ? null : value;
    case "array":
      return Array.isArray(value) ? value.map((item) => coerceValue(item, coercion.items)) : typeof value === "string" ? [coerceValue(value, coercion.items)] : value;
    case "object": {
      if (!value || typeof value !== "object" || Array.isArray(value)) return value;
      const result = createRecord<unknown>();
      for (const [key, item] of Object.entries(value)) {
        result[key] = coerceValue(item, Object.hasOwn(coercion.properties, key) ? coercion.properties[key]! : coercion.additional);
      }
      return result;
    }
    case "union": {
      if (typeof value !== "string") {
        // One value for a union of a scalar and a list (`oneOf: [string, array of string]`): the
        // scalar reading, which a list of one would otherwise hide; repeated values are the list.
        const scalars = coercion.options.filter((option) => option.type === "string" || option.type === "integer" || option.type === "int64" || option.type === "number" || option.type === "boolean");
        if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string" && scalars.length > 0) return coerceValue(value[0], { type: "union", options: scalars });
        // A list or map parsed for a nullable array or object parameter: coerce it as that option.
        const shaped = coercion.options.find((option) => (Array.isArray(value) ? option.type === "array" : value !== null && typeof value === "object" && option.type === "object"));
        return shaped ? coerceValue(value, shaped) : value;
      }
      for (const option of coercion.options) {
        if (option.type === "string" || option.type === "unknown") return value;
        const converted = coerceValue(value, option);
        if (converted !== value) return converted;
      }
      return value;
    }
    case "json": {
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    default:
      return value;
  }
}
