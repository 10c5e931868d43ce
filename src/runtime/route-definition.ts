/**
 * The contract between `generated/routes.ts` and the runtime: plain data plus references to the
 * compiled validators. The compiler emits these; the runtime only reads them.
 */
import type { Coercion } from "../wire/coercion.js";
import type { UploadedFile } from "./body/uploaded-file.js";
import type { DateShape } from "../wire/dates.js";

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

/** One parameter as the runtime parses it. */
export interface ParameterDefinition {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  style: string;
  explode: boolean;
  allowEmptyValue?: boolean;
  /** How the parsed strings are coerced to schema types (strict, see coerce.ts). */
  coercion: Coercion;
  /** For `content` parameters: the media type the value is encoded with (JSON only for now). */
  contentMediaType?: string;
  /**
   * Path parameters: the schema's own `maxLength`, in characters, when set. The runtime's length
   * limit (`maxParameterLength`, 414) is raised to it, so what the spec allows is never too long.
   */
  maxLength?: number;
}

/** A request body media type and its validator. */
export interface RequestContentDefinition {
  mediaType: string;
  validate?: CompiledValidator;
  /** For `application/x-www-form-urlencoded`: field coercion and encoding (see the IR's MediaTypeContent). */
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
  /** Its parts are files, handed to the handler as {@link UploadedFile}s. */
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

/** How the runtime drops undeclared and writeOnly properties from a response body. */
export type ResponseShape =
  | { kind: "any" }
  | { kind: "ref"; ref: string }
  | { kind: "array"; items: ResponseShape; prefixItems?: ResponseShape[] }
  | {
      kind: "object";
      /**
       * Declared, non-writeOnly properties and their shapes, as `[name, shape]` pairs: a pair list,
       * not an object, so names like `__proto__` and `constructor` stay ordinary data.
       */
      properties: readonly (readonly [string, ResponseShape])[];
      /** Whether undeclared properties are kept (`additionalProperties` true or a schema). */
      keepAdditional: boolean;
      additional?: ResponseShape;
      /** writeOnly property names, dropped even when undeclared properties are kept. */
      writeOnly?: string[];
    };

/** One media type of a declared response. */
export interface ResponseContentDefinition {
  mediaType: string;
  /** Validates the body; for `text/event-stream`, each event's `data`. */
  validate?: CompiledValidator;
  shape?: ResponseShape;
  /**
   * Set for `text/event-stream`: how each event's `data` is written (`text` when the schema is a
   * string, `json` otherwise; see src/wire/event-stream.ts).
   */
  eventData?: "text" | "json";
}

/** One declared response: status `"200"`, range `"2XX"` or `"default"`. */
export interface ResponseDefinition {
  status: string;
  contents: ResponseContentDefinition[];
  /** Declared headers (style `simple`, §4.8.21); their values are written by that style. */
  headers: { name: string; required: boolean; explode?: boolean }[];
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
  parameters: ParameterDefinition[];
  validators: {
    path?: CompiledValidator;
    query?: CompiledValidator;
    header?: CompiledValidator;
    cookie?: CompiledValidator;
  };
  requestBody?: { required: boolean; contents: RequestContentDefinition[] };
  responses: ResponseDefinition[];
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
  /** Response shapes of `$ref`'d schemas, keyed by the `$ref` pointer. */
  shapes: Readonly<Record<string, ResponseShape>>;
  /**
   * The path the operations are served under, from the spec's first server URL (`/api/v1`);
   * absent for the root. `ServerOptions.basePath` overrides it.
   */
  basePath?: string;
  /**
   * Present when generated with `dateTime: "date"`: date shapes of `$ref`'d schemas. The runtime
   * then turns request date-times into `Date`s (after validation) and response `Date`s into ISO
   * strings (before filtering and validation).
   */
  dateShapes?: Readonly<Record<string, DateShape>>;
  /**
   * The bundled OpenAPI document (`generated/openapi.json`), served at `/openapi.json` and shown
   * by `/docs` (see `ServerOptions.docs`). Without it, neither is served.
   */
  document?: unknown;
}
