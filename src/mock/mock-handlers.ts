/**
 * The handlers and security verifiers `specwright mock` gives the generated `createServer`: one
 * handler per operation that answers from the spec (see mock-response.ts), honouring `Prefer`
 * (prefer.ts) and, with `stateful`, the stored resources (resource-store.ts). The runtime does
 * everything before the handler as in production: routing, authentication, parameter and body
 * validation (400, 401, 404, 405, 415, 422…).
 */
import type { IncomingMessage } from "node:http";
import type { ApiModel, Operation } from "../model/ir.js";
import { bodyKind } from "../emit/media-types.js";
import type { ValueGenerator } from "./generate-value.js";
import { buildMockResponse, defaultResponseOf, MockSelectionError, responseForStatus, type MockResponse } from "./mock-response.js";
import { PreferenceError, readPreferences, type MockPreferences } from "./prefer.js";
import { ResourceStore, StoreFullError, type RequestParts } from "./resource-store.js";

/** What a handler returns to the runtime (`HandlerResult` of specwright/runtime). */
export interface MockHandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, unknown>;
  contentType?: string;
}

/** The part of the handler context the mock reads (`RequestContext` of specwright/runtime). */
export interface MockHandlerContext {
  readonly request: IncomingMessage;
  accepts<MediaType extends string>(mediaTypes: readonly MediaType[]): MediaType | undefined;
}

/** A mock handler: the runtime's handler signature. */
export type MockHandler = (input: RequestParts & { contentType?: string }, context: MockHandlerContext) => MockHandlerResult;

/** The `HttpError` class of the runtime the server runs on (errors are recognised by their class). */
export type HttpErrorClass = new (status: number, detail?: string, options?: { code?: string }) => Error;

/** Options of {@link createMockHandlers}. */
export interface MockHandlerOptions {
  generator: ValueGenerator;
  HttpError: HttpErrorClass;
  /** Keep created resources along CRUD paths and links. Default false. */
  stateful?: boolean;
  /** The path the operations are served under (for `Location` of created resources). Default the spec's. */
  basePath?: string;
}

/**
 * One handler per operation, keyed by the operation's identifier (the generated `Handlers`
 * member names), and a verifier per security scheme that accepts any credential the runtime
 * could read (a well-formed API key, bearer token or Basic pair): a request with none still gets
 * 401, as in production.
 */
export function createMockHandlers(model: ApiModel, options: MockHandlerOptions): { handlers: Record<string, MockHandler>; security: Record<string, () => unknown> } {
  const { generator, HttpError } = options;
  const store = options.stateful ? new ResourceStore(model, generator) : undefined;
  const basePath = options.basePath ?? model.basePath;
  const handlers: Record<string, MockHandler> = {};
  for (const operation of model.operations) {
    let dynamicCount = 0;
    handlers[operation.identifier] = (input, context) => {
      let preferences: MockPreferences;
      try {
        preferences = readPreferences(context.request.headers.prefer, queryOf(context.request.url));
      } catch (error) {
        if (error instanceof PreferenceError) throw new HttpError(400, error.message, { code: "SPW_HTTP_BAD_REQUEST" });
        throw error;
      }
      const variant = preferences.dynamic ? ++dynamicCount : 0;
      try {
        if (store && store.roleOf(operation) && preferences.code === undefined && preferences.example === undefined) {
          return answerFromStore({ store, generator, HttpError, basePath }, operation, input, context, variant);
        }
        const chosen = preferences.code !== undefined ? responseForStatus(operation, preferences.code) : defaultResponseOf(operation);
        if (!chosen) throw new HttpError(500, `${operation.operationId} declares no response to mock`);
        const mediaType = negotiate(chosen.response.contents.map((content) => content.mediaType), context);
        if (mediaType === null) return { status: chosen.status };
        const built = buildMockResponse(generator, operation, chosen, {
          ...(mediaType !== undefined ? { mediaType } : {}),
          ...(preferences.example !== undefined ? { example: preferences.example } : {}),
          ...(preferences.dynamic ? { dynamic: true } : {}),
          variant,
        });
        return toResult(built, applied(preferences));
      } catch (error) {
        if (error instanceof MockSelectionError) throw new HttpError(404, error.message, { code: "SPW_HTTP_NOT_FOUND" });
        if (error instanceof StoreFullError) throw new HttpError(507, error.message);
        throw error;
      }
    };
  }
  const security: Record<string, () => unknown> = {};
  for (const [name, scheme] of Object.entries(model.securitySchemes)) {
    // mutualTLS has no credential the runtime reads; the runtime answers 401 for it.
    if (scheme.type !== "mutualTLS") security[name] = () => ({ scheme: name });
  }
  return { handlers, security };
}

