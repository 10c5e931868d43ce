import type { ApiModel, MediaTypeContent, Operation, Response } from "../model/ir.js";
import { docText, propertyKey, stringLiteral } from "./code/literals.js";
import { readsInt64 } from "../wire/coercion.js";
import { bodyKind } from "./media-types.js";
import { viewedType } from "./view-types.js";

/**
 * Type expressions shared by the handlers and client emitters, built from the IR and pointing into
 * openapi-typescript's `paths` type by indexed access, so every operation's types are concrete
 * (no deep generic inference on large specs).
 */

/** `paths["/books/{bookId}"]["get"]` */
export function operationTypeExpression(operation: Operation): string {
  return `paths[${stringLiteral(operation.path)}][${stringLiteral(operation.method)}]`;
}

/** The alias name for an operation's openapi-typescript type: `GetBookOperation`. */
export function operationAlias(operation: Operation): string {
  return `${operation.typeName}Operation`;
}

const locations = [
  ["path", "path"],
  ["query", "query"],
  ["header", "headers"],
  ["cookie", "cookies"],
] as const;

/**
 * Members of the `…Parameters` interface (operations.ts), which the handler's `…Input` extends
 * and the client's `…Request` reads: path, query, headers, cookies, each `Record<string, never>`
 * when the operation has none there. Parameters whose defaults the runtime inserts before the
 * handler runs (Parameter.defaultApplies, the model's decision) are not optional there:
 * `WithDefaults<…, "limit" | "offset">` (see {@link withDefaultsDeclaration}).
 */
export function parameterMembers(operation: Operation): { name: string; type: string }[] {
  const alias = operationAlias(operation);
  return locations.map(([location, member]) => {
    const parameters = operation.parameters.filter((parameter) => parameter.in === location);
    if (parameters.length === 0) return { name: member, type: "Record<string, never>" };
    const read = `NonNullable<${alias}["parameters"][${stringLiteral(location)}]>`;
    const int64 = parameters.filter((parameter) => readsInt64(parameter.coercion));
    const declared = int64.length > 0 ? `Int64AsBigInt<${read}, ${int64.map((parameter) => stringLiteral(parameter.name)).join(" | ")}>` : read;
    const defaulted = parameters.filter((parameter) => parameter.defaultApplies);
    return { name: member, type: defaulted.length > 0 ? `WithDefaults<${declared}, ${defaulted.map((parameter) => stringLiteral(parameter.name)).join(" | ")}>` : declared };
  });
}

/** The name of an operation's parameters interface in operations.ts: `GetBookParameters`. */
export function parametersAlias(operation: Operation): string {
  return `${operation.typeName}Parameters`;
}

/** Whether some operation's parameters use `WithDefaults` (then operations.ts declares it). */
export function usesParameterDefaults(model: ApiModel): boolean {
  return model.operations.some((operation) => operation.parameters.some((parameter) => parameter.defaultApplies));
}

/** Whether some operation's parameters are read as BigInt (then operations.ts declares `Int64AsBigInt`). */
export function usesInt64AsBigInt(model: ApiModel): boolean {
  return model.operations.some((operation) => operation.parameters.some((parameter) => readsInt64(parameter.coercion)));
}

/** The `Int64AsBigInt` helper types of operations.ts. */
export const int64AsBigIntDeclaration =
  "/** `format: int64` parameters, read exactly (generated with `int64: \"bigint\"`): `bigint` where the spec's types say `number`. */\n" +
  "type Int64AsBigInt<Parameters, Name extends keyof Parameters> = { [Key in keyof Parameters]: Key extends Name ? NumberAsBigInt<Parameters[Key]> : Parameters[Key] };\n" +
  "type NumberAsBigInt<Value> = Value extends number ? bigint : Value extends readonly (infer Item)[] ? NumberAsBigInt<Item>[] : Value;";

/** The `WithDefaults` helper type of operations.ts. */
export const withDefaultsDeclaration =
  "/** Parameters the runtime fills in from their schema's `default` when a request leaves them out: never undefined in handlers. */\n" +
  "type WithDefaults<Parameters, Name extends keyof Parameters> = Parameters & Required<Pick<Parameters, Name>>;";

