/**
 * Requests of one operation, valid and invalid, as fast-check arbitraries, and how they go on the
 * wire: through the client core of specwright/client with the operation's descriptor, the same
 * code and rules a generated client uses (OpenAPI 3.1 §4.8.12.4 styles, §4.8.14 media types,
 * §4.8.15 encodings), captured before they are sent.
 */
import fc from "fast-check";
import { createClientCore, InvalidRequestError, type CallArguments, type CredentialSource, type OperationDescriptor, type SchemeDescriptor, type TransportRequest } from "../client/index.js";
import type { ApiModel, MediaTypeContent, Operation, Parameter } from "../model/ir.js";
import { escapePointerSegment } from "../wire/json-pointer.js";
import { essenceOf, mediaTypeMatches } from "../wire/media-type.js";
import { typesOf, unsatisfiable, valueArbitrary, type GenerationContext, type TextChannel } from "./arbitraries.js";
import { mutationArbitrary } from "./mutations.js";
import { resolvePointer } from "./oracle.js";

/** How a request body is put on the wire, by its media type. */
export type BodyKind = "json" | "form" | "multipart" | "text" | "binary";

/**
 * The kind of a request media type: JSON (`application/json`, `+json`, `text/json`), forms, text
 * (`text/*`, event streams included), else bytes. Read from the kind the model decided
 * (`content.kind`, from wire's one classifier); only ranges are decided here.
 */
export function bodyKindOf(content: Pick<MediaTypeContent, "mediaType" | "kind">): BodyKind {
  switch (content.kind) {
    case "json":
      return "json";
    case "urlencoded":
      return "form";
    case "multipart":
      return "multipart";
    case "text":
    case "event-stream":
      return "text";
    case "range":
      return essenceOf(content.mediaType).startsWith("text/") ? "text" : "binary";
    default:
      return "binary";
  }
}

/** What a negative request breaks, for the report. */
export type Broken =
  | { part: "parameter"; parameter: Parameter; keyword: string; location: string }
  | { part: "missing-parameter"; parameter: Parameter }
  | { part: "body"; content: MediaTypeContent; keyword: string; location: string }
  | { part: "missing-body" }
  | { part: "content-type"; contentType: string }
  | { part: "malformed-json"; content: MediaTypeContent };

/** One generated request of an operation, before serialisation. */
export interface RequestCase {
  /** Parameter values by location and name; absent names are not sent. */
  parameters: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown>; cookie: Record<string, unknown> };
  body?: { content: MediaTypeContent; value: unknown };
  /** Set for a negative case: the one thing that is wrong. */
  broken?: Broken;
}

/** A request as sent: method, absolute URL, headers and body bytes or text. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** The JSON pointer of a parameter's schema (its `schema`, or its single `content` entry's). */
export function parameterSchemaPointer(document: unknown, parameter: Parameter): string {
  if (parameter.contentMediaType === undefined) return `${parameter.pointer}/schema`;
  const content = resolvePointer(document, `${parameter.pointer}/content`);
  const key = content && typeof content === "object" ? Object.keys(content).find((name) => name.toLowerCase() === parameter.contentMediaType) : undefined;
  return `${parameter.pointer}/content/${escapePointerSegment(key ?? parameter.contentMediaType)}/schema`;
}

/** The channel a parameter's text travels in. */
function channelOf(parameter: Parameter): TextChannel {
  if (parameter.contentMediaType !== undefined) return parameter.in === "header" ? "header" : "body";
  return parameter.in === "header" ? "header" : "url";
}

/** Whether a request media type can be generated: JSON, forms and text with a string schema, bytes. */
function generatable(content: MediaTypeContent): boolean {
  const kind = bodyKindOf(content);
  if (kind !== "text") return true;
  const schema = content.schema;
  if (schema === undefined || schema === true) return true;
  return typeof schema === "object" && (typesOf(schema).length === 0 || typesOf(schema).includes("string"));
}

