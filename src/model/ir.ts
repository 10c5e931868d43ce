/**
 * The intermediate representation every emitter reads: plain, JSON-serialisable data with every
 * default resolved (style, explode, required, operationId, TypeScript names). No library objects:
 * `JSON.parse(JSON.stringify(model))` deep-equals the model. Each node keeps the JSON pointer of
 * the spec object it came from, for messages.
 */

/** A JSON Schema (OpenAPI 3.1 dialect, JSON Schema 2020-12); 3.0 schemas are normalised to it. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** The HTTP methods a Path Item Object can hold (OpenAPI 3.1 §4.8.9), lower-case as in the spec. */
export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export type { Coercion } from "../wire/coercion.js";
export type { ParameterLocation } from "../wire/parameter.js";
import type { Coercion } from "../wire/coercion.js";
import type { MediaTypeKind } from "../wire/media-type.js";
import type { ParameterDescriptor, ParameterLocation } from "../wire/parameter.js";
import type { BodyView, SchemaViews } from "./views.js";

/**
 * A Parameter Object (OpenAPI 3.1 §4.8.12) with its serialisation defaults resolved: how it
 * travels (the wire's ParameterDescriptor, which the runtime and the client read too), and what
 * only the compiler needs.
 */
export interface Parameter extends ParameterDescriptor {
  required: boolean;
  allowReserved: boolean;
  allowEmptyValue: boolean;
  deprecated: boolean;
  description?: string;
  /** The schema (for `content` parameters, the schema of its single media type). */
  schema: JsonSchema;
  coercion: Coercion;
  /**
   * Whether the runtime inserts the schema's `default` when a request leaves the parameter out
   * (then the handler always receives it): decided once in the model (model/defaults.ts), read
   * by the validators, the routes and the handler types.
   */
  defaultApplies: boolean;
  pointer: string;
}

/**
 * An example value (OpenAPI 3.1 §4.8.19 Example Object, `$ref`s resolved), from the `examples`
 * map of a Media Type or Header Object, or its single `example` field.
 */
export interface Example {
  /** The key in `examples`; absent for the single `example` field. */
  name?: string;
  summary?: string;
  /** The example's `value`, as written in the spec. */
  value: unknown;
  pointer: string;
}

/** One media type of a request body or response (§4.8.14). */
export interface MediaTypeContent {
  /** As written in the spec (`application/json`, `image/*`); compared case-insensitively. */
  mediaType: string;
  /** Its lower-cased `type/subtype`, without parameters (`application/json`, `image/*`). */
  essence: string;
  /** How a body of this media type is read and written (src/wire/media-type.ts, the one classifier). */
  kind: MediaTypeKind;
  schema?: JsonSchema;
  /** The media type's examples in spec order (`examples`, else `example`); absent when it has none. */
  examples?: Example[];
  /**
   * For `application/x-www-form-urlencoded` request bodies: how each field's strings become
   * typed values, and each field's `style`/`explode` from the Encoding Object (OpenAPI 3.1
   * §4.8.15; default `form`, explode true).
   */
  form?: { coercion: Coercion; encoding: Record<string, { style: string; explode: boolean }> };
  /**
   * Set when the body's type differs by side (see model/views.ts): readOnly properties left out of
   * requests and writeOnly ones out of responses, properties with a default optional for clients
   * and present for handlers, at every depth. `schema` names the component whose view it is,
   * `inline` is the view of an inline body schema; `items` when the body is an array of them.
   */
  view?: BodyView;
  /** For `multipart/form-data` request bodies: how each part is read (see {@link MultipartDefinition}). */
  multipart?: MultipartDefinition;
  /** With a schema: the export name of its validator in `validators.cjs` (model/names.ts, nameValidators). */
  validator?: string;
  pointer: string;
}

/**
 * One property of a `multipart/form-data` body (OpenAPI 3.1 §4.8.14.4, §4.8.15): whether its
 * parts are files, repeated (an array), JSON or coerced text, and which media types they may have.
 */
