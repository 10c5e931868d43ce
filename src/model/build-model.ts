import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { LoadedDocument } from "../load/load-document.js";
import { escapePointerSegment, formatPointer } from "../wire/json-pointer.js";
import { essenceOf, isJsonMediaType, mediaTypeKind, parseMediaType } from "../wire/media-type.js";
import type {
  ApiModel, HttpMethod, MediaTypeContent, NamedSchema, Operation, Parameter, ParameterLocation, RequestBody, Response,
  ResponseHeader, SecurityRequirement, SecurityScheme,
} from "./ir.js";
import { examplesOf } from "./examples.js";
import { multipartOf } from "./multipart.js";
import { IdentifierAllocator, nameClientValues, nameValidators, synthesiseOperationId, toCamelIdentifier, toPascalCase } from "./names.js";
import { collectEnumConstants } from "./enums.js";
import { documentWithoutDefaults, invalidDefaultsOf, parameterDefaultApplies, type DefaultCheck } from "./defaults.js";
import { checkSchemaKeywords } from "./schema-keywords.js";
import { coercionOf, collectReferencedSchemas, normaliseSchema, resolveReference } from "./schemas.js";
import { bodyView, schemaViewsOf } from "./views.js";

type SpecObject = Record<string, unknown>;

const methods: HttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /** The spec path as the emitted headers should show it, relative to the output folder. */
  source: string;
  /** How `format: date-time` is typed (see ApiModel.dateTime). Default `"string"`. */
  dateTime?: "string" | "date";
  /** How `format: int64` parameters are typed and read (see ApiModel.int64). Default `"number"`. */
  int64?: "number" | "bigint";
  /** Which packages generated code imports (see ApiModel.packages). Default `"single"`. */
  packages?: PackageLayout;
  /**
   * The rule for whether a default applies: emit/validators.ts createDefaultCheck, with the
   * validators' formats. The defaults it refuses are left out of every schema of the model and
   * warned about (SPW_W_INVALID_DEFAULT). Required: a model built without it would hand ajv
   * defaults that make it refuse every request leaving the value out.
   */
  defaultFits: DefaultCheck;
}

/** How the runtime and the client are installed: inside `specwright`, or as `@specwright/runtime` and `@specwright/client`. */
export type PackageLayout = "single" | "split";

/** The module specifiers generated code imports, per package layout. */
const packageSpecifiers: { readonly [Layout in PackageLayout]: ApiModel["packages"] } = {
  single: { runtime: "specwright/runtime", client: "specwright/client" },
  split: { runtime: "@specwright/runtime", client: "@specwright/client" },
};

/**
 * Turns a loaded document into the {@link ApiModel}: operations in spec order (paths, then methods
 * in the order of OpenAPI's Path Item Object), parameters merged from path item and operation
 * (§4.8.9.1: the operation's win on `name` + `in`), defaults resolved, schemas normalised to 3.1.
 *
 * Throws {@link SpecError} with every problem found (duplicate operationId, path template and path
 * parameters that do not match), each with a JSON pointer and position.
 * Warnings (unknown formats, ignored header parameters, …) are returned in `warnings`; the lint
 * warnings (src/lint) are not the model's.
 */
