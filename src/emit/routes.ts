import type { ApiModel, MediaTypeContent, Operation, Parameter, Response } from "../model/ir.js";
import { IdentifierAllocator, toCamelIdentifier } from "../model/names.js";
import { acceptsEmptyString, acceptsOnlyInteger, parameterShapeOf, readsInt64 } from "../wire/coercion.js";
import type { DateShape } from "../wire/dates.js";
import { Code, codeLiteral, identifier, stringLiteral } from "./code/literals.js";
import { docComment, printSourceFile, type Statement } from "./code/project.js";
import { DateShapes } from "./date-shapes.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { eventDataEncoding } from "./media-types.js";
import { usedSecuritySchemes } from "./operation-types.js";
import { Serializers } from "./routes/serializers.js";
import { shapeOf } from "./shapes.js";

/**
 * Emits `routes.ts`: per operation, the code that reads its parameters (every location, style,
 * explode and default resolved here, written out), the data that describes its request body and
 * responses, and JSON serialisers of its response bodies; then the `api` definition the runtime
 * serves and a typed `createServer(handlers, options)` bound to it. The runtime calls this code
 * and never looks at a schema. A parameter's default is written where the model decided it
 * applies (Parameter.defaultApplies).
 */
export function emitRoutes(model: ApiModel): GeneratedFile[] {
  const resolve = (ref: string) => model.referencedSchemas[ref];
  const names = new IdentifierAllocator();
  for (const reserved of ["api", "createServer", "createApiServer", "createRequire", "requireBeside", "validators", "documentFile"]) names.allocate(reserved);
  const parameters = new ParameterConstants(model, names);
  const serializers = new Serializers((ref) => shapeOf(model.referencedSchemas[ref], resolve), names);
  const dates = model.dateTime === "date" ? new DateShapes(resolve) : undefined;

  const operationCode: string[] = [];
  const routeNames: string[] = [];
  for (const operation of model.operations) {
    let reader: string | undefined;
    if (operation.parameters.length > 0) {
      reader = names.allocate(`read${operation.typeName}Parameters`);
      operationCode.push(parameterReader(operation, reader, parameters));
    }
    const routeName = names.allocate(`${operation.identifier}Route`);
    routeNames.push(routeName);
    const route = {
      operationId: operation.operationId,
      handler: operation.identifier,
      method: operation.method.toUpperCase(),
      path: operation.path,
      parameters: operation.parameters.map((parameter) => new Code(parameters.nameOf(parameter))),
      readParameters: reader ? new Code(reader) : undefined,
      requestBody: operation.requestBody
        ? {
            required: operation.requestBody.required,
            contents: operation.requestBody.contents.map((content) => ({
              mediaType: content.mediaType,
              essence: content.essence,
              validate: validatorReference(content.validator),
              form: content.form,
              multipart: content.multipart
                ? { properties: content.multipart.properties.map(({ required: _required, ...property }) => property), additional: content.multipart.additional }
                : undefined,
            })),
          }
        : undefined,
      responses: operation.responses.map((response) => ({
        status: response.status,
        contents: response.contents.map((content) => responseContent(operation, response, content, serializers, resolve)),
        headers: response.headers.map((header) => ({ name: header.name, key: header.name.toLowerCase(), required: header.required, ...(header.explode ? { explode: true } : {}) })),
        validateHeaders: validatorReference(response.headersValidator),
      })),
      security: operation.security.map((requirement) => requirement.map(({ scheme, scopes }) => ({ scheme, scopes }))),
      dates: dates ? requestDateShapes(operation, dates) : undefined,
    };
    operationCode.push(
      docComment(`${operation.operationId}: ${operation.method.toUpperCase()} ${operation.path}${operation.summary ? `. ${operation.summary}` : ""}`) +
        `const ${identifier(routeName)}: RouteDefinition = ${codeLiteral(route)};`,
    );
  }

  const securitySchemes = Object.fromEntries(
    Object.entries(model.securitySchemes).map(([name, scheme]) => {
      const { pointer: _pointer, ...definition } = scheme;
      return [name, definition];
    }),
  );
  const api = {
    title: model.title,
    version: model.version,
    ...(model.basePath ? { basePath: model.basePath } : {}),
    routes: routeNames.map((name) => new Code(name)),
    securitySchemes,
    dateShapes: dates?.table(),
    // The bundled document (`openapi.cjs`, emitted beside this file), served at /openapi.json (and
    // /openapi.yaml), which /docs loads: required on the first request for it, so it costs
    // nothing at start-up; its file is found at start-up (documentFile), so a build that left it
    // out fails there.
    document: new Code("() => requireBeside(documentFile)"),
  };

  const runtimeImports = [
    "createServer as createApiServer",
    ...[...serializers.helpers].sort(),
    "type ApiDefinition",
    "type ApiServer",
    ...(parameters.size > 0 ? ["type OperationParameters", "type ParameterDefinition", "type ParameterReader"] : []),
    "type RouteDefinition",
    "type ServerOptions",
  ];
  const statements: Statement[] = [
    'import { createRequire } from "node:module";',
    `import { ${runtimeImports.join(", ")} } from ${stringLiteral(model.packages.runtime)};`,
    'import type { Handlers, SecurityVerifiers } from "./handlers.js";',
    docComment(
      "Requires this folder's CommonJS files (validators.cjs, openapi.cjs). An import would have Node's ES module\n" +
        "loader first scan the whole file for its export names (cjs-module-lexer), which on a large spec takes\n" +
        "longer than compiling it.",
    ) + "const requireBeside = createRequire(import.meta.url);",
    'const validators: typeof import("./validators.cjs") = requireBeside("./validators.cjs");',
    docComment("The bundled document beside this file, located now and read on the first request for it.") +
      'const documentFile = requireBeside.resolve("./openapi.cjs");',
    ...parameters.declarations(),
    ...serializers.declarations(),
    ...operationCode,
    docComment(`The operations of ${model.title} ${model.version}, as specwright/runtime serves them.`) + `export const api: ApiDefinition = ${codeLiteral(api)};`,
  ];
  const needsSecurity = usedSecuritySchemes(model).length > 0;
  const optionsParameter = needsSecurity
    ? "options: ServerOptions<SecurityVerifiers<Principal>> & { security: SecurityVerifiers<Principal> }"
    : "options: ServerOptions<SecurityVerifiers<Principal>> = {}";
  statements.push(
    docComment("Creates the node:http server for these handlers. Throws at startup when a handler or a security verifier is missing.") +
      `export function createServer<Principal = unknown>(handlers: Handlers<Principal>, ${optionsParameter}): ApiServer {\n  return createApiServer(api, handlers, options);\n}`,
  );
  return [{ path: "routes.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}

function validatorReference(name: string | undefined): Code | undefined {
  return name ? new Code(`validators.${identifier(name)}`) : undefined;
}

/**
 * The generated function that reads an operation's parameters, location by location: each
 * parameter through the request's reader for its location, with its default when one applies,
 * then the location's validator.
 */
function parameterReader(
  operation: Operation,
  name: string,
  constants: ParameterConstants,
): string {
  const lines = [docComment(`Reads the parameters of ${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}).`).trimEnd()];
  lines.push(`function ${identifier(name)}(request: ParameterReader): OperationParameters {`);
  const locations: string[] = [];
  for (const location of ["path", "query", "header", "cookie"] as const) {
    const declared = operation.parameters.filter((parameter) => parameter.in === location);
    if (declared.length === 0) continue;
    locations.push(location);
    const reads = declared.map((parameter) => {
      const fallback = parameter.defaultApplies ? defaultLiteral(parameter) : undefined;
      return `  request.${location}(${location}, ${constants.nameOf(parameter)}${fallback === undefined ? "" : `, ${fallback}`});`;
    });
    const validator = `validators.${identifier(operation.parameterValidators[location]!)}`;
    const int64 = declared.filter((parameter) => readsInt64(parameter.coercion)).map((parameter) => stringLiteral(parameter.name));
    if (int64.length > 0) {
      // int64 values read as BigInt: validated as numbers, handed over exact.
      lines.push(`  const ${location}Read = request.record();`, ...reads.map((line) => line.replace(`(${location}, `, `(${location}Read, `)));
      lines.push(`  const ${location} = request.validateExact(${stringLiteral(location)}, ${location}Read, ${validator}, [${int64.join(", ")}]);`);
    } else {
      lines.push(`  const ${location} = request.record();`, ...reads, `  request.validate(${stringLiteral(location)}, ${location}, ${validator});`);
    }
  }
  lines.push(`  return { ${locations.join(", ")} };`, "}");
  return lines.join("\n") + "\n";
}

/** The default of a parameter as code; integers of int64 parameters read as BigInt are `BigInt`s (`10n`). */
function defaultLiteral(parameter: Parameter): string | undefined {
  const schema = parameter.schema;
  if (typeof schema !== "object" || !("default" in schema)) return undefined;
  const value = schema["default"];
  if (!readsInt64(parameter.coercion)) return codeLiteral(value);
  const exact = (item: unknown): unknown => (typeof item === "number" && Number.isSafeInteger(item) ? new Code(`${item}n`) : item);
  return codeLiteral(Array.isArray(value) ? value.map(exact) : exact(value));
}

/** One declared response media type as the runtime writes it. */
function responseContent(
  operation: Operation,
  response: Response,
  content: MediaTypeContent,
  serializers: Serializers,
  resolve: (ref: string) => MediaTypeContent["schema"],
): Record<string, unknown> {
  const kind = content.kind === "json" || content.kind === "text" || content.kind === "event-stream" || content.kind === "range" ? content.kind : "binary";
  const eventData = kind === "event-stream" ? eventDataEncoding(content.schema, resolve) : undefined;
  const writesJson = kind === "json" || kind === "range" || eventData === "json";
  let serialize: Code | undefined;
  if (writesJson && content.schema !== undefined) {
    const shape = shapeOf(content.schema, resolve);
    if (shape.kind !== "any") {
      const subtype = content.essence.slice(content.essence.indexOf("/") + 1);
      const where = `the ${response.status} ${content.mediaType} ${kind === "event-stream" ? "event data" : "body"} of ${operation.operationId}`;
      serialize = new Code(serializers.writerFor(shape, `${operation.typeName} ${response.status} ${subtype}`, where));
    }
  }
  return { mediaType: content.mediaType, kind, serialize, validate: validatorReference(content.validator), eventData };
}

/** Where date-times sit in an operation's request parts, or undefined when nowhere. */
function requestDateShapes(operation: Operation, dates: DateShapes): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  for (const location of ["path", "query", "header", "cookie"] as const) {
    const properties = operation.parameters
      .filter((parameter) => parameter.in === location)
      .map((parameter) => [parameter.name, dates.of(parameter.schema)] as const)
      .filter((entry): entry is readonly [string, DateShape] => entry[1] !== undefined);
    if (properties.length > 0) result[location] = { kind: "object", properties };
  }
  const body = (operation.requestBody?.contents ?? []).map((content) => dates.of(content.schema) ?? null);
  if (body.some((shape) => shape !== null)) result["body"] = body;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * The parameter definitions of the routes, each a `const` named after the parameter
 * (`bookIdPathParameter`) and shared by every operation that declares it the same way (GitHub's
 * `owner` and `repo` by hundreds). Where one name and location has several definitions, each is
 * named after the first operation that uses it (`listReposPerPageQueryParameter`).
 */
class ParameterConstants {
  /** Definition (as JSON text) → constant name. */
  private readonly byDefinition = new Map<string, string>();
  private readonly byParameter = new Map<Parameter, string>();
  private readonly declared: string[] = [];

  constructor(model: ApiModel, names: IdentifierAllocator) {
    const definitionsByKey = new Map<string, Set<string>>();
    for (const operation of model.operations) {
      for (const parameter of operation.parameters) {
        const key = `${parameter.in} ${parameter.name}`;
        const definitions = definitionsByKey.get(key) ?? new Set();
        definitions.add(JSON.stringify(parameterDefinition(parameter)));
        definitionsByKey.set(key, definitions);
      }
    }
    for (const operation of model.operations) {
      for (const parameter of operation.parameters) {
        const definition = parameterDefinition(parameter);
        const text = JSON.stringify(definition);
        let name = this.byDefinition.get(text);
        if (name === undefined) {
          const shared = definitionsByKey.get(`${parameter.in} ${parameter.name}`)!.size === 1;
          const words = `${shared ? "" : `${operation.identifier} `}${parameter.name} ${parameter.in} parameter`;
          name = names.allocate(toCamelIdentifier(words));
          this.byDefinition.set(text, name);
          this.declared.push(
            docComment(`The ${parameter.in} parameter ${parameter.name}${shared ? "" : ` of ${operation.operationId}`}.`) +
              `const ${identifier(name)}: ParameterDefinition = ${codeLiteral(definition)};`,
          );
        }
        this.byParameter.set(parameter, name);
      }
    }
  }

  get size(): number {
    return this.declared.length;
  }

  nameOf(parameter: Parameter): string {
    const name = this.byParameter.get(parameter);
    if (name === undefined) throw new Error(`internal error: no constant for parameter ${parameter.name}`);
    return name;
  }

  declarations(): string[] {
    return this.declared;
  }
}

/** A parameter as the runtime reads it (see ParameterDefinition in src/runtime/route-definition.ts). */
function parameterDefinition(parameter: Parameter): Record<string, unknown> {
  const schema = parameter.schema;
  const maxLength = typeof schema === "object" ? schema["maxLength"] : undefined;
  return {
    name: parameter.name,
    in: parameter.in,
    style: parameter.style,
    explode: parameter.explode,
    shape: parameterShapeOf(parameter.coercion),
    coercion: parameter.coercion,
    contentMediaType: parameter.contentMediaType,
    emptyIsAbsent: parameter.in === "query" && parameter.allowEmptyValue && !acceptsEmptyString(parameter.coercion) ? true : undefined,
    integerOnly: acceptsOnlyInteger(parameter.coercion) ? true : undefined,
    maxLength: parameter.in === "path" && typeof maxLength === "number" && Number.isInteger(maxLength) && maxLength > 0 ? maxLength : undefined,
  };
}
