/**
 * The contract between `generated/routes.ts` and the runtime kernel. Per operation the compiler
 * emits code (a function that reads its parameters, JSON serialisers of its response bodies) and
 * the data that only describes (media types, declared headers, security requirements); the
 * kernel calls the code and reads the data, and never inspects a schema or builds a plan of its own.
 */
import type { Coercion } from "../wire/coercion.js";
import type { ParameterDescriptor, ParameterLocation } from "../wire/parameter.js";
import type { ParameterShape } from "../wire/parameter-styles.js";
import type { DateShape } from "../wire/dates.js";
import type { JsonWriter } from "./json-writer.js";

/** A compiled ajv standalone validator: returns true or sets `errors`. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** The fields of an ajv error the runtime reads (ajv's ErrorObject). */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Where a parameter is (OpenAPI 3.1 §4.8.12.2). */
export type { ParameterLocation } from "../wire/parameter.js";

/**
 * One parameter as the runtime reads it, every choice made at generate time: how it travels
 * (the wire's ParameterDescriptor, which the client reads too: location, style and explode with
 * §4.8.12.4's defaults resolved), the layout of its value (one string, a list or a map) and how
 * the parsed strings become typed values (strict, see src/wire/coerce.ts).
 */
export interface ParameterDefinition extends ParameterDescriptor {
  /** How the value is laid out on the wire: one string, a list or a map. */
  shape: ParameterShape;
  /** How the parsed strings are coerced to schema types. */
  coercion: Coercion;
  /**
   * `allowEmptyValue` (§4.8.12.1) on a type without an empty string: `?name=` is read as absent,
   * so a default applies, rather than as a value the type refuses.
   */
  emptyIsAbsent?: boolean;
  /**
   * The value can only be an integer: digits beyond ±(2^53−1) are refused with an issue that says
   * they cannot be read exactly (a JavaScript number cannot hold them).
   */
  integerOnly?: boolean;
  /**
   * Path parameters: the schema's own `maxLength`, in characters, when it is above the runtime's
   * length limit (`maxParameterLength`, 414), which is raised to it: what the spec allows is
   * never too long.
   */
  maxLength?: number;
}

/** The parameter values of a request by location, keyed by the declared names. */
export interface OperationParameters {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
}

/**
 * What generated parameter readers call, one object per request: each reading method reads one
 * declared parameter by its definition, coerces it, and stores it in `into` under its name when
 * present (else `fallback`, the default that applies, when given); an absent parameter without a
 * default is left out, so handlers see only what was sent or defaulted. Problems (a repeated
 * scalar, an integer too large to read exactly, a schema violation) are collected as issues and
 * answered together as one 422.
 *
 * Throws HttpError 414 (SPW_HTTP_PARAMETER_TOO_LONG) for a path parameter over its length limit,
 * 400 (SPW_HTTP_MALFORMED_ENCODING, SPW_HTTP_TOO_MANY_PARAMETERS) for an unreadable query.
 */
export interface ParameterReader {
  /** A new record for one location's values: it inherits nothing, so any name is an own property. */
  record(): Record<string, unknown>;
  path(into: Record<string, unknown>, parameter: ParameterDefinition): void;
  query(into: Record<string, unknown>, parameter: ParameterDefinition, fallback?: unknown): void;
  header(into: Record<string, unknown>, parameter: ParameterDefinition, fallback?: unknown): void;
  cookie(into: Record<string, unknown>, parameter: ParameterDefinition, fallback?: unknown): void;
  /** Validates the values of one location; each schema violation becomes an issue. */
  validate(location: ParameterLocation, values: Record<string, unknown>, validate: CompiledValidator): void;
  /**
   * Validates the values of one location whose `int64` parameters (`names`) are read as BigInt:
   * the validator sees them as numbers, and the returned record holds the exact values.
   */
  validateExact(location: ParameterLocation, values: Record<string, unknown>, validate: CompiledValidator, names: readonly string[]): Record<string, unknown>;
}

/** A request body media type and how it is read. */
export interface RequestContentDefinition {
  /** As declared (`application/json`, `image/*`). */
  mediaType: string;
  /** Its lower-cased essence, without parameters (`image/*`): what a request's Content-Type is matched against. */
  essence: string;
  validate?: CompiledValidator;
  /** For `application/x-www-form-urlencoded`: field coercion and encoding (OpenAPI 3.1 §4.8.15). */
  form?: { coercion: Coercion; encoding: Record<string, { style: string; explode: boolean }> };
  /** For `multipart/form-data`: how each part is read (see {@link MultipartFormDefinition}). */
  multipart?: MultipartFormDefinition;
}

/**
 * How the parts of a `multipart/form-data` body are read (OpenAPI 3.1 §4.8.14.4, §4.8.15),
 * decided at generate time. `properties` is a list, not an object, so a part named `__proto__`
 * stays ordinary data.
 */
export interface MultipartFormDefinition {
  properties: readonly MultipartPropertyDefinition[];
  /** Coercion of undeclared text parts (`additionalProperties`). */
  additional: Coercion;
}

