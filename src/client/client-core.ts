/**
 * `createClientCore`: the call engine with every codec (multipart and form bodies, header,
 * cookie and `content` parameters, event streams, and dates when their shapes are given), for callers that build descriptors themselves (the contract
 * fuzzer, hand-written calls). Generated clients use the engine of ./call-engine.ts, which takes
 * the codecs from each operation's descriptor, so their bundles leave out the codecs they do not use.
 */
import { reviveDates, serialiseDates, type DateShape } from "../wire/dates.js";
import { parseEventStream } from "../wire/event-stream.js";
import { serialiseFormBody } from "../wire/parameter-styles.js";
import { createCallEngine } from "./call-engine.js";
import { addContentParameter } from "./content-parameters.js";
import { addCookieParameter } from "./cookie-parameters.js";
import type { SchemeDescriptor } from "./credentials.js";
import { addHeaderParameter } from "./header-parameters.js";
import { encodeMultipart } from "./multipart.js";
import type { ClientCore } from "./operation.js";
import type { ClientOptions } from "./options.js";

/**
 * Creates a call engine that can send every operation a descriptor describes: multipart and form
 * bodies, header and cookie parameters and those described with `content`, event-stream responses, and with `dateShapes` (the `dateTime: "date"` table of `$ref`'d
 * schemas) `Date` arguments and response date-times. Rejects as `createCallEngine` does.
 */
export function createClientCore(
  options: ClientOptions,
  schemes: Readonly<Record<string, SchemeDescriptor>> = {},
  dateShapes?: Readonly<Record<string, DateShape>>,
): ClientCore {
  return createCallEngine(options, schemes, {
    multipart: encodeMultipart,
    form: serialiseFormBody,
    contentParameter: addContentParameter,
    headerParameter: addHeaderParameter,
    cookieParameter: addCookieParameter,
    eventStream: parseEventStream,
    ...(dateShapes ? { dates: { shapes: dateShapes, serialise: serialiseDates, revive: reviveDates } } : {}),
  });
}