export function buildModel(loaded: LoadedDocument, options: BuildModelOptions): { model: ApiModel; warnings: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const report = (diagnostic: Omit<Diagnostic, "file" | "line" | "column">): void => {
    problems.push({ ...diagnostic, file: loaded.file, ...(diagnostic.pointer ? loaded.sourceMap.locate(diagnostic.pointer) : {}) });
  };
  // Which defaults apply is decided here, once: every schema of the model is read from the
  // document without the others (`document` below is that view; `loaded.document` stays the
  // spec as written), so no output can insert or type one of them.
  const invalidDefaults = invalidDefaultsOf(loaded.document, loaded.dialect, options.defaultFits);
  for (const pointer of invalidDefaults) {
    report({ code: "SPW_W_INVALID_DEFAULT", severity: "warning", pointer: `${pointer}/default`, message: "this default does not match its own schema; it is not applied" });
  }
  const document = documentWithoutDefaults(loaded.document, invalidDefaults);
  const dialect = loaded.dialect;
  const loadedWithApplicableDefaults: LoadedDocument = { ...loaded, document };
  const deref = <T>(value: unknown): T =>
    (value && typeof value === "object" && typeof (value as SpecObject)["$ref"] === "string"
      ? resolveReference(document, (value as SpecObject)["$ref"] as string)
      : value) as T;

  const securitySchemes = buildSecuritySchemes(document.components?.["securitySchemes"] ?? {}, deref, report);
  const documentSecurity = buildSecurity(document.security);
  const identifiers = new IdentifierAllocator();
  const validatorNames = new IdentifierAllocator();
  const operationIds = new Map<string, string>();
  const operations: Operation[] = [];

  checkPathTemplateConflicts(document.paths ?? {}, deref, report);

  for (const [pathTemplate, rawPathItem] of Object.entries(document.paths ?? {})) {
    const pathItem = deref<SpecObject>(rawPathItem);
    const pathPointer = formatPointer(["paths", pathTemplate]);
    const pathLevelParameters = Array.isArray(pathItem["parameters"]) ? (pathItem["parameters"] as unknown[]) : [];
    for (const method of methods) {
      const rawOperation = pathItem[method];
      if (!rawOperation || typeof rawOperation !== "object") continue;
      const operation = rawOperation as SpecObject;
      const pointer = formatPointer(["paths", pathTemplate, method]);
      const declaredId = typeof operation["operationId"] === "string" ? (operation["operationId"] as string) : undefined;
      const operationId = declaredId ?? synthesiseOperationId(method, pathTemplate);
      const previous = operationIds.get(operationId);
      if (previous) {
        report({
          code: "SPW_E_OPERATION_ID_DUPLICATE",
          severity: "error",
          pointer: pointer + "/operationId",
          message: `operationId ${JSON.stringify(operationId)} is also used at ${previous}`,
        });
      }
      operationIds.set(operationId, pointer);
      const identifier = identifiers.allocate(toCamelIdentifier(operationId));

      const parameters = mergeParameters(
        pathLevelParameters.map((parameter, index) => ({ raw: parameter, pointer: `${pathPointer}/parameters/${index}` })),
        (Array.isArray(operation["parameters"]) ? (operation["parameters"] as unknown[]) : []).map((parameter, index) => ({
          raw: parameter,
          pointer: `${pointer}/parameters/${index}`,
        })),
        deref,
      )
        .filter(({ raw, pointer: parameterPointer }) => {
          // "If in is "header" and the name field is "Accept", "Content-Type" or "Authorization",
          // the parameter definition SHALL be ignored." (OpenAPI 3.1 §4.8.12.1; 3.0.3 §4.7.12.1)
          const ignored = raw["in"] === "header" && typeof raw["name"] === "string" && ignoredHeaderParameters.has(raw["name"].toLowerCase());
          if (ignored) report({ code: "SPW_W_IGNORED_HEADER_PARAMETER", severity: "warning", pointer: parameterPointer, message: `header parameter ${JSON.stringify(raw["name"])} is ignored (OpenAPI 3.1 §4.8.12.1); the media types and security schemes describe it` });
          return !ignored;
        })
        .map(({ raw, pointer: parameterPointer }) => buildParameter(raw, parameterPointer, loadedWithApplicableDefaults, options.int64 === "bigint"));

      checkPathTemplate(pathTemplate, parameters, pointer, report);

      const requestBody = operation["requestBody"]
        ? buildRequestBody(deref<SpecObject>(operation["requestBody"]), `${pointer}/requestBody`, dialect, document)
        : undefined;
      for (const content of requestBody?.contents ?? []) {
        if (!content.multipart || !content.schema || typeof content.schema !== "object") continue;
        const body = typeof content.schema["$ref"] === "string" ? (resolveReference(document, content.schema["$ref"]) as SpecObject) : content.schema;
        const type = body && typeof body === "object" ? body["type"] : undefined;
        if (type !== undefined && type !== "object" && !(Array.isArray(type) && type.includes("object"))) {
          report({ code: "SPW_W_MULTIPART_NOT_OBJECT", severity: "warning", pointer: `${content.pointer}/schema`, message: `the multipart/form-data schema is ${JSON.stringify(type)}, not an object of named parts (OpenAPI 3.1 §4.8.14.4): the parts are handed over unchecked` });
        }
      }
      const responses = Object.entries((operation["responses"] ?? {}) as SpecObject).map(([status, rawResponse]) =>
        buildResponse(status, deref<SpecObject>(rawResponse), formatPointer(["paths", pathTemplate, method, "responses", status]), dialect, deref, document),
      );
      for (const content of [...(requestBody?.contents ?? []), ...responses.flatMap((response) => response.contents)]) {
        if (parseMediaType(content.mediaType) || content.mediaType.includes("*")) continue;
        report({ code: "SPW_W_MEDIA_TYPE_MALFORMED", severity: "warning", pointer: content.pointer, message: `media type ${JSON.stringify(content.mediaType)} is not valid (RFC 9110 §8.3.1); requests are matched to it only when their Content-Type is spelled exactly so` });
      }
      operations.push({
        operationId,
        operationIdSynthesised: declaredId === undefined,
        identifier,
        typeName: toPascalCase(identifier),
        method,
        path: pathTemplate,
        ...(typeof operation["summary"] === "string" ? { summary: operation["summary"] } : {}),
        ...(typeof operation["description"] === "string" ? { description: operation["description"] } : {}),
        tags: Array.isArray(operation["tags"]) ? (operation["tags"] as string[]) : [],
        deprecated: operation["deprecated"] === true,
        parameters,
        ...(requestBody ? { requestBody } : {}),
        responses,
        security: operation["security"] !== undefined ? buildSecurity(operation["security"]) : documentSecurity,
        parameterValidators: {},
        // Named below, once every operation and enum is known.
        clientNames: { call: identifier, descriptor: `${identifier}Operation` },
        pointer,
      });
      nameValidators(operations[operations.length - 1]!, validatorNames);
    }
  }

  const keywords = checkSchemaKeywords(document);
  for (const problem of keywords.problems) report(problem);
  if (problems.some((problem) => problem.severity === "error")) throw new SpecError(problems);

  const schemaRoots: unknown[] = [];
  for (const operation of operations) {
    for (const parameter of operation.parameters) schemaRoots.push(parameter.schema);
    for (const content of operation.requestBody?.contents ?? []) schemaRoots.push(content.schema);
    for (const response of operation.responses) {
      for (const content of response.contents) schemaRoots.push(content.schema);
      for (const header of response.headers) schemaRoots.push(header.schema);
    }
  }
  const rawSchemas = (document.components?.["schemas"] ?? {}) as SpecObject;
  const schemas: NamedSchema[] = Object.entries(rawSchemas).map(([name, schema]) => ({
    name,
    schema: normaliseSchema(schema, dialect),
    pointer: formatPointer(["components", "schemas", name]),
  }));

  for (const operation of operations) for (const parameter of operation.parameters) parameter.defaultApplies = parameterDefaultApplies(parameter);
  const enums = collectEnumConstants(schemas);
  nameClientValues(operations, enums);
  const model: ApiModel = {
    dialect,
    title: document.info.title,
    version: document.info.version,
    source: options.source,
    sourceHash: createHash("sha256").update(loaded.text).digest("hex"),
    operations,
    schemas,
    dateTime: options.dateTime ?? "string",
    int64: options.int64 ?? "number",
    packages: packageSpecifiers[options.packages ?? "single"],
    basePath: basePathOf(document, report),
    formatPointers: keywords.formatPointers,
    enums,
    securitySchemes,
    referencedSchemas: collectReferencedSchemas(document, schemaRoots, dialect),
    invalidDefaults,
    schemaViews: schemaViewsOf(document as object),
    document: loaded.document as Record<string, unknown>,
  };
  return { model, warnings: problems };
}

