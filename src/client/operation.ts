/**
 * What the generated client hands the call engine for one operation (its descriptor, with the
 * codecs it needs), and what a call takes and gives back. Types only.
 */
import type { Coercion } from "../wire/coercion.js";
import type { DateShape } from "../wire/dates.js";
import type { EventDataEncoding, ServerSentEvent } from "../wire/event-stream.js";
import type { EncodedMultipart } from "./multipart.js";
import type { CallOptions } from "./options.js";
import type { ParameterDescriptor } from "../wire/parameter.js";
import type { SerialisedParameters } from "./request-parameters.js";

/**
 * The `dateTime: "date"` mapping: where date-times sit in the `$ref`'d schemas (`shapes`, by
 * `$ref` pointer), how `Date` arguments go on the wire (`serialise`, RFC 3339 strings) and how
 * response date-times come back as `Date`s (`revive`). See src/wire/dates.ts.
 */
export interface DateCodec {
  shapes: Readonly<Record<string, DateShape>>;
  serialise: (value: unknown) => unknown;
  revive: (value: unknown, shape: DateShape, shapes: Readonly<Record<string, DateShape>>) => unknown;
}

/**
 * Code an operation needs beyond path and query parameters and JSON, text and bytes bodies. The
 * generated client names these in the descriptors of the operations that use them, so a bundle
 * holds only what its spec needs: an API without server-sent events carries no event-stream parser.
 */
export interface OperationCodecs {
  /** Encodes `multipart/form-data` bodies (`encodeMultipart`). */
  multipart?: (body: unknown) => Promise<EncodedMultipart>;
  /** Encodes `application/x-www-form-urlencoded` bodies by their Encoding Object (`serialiseFormBody`). */
  form?: (fields: Readonly<Record<string, unknown>>, encoding?: OperationDescriptor["formEncoding"]) => string;
  /** Writes parameters described with `content` (`addContentParameter`). */
  contentParameter?: (parameter: ParameterDescriptor, value: unknown, target: SerialisedParameters) => void;
  /** Writes header parameters (`addHeaderParameter`). */
  headerParameter?: (parameter: ParameterDescriptor, value: unknown, target: SerialisedParameters) => void;
  /** Writes cookie parameters (`addCookieParameter`). */
  cookieParameter?: (parameter: ParameterDescriptor, value: unknown, target: SerialisedParameters) => void;
  /** Reads `text/event-stream` responses as events (`parseEventStream`). */
  eventStream?: (chunks: AsyncIterable<Uint8Array>, encoding: EventDataEncoding) => AsyncIterable<ServerSentEvent>;
  /** Converts date-times, with `dateTime: "date"`. */
  dates?: DateCodec;
}

/** Operation metadata the generated client passes to {@link ClientCore.call}. */
export interface OperationDescriptor {
  method: string;
  path: string;
  /** How each parameter travels (the wire's one description, which the runtime reads too). */
  parameters: readonly ParameterDescriptor[];
  /** Declared request media types, first is the default. */
  requestMediaTypes: readonly string[];
  /**
   * The Encoding Object of the `application/x-www-form-urlencoded` body, by field: how each field
   * is serialised (OpenAPI 3.1 §4.8.15). Fields not listed are `form`, exploded.
   */
  formEncoding?: Readonly<Record<string, { style: string; explode: boolean; allowReserved?: boolean }>>;
  /** Declared statuses (`"200"`, `"2XX"`, `"default"`). */
  statuses: readonly string[];
  /**
   * Declared media types by status, where a response's Content-Type essence alone does not name
   * the declared key (several of them, a range, parameters): the result's `contentType` is then
   * the first that the response's media type matches.
   */
  responseMediaTypes?: Readonly<Record<string, readonly string[]>>;
  /** The Accept header to send. */
  accept?: string;
  /** Security requirements: alternatives of scheme names that must all be present. */
  security?: readonly (readonly string[])[];
  /**
   * Set when a response is `text/event-stream`: how each event's `data` is decoded (`json` or
   * `text`, see src/wire/event-stream.ts). The body is then read as it arrives.
   */
  events?: EventDataEncoding;
  /** Declared response headers by status (`"201"`, `"2XX"`, `"default"`), parsed into `declaredHeaders`. */
  responseHeaders?: Readonly<Record<string, readonly { name: string; explode?: boolean; coercion: Coercion }[]>>;
  /**
   * With `dateTime: "date"`: where date-times sit in each declared response's JSON body, by
   * status as declared (`"200"`, `"2XX"`, `"default"`); revived into `Date`s by `codecs.dates`.
   */
  responseDates?: Readonly<Record<string, DateShape>>;
  /** The codecs this operation needs (multipart bodies, event streams, dates); see {@link OperationCodecs}. */
  codecs?: OperationCodecs;
}

/** The arguments of one call: parameters by location, and the body. */
export interface CallArguments {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body?: unknown;
  /** The request media type, when the operation declares several. */
  contentType?: string;
}

/** The result of a call: the status, the parsed body and the response headers. */
export interface CallResult {
  status: number;
  /**
   * The declared media type the response's Content-Type falls under (RFC 9110 §8.3, by essence),
   * or the essence itself; absent without a Content-Type.
   */
  contentType?: string;
  /**
   * JSON parsed, `text/*` as a string, other media types as bytes, `text/event-stream` as an
   * async iterable of events; a `ReadableStream` of bytes for a 2xx with `parseAs: "stream"`;
   * undefined for an empty body.
   */
  body: unknown;
  headers: Headers;
  /**
   * The headers the response declares, by their declared names, parsed (`simple` style) and
   * coerced to their schema types; a value that does not coerce stays a string. Set only when
   * the matched response declares headers.
   */
  declaredHeaders?: Record<string, unknown>;
}

/** Builds requests by the spec's serialisation rules, sends them, reads the results. */
export interface ClientCore {
  /**
   * Calls one operation. `Result` is the type the generated client knows the result has (its
   * `…Result` union); the engine itself returns a {@link CallResult}.
   */
  call<Result = CallResult>(operation: OperationDescriptor, args: CallArguments, options?: CallOptions): Promise<Result>;
}
