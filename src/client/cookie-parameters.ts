/**
 * Cookie parameters (OpenAPI 3.1 §4.8.12.4, `form` style), a codec of the operations that
 * declare one, so clients of APIs without them do not carry it. Browser-safe.
 */
import { serialiseCookieParameter } from "../wire/parameter-styles.js";
import type { ParameterDescriptor } from "../wire/parameter.js";
import type { SerialisedParameters } from "./request-parameters.js";

/** Adds a cookie parameter's `name=value` pair to `target.cookies` (joined into one Cookie header later). */
export function addCookieParameter(parameter: ParameterDescriptor, value: unknown, target: SerialisedParameters): void {
  target.cookies.push(serialiseCookieParameter(parameter.name, value, parameter.explode));
}