/**
 * "Templated paths with the same hierarchy but different templated names MUST NOT exist as they
 * are identical." (OpenAPI 3.1 §4.8.8.2; 3.0.3 §4.7.8.2) For the server `/items/{itemId}` and
 * `/items/{name}` are one path: a method both declare is an error (SPW_E_PATH_TEMPLATE_CONFLICT,
 * two routes for one request); different methods are served, with a warning
 * (SPW_W_PATH_TEMPLATE_NAMES), since real specs (GitHub's) have such pairs.
 */
function checkPathTemplateConflicts(paths: Record<string, unknown>, deref: <T>(value: unknown) => T, report: (diagnostic: Omit<Diagnostic, "file" | "line" | "column">) => void): void {
  const templates = new Map<string, { template: string; methods: Set<string> }>();
  for (const [template, rawPathItem] of Object.entries(paths)) {
    const pathItem = deref<SpecObject>(rawPathItem) ?? {};
    const declared = new Set(methods.filter((method) => pathItem[method] && typeof pathItem[method] === "object"));
    const shape = template.replace(/\{[^}]*\}/g, "{}");
    const earlier = templates.get(shape);
    if (!earlier) {
      templates.set(shape, { template, methods: declared });
      continue;
    }
    const shared = [...declared].filter((method) => earlier.methods.has(method));
    const pointer = formatPointer(["paths", template]);
    if (shared.length > 0) {
      report({
        code: "SPW_E_PATH_TEMPLATE_CONFLICT",
        severity: "error",
        pointer,
        message: `path ${template} is the same template as ${earlier.template}, with other parameter names, and both declare ${shared.map((method) => method.toUpperCase()).join(", ")}: one request would match two operations (OpenAPI 3.1 §4.8.8.2 forbids such paths)`,
      });
    } else {
      report({
        code: "SPW_W_PATH_TEMPLATE_NAMES",
        severity: "warning",
        pointer,
        message: `path ${template} is the same template as ${earlier.template} with other parameter names (OpenAPI 3.1 §4.8.8.2 forbids such paths); their methods differ, so both are served`,
      });
    }
    for (const method of declared) earlier.methods.add(method);
  }
}

