/**
 * Header parameters (OpenAPI 3.1 §4.8.12.4, `simple` style), a codec of the operations that
 * declare one, so clients of APIs without them do not carry it. Browser-safe.
 */
import { serialiseHeaderParameter } from "../wire/parameter-styles.js";
import { InvalidRequestError } from "./errors.js";
import type { ParameterDescriptor } from "../wire/parameter.js";
import type { SerialisedParameters } from "./request-parameters.js";

/**
 * Writes a header parameter into `target.headers`, `simple` style. Header values have no
 * percent-encoding: an item or object value containing a comma, or any value with leading or
 * trailing spaces, would reach the server as something else, so those throw
 * {@link InvalidRequestError}.
 */
export function addHeaderParameter(parameter: ParameterDescriptor, value: unknown, target: SerialisedParameters): void {
  const items = Array.isArray(value) ? value : value !== null && typeof value === "object" ? Object.entries(value).flat() : [value];
  for (const item of items) {
    const text = String(item);
    if ((items.length > 1 || typeof value === "object") && text.includes(",")) throw new InvalidRequestError(`header parameter ${parameter.name}: the item ${JSON.stringify(text)} contains a comma, the separator of simple style`);
    if (text !== text.trim()) throw new InvalidRequestError(`header parameter ${parameter.name}: ${JSON.stringify(text)} has leading or trailing spaces, which HTTP drops`);
  }
  target.headers[parameter.name] = serialiseHeaderParameter(value, parameter.explode);
}