/** Path parameters must be a non-empty segment other than `.` and `..`, which URLs rewrite. */
function usablePathValue(value: unknown): boolean {
  if (value === unsatisfiable) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  const text = String(value);
  return text !== "" && text !== "." && text !== "..";
}

/**
 * Headers that frame the message itself (RFC 9110 §6.4, §7.2, RFC 9112 §6–7): the transport writes
 * them from the body and the URL, so a spec that declares one as a parameter gets the transport's.
 */
const framingHeaders = new Set(["content-length", "transfer-encoding", "host", "connection", "expect", "upgrade", "te", "trailer", "keep-alive"]);

function isFramingHeader(parameter: Parameter): boolean {
  return parameter.in === "header" && framingHeaders.has(parameter.name.toLowerCase());
}

/** Whether a value writes something: not an empty list or map. */
function presentOnTheWire(value: unknown): boolean {
  if (value === unsatisfiable) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Whether a multipart body's schema is an object of named parts (or leaves the type open). */
export function objectBodySchema(content: MediaTypeContent): boolean {
  const schema = content.schema;
  if (!schema || typeof schema !== "object" || typeof schema["$ref"] === "string") return true;
  const types = typesOf(schema);
  return types.length === 0 || types.includes("object");
}

/**
 * Whether a value can be written in its parameter's style: styles lay out primitives, lists of
 * primitives and maps of primitives (OpenAPI 3.1 §4.8.12.4); a list of objects has no defined
 * serialisation, so no valid request can carry one.
 */
function writable(value: unknown): boolean {
  // No style writes null either: `null` would arrive as the text "null" (OpenAPI 3.1 §4.8.12.4).
  const primitive = (item: unknown): boolean => item !== null && typeof item !== "object";
  if (Array.isArray(value)) return value.every(primitive);
  if (value && typeof value === "object") return Object.values(value).every(primitive);
  return value !== null;
}

/** The arbitraries of one operation's requests. */
export interface OperationArbitraries {
  /**
   * Valid requests: every required parameter, some optional ones, a body of a declared media
   * type. Undefined when a required body has no media type that can be generated.
   */
  positive?: fc.Arbitrary<RequestCase>;
  /** Requests with exactly one thing wrong; undefined when nothing can be broken. */
  negative?: fc.Arbitrary<RequestCase>;
}

/** Builds the valid and invalid request arbitraries of an operation. */
export function operationArbitraries(operation: Operation, context: GenerationContext): OperationArbitraries {
  const parameterArbitrary = (parameter: Parameter): fc.Arbitrary<unknown> => {
    // Values that cannot travel become `unsatisfiable`, which the oracle refuses (the case is
    // skipped): a filter would loop for ever on a schema that allows none.
    const generated = valueArbitrary(parameter.schema, context, channelOf(parameter));
    const value = parameter.contentMediaType === undefined ? generated.map((item) => (writable(item) ? item : unsatisfiable)) : generated;
    if (parameter.in === "path") return value.map((item) => (usablePathValue(item) ? item : unsatisfiable));
    // An empty list or map writes no query pair (OpenAPI 3.1 §4.8.12.4: exploded form writes one
    // pair per item), so a required one would be absent on the wire.
    return parameter.required && parameter.contentMediaType === undefined ? value.map((item) => (presentOnTheWire(item) ? item : unsatisfiable)) : value;
  };
  const locations = ["path", "query", "header", "cookie"] as const;
  const parameterRecord = (location: (typeof locations)[number], replace?: { parameter: Parameter; value: fc.Arbitrary<unknown> | undefined }) => {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    const requiredKeys: string[] = [];
    for (const parameter of operation.parameters) {
      if (parameter.in !== location || isFramingHeader(parameter)) continue;
      if (replace?.parameter === parameter) {
        if (replace.value) {
          fields[parameter.name] = replace.value;
          requiredKeys.push(parameter.name);
        }
        continue;
      }
      fields[parameter.name] = parameterArbitrary(parameter);
      if (parameter.required) requiredKeys.push(parameter.name);
    }
    return fc.record(fields, { requiredKeys, noNullPrototype: true });
  };
  const parametersArbitrary = (replace?: { parameter: Parameter; value: fc.Arbitrary<unknown> | undefined }) =>
    fc.record({
      path: parameterRecord("path", replace),
      query: parameterRecord("query", replace),
      header: parameterRecord("header", replace),
      cookie: parameterRecord("cookie", replace),
    });

  const contents = (operation.requestBody?.contents ?? []).filter(generatable);
  const bodyOf = (content: MediaTypeContent): fc.Arbitrary<{ content: MediaTypeContent; value: unknown }> => {
    const kind = bodyKindOf(content);
    if (kind === "binary") return fc.uint8Array({ minLength: 1, maxLength: 64 }).map((value) => ({ content, value }));
    if (kind === "multipart" && !objectBodySchema(content)) return fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ content, value: { file: bytes } }));
    const value = valueArbitrary(content.schema ?? true, context, "body");
    // An empty text body is no body on the wire (RFC 9110 §8.6: Content-Length 0).
    const sendable = kind === "text" && operation.requestBody?.required ? value.map((item) => (item === "" ? unsatisfiable : item)) : value;
    return sendable.map((item) => ({ content, value: item }));
  };
  const bodyArbitrary: fc.Arbitrary<{ content: MediaTypeContent; value: unknown } | undefined> =
    contents.length === 0 ? fc.constant(undefined) : operation.requestBody!.required ? fc.oneof(...contents.map(bodyOf)) : fc.option(fc.oneof(...contents.map(bodyOf)), { nil: undefined, freq: 4 });

  // Without a media type that can be generated (a structured text body, say), a required body
  // leaves no valid request to make.
  const positive = operation.requestBody?.required && contents.length === 0
    ? undefined
    : fc.tuple(parametersArbitrary(), bodyArbitrary).map(([parameters, body]) => (body ? { parameters, body } : { parameters }) as RequestCase);

  const negatives: fc.Arbitrary<RequestCase>[] = [];
  for (const parameter of operation.parameters) {
    if (isFramingHeader(parameter)) continue;
    const shaped = parameter.coercion.type === "array" || parameter.coercion.type === "object";
    const mutation = mutationArbitrary(parameter.schema, context, { changeType: !shaped, channel: channelOf(parameter) });
    if (mutation) {
      negatives.push(
        // A broken path value must still be a segment of its own (`/things/` is another path).
        fc.tuple(parametersArbitrary({ parameter, value: mutation.map((item) => (parameter.in !== "path" || usablePathValue(item.value) ? item.value : unsatisfiable)) }), bodyArbitrary, mutation).map(([parameters, body, item]) => ({
          parameters,
          ...(body ? { body } : {}),
          broken: { part: "parameter", parameter, keyword: item.keyword, location: item.location },
        })),
      );
    }
    if (parameter.required && parameter.in !== "path") {
      negatives.push(
        fc.tuple(parametersArbitrary({ parameter, value: undefined }), bodyArbitrary).map(([parameters, body]) => ({
          parameters,
          ...(body ? { body } : {}),
          broken: { part: "missing-parameter", parameter },
        })),
      );
    }
  }
  for (const content of contents) {
    const kind = bodyKindOf(content);
    if (kind === "binary" || content.schema === undefined || (kind === "multipart" && !objectBodySchema(content))) continue;
    const mutation = mutationArbitrary(content.schema, context, { changeType: kind === "json", channel: kind === "json" ? "body" : "url" });
    if (mutation) {
      negatives.push(
        fc.tuple(parametersArbitrary(), mutation).map(([parameters, item]) => ({
          parameters,
          body: { content, value: item.value },
          broken: { part: "body", content, keyword: item.keyword, location: item.location },
        })),
      );
    }
    if (kind === "json") {
      negatives.push(parametersArbitrary().map((parameters) => ({ parameters, body: { content, value: undefined }, broken: { part: "malformed-json", content } })));
    }
  }
  if (operation.requestBody?.required && contents.length > 0) {
    negatives.push(parametersArbitrary().map((parameters) => ({ parameters, broken: { part: "missing-body" } })));
  }
  if (contents.length > 0 && !operation.requestBody!.contents.some((content) => mediaTypeMatches(content.mediaType, undeclaredMediaType))) {
    negatives.push(
      fc.tuple(parametersArbitrary(), fc.oneof(...contents.map(bodyOf))).map(([parameters, body]) => ({ parameters, body, broken: { part: "content-type", contentType: undeclaredMediaType } })),
    );
  }
  return { ...(positive ? { positive } : {}), ...(negatives.length > 0 ? { negative: fc.oneof(...negatives) } : {}) };
}