/** The stateful answer of an operation that creates, lists, reads, changes or deletes stored resources. */
function answerFromStore(
  { store, generator, HttpError, basePath }: { store: ResourceStore; generator: ValueGenerator; HttpError: HttpErrorClass; basePath: string },
  operation: Operation,
  input: RequestParts,
  context: MockHandlerContext,
  variant: number,
): MockHandlerResult {
  const role = store.roleOf(operation)!;
  const chosen = defaultResponseOf(operation);
  if (!chosen) throw new HttpError(500, `${operation.operationId} declares no response to mock`);
  const mediaType = negotiate(chosen.response.contents.map((content) => content.mediaType), context);
  if (mediaType === null) return { status: chosen.status };
  const built = buildMockResponse(generator, operation, chosen, { ...(mediaType !== undefined ? { mediaType } : {}), variant });
  const json = built.content !== undefined && bodyKind(built.content) === "json";
  if (role === "create") {
    const created = store.create(operation, input, built.body, basePath);
    if (!created) return toResult(built, []);
    const location = Object.keys(built.headers).find((name) => name.toLowerCase() === "location");
    if (location !== undefined && created.location !== undefined) built.headers[location] = created.location;
    return toResult({ ...built, ...(json ? { body: created.body } : {}) }, []);
  }
  if (role === "list") return toResult({ ...built, ...(json ? { body: store.list(operation, input) } : {}) }, []);
  const resource = store.find(operation, input);
  if (!resource) {
    const missing = operation.responses.some((response) => response.status === "404") ? buildMockResponse(generator, operation, responseForStatus(operation, 404)) : undefined;
    if (missing) return toResult(missing, []);
    throw new HttpError(404, `no such resource: the mock serves what was created and not deleted since it started`, { code: "SPW_HTTP_NOT_FOUND" });
  }
  if (role === "delete") store.remove(resource);
  if (role === "replace" || role === "update") store.change(resource, input);
  return toResult({ ...built, ...(json && role !== "delete" ? { body: resource.body } : {}) }, []);
}

/**
 * The media type to answer with when a response declares several: the one the Accept header
 * prefers; null when none is acceptable (the handler then leaves the choice to the runtime, which
 * answers 406); undefined when there is at most one.
 */
function negotiate(mediaTypes: string[], context: MockHandlerContext): string | null | undefined {
  if (mediaTypes.length <= 1) return undefined;
  return context.accepts(mediaTypes) ?? null;
}

/** The raw query string of a request target, without `?`. */
function queryOf(url: string | undefined): string {
  const index = url?.indexOf("?") ?? -1;
  return index < 0 ? "" : url!.slice(index + 1);
}

/** The preferences honoured, as `Preference-Applied` lists them (RFC 7240 §3). */
function applied(preferences: MockPreferences): string[] {
  const list: string[] = [];
  if (preferences.code !== undefined) list.push(`code=${preferences.code}`);
  if (preferences.example !== undefined) list.push(`example=${/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(preferences.example) ? preferences.example : JSON.stringify(preferences.example)}`);
  if (preferences.dynamic !== undefined) list.push(`dynamic=${preferences.dynamic}`);
  return list;
}

/** Headers the runtime writes itself; a declared one of these is not sent from the mock. */
const framingHeaders = new Set(["content-length", "transfer-encoding", "connection"]);

/** A mock response as the runtime takes a handler's result. */
function toResult(built: MockResponse, preferenceApplied: string[]): MockHandlerResult {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(built.headers)) if (!framingHeaders.has(name.toLowerCase()) && value !== undefined) headers[name] = value;
  // Which preferences the answer honoured (RFC 7240 §3).
  if (preferenceApplied.length > 0) headers["preference-applied"] = preferenceApplied.join(", ");
  if (!built.content) return { status: built.status, headers };
  const several = built.response.contents.length > 1;
  return { status: built.status, body: built.body, headers, ...(several ? { contentType: built.content.mediaType } : {}) };
}
