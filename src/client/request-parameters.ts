/**
 * Puts an operation's path, query, header and cookie parameters on the wire by their `style` and
 * `explode` (OpenAPI 3.1 §4.8.12.4), with the serialisers the runtime's parsers mirror
 * (src/wire/parameter-styles.ts). Browser-safe.
 */
import { serialiseCookieParameter, serialiseHeaderParameter, serialisePathParameter, serialiseQueryParameter } from "../wire/parameter-styles.js";
import type { CredentialTarget } from "./credentials.js";
import { InvalidRequestError } from "./errors.js";
import type { CallArguments, OperationCodecs, OperationDescriptor } from "./operation.js";

/** The parameters written so far: the path with its templates filled in, query pieces, headers, cookie pairs. */
export interface SerialisedParameters extends CredentialTarget {
  path: string;
}

/** One parameter record of an operation descriptor. */
export type ParameterDescriptor = OperationDescriptor["parameters"][number];

/**
 * Serialises the parameters of `operation` found in `args` (an undefined value is not sent) into
 * `target`; parameters described with `content` go through the `contentParameter` codec. Throws
 * {@link InvalidRequestError} for a path parameter that would be `.` or `..` (URLs rewrite those
 * segments), for header values that `simple` style cannot carry, and for a `content` parameter
 * without its codec.
 */
export function serialiseParameters(operation: OperationDescriptor, codecs: OperationCodecs, args: CallArguments, target: SerialisedParameters): void {
  for (const parameter of operation.parameters) {
    const source = parameter.in === "path" ? args.path : parameter.in === "query" ? args.query : parameter.in === "header" ? args.headers : args.cookies;
    const value = source?.[parameter.name];
    if (value === undefined) continue;
    if (parameter.contentMediaType !== undefined) {
      if (!codecs.contentParameter) throw new InvalidRequestError(`parameter ${parameter.name} is described with content: the operation needs the contentParameter codec`);
      codecs.contentParameter(parameter, value, target);
      continue;
    }
    switch (parameter.in) {
      case "path": {
        const segment = serialisePathParameter(parameter.name, value, parameter.style, parameter.explode);
        // fetch and URL normalise `.` and `..` segments (even percent-encoded), which would
        // send the request to another path: refuse them.
        if (/^(?:\.|%2e){1,2}$/i.test(segment)) throw new InvalidRequestError(`path parameter ${parameter.name} cannot be ${JSON.stringify(String(value))}`);
        target.path = target.path.split(`{${parameter.name}}`).join(segment);
        break;
      }
      case "query":
        target.query.push(...serialiseQueryParameter(parameter.name, value, parameter.style, parameter.explode, parameter.allowReserved));
        break;
      case "header":
        checkHeaderParameter(parameter.name, value);
        target.headers[parameter.name] = serialiseHeaderParameter(value, parameter.explode);
        break;
      case "cookie":
        target.cookies.push(serialiseCookieParameter(parameter.name, value, parameter.explode));
        break;
    }
  }
}

/**
 * Header parameters have no percent-encoding (OpenAPI 3.1 §4.8.12.4, `simple`): an item or
 * object value containing a comma, or any value with leading or trailing spaces, would reach the
 * server as something else. Throws {@link InvalidRequestError} for them.
 */
function checkHeaderParameter(name: string, value: unknown): void {
  const items = Array.isArray(value) ? value : value !== null && typeof value === "object" ? Object.entries(value).flat() : [value];
  for (const item of items) {
    const text = String(item);
    if ((items.length > 1 || typeof value === "object") && text.includes(",")) throw new InvalidRequestError(`header parameter ${name}: the item ${JSON.stringify(text)} contains a comma, the separator of simple style`);
    if (text !== text.trim()) throw new InvalidRequestError(`header parameter ${name}: ${JSON.stringify(text)} has leading or trailing spaces, which HTTP drops`);
  }
}