/** Header parameters the OpenAPI specification says to ignore (§4.8.12.1), lower-cased. */
const ignoredHeaderParameters = new Set(["accept", "content-type", "authorization"]);

function mergeParameters(
  pathLevel: { raw: unknown; pointer: string }[],
  operationLevel: { raw: unknown; pointer: string }[],
  deref: <T>(value: unknown) => T,
): { raw: SpecObject; pointer: string }[] {
  const merged = new Map<string, { raw: SpecObject; pointer: string }>();
  for (const { raw, pointer } of [...pathLevel, ...operationLevel]) {
    const parameter = deref<SpecObject>(raw);
    merged.set(`${String(parameter["in"])}\u0000${String(parameter["name"])}`, { raw: parameter, pointer });
  }
  return [...merged.values()];
}

function buildParameter(raw: SpecObject, pointer: string, loaded: LoadedDocument, int64AsBigInt: boolean): Parameter {
  const location = raw["in"] as ParameterLocation;
  const style = typeof raw["style"] === "string" ? (raw["style"] as string) : location === "query" || location === "cookie" ? "form" : "simple";
  const content = raw["content"] as Record<string, SpecObject> | undefined;
  const contentEntry = content ? Object.entries(content)[0] : undefined;
  const schema = normaliseSchema(contentEntry ? contentEntry[1]["schema"] ?? {} : raw["schema"] ?? {}, loaded.dialect);
  return {
    name: String(raw["name"]),
    in: location,
    // Path parameters are always required (§4.8.12.2 "If the parameter location is "path", this field is REQUIRED and its value MUST be true").
    required: location === "path" ? true : raw["required"] === true,
    style,
    explode: typeof raw["explode"] === "boolean" ? (raw["explode"] as boolean) : style === "form",
    allowReserved: raw["allowReserved"] === true,
    allowEmptyValue: raw["allowEmptyValue"] === true,
    deprecated: raw["deprecated"] === true,
    ...(typeof raw["description"] === "string" ? { description: raw["description"] as string } : {}),
    schema,
    ...(contentEntry ? { contentMediaType: contentEntry[0].toLowerCase() } : {}),
    // A content parameter's text is JSON only when its media type is; `text/plain` content is the
    // schema's own text ("123" stays the string "123" for `type: string`).
    coercion: contentEntry && isJsonMediaType(contentEntry[0].split(";")[0]!.trim().toLowerCase()) ? { type: "json" } : coercionOf(schema, loaded.document, loaded.dialect, { int64AsBigInt }),
    // Decided below, once the rule for defaults is at hand.
    defaultApplies: false,
    pointer,
  };
}

