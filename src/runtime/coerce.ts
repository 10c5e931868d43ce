import type { Coercion } from "../wire/coercion.js";
import { createRecord } from "../wire/records.js";
import type { RawParameterValue } from "../wire/parameter-styles.js";

const integerText = /^-?[0-9]+$/;
const numberText = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Strictly converts a parameter string to an integer. Only `-?[0-9]+` within the safe range
 * (±2^53−1) passes: `"0x10"`, `" 1"`, `"1e3"`, `"1.5"`, `""` and `"9007199254740993"` do not
 * (RELIABILITY P4). Returns undefined when the text is not such an integer.
 */
export function coerceInteger(text: string): number | undefined {
  if (!integerText.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
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
        const scalars = coercion.options.filter((option) => option.type === "string" || option.type === "integer" || option.type === "number" || option.type === "boolean");
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
