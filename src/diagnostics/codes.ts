/**
 * The append-only table of compile-time diagnostic codes. A code is never renamed or reused:
 * users grep for them and `docs/errors.md` documents each one (a test keeps the two in step).
 */
export const diagnosticCodes = {
  SPW_E_READ: { title: "The spec file cannot be read", hint: "Check the path passed to `specwright generate`." },
  SPW_E_SYNTAX: { title: "The spec is not valid YAML or JSON", hint: "Fix the syntax at the line and column shown." },
  SPW_E_VERSION: {
    title: "Unsupported OpenAPI version",
    hint: "specwright reads OpenAPI 3.0.x and 3.1.x documents (`openapi: 3.0.3` or `openapi: 3.1.0`) and converts Swagger 2.0.",
  },
  SPW_E_INVALID_SPEC: {
    title: "The document does not follow the OpenAPI schema",
    hint: "Fix the field at the JSON pointer shown.",
  },
  SPW_E_REF: { title: "A $ref cannot be resolved", hint: "Check the target file and JSON pointer of the $ref." },
  SPW_E_OPERATION_ID_DUPLICATE: {
    title: "Two operations have the same operationId",
    hint: "operationId must be unique in the document (OpenAPI 3.1 §4.8.10.1).",
  },
  SPW_E_NAME_COLLISION: {
    title: "Two operationIds give the same TypeScript name",
    hint: "Rename one operationId so they differ after sanitising.",
  },
  SPW_E_PATH_PARAM_UNDECLARED: {
    title: "A path template variable has no path parameter",
    hint: "Declare `in: path` for every `{name}` in the path (OpenAPI 3.1 §4.8.12.1).",
  },
  SPW_E_PATH_PARAM_UNUSED: {
    title: "A path parameter does not appear in the path template",
    hint: "Remove the parameter or add `{name}` to the path.",
  },
  SPW_E_UNSUPPORTED: {
    title: "The spec uses a feature specwright does not support yet",
    hint: "See the supported-features table (docs/features.md).",
  },
  SPW_E_TYPESCRIPT: {
    title: "openapi-typescript could not produce types for the document",
    hint: "The message names the schema it failed on.",
  },
  SPW_E_VALIDATOR: {
    title: "A schema cannot be compiled into a validator",
    hint: "ajv rejected the schema at the JSON pointer shown.",
  },
  SPW_E_WRITE: { title: "The output cannot be written", hint: "Check permissions and free space of the output folder." },
  SPW_W_UNKNOWN_FORMAT: {
    title: "Unknown `format`; it is not checked",
    hint: "Formats from ajv-formats and the OpenAPI ones (int32, int64, float, double, byte, binary, password) are checked.",
  },
  SPW_W_INVALID_TYPE: {
    title: "A `type` value is not a JSON Schema type; it is not checked",
    hint: "Reported as a warning under `--lenient` only (else SPW_E_INVALID_TYPE). Use string, number, integer, boolean, object, array or null (e.g. `type: string, format: binary` for files).",
  },
  SPW_W_UNKNOWN_FIELD: {
    title: "A field the OpenAPI schema does not define; it is ignored",
    hint: "Remove it, or prefix vendor extensions with `x-`.",
  },
  SPW_W_SWAGGER_CONVERTED: {
    title: "Swagger 2.0 input was converted to OpenAPI 3.0",
    hint: "swagger2openapi did the conversion; consider committing the converted document.",
  },
  SPW_W_INVALID_DEFAULT: {
    title: "A default does not match the schema it is written on; it is not applied",
    hint: "Fix the default so requests that omit the value get it; until then types.ts does not type its property as always present.",
  },
  SPW_W_UNSUPPORTED_BODY: {
    title: "A request body media type the runtime does not parse yet",
    hint: "No longer emitted: JSON, form, multipart, text and binary bodies are all parsed. Kept so the code is never reused.",
  },
  SPW_W_UNSUPPORTED_SECURITY: {
    title: "A security scheme the runtime does not support (mutualTLS)",
    hint: "Terminate TLS in front of the server and use another scheme; requirements that need it answer 401.",
  },
  SPW_W_APIKEY_IN_QUERY: {
    title: "An API key in the query string ends up in logs and browser history",
    hint: "Prefer a header (OWASP API2:2023). Lint rule `api-key-in-query` (docs/lint.md).",
  },
  SPW_E_PATTERN: {
    title: "A `pattern` is not a valid regular expression",
    hint: "Patterns are ECMA-262 regular expressions (compiled without the `u` flag): no inline flags such as `(?i)`, no lone trailing backslash.",
  },
  SPW_E_UNKNOWN_FORMAT: {
    title: "Unknown `format` (an error under `--strict`)",
    hint: "Use a format from ajv-formats or the OpenAPI ones (int32, int64, float, double, byte, binary, password), or generate without `--strict`.",
  },
  SPW_E_OUTPUT_FOLDER: {
    title: "The output folder could lose files specwright did not write: the project, the spec's folder, or a folder it did not create",
    hint: "Generate into a folder of its own (`-o generated`); specwright keeps a manifest there and removes only what it wrote.",
  },
  SPW_W_IGNORED_HEADER_PARAMETER: {
    title: "A header parameter named Accept, Content-Type or Authorization is ignored",
    hint: "OpenAPI 3.1 §4.8.12.1: such parameters SHALL be ignored; describe the media types under content and responses, and credentials as a security scheme.",
  },
  SPW_E_PATH_TEMPLATE_CONFLICT: {
    title: "Two path templates differ only in their parameter names and share a method",
    hint: "OpenAPI 3.1 §4.8.8.2: `/items/{itemId}` and `/items/{name}` are the same path; keep one and merge their operations.",
  },
  SPW_W_PATH_TEMPLATE_NAMES: {
    title: "Two path templates differ only in their parameter names (different methods)",
    hint: "OpenAPI 3.1 §4.8.8.2 forbids such paths; they are served because their methods differ. Use one parameter name for both.",
  },
  SPW_W_MULTIPART_NOT_OBJECT: {
    title: "A multipart/form-data body schema is not an object; its parts are not checked",
    hint: "OpenAPI 3.1 §4.8.14.4: describe the body as an object whose properties are the parts (a file is `type: string, format: binary`).",
  },
  SPW_W_MEDIA_TYPE_MALFORMED: {
    title: "A media type key is not valid; only a Content-Type spelled exactly so matches it",
    hint: "RFC 9110 §8.3.1: parameters are name=value (`text/plain; charset=utf-8`, not `text/plain; utf-8`).",
  },
  SPW_W_SERVER_URL: {
    title: "The first server URL gives no usable base path; the operations are served at the root",
    hint: "OpenAPI 3.1 §4.8.6: give every variable of the URL a `default`; keep the path to plain segments (`/api/v1`).",
  },
  SPW_W_SERVERS_NOT_APPLIED: {
    title: "A path item or operation declares servers with another path; it is served under the document's base path",
    hint: "Declare the base path once, in the document's `servers`, or pass `basePath` to createServer for another one.",
  },
  SPW_W_LINT_UNBOUNDED_STRING: {
    title: "Request-body strings with no maxLength (lint rule unbounded-string)",
    hint: "OWASP API4:2023: give each string a maxLength (or an enum, or a bounded format such as date-time or uuid). docs/lint.md.",
  },
  SPW_W_LINT_UNBOUNDED_ARRAY: {
    title: "Request-body arrays with no maxItems (lint rule unbounded-array)",
    hint: "OWASP API4:2023: give each array a maxItems. docs/lint.md.",
  },
  SPW_W_LINT_OPEN_REQUEST_BODY: {
    title: "Request-body objects that accept any property (lint rule open-request-body)",
    hint: "OWASP API3:2023 (mass assignment): set `additionalProperties: false`, or `true` if extra properties are wanted. docs/lint.md.",
  },
  SPW_W_LINT_OPERATION_WITHOUT_SECURITY: {
    title: "An operation with no security requirement beside operations that require credentials (lint rule operation-without-security)",
    hint: "OWASP API5:2023 / API1:2023: add a requirement, or declare `security: []` on the operation to make it public on purpose. docs/lint.md.",
  },
  SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE: {
    title: "An operation takes input but declares no 4xx response (lint rule no-4xx-response)",
    hint: "OWASP API8:2023: declare the client errors it answers (400, 401, 404, 422, a 4XX range, or default). docs/lint.md.",
  },
  SPW_W_LINT_EXTENSION: {
    title: "An `x-specwright-lint` extension is not valid; it is ignored",
    hint: "Write `off`, or a map of rule names to `warn` or `off` (docs/lint.md).",
  },
  SPW_E_INVALID_TYPE: {
    title: "A `type` value is not a JSON Schema type, so the validators could not check it (a warning under `--lenient`)",
    hint: "Use string, number, integer, boolean, object, array or null: `type: string, format: date` for dates, `type: string, format: binary` for Swagger 2.0's `file`.",
  },
  SPW_E_REQUIRED_UNDECLARED: {
    title: "`required` names a property that `additionalProperties: false` forbids: no object satisfies the schema (a warning under `--lenient`)",
    hint: "Declare the property under `properties`, or fix the name in `required` (JSON Schema Validation 2020-12 §6.5.3).",
  },
  SPW_W_REQUIRED_UNDECLARED: {
    title: "`required` names a property that `additionalProperties: false` forbids; accepted under `--lenient`, every such object is refused",
    hint: "Declare the property under `properties`, or fix the name in `required`.",
  },
  SPW_E_UNSATISFIABLE: {
    title: "A bound excludes every value (minimum > maximum, minLength > maxLength, minItems > maxItems, an empty enum, …) (a warning under `--lenient`)",
    hint: "Swap or fix the bounds (JSON Schema Validation 2020-12 §6.2–§6.5).",
  },
  SPW_W_UNSATISFIABLE: {
    title: "A bound excludes every value; accepted under `--lenient`, every such value is refused",
    hint: "Swap or fix the bounds.",
  },
  SPW_E_CONFIG: {
    title: "The config file cannot be loaded or is not valid",
    hint: "Fix the key or value shown (docs/cli.md lists every key), or pass another file with `--config`.",
  },
} as const;

/** One of the stable diagnostic codes of {@link diagnosticCodes}. */
export type DiagnosticCode = keyof typeof diagnosticCodes;