/** A media type no operation declares, for the undeclared Content-Type case (RFC 9110 §15.5.16, 415). */
export const undeclaredMediaType = "application/x-specwright-undeclared";

/** A body that is not JSON, whatever its media type says (RFC 8259 §2). */
const malformedJson = '{"specwright": ';

/** The sentinel the capturing transport throws, carrying the request the client core built. */
class CapturedRequest {
  constructor(readonly request: TransportRequest) {}
}

/** Puts requests on the wire by the generated client's rules, without sending them. */
export interface RequestWriter {
  /**
   * The request for a case, or undefined when the client refuses to write it (a header value
   * with a comma or CR/LF, a path segment `..`): such values cannot reach a server as generated.
   * `credentials`: `valid` applies the configured ones, `none` none, `wrong` a wrong value for
   * every scheme.
   */
  write(operation: Operation, request: RequestCase, credentials: "valid" | "none" | "wrong"): Promise<WireRequest | undefined>;
}

/** Creates a writer for a model; `baseUrl` prefixes every path. */
export function createRequestWriter(model: ApiModel, baseUrl: string, credentials: Record<string, CredentialSource>, headers: Record<string, string> = {}): RequestWriter {
  const descriptors = new Map<Operation, OperationDescriptor>();
  const schemes: Record<string, SchemeDescriptor> = {};
  for (const [name, scheme] of Object.entries(model.securitySchemes)) {
    schemes[name] = scheme.type === "apiKey" ? { type: "apiKey", in: scheme.in, name: scheme.name } : scheme.type === "http" ? { type: "http", scheme: scheme.scheme } : { type: scheme.type };
  }
  const wrong: Record<string, CredentialSource> = {};
  for (const [name, scheme] of Object.entries(schemes)) wrong[name] = scheme.type === "http" && scheme.scheme === "basic" ? { username: "specwright", password: "wrong" } : "specwright-wrong-credential";
  const capture = async (request: TransportRequest): Promise<never> => {
    throw new CapturedRequest(request);
  };
  // Without or with wrong credentials, headers that carry credentials stay out of the extra headers.
  const credentialHeaders = new Set(["authorization", "cookie", ...Object.values(schemes).flatMap((scheme) => (scheme.type === "apiKey" && scheme.in === "header" ? [scheme.name.toLowerCase()] : []))]);
  const plainHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialHeaders.has(name.toLowerCase())));
  const cores = {
    valid: createClientCore({ baseUrl, transport: capture, headers, security: credentials }, schemes),
    none: createClientCore({ baseUrl, transport: capture, headers: plainHeaders }, schemes),
    wrong: createClientCore({ baseUrl, transport: capture, headers: plainHeaders, security: wrong }, schemes),
  };
  return {
    async write(operation, request, credentialChoice) {
      let descriptor = descriptors.get(operation);
      if (!descriptor) {
        descriptor = await descriptorFor(operation, model);
        descriptors.set(operation, descriptor);
      }
      const args: CallArguments = {
        path: request.parameters.path,
        query: request.parameters.query,
        headers: request.parameters.header,
        cookies: request.parameters.cookie,
      };
      const broken = request.broken;
      if (request.body) {
        args.body = bodyValue(request.body.content, request.body.value);
        args.contentType = concreteMediaType(request.body.content.mediaType);
      }
      if (broken?.part === "malformed-json") args.body = "";
      let captured: TransportRequest;
      try {
        await cores[credentialChoice].call(descriptor, args);
        return undefined;
      } catch (error) {
        if (error instanceof InvalidRequestError) return undefined;
        if (!(error instanceof CapturedRequest)) throw error;
        captured = error.request;
      }
      const wire: WireRequest = { method: captured.method, url: captured.url, headers: { ...captured.headers } };
      // A header value of other characters than visible ASCII, spaces and tabs cannot be sent (RFC 9110 §5.5).
      if (Object.values(wire.headers).some((value) => !/^[\t\x20-\x7e]*$/.test(value))) return undefined;
      if (captured.body !== undefined) wire.body = await bodyBytes(captured.body);
      if (broken?.part === "malformed-json") {
        wire.body = malformedJson;
        wire.headers["content-type"] = concreteMediaType(broken.content.mediaType);
      }
      if (broken?.part === "content-type") {
        // Without bytes there is no body, whatever the Content-Type says (RFC 9110 §8.6).
        if (wire.body === undefined || wire.body.length === 0) return undefined;
        wire.headers["content-type"] = broken.contentType;
      }
      return wire;
    },
  };
}

