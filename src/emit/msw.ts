import type { ApiModel, MediaTypeContent, Operation } from "../model/ir.js";
import { createValueGenerator, type ValueGenerator } from "../mock/generate-value.js";
import { buildMockResponse, defaultResponseOf } from "../mock/mock-response.js";
import { serialiseHeaderParameter } from "../wire/parameter-styles.js";
import { codeLiteral, identifier, stringLiteral } from "./code/literals.js";
import { docComment, printSourceFile, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { bodyKind, eventDataEncoding } from "./media-types.js";
import { operationAlias, operationDoc, responseSchemaType, statusType, unionAlias, usedStatusRangeTypes } from "./operation-types.js";
import { viewsInterface } from "./view-types.js";

/** The HTTP methods MSW's `http` namespace has a function for (msw 2: no `trace`). */
const mswMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch"]);

/** How `toResponse` writes a body, per media type (see the generated `MediaTypes`). */
type WrittenKind = "json" | "text" | "binary" | "event-stream-json" | "event-stream-text";

/**
 * Emits `msw.ts` (with the `msw` generate option): per operation a typed MSW request handler
 * factory (msw 2's `http.get(...)`), `getBookHandler(response?, options?)`, answering with a
 * default response, or with the one given: a member of `GetBookMockResponse`, one per declared
 * status and media type, whose body has the response's type. The default responses are computed
 * here, from the media type's first example or else generated from its schema with a seed per
 * operation (the mock server's rules, src/mock/mock-response.ts), and written as data, so the
 * file is the same on every run. `handlers` lists every default handler, concrete paths before
 * templated ones, for `setupServer(...handlers)`. Imports `msw` (the user's dependency) and types.
 */
export function emitMsw(model: ApiModel): GeneratedFile[] {
  const generator = createValueGenerator(model);
  const operations = model.operations.filter((operation) => mswMethods.has(operation.method));
  const usesEvents = operations.some((operation) => operation.responses.some((response) => response.contents.some((content) => bodyKind(content) === "event-stream")));
  const usesResponseViews = operations.some((operation) => operation.responses.some((response) => response.contents.some((content) => content.view?.side === "response")));
  const statements: Statement[] = [
    'import { http, HttpResponse, type HttpHandler, type HttpResponseResolver, type RequestHandlerOptions } from "msw";',
  ];
  // The response matcher and the event writer are the client package's (src/wire), the ones the runtime serves with.
  const clientImports = ["matchDeclaredStatus", ...(usesEvents ? ["serialiseEvent", "type ServerSentEvent"] : []), ...usedStatusRangeTypes(model).map((name) => `type ${name}`)];
  statements.push(`import { ${clientImports.join(", ")} } from ${stringLiteral(model.packages.client)};`);
  const aliases = operations.filter((operation) => operation.responses.some((response) => response.contents.length > 0)).map(operationAlias);
  const sharedTypes = [...(usesResponseViews ? [viewsInterface("response", "client")] : []), ...aliases];
  if (sharedTypes.length > 0) statements.push(`import type { ${sharedTypes.join(", ")} } from "./operations.js";`);
  statements.push(...helperStatements(usesEvents));

  for (const operation of operations) statements.push(...operationStatements(model, operation, generator));

  const ordered = [...operations].sort((a, b) => comparePaths(a.path, b.path));
  statements.push(
    docComment("Every operation's handler with its default response, concrete paths before templated ones (OpenAPI 3.1 §4.8.8.2): `setupServer(...handlers)`.") +
      (ordered.length === 0 ? "export const handlers: HttpHandler[] = [];" : `export const handlers: HttpHandler[] = [\n${ordered.map((operation) => `  ${handlerName(operation)}(),`).join("\n")}\n];`),
  );
  return [{ path: "msw.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}

/**
 * The types and functions every msw.ts shares, written once at the top; the event-stream branch
 * only when some response is an event stream.
 */
function helperStatements(usesEvents: boolean): Statement[] {
  return [
    docComment("A response a handler sends: a declared status, its media type (default: the first declared), the body and headers.") +
      "export interface MockResponse {\n  status: number;\n  contentType?: string;\n  body?: unknown;\n  headers?: Record<string, string>;\n}",
    docComment("What a handler is given: a response, or a function of the request (MSW's resolver info) that returns one.") +
      "export type MockAnswer<Response extends MockResponse> = Response | ((info: Parameters<HttpResponseResolver>[0]) => Response | Promise<Response>);",
    docComment("The media types of an operation's responses by status key (`\"200\"`, `\"4XX\"`, `\"default\"`), each with how its body is written.") +
      'type MediaTypes = Record<string, readonly (readonly [mediaType: string, kind: "json" | "text" | "binary" | "event-stream-json" | "event-stream-text"])[]>;',
    docComment("The URLs of a path template on any origin, each `{name}` one segment (MSW matches the URL without its query).") +
      [
        "function urlPattern(template: string): RegExp {",
        '  const path = template.split(/(\\{[^}]*\\})/).map((part, index) => (index % 2 === 0 ? part.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&") : "([^/]+)")).join("");',
        "  return new RegExp(`^[^:/?#]+://[^/?#]+${path}$`);",
        "}",
      ].join("\n"),
    docComment(
      `The Response for a MockResponse: JSON, text or bytes${usesEvents ? ", or server-sent events" : ""}, with the media types of the declared response its status falls under (exact code, then range, then \`default\`).`,
    ) +
      [
        "async function toResponse(info: Parameters<HttpResponseResolver>[0], answer: MockAnswer<MockResponse>, mediaTypes: MediaTypes): Promise<Response> {",
        '  const response = typeof answer === "function" ? await answer(info) : answer;',
        "  const key = matchDeclaredStatus(Object.keys(mediaTypes), response.status);",
        "  const declared = key === undefined ? [] : mediaTypes[key] ?? [];",
        "  const [mediaType, kind] = declared.find(([candidate]) => candidate === response.contentType) ?? declared[0] ?? [response.contentType, \"binary\"];",
        "  const headers = new Headers(response.headers);",
        "  if (response.body === undefined || mediaType === undefined) return new HttpResponse(null, { status: response.status, headers });",
        '  if (!headers.has("content-type")) headers.set("content-type", !mediaType.includes("*") ? mediaType : kind === "json" ? "application/json" : "application/octet-stream");',
        "  switch (kind) {",
        '    case "json":',
        "      return new HttpResponse(JSON.stringify(response.body), { status: response.status, headers });",
        ...(usesEvents
          ? [
              '    case "event-stream-json":',
              '    case "event-stream-text": {',
              '      const events = response.body as readonly ServerSentEvent[];',
              '      const text = events.map((event) => serialiseEvent(event, kind === "event-stream-text" ? "text" : "json")).join("");',
              "      return new HttpResponse(text, { status: response.status, headers });",
              "    }",
            ]
          : []),
        "    default:",
        '      return new HttpResponse(response.body instanceof Uint8Array || typeof response.body === "string" ? response.body : String(response.body), { status: response.status, headers });',
        "  }",
        "}",
      ].join("\n"),
  ];
}

/** `getBookHandler`: the factory's name. */
function handlerName(operation: Operation): string {
  return identifier(`${operation.identifier}Handler`);
}

/** The response type, the default response, the media-type table and the handler factory of one operation. */
function operationStatements(model: ApiModel, operation: Operation, generator: ValueGenerator): Statement[] {
  const typeName = identifier(`${operation.typeName}MockResponse`);
  const members = operation.responses.flatMap((response) => {
    const status = statusType(operation, response);
    if (response.contents.length === 0) return [`{ status: ${status}; body?: undefined; headers?: Record<string, string> }`];
    const several = response.contents.length > 1;
    return response.contents.map((content) => {
      const schemaType = responseSchemaType(operation, response, content, "client");
      const kind = bodyKind(content);
      const body = kind === "event-stream" ? `readonly ServerSentEvent<${schemaType}>[]` : kind === "binary" ? "Uint8Array | string" : schemaType;
      return `{ status: ${status}; contentType${several ? "" : "?"}: ${stringLiteral(content.mediaType)}; body: ${body}; headers?: Record<string, string> }`;
    });
  });
  const mediaTypes = Object.fromEntries(
    operation.responses.map((response) => [response.status, response.contents.map((content) => [content.mediaType, writtenKind(model, content)])]),
  );
  const chosen = defaultResponseOf(operation);
  const built = chosen ? buildMockResponse(generator, operation, chosen) : undefined;
  const headers = built ? Object.fromEntries(Object.entries(built.headers).map(([name, value]) => [name, serialiseHeaderParameter(value, built.response.headers.find((header) => header.name === name)?.explode ?? false)])) : {};
  const defaultResponse = built
    ? { status: built.status, ...(built.content ? { contentType: built.content.mediaType, body: built.body } : {}), ...(Object.keys(headers).length > 0 ? { headers } : {}) }
    : { status: 501 };
  const origin = !built ? "the operation declares no response" : built.example !== undefined ? `the example ${JSON.stringify(built.example)}` : built.content?.examples ? "the media type's example" : built.content ? "a body generated from the schema" : "no body";
  const name = handlerName(operation);
  const defaultName = identifier(`${operation.identifier}Default`);
  const tableName = identifier(`${operation.identifier}MediaTypes`);
  const method = identifier(operation.method);
  return [
    docComment(`Responses \`${name}\` can be told to send: one member per declared status and media type.`) + unionAlias(typeName, members),
    docComment(`What \`${name}()\` answers: ${built ? built.status : 501}, with ${origin}.`) + `const ${defaultName}: MockResponse = ${codeLiteral(defaultResponse)};`,
    `const ${tableName}: MediaTypes = ${codeLiteral(mediaTypes)};`,
    docComment(`${operationDoc(operation)}\n\nA request handler answering with \`response\` (a response, or a function of the request returning one); by default ${built ? built.status : 501} with ${origin}.`) +
      `export function ${name}(response?: MockAnswer<${typeName}>, options?: RequestHandlerOptions): HttpHandler {\n` +
      `  return http.${method}(urlPattern(${stringLiteral(model.basePath + operation.path)}), (info) => toResponse(info, response ?? ${defaultName}, ${tableName}), options);\n}`,
  ];
}

/** How a media type's bodies are written by the generated `toResponse`. */
function writtenKind(model: ApiModel, content: MediaTypeContent): WrittenKind {
  switch (bodyKind(content)) {
    case "json":
      return "json";
    case "event-stream":
      return eventDataEncoding(content.schema, (ref) => model.referencedSchemas[ref]) === "text" ? "event-stream-text" : "event-stream-json";
    case "binary":
      return "binary";
    default:
      return "text";
  }
}

/**
 * Orders paths so that a concrete segment comes before a templated one at the first place they
 * differ that way (`/books/featured` before `/books/{bookId}`); other paths keep spec order.
 */
function comparePaths(a: string, b: string): number {
  const left = a.split("/");
  const right = b.split("/");
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const leftTemplated = left[index]!.includes("{");
    const rightTemplated = right[index]!.includes("{");
    if (leftTemplated !== rightTemplated) return leftTemplated ? 1 : -1;
    if (!leftTemplated && left[index] !== right[index]) return 0;
  }
  return 0;
}