/**
 * The union of request body types over the declared media types; `| undefined` unless required.
 * For `multipart/form-data`, file properties are retyped for the side that sees them: the
 * handler gets the runtime's `UploadedFile` (one, or an array for an array property), the client
 * sends a `FileUpload` (Blob, bytes or a stream) or a whole `FormData`.
 */
export function bodyType(operation: Operation, side: "handler" | "client" = "handler"): string {
  const requestBody = operation.requestBody;
  if (!requestBody || requestBody.contents.length === 0) return "undefined";
  return [...bodyTypes(operation, side).map(({ type }) => type), ...(requestBody.required ? [] : ["undefined"])].join(" | ");
}

/** The body type of each declared request media type, in spec order (see {@link bodyType}). */
function bodyTypes(operation: Operation, side: Side): { mediaType: string; type: string }[] {
  const alias = operationAlias(operation);
  return (operation.requestBody?.contents ?? []).map((content) => {
    if (bodyKind(content) === "binary") return { mediaType: content.mediaType, type: side === "handler" ? "BinaryRequestBody" : "BinaryUpload" };
    const declared = viewedType(`NonNullable<${alias}["requestBody"]>["content"][${stringLiteral(content.mediaType)}]`, content, side);
    return { mediaType: content.mediaType, type: content.multipart ? multipartBodyType(declared, content.multipart, side) : declared };
  });
}

/**
 * For a request body with several media types, the handler input's body members, one per media
 * type and discriminated by `contentType`, the declared media type the body arrived as (the key
 * of the Request Body Object's `content`, OpenAPI 3.1 §4.8.13.1; for a range such as `image/*`,
 * the range): `{ contentType: "application/json"; body: Note } | …`, and
 * `{ contentType?: undefined; body: undefined }` when the body is not required. Undefined for
 * operations with at most one media type (their input keeps `body` in its interface).
 */
export function contentTypeMembers(operation: Operation): string[] | undefined {
  const requestBody = operation.requestBody;
  if (!requestBody || requestBody.contents.length < 2) return undefined;
  const members = bodyTypes(operation, "handler").map(({ mediaType, type }) => `{ contentType: ${stringLiteral(mediaType)}; body: ${type} }`);
  if (!requestBody.required) members.push("{ contentType?: undefined; body: undefined }");
  return members;
}

function multipartBodyType(declared: string, multipart: NonNullable<MediaTypeContent["multipart"]>, side: "handler" | "client"): string {
  const files = multipart.properties.filter((property) => property.file);
  const fileType = side === "handler" ? "UploadedFile" : "FileUpload";
  const withFiles = files.length === 0
    ? declared
    : `Omit<${declared}, ${files.map((file) => stringLiteral(file.name)).join(" | ")}> & { ${files
        .map((file) => `${propertyKey(file.name)}${file.required ? "" : "?"}: ${fileType}${file.array ? "[]" : ""}`)
        .join("; ")} }`;
  return side === "client" ? `(${withFiles}) | FormData` : withFiles;
}

/** Whether any request body of the model is binary (the handler gets `BinaryRequestBody`, the client sends `BinaryUpload`). */
export function usesBinaryRequestBodies(model: ApiModel): boolean {
  return model.operations.some((operation) => operation.requestBody?.contents.some((content) => bodyKind(content) === "binary"));
}

/** Whether any request body of the model has a multipart media type with file properties. */
export function usesUploadedFiles(model: ApiModel): boolean {
  return model.operations.some((operation) => operation.requestBody?.contents.some((content) => content.multipart?.properties.some((property) => property.file)));
}

/** Whether any request body of the model is multipart (the client then accepts FileUpload values). */
export function usesMultipart(model: ApiModel): boolean {
  return model.operations.some((operation) => operation.requestBody?.contents.some((content) => content.multipart !== undefined));
}

const rangeTypes: Record<string, string> = {
  "1XX": "InformationalStatus",
  "2XX": "SuccessStatus",
  "3XX": "RedirectionStatus",
  "4XX": "ClientErrorStatus",
  "5XX": "ServerErrorStatus",
};

/** The status range types (`SuccessStatus`, …) the operations' responses use, sorted; imported only when used. */
export function usedStatusRangeTypes(model: ApiModel): string[] {
  const used = new Set<string>();
  for (const operation of model.operations) for (const response of operation.responses) if (rangeTypes[response.status]) used.add(rangeTypes[response.status]!);
  return [...used].sort();
}