/** The generated client's descriptor of an operation (loaded lazily: it lives with the emitters). */
async function descriptorFor(operation: Operation, model: ApiModel): Promise<OperationDescriptor> {
  const { operationDescriptorOf } = await import("../emit/client-descriptors.js");
  const descriptor = operationDescriptorOf(operation, model) as unknown as OperationDescriptor;
  // Responses are read by the fuzzer itself, not by the client core.
  const { events: _events, responseHeaders: _headers, responseDates: _dates, ...rest } = descriptor;
  return rest as OperationDescriptor;
}

/** A concrete media type for a declared one: ranges (`image/*`, `*\/*`) become a type inside them. */
export function concreteMediaType(mediaType: string): string {
  const [type, subtype] = mediaType.split(";")[0]!.trim().toLowerCase().split("/");
  if (type === "*") return "application/octet-stream";
  if (subtype === "*") return type === "text" ? "text/plain" : type === "application" ? "application/octet-stream" : `${type}/x-specwright`;
  return mediaType;
}

/** The body argument for the client: multipart file parts as bytes, binary bodies as bytes. */
function bodyValue(content: MediaTypeContent, value: unknown): unknown {
  const kind = bodyKindOf(content);
  if (kind === "text" && typeof value !== "string") return JSON.stringify(value ?? "");
  if (kind !== "multipart" || !content.multipart || !value || typeof value !== "object") return value;
  const encoder = new TextEncoder();
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    const property = content.multipart.properties.find((item) => item.name === name);
    const toFile = (item: unknown): unknown => (property?.file ? { content: encoder.encode(typeof item === "string" ? item : JSON.stringify(item)), filename: "file.bin", contentType: property.contentTypes?.[0] ? concreteMediaType(property.contentTypes[0]) : "application/octet-stream" } : item);
    result[name] = Array.isArray(field) && property?.array ? field.map(toFile) : toFile(field);
  }
  return result;
}

async function bodyBytes(body: NonNullable<TransportRequest["body"]>): Promise<string | Uint8Array> {
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (typeof Blob !== "undefined" && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  const parts: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The request as a `curl` command line, every part quoted for a POSIX shell. */
export function curlCommand(request: WireRequest): string {
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const parts = ["curl", "-X", request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push("-H", quote(`${name}: ${value}`));
  if (request.body !== undefined) {
    const text = typeof request.body === "string" ? request.body : Buffer.from(request.body).toString("latin1");
    parts.push("--data-binary", quote(text.length > 2000 ? `${text.slice(0, 2000)}…` : text));
  }
  return parts.join(" ");
}

/** The JSON pointer of a body media type's schema. */
export function bodySchemaPointer(content: MediaTypeContent): string {
  return `${content.pointer}/schema`;
}