export interface MultipartProperty {
  name: string;
  /** A file part (`format: binary`, `contentMediaType` or `contentEncoding`): handed over as an uploaded file. */
  file: boolean;
  /** An array property: each part with this name is one item. */
  array: boolean;
  /** Each part is parsed as JSON (object or array items, or a JSON `encoding.contentType`). */
  json: boolean;
  /** Media ranges each part must match, when the spec states them (`encoding.contentType`, `contentMediaType`). */
  contentTypes?: string[];
  /** Files: the smallest size in bytes, from the file schema's `minLength`. */
  minLength?: number;
  /** Files: the largest size in bytes, from the file schema's `maxLength`. */
  maxLength?: number;
  /** How the text of one part (one item) becomes a typed value; `unknown` for files, `json` for JSON parts. */
  coercion: Coercion;
  /** Listed in the schema's `required`. */
  required: boolean;
}

/** How the parts of a `multipart/form-data` body are read: declared properties in schema order, then undeclared ones. */
export interface MultipartDefinition {
  properties: MultipartProperty[];
  /** Coercion of undeclared (text) parts, from `additionalProperties`. */
  additional: Coercion;
}

/** A Request Body Object (§4.8.13). */
export interface RequestBody {
  required: boolean;
  description?: string;
  contents: MediaTypeContent[];
  pointer: string;
}

/** A response header (§4.8.21). */
export interface ResponseHeader {
  name: string;
  required: boolean;
  schema: JsonSchema;
  /** Header Objects are always `style: simple` (§4.8.21.1); `explode` defaults to false. */
  explode: boolean;
  /** How the client turns the header's text back into the schema's type. */
  coercion: Coercion;
  description?: string;
  /** The Header Object's examples in spec order (`examples`, else `example`); absent when it has none. */
  examples?: Example[];
  pointer: string;
}

/** One entry of a Responses Object (§4.8.16): an exact code, an `nXX` range or `default`. */
export interface Response {
  /** `"200"`, `"2XX"` or `"default"`, upper-cased as the spec allows. */
  status: string;
  description: string;
  contents: MediaTypeContent[];
  headers: ResponseHeader[];
  /** With headers: the export name of the validator of their values (model/names.ts, nameValidators). */
  headersValidator?: string;
  pointer: string;
}

/** One Security Requirement Object: every scheme named must pass (AND); `{}` is an empty list. */
export type SecurityRequirement = { scheme: string; scopes: string[] }[];

/** A Security Scheme Object (§4.8.27), reduced to what the runtime and client need. */
export type SecurityScheme =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string; pointer: string }
  | { type: "http"; scheme: string; bearerFormat?: string; pointer: string }
  | { type: "oauth2" | "openIdConnect"; pointer: string }
  | { type: "mutualTLS"; pointer: string };

/** One operation: a method on a path template. */
export interface Operation {
  operationId: string;
  /** Whether operationId was synthesised from the method and path (none in the spec). */
  operationIdSynthesised: boolean;
  /** A valid, unique TypeScript identifier derived from operationId (see model/names.ts). */
  identifier: string;
  /** PascalCase form of `identifier`, for type names (`GetBookInput`). */
  typeName: string;
  method: HttpMethod;
  /** The path template as in the spec, e.g. `/books/{bookId}`. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** Alternatives (OR) of requirements (AND); `[]` is public. Operation-level overrides the document's. */
  security: SecurityRequirement[];
  /** The export name of the validator of each location that has parameters (model/names.ts, nameValidators). */
  parameterValidators: Partial<Record<ParameterLocation, string>>;
  /**
   * The value names the generated client gives the operation: its function (`getBook`) and its
   * exported descriptor (`getBookOperation`), unique in client.ts and in the index.ts barrel
   * (model/names.ts, nameClientValues).
   */
  clientNames: { call: string; descriptor: string };
  pointer: string;
}

