/**
 * The operation descriptors of the generated client (`OperationDescriptor` of specwright/client):
 * what the client core needs to put one operation on the wire. Built here, without ts-morph, so the
 * contract fuzzer (src/fuzz) sends requests exactly as the generated client does.
 */
import type { ApiModel, Operation } from "../model/ir.js";
import type { DateShape } from "../wire/dates.js";
import { isJsonMediaType } from "../wire/media-type.js";
import type { DateShapes } from "./date-shapes.js";
import { eventDataEncoding, isEventStream } from "./media-types.js";

/** What the client sends as Accept: the declared response media types, JSON first. */
function acceptOf(operation: Operation): string | undefined {
  const types = [...new Set(operation.responses.flatMap((response) => response.contents.map((content) => content.mediaType)))];
  return types.length > 0 ? types.join(", ") : undefined;
}

/** How the events of the operation's `text/event-stream` response (if any) carry their data. */
function eventsOf(operation: Operation, model: ApiModel): "text" | "json" | undefined {
  for (const response of operation.responses) {
    for (const content of response.contents) {
      if (isEventStream(content)) return eventDataEncoding(content.schema, (ref) => model.referencedSchemas[ref]);
    }
  }
  return undefined;
}

/**
 * The declared media types per status, for responses where the response's Content-Type essence
 * alone would not name the declared key: several media types, a range (`image/*`) or parameters
 * (`text/plain; charset=utf-8`). The client reports the key a response matched as `contentType`.
 */
function responseMediaTypesOf(operation: Operation): Record<string, string[]> | undefined {
  const entries = operation.responses
    .filter((response) => response.contents.length > 1 || response.contents.some((content) => /[*;]/.test(content.mediaType)))
    .map((response) => [response.status, response.contents.map((content) => content.mediaType)] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The declared response headers per status, with what the client needs to type their values. */
function responseHeadersOf(operation: Operation): Record<string, unknown> | undefined {
  const entries = operation.responses
    .filter((response) => response.headers.length > 0)
    .map((response) => [
      response.status,
      response.headers.map((header) => ({ name: header.name, ...(header.explode ? { explode: true } : {}), coercion: header.coercion })),
    ]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * The Encoding Object of the operation's form body, for the client to serialise each field by
 * (OpenAPI 3.1 §4.8.15); nothing when there is no form body or every field is the default
 * (`form`, exploded), so descriptors stay short.
 */
function formEncodingOf(operation: Operation): { formEncoding?: Record<string, { style: string; explode: boolean }> } {
  const encoding = operation.requestBody?.contents.find((content) => content.form)?.form?.encoding ?? {};
  const fields = Object.entries(encoding).filter(([, field]) => field.style !== "form" || !field.explode);
  return fields.length > 0 ? { formEncoding: Object.fromEntries(fields) } : {};
}

/** Where date-times sit in each response's JSON body, by declared status; undefined when nowhere. */
function responseDateShapes(operation: Operation, dates: DateShapes): Record<string, DateShape> | undefined {
  const entries = operation.responses.flatMap((response) => {
    const json = response.contents.find((content) => isJsonMediaType(content.mediaType.split(";")[0]!.trim().toLowerCase()));
    const shape = json ? dates.of(json.schema) : undefined;
    return shape ? [[response.status, shape] as const] : [];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * The descriptor of one operation, as plain data: method, path template, each parameter's `in`,
 * `style`, `explode`, `allowReserved` and content media type (OpenAPI 3.1 §4.8.12), the request
 * media types (first is the default), the form Encoding Object, declared statuses (and their
 * media types where the Content-Type alone would not name them), Accept,
 * security alternatives by scheme name, event-stream decoding, response headers and, with
 * `dates`, where response date-times sit. Keys whose value would be undefined are present with
 * `undefined` (the emitter's literal printer leaves them out).
 */
export function operationDescriptorOf(operation: Operation, model: ApiModel, dates?: DateShapes): Record<string, unknown> {
  return {
    method: operation.method.toUpperCase(),
    path: operation.path,
    parameters: operation.parameters.map((parameter) => ({
      name: parameter.name,
      in: parameter.in,
      style: parameter.style,
      explode: parameter.explode,
      ...(parameter.allowReserved ? { allowReserved: true } : {}),
      ...(parameter.contentMediaType ? { contentMediaType: parameter.contentMediaType } : {}),
    })),
    requestMediaTypes: operation.requestBody?.contents.map((content) => content.mediaType) ?? [],
    ...formEncodingOf(operation),
    statuses: operation.responses.map((response) => response.status),
    responseMediaTypes: responseMediaTypesOf(operation),
    accept: acceptOf(operation),
    security: operation.security.length > 0 ? operation.security.map((requirement) => requirement.map(({ scheme }) => scheme)) : undefined,
    events: eventsOf(operation, model),
    responseHeaders: responseHeadersOf(operation),
    responseDates: dates ? responseDateShapes(operation, dates) : undefined,
  };
}