function checkPathTemplate(
  pathTemplate: string,
  parameters: Parameter[],
  pointer: string,
  report: (diagnostic: Omit<Diagnostic, "file" | "line" | "column">) => void,
): void {
  const templateNames = [...pathTemplate.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const pathParameters = parameters.filter((parameter) => parameter.in === "path");
  for (const name of templateNames) {
    if (!pathParameters.some((parameter) => parameter.name === name)) {
      report({
        code: "SPW_E_PATH_PARAM_UNDECLARED",
        severity: "error",
        pointer,
        message: `path ${pathTemplate} has {${name}} but the operation declares no path parameter named ${JSON.stringify(name)}`,
      });
    }
  }
  for (const parameter of pathParameters) {
    if (!templateNames.includes(parameter.name)) {
      report({
        code: "SPW_E_PATH_PARAM_UNUSED",
        severity: "error",
        pointer: parameter.pointer,
        message: `path parameter ${JSON.stringify(parameter.name)} does not appear in ${pathTemplate}`,
      });
    }
  }
}

function buildContents(
  content: unknown,
  pointer: string,
  dialect: "3.0" | "3.1",
  document: unknown,
  side: "request" | "response",
): MediaTypeContent[] {
  if (!content || typeof content !== "object") return [];
  return Object.entries(content as Record<string, SpecObject>).map(([mediaType, media]) => {
    const schema = media && media["schema"] !== undefined ? normaliseSchema(media["schema"], dialect) : undefined;
    const essence = essenceOf(mediaType);
    const kind = mediaTypeKind(essence);
    const isForm = side === "request" && kind === "urlencoded";
    const isMultipart = side === "request" && kind === "multipart";
    const view = schema !== undefined ? bodyView(media!["schema"], document as object, side) : undefined;
    const contentPointer = `${pointer}/${escapePointerSegment(mediaType)}`;
    const examples = examplesOf(media, contentPointer, document);
    return {
      mediaType,
      essence,
      kind,
      ...(schema !== undefined ? { schema } : {}),
      ...(examples ? { examples } : {}),
      ...(isForm ? { form: formOf(schema, media?.["encoding"], document, dialect) } : {}),
      ...(isMultipart ? { multipart: multipartOf(schema, media?.["encoding"], document, dialect) } : {}),
      ...(view ? { view } : {}),
      pointer: contentPointer,
    };
  });
}

/** The coercion and per-field encoding of a form body (OpenAPI 3.1 §4.8.15 Encoding Object). */
function formOf(schema: unknown, encoding: unknown, document: unknown, dialect: "3.0" | "3.1"): NonNullable<MediaTypeContent["form"]> {
  const coercion = coercionOf(schema ?? {}, document, dialect);
  const fields: Record<string, { style: string; explode: boolean }> = {};
  for (const [name, raw] of Object.entries((encoding ?? {}) as Record<string, SpecObject>)) {
    const style = typeof raw?.["style"] === "string" ? (raw["style"] as string) : "form";
    fields[name] = { style, explode: typeof raw?.["explode"] === "boolean" ? (raw["explode"] as boolean) : style === "form" };
  }
  return { coercion, encoding: fields };
}

function buildRequestBody(raw: SpecObject, pointer: string, dialect: "3.0" | "3.1", document: unknown): RequestBody {
  return {
    required: raw["required"] === true,
    ...(typeof raw["description"] === "string" ? { description: raw["description"] as string } : {}),
    contents: buildContents(raw["content"], `${pointer}/content`, dialect, document, "request"),
    pointer,
  };
}

function buildResponse(
  status: string,
  raw: SpecObject,
  pointer: string,
  dialect: "3.0" | "3.1",
  deref: <T>(value: unknown) => T,
  document: unknown,
): Response {
  const headers: ResponseHeader[] = Object.entries((raw["headers"] ?? {}) as SpecObject)
    // Content-Type is described by the media type, not a header (§4.8.17.1: "it SHALL be ignored").
    .filter(([name]) => name.toLowerCase() !== "content-type")
    .map(([name, rawHeader]) => {
      const header = deref<SpecObject>(rawHeader);
      const headerPointer = `${pointer}/headers/${escapePointerSegment(name)}`;
      const examples = examplesOf(header, headerPointer, document);
      return {
        name,
        required: header["required"] === true,
        schema: normaliseSchema(header["schema"] ?? {}, dialect),
        explode: header["explode"] === true,
        coercion: coercionOf(header["schema"] ?? {}, document, dialect),
        ...(typeof header["description"] === "string" ? { description: header["description"] as string } : {}),
        ...(examples ? { examples } : {}),
        pointer: headerPointer,
      };
    });
  return {
    status: status.toLowerCase() === "default" ? "default" : status.toUpperCase(),
    description: typeof raw["description"] === "string" ? (raw["description"] as string) : "",
    contents: buildContents(raw["content"], `${pointer}/content`, dialect, document, "response"),
    headers,
    pointer,
  };
}

function buildSecurity(raw: unknown): SecurityRequirement[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((requirement: Record<string, string[]>) =>
    Object.entries(requirement ?? {}).map(([scheme, scopes]) => ({ scheme, scopes: Array.isArray(scopes) ? scopes : [] })),
  );
}

function buildSecuritySchemes(
  raw: Record<string, unknown>,
  deref: <T>(value: unknown) => T,
  report: (diagnostic: Omit<Diagnostic, "file" | "line" | "column">) => void,
): Record<string, SecurityScheme> {
  const schemes: Record<string, SecurityScheme> = {};
  for (const [name, rawScheme] of Object.entries(raw)) {
    const scheme = deref<SpecObject>(rawScheme);
    const pointer = formatPointer(["components", "securitySchemes", name]);
    switch (scheme["type"]) {
      case "apiKey":
        // An API key in the query string is reported by the lint rule api-key-in-query (src/lint).
        schemes[name] = { type: "apiKey", in: scheme["in"] as "header" | "query" | "cookie", name: String(scheme["name"]), pointer };
        break;
      case "http":
        schemes[name] = {
          type: "http",
          scheme: String(scheme["scheme"]).toLowerCase(),
          ...(typeof scheme["bearerFormat"] === "string" ? { bearerFormat: scheme["bearerFormat"] as string } : {}),
          pointer,
        };
        break;
      case "oauth2":
      case "openIdConnect":
        schemes[name] = { type: scheme["type"], pointer };
        break;
      case "mutualTLS":
        schemes[name] = { type: "mutualTLS", pointer };
        report({ code: "SPW_W_UNSUPPORTED_SECURITY", severity: "warning", pointer, message: `security scheme ${JSON.stringify(name)} is mutualTLS, which the runtime does not support: requirements that need it always answer 401` });
        break;
    }
  }
  return schemes;
}

/**
 * The path of the document's first Server Object URL (OpenAPI 3.1 §4.8.5): variables replaced by
 * their defaults (§4.8.6), the path taken from an absolute URL (`https://host/v1`, `//host/v1`) or
 * from a relative one (`/v1`, `v1`), without a trailing slash. Warns (SPW_W_SERVER_URL) when a
 * variable has no default or the result is not a plain path, and then serves at the root; warns
 * (SPW_W_SERVERS_NOT_APPLIED) where a path item or operation declares servers of its own with
 * another path, since every operation is served under the document's base path.
 */
function basePathOf(document: LoadedDocument["document"], report: (diagnostic: Omit<Diagnostic, "file" | "line" | "column">) => void): string {
  const pathOf = (server: unknown, pointer: string): string | undefined => {
    if (!server || typeof server !== "object" || typeof (server as SpecObject)["url"] !== "string") return "";
    const variables = ((server as SpecObject)["variables"] ?? {}) as Record<string, SpecObject>;
    let unresolved: string | undefined;
    const url = ((server as SpecObject)["url"] as string).replace(/\{([^}]*)\}/g, (whole, name: string) => {
      const value = Object.hasOwn(variables, name) ? variables[name]?.["default"] : undefined;
      if (typeof value === "string") return value;
      unresolved ??= name;
      return whole;
    });
    if (unresolved !== undefined) {
      report({ code: "SPW_W_SERVER_URL", severity: "warning", pointer: `${pointer}/url`, message: `server variable ${JSON.stringify(unresolved)} has no default; the operations are served at the root path` });
      return undefined;
    }
    const withoutAuthority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*|^\/\/[^/?#]*/.exec(url);
    const path = (withoutAuthority ? url.slice(withoutAuthority[0].length) : url).replace(/[?#].*$/, "");
    const absolute = path.startsWith("/") ? path : `/${path}`;
    const trimmed = absolute.replace(/\/+$/, "");
    if (trimmed !== "" && !/^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)+$/.test(trimmed)) {
      report({ code: "SPW_W_SERVER_URL", severity: "warning", pointer: `${pointer}/url`, message: `the path of server URL ${JSON.stringify(url)} is not a plain path; the operations are served at the root path` });
      return undefined;
    }
    return trimmed;
  };
  const servers = Array.isArray(document.servers) ? (document.servers as unknown[]) : [];
  const basePath = servers.length > 0 ? pathOf(servers[0], "#/servers/0") ?? "" : "";
  for (const [template, pathItem] of Object.entries(document.paths ?? {})) {
    const item = (pathItem ?? {}) as SpecObject;
    const places: [unknown, string][] = [[item["servers"], formatPointer(["paths", template, "servers"])]];
    for (const method of methods) {
      const operation = item[method] as SpecObject | undefined;
      if (operation && typeof operation === "object") places.push([operation["servers"], formatPointer(["paths", template, method, "servers"])]);
    }
    for (const [own, pointer] of places) {
      if (!Array.isArray(own) || own.length === 0) continue;
      const path = pathOf(own[0], `${pointer}/0`);
      if (path !== undefined && path !== basePath) {
        report({ code: "SPW_W_SERVERS_NOT_APPLIED", severity: "warning", pointer, message: `these servers have the path ${JSON.stringify(path || "/")}; the operations are served under the document's base path ${JSON.stringify(basePath || "/")}` });
      }
    }
  }
  return basePath;
}