/** A named schema of `components.schemas`. */
export interface NamedSchema {
  name: string;
  schema: JsonSchema;
  pointer: string;
}

/**
 * The values of an `enum` in `components.schemas`, exported by `generated/enums.ts` as
 * `const <identifier> = [...] as const`: a schema's own enum, or the enum of one of its
 * properties (`property`). Values are as in the spec after normalisation (a 3.0 `nullable` enum
 * includes `null`), in spec order.
 */
export interface EnumConstant {
  /** A unique TypeScript identifier from model/names.ts (`ColourValues`, `BookStatusValues`). */
  identifier: string;
  /** The component schema's name as in the spec. */
  schema: string;
  /** The property's name as in the spec, for a property's enum. */
  property?: string;
  values: unknown[];
  pointer: string;
}

/** The whole API as the emitters see it. */
export interface ApiModel {
  /** `3.0` or `3.1`: the dialect of the source document (schemas below are normalised to 3.1). */
  dialect: "3.0" | "3.1";
  title: string;
  version: string;
  /** The spec path relative to the output folder, with `/` separators (for headers). */
  source: string;
  /** SHA-256 of the spec's bytes, hex. */
  sourceHash: string;
  operations: Operation[];
  schemas: NamedSchema[];
  /**
   * How `format: date-time` strings are typed: `"string"` (default) or `"date"` (a `Date` in
   * types, converted by the runtime and the client; see wire/dates.ts).
   */
  dateTime: "string" | "date";
  /**
   * How `format: int64` parameters (path, query, header, cookie) are typed and read: `"number"`
   * (default; integers beyond ±(2^53−1) are refused, as a number cannot hold them exactly) or
   * `"bigint"` (a `bigint` in handler inputs and client arguments, read exactly within the int64
   * range). Bodies and responses keep `number` either way: `JSON.parse` reads numbers.
   */
  int64: "number" | "bigint";
  /**
   * The module specifiers generated code imports the runtime and the client from: `specwright/runtime`
   * and `specwright/client` (the project depends on specwright), or `@specwright/runtime` and
   * `@specwright/client` (the project depends on those light packages and keeps specwright, the
   * compiler, a devDependency; docs/packages.md).
   */
  packages: { runtime: string; client: string };
  /**
   * Where the operations are served: the path of the first Server Object's `url` (OpenAPI 3.1
   * §4.8.5, variables resolved with their defaults), without a trailing slash; `""` for the root.
   * `/api/v1` for `https://api.example.com/api/v1` or `/api/v1`. Each operation's URL is this plus
   * its path (§4.8.8: "The path is appended to the URL from the Server Object").
   */
  basePath: string;
  /** Each `format` used in the document → JSON pointer of its first use (for diagnostics). */
  formatPointers: Record<string, string>;
  /** Enum constants of component schemas and their properties, in spec order. */
  enums: EnumConstant[];
  securitySchemes: Record<string, SecurityScheme>;
  /**
   * Every schema reachable from a `$ref` anywhere in operations, keyed by the `$ref` pointer
   * (`#/components/schemas/Book`), normalised to the 3.1 dialect. Validators are shared per entry.
   */
  referencedSchemas: Record<string, JsonSchema>;
  /**
   * JSON pointers of the schema objects (as written in `document`) whose `default` does not
   * satisfy the schema's other keywords (model/defaults.ts). Every other schema of the model is
   * already read without them, so the runtime never inserts them; types.ts reads `document`
   * without them too (documentWithoutDefaults), so it does not type their properties as always
   * present.
   */
  invalidDefaults: string[];
  /** Request and response views of the component schemas that need them (model/views.ts). */
  schemaViews: SchemaViews;
  /**
   * The bundled source document, as written (served as `/openapi.json`); openapi-typescript reads
   * it without `invalidDefaults`.
   */
  document: Record<string, unknown>;
}
