/**
 * Puts an operation's parameters on the wire by their `style` and `explode` (OpenAPI 3.1
 * §4.8.12.4), with the serialisers the runtime's parsers mirror (src/wire/parameter-styles.ts):
 * path and query parameters here; header, cookie and `content` parameters through codecs
 * (./header-parameters.ts, ./cookie-parameters.ts, ./content-parameters.ts), which only the
 * operations that have such parameters name. Browser-safe.
 */
import { serialisePathParameter, serialiseQueryParameter } from "../wire/parameter-styles.js";
import type { CredentialTarget } from "./credentials.js";
import { InvalidRequestError } from "./errors.js";
import type { CallArguments, OperationCodecs, OperationDescriptor } from "./operation.js";

/** The parameters written so far: the path with its templates filled in, query pieces, headers, cookie pairs. */
export interface SerialisedParameters extends CredentialTarget {
  path: string;
}

/**
 * Serialises the parameters of `operation` found in `args` (an undefined value is not sent) into
 * `target`: path and query parameters here, header, cookie and `content` parameters through the
 * operation's codecs for them. Throws {@link InvalidRequestError} for a path parameter that would
 * be `.` or `..` (URLs rewrite those segments), for what a codec refuses, and for a parameter
 * whose codec the descriptor does not name.
 */
export function serialiseParameters(operation: OperationDescriptor, codecs: OperationCodecs, args: CallArguments, target: SerialisedParameters): void {
  for (const parameter of operation.parameters) {
    const source = parameter.in === "path" ? args.path : parameter.in === "query" ? args.query : parameter.in === "header" ? args.headers : args.cookies;
    const value = source?.[parameter.name];
    if (value === undefined) continue;
    // Content, header and cookie parameters are written by the operation's codecs for them.
    const codec = parameter.contentMediaType !== undefined ? codecs.contentParameter : parameter.in === "header" ? codecs.headerParameter : parameter.in === "cookie" ? codecs.cookieParameter : undefined;
    if (codec) {
      codec(parameter, value, target);
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
      default:
        throw new InvalidRequestError(`parameter ${parameter.name} (${parameter.contentMediaType ? "content" : parameter.in}) needs a codec this operation's descriptor does not name`);
    }
  }
}