/** The `status` type of a response: a literal, a range minus the exact codes declared beside it, or `number`. */
export function statusType(operation: Operation, response: Response): string {
  if (/^[1-5][0-9][0-9]$/.test(response.status)) return response.status;
  const range = rangeTypes[response.status];
  if (range) {
    const exact = operation.responses.filter((other) => /^[1-5][0-9][0-9]$/.test(other.status) && other.status[0] === response.status[0]);
    return exact.length > 0 ? `Exclude<${range}, ${exact.map((other) => other.status).join(" | ")}>` : range;
  }
  return "number";
}

/** `["responses"][200]`, `["responses"]["2XX"]`, `["responses"]["default"]` */
export function responseAccess(operation: Operation, response: Response): string {
  const key = /^[0-9]+$/.test(response.status) ? response.status : stringLiteral(response.status);
  return `${operationAlias(operation)}["responses"][${key}]`;
}

/** Which end of the wire a type is for: the handler (server) or the generated client. */
export type Side = "handler" | "client";

/**
 * The schema's type of one response media type, without the properties responses leave out:
 * `GetBookOperation["responses"][200]["content"]["application/json"]`, or its view.
 */
export function responseSchemaType(operation: Operation, response: Response, content: MediaTypeContent, side: Side): string {
  return viewedType(`${responseAccess(operation, response)}["content"][${stringLiteral(content.mediaType)}]`, content, side);
}

/**
 * The body type of one response media type, per side and per {@link bodyKind}: JSON and form
 * bodies are the schema's type; text is a string (the handler may also stream it); binary is
 * {@link BinaryBody} for handlers and bytes for the client; `text/event-stream` is an iterable
 * of events whose `data` is the schema's type (src/wire/event-stream.ts).
 */
export function responseBodyType(operation: Operation, response: Response, content: MediaTypeContent, side: Side): string {
  const schemaType = responseSchemaType(operation, response, content, side);
  switch (bodyKind(content)) {
    case "event-stream":
      return side === "handler" ? `EventStream<${schemaType}>` : `AsyncIterable<ServerSentEvent<${schemaType}>>`;
    case "binary":
      return side === "handler" ? "BinaryBody" : "Uint8Array";
    case "text":
      return side === "handler" ? `${schemaType} | StreamingBody` : schemaType;
    default:
      return schemaType;
  }
}

/** The runtime types (`EventStream`, `BinaryBody`, `StreamingBody`) the handler output types of a model use. */
export function usedBodyTypes(model: ApiModel, side: Side): string[] {
  const used = new Set<string>();
  for (const operation of model.operations) {
    for (const response of operation.responses) {
      for (const content of response.contents) {
        const kind = bodyKind(content);
        if (kind === "event-stream") used.add(side === "handler" ? "EventStream" : "ServerSentEvent");
        else if (kind === "binary" && side === "handler") used.add("BinaryBody");
        else if (kind === "text" && side === "handler") used.add("StreamingBody");
      }
    }
  }
  return [...used].sort();
}

/**
 * The members of the output union: one per (status, media type). `contentType` is required when
 * a response has several media types, optional otherwise; responses without content have no body.
 * A handler may also leave a status with several media types to content negotiation: one more
 * member without `contentType`, whose body is the intersection of the media types' bodies. A
 * declared 422's client body may also be the runtime's {@link ValidationProblemDetails}.
 * Handler members carry the response headers the handler sets; client members carry the raw
 * `Headers` and, when the response declares headers, their parsed and typed `declaredHeaders`.
 */
export function outputMembers(operation: Operation, side: Side): string[] {
  return operation.responses.flatMap((response) => {
    const status = statusType(operation, response);
    const headers = side === "handler" ? headersMember(operation, response) : clientHeadersMember(operation, response);
    if (response.contents.length === 0) return [`{ status: ${status}; body?: undefined${headers} }`];
    const several = response.contents.length > 1;
    // A declared 422 is also what the runtime answers for a request that breaks the contract.
    const runtime422 = side === "client" && response.status === "422" && validatesRequests(operation);
    const members = response.contents.map((content) => {
      const declared = responseBodyType(operation, response, content, side);
      const body = runtime422 ? `${declared} | ValidationProblemDetails` : declared;
      const contentType = `contentType${several ? "" : "?"}: ${stringLiteral(content.mediaType)}`;
      return `{ status: ${status}; ${contentType}; body: ${body}${headers} }`;
    });
    if (several && side === "handler") {
      // Without `contentType` the runtime picks the media type by Accept (RFC 9110 §12.5.1; 406
      // when none is acceptable), so the body must fit whichever it picks: every media type's type.
      const bodies = [...new Set(response.contents.map((content) => responseBodyType(operation, response, content, side)))];
      members.push(`{ status: ${status}; contentType?: undefined; body: ${bodies.map((body) => (bodies.length > 1 && body.includes("|") ? `(${body})` : body)).join(" & ")}${headers} }`);
    }
    return members;
  });
}

