/**
 * Parameters described with `content` instead of `schema` (OpenAPI 3.1 §4.8.12.2), a codec of
 * the operations that have one, so clients of other APIs do not carry it. Browser-safe.
 */
import { encodeValue, serialiseContentValue } from "../wire/parameter-styles.js";
import type { ParameterDescriptor } from "../wire/parameter.js";
import type { SerialisedParameters } from "./request-parameters.js";

/**
 * Writes a parameter described with `content` into `target`: its value as the media type's text
 * (JSON for JSON media types), then percent-encoded for the path, query and cookie; header values
 * are sent as JSON with non-ASCII characters escaped (`\uXXXX`), since a header carries visible
 * ASCII only (RFC 9110 §5.5). The parameter's `contentMediaType` must be set.
 */
export function addContentParameter(parameter: ParameterDescriptor, value: unknown, target: SerialisedParameters): void {
  const text = serialiseContentValue(value, parameter.contentMediaType!, parameter.in === "header");
  switch (parameter.in) {
    case "path":
      target.path = target.path.split(`{${parameter.name}}`).join(encodeURIComponent(text));
      break;
    case "query":
      target.query.push(`${encodeURIComponent(parameter.name)}=${encodeValue(text, parameter.allowReserved)}`);
      break;
    case "header":
      target.headers[parameter.name] = text;
      break;
    case "cookie":
      target.cookies.push(`${parameter.name}=${encodeURIComponent(text)}`);
      break;
  }
}