/** One declared property of a multipart body. */
export interface MultipartPropertyDefinition {
  name: string;
  /** Its parts are files, handed to the handler as UploadedFiles. */
  file: boolean;
  /** Repeated parts, one item each, collected into an array. */
  array: boolean;
  /** Each part is JSON text. */
  json: boolean;
  /** Media ranges each part's Content-Type must match (`encoding.contentType`); absent → any. */
  contentTypes?: readonly string[];
  /** Files: the smallest size in bytes (the schema's `minLength`); smaller → 422. */
  minLength?: number;
  /** Files: the largest size in bytes (the schema's `maxLength`); reading stops past it → 422. */
  maxLength?: number;
  /** How one text part becomes a typed value. */
  coercion: Coercion;
}

/**
 * How a declared response media type is written, classified at generate time (see
 * src/wire/media-type.ts, mediaTypeKind): `json` bodies through their serialiser, `text` as UTF-8,
 * `binary` as bytes or a stream, `event-stream` as server-sent events. A range (`*\/*`, `image/*`)
 * is written by what the handler returns: bytes as `application/octet-stream`, anything else as JSON.
 */
export type ResponseContentKind = "json" | "text" | "binary" | "event-stream" | "range";

/** One media type of a declared response. */
export interface ResponseContentDefinition {
  mediaType: string;
  kind: ResponseContentKind;
  /**
   * The JSON text of a body of this media type with undeclared and `writeOnly` properties left out
   * (FastAPI's response_model), generated from its schema; for `event-stream`, of each event's data.
   */
  serialize?: JsonWriter;
  /** Validates the body as sent (its JSON parsed back); for `event-stream`, each event's `data`. */
  validate?: CompiledValidator;
  /** `event-stream`: how each event's `data` is written (`text` for a string schema, else `json`). */
  eventData?: "text" | "json";
}

/** One declared response header (OpenAPI 3.1 §4.8.21, always style `simple`). */
export interface ResponseHeaderDefinition {
  /** As declared. */
  name: string;
  /** Lower-cased: how a handler's header is matched to it (field names are case-insensitive, RFC 9110 §5.1). */
  key: string;
  required: boolean;
  explode?: boolean;
}

/** One declared response: status `"200"`, range `"2XX"` or `"default"`. */
export interface ResponseDefinition {
  status: string;
  contents: readonly ResponseContentDefinition[];
  headers: readonly ResponseHeaderDefinition[];
  /** Validates the declared headers' values, as an object keyed by the declared names. */
  validateHeaders?: CompiledValidator;
}

/** One security requirement: all of these schemes must pass (AND). */
export type SecurityRequirementDefinition = readonly { scheme: string; scopes: readonly string[] }[];

/** A security scheme as the runtime checks it (OpenAPI 3.1 §4.8.27). */
export type SecuritySchemeDefinition =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "http"; scheme: string; bearerFormat?: string }
  | { type: "oauth2" | "openIdConnect" | "mutualTLS" };

/** One operation's route record in `generated/routes.ts`. */
export interface RouteDefinition {
  operationId: string;
  /** The member of the generated `Handlers` interface that serves this route. */
  handler: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as in the spec (`/books/{bookId}`). */
  path: string;
  /** The declared parameters (the same definitions `readParameters` reads). */
  parameters: readonly ParameterDefinition[];
  /**
   * Reads, coerces, defaults and validates the operation's parameters (generated code); absent
   * when it declares none.
   */
  readParameters?: (reader: ParameterReader) => OperationParameters;
  requestBody?: { required: boolean; contents: readonly RequestContentDefinition[] };
  responses: readonly ResponseDefinition[];
  /** Alternatives (OR) of requirements (AND); empty means public. */
  security: readonly SecurityRequirementDefinition[];
  /**
   * With `dateTime: "date"`: where date-time strings sit in each validated request part (the
   * parameters of a location as one object keyed by name; the body per request media type index,
   * `null` for none). Absent when the operation has none.
   */
  dates?: {
    path?: DateShape;
    query?: DateShape;
    header?: DateShape;
    cookie?: DateShape;
    body?: readonly (DateShape | null)[];
  };
}

/** Everything the compiler hands the runtime for one API. */
export interface ApiDefinition {
  title: string;
  version: string;
  routes: readonly RouteDefinition[];
  securitySchemes: Readonly<Record<string, SecuritySchemeDefinition>>;
  /**
   * The path the operations are served under, from the spec's first server URL (`/api/v1`);
   * absent for the root. `ServerOptions.basePath` overrides it.
   */
  basePath?: string;
  /**
   * Present when generated with `dateTime: "date"`: date shapes of `$ref`'d schemas. The runtime
   * then turns request date-times into `Date`s after validation (response `Date`s are written as
   * ISO strings by the serialisers, as JSON.stringify does).
   */
  dateShapes?: Readonly<Record<string, DateShape>>;
  /**
   * The bundled OpenAPI document (`generated/openapi.json`), served at `/openapi.json` (and as
   * YAML at `/openapi.yaml`) and shown by `/docs` (see `ServerOptions.docs`), or a function that
   * returns it. The function is called on the first request for the document, so a large one
   * costs nothing at start-up (generated routes require `openapi.cjs` in it), and again after a
   * call that threw (answered 500). Without it, neither path is served.
   */
  document?: object | (() => object);
}