/**
 * The client's result member for the problem responses the runtime adds to an operation (400,
 * 404, 415, 422, …, those the operation does not declare itself): `RuntimeProblem<…>`, whose
 * 422 body lists the validation issues (src/wire/problem.ts). Undefined when the operation
 * declares `default`, which then covers them.
 */
export function runtimeProblemMember(operation: Operation): string | undefined {
  if (operation.responses.some((response) => response.status === "default")) return undefined;
  const declared = operation.responses.filter((response) => /^[0-9]{3}$/.test(response.status)).map((response) => response.status);
  return `RuntimeProblem<${declared.length > 0 ? `Exclude<RuntimeProblemStatus, ${declared.join(" | ")}>` : "RuntimeProblemStatus"}>`;
}

/** The `specwright/client` types the client's result types use for runtime problems, sorted. */
export function usedProblemTypes(model: ApiModel): string[] {
  const used = new Set<string>();
  for (const operation of model.operations) {
    if (runtimeProblemMember(operation) !== undefined) used.add("RuntimeProblem").add("RuntimeProblemStatus");
    if (validatesRequests(operation) && operation.responses.some((response) => response.status === "422" && response.contents.length > 0)) used.add("ValidationProblemDetails");
  }
  return [...used].sort();
}

/** Whether the runtime validates requests of the operation (it has parameters or a body), so it may answer 422 itself. */
function validatesRequests(operation: Operation): boolean {
  return operation.requestBody !== undefined || operation.parameters.length > 0;
}

function clientHeadersMember(operation: Operation, response: Response): string {
  if (response.headers.length === 0) return "; headers: Headers";
  const members = response.headers.map(
    (header) => `${propertyKey(header.name)}${header.required ? "" : "?"}: ${responseAccess(operation, response)}["headers"][${stringLiteral(header.name)}]`,
  );
  return `; headers: Headers; declaredHeaders: { ${members.join("; ")} }`;
}

function headersMember(operation: Operation, response: Response): string {
  if (response.headers.length === 0) return "; headers?: ResponseHeaders";
  const members = response.headers.map(
    (header) => `${propertyKey(header.name)}${header.required ? "" : "?"}: ${responseAccess(operation, response)}["headers"][${stringLiteral(header.name)}]`,
  );
  const required = response.headers.some((header) => header.required);
  return `; headers${required ? "" : "?"}: { ${members.join("; ")} } & ResponseHeaders`;
}

/** Security schemes the operations use, in name order, with the credential type their verifier receives. */
export function usedSecuritySchemes(model: ApiModel): { name: string; credential: string }[] {
  const used = new Set(model.operations.flatMap((operation) => operation.security.flatMap((requirement) => requirement.map(({ scheme }) => scheme))));
  return [...used]
    .filter((name) => model.securitySchemes[name])
    .sort()
    .map((name) => {
      const scheme = model.securitySchemes[name]!;
      return { name, credential: scheme.type === "http" && scheme.scheme === "basic" ? "BasicCredentials" : "string" };
    });
}

/** A one-paragraph TSDoc for an operation: `GET /books/{bookId}`, its summary and description. */
export function operationDoc(operation: Operation): string {
  const lines = [`${operation.method.toUpperCase()} ${operation.path}`];
  if (operation.summary) lines.push("", operation.summary);
  if (operation.description) lines.push("", operation.description);
  if (operation.deprecated) lines.push("", "@deprecated");
  return docText(lines.join("\n"));
}

/** `export type Name =\n  | A\n  | B;` (or `never` for no members). */
export function unionAlias(name: string, members: string[]): string {
  return members.length === 0 ? `export type ${name} = never;` : `export type ${name} =\n${members.map((member) => `  | ${member}`).join("\n")};`;
}
