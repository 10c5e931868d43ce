import type { ApiModel, Operation, Parameter } from "../model/ir.js";
import { IdentifierAllocator, toCamelIdentifier } from "../model/names.js";
import type { ParameterDefinition, ResponseShape, RouteDefinition } from "../runtime/route-definition.js";
import type { DateShape } from "../wire/dates.js";
import { DateShapes } from "./date-shapes.js";
import { Code, codeLiteral, docText, identifier } from "./code/literals.js";
import { docComment, printSourceFile, StructureKind, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { usedSecuritySchemes } from "./operation-types.js";
import { eventDataEncoding, isEventStream } from "./media-types.js";
import { shapeOf } from "./shapes.js";
import { validatorNames } from "./validators.js";

function validatorReference(name: string | undefined): Code | undefined {
  return name ? new Code(`validators.${name}`) : undefined;
}

/**
 * Emits `routes.ts`: the `api` definition the runtime serves (one route record per operation
 * with its parameters' styles and coercions, references to its compiled validators, media types,
 * response shapes and security requirements) and a typed `createServer(handlers, options)` bound
 * to it. Everything is decided here, so the runtime never looks at a schema.
 */
export function emitRoutes(model: ApiModel): GeneratedFile[] {
  const resolve = (ref: string) => model.referencedSchemas[ref];
  const usedShapes = new Set<string>();
  const track = (shape: ResponseShape): ResponseShape => {
    collectRefs(shape, usedShapes);
    return shape;
  };
  const dates = model.dateTime === "date" ? new DateShapes(resolve) : undefined;
  const sharedParameters = new SharedParameters();
  for (const operation of model.operations) for (const parameter of operation.parameters) sharedParameters.count(parameter);
  const routes = model.operations.map((operation) => {
    const names = validatorNames(operation);
    return {
      operationId: operation.operationId,
      handler: operation.identifier,
      method: operation.method.toUpperCase(),
      path: operation.path,
      parameters: operation.parameters.map((parameter) => sharedParameters.reference(parameter)),
      validators: {
        path: validatorReference(names.parameters.path),
        query: validatorReference(names.parameters.query),
        header: validatorReference(names.parameters.header),
        cookie: validatorReference(names.parameters.cookie),
      },
      requestBody: operation.requestBody
        ? {
            required: operation.requestBody.required,
            contents: operation.requestBody.contents.map((content, index) => ({
              mediaType: content.mediaType,
              validate: validatorReference(names.requestBody[index]),
              form: content.form,
              multipart: content.multipart
                ? {
                    properties: content.multipart.properties.map(({ required: _required, ...property }) => property),
                    additional: content.multipart.additional,
                  }
                : undefined,
            })),
          }
        : undefined,
      responses: operation.responses.map((response, responseIndex) => ({
        status: response.status,
        contents: response.contents.map((content, index) => ({
          mediaType: content.mediaType,
          validate: validatorReference(names.responses[responseIndex]![index]),
          shape: content.schema !== undefined ? track(shapeOf(content.schema, resolve)) : undefined,
          eventData: isEventStream(content.mediaType) ? eventDataEncoding(content.schema, resolve) : undefined,
        })),
        headers: response.headers.map((header) => ({ name: header.name, required: header.required, ...(header.explode ? { explode: true } : {}) })),
        validateHeaders: validatorReference(names.responseHeaders[responseIndex]),
      })),
      security: operation.security.map((requirement) => requirement.map(({ scheme, scopes }) => ({ scheme, scopes }))),
      dates: dates ? requestDateShapes(operation, dates) : undefined,
    };
  });
  const shapes: Record<string, ResponseShape> = {};
  const queue = [...usedShapes];
  while (queue.length > 0) {
    const ref = queue.shift()!;
    if (shapes[ref]) continue;
    const shape = shapeOf(model.referencedSchemas[ref], resolve);
    shapes[ref] = shape;
    const inner = new Set<string>();
    collectRefs(shape, inner);
    for (const next of inner) if (!shapes[next] && !queue.includes(next)) queue.push(next);
  }
  const sortedShapes = Object.fromEntries(Object.keys(shapes).sort().map((key) => [key, shapes[key]]));
  const securitySchemes = Object.fromEntries(
    Object.entries(model.securitySchemes).map(([name, scheme]) => {
      const { pointer: _pointer, ...definition } = scheme;
      return [name, definition];
    }),
  );
  // The bundled document (`openapi.json`, emitted beside this file) is served at /openapi.json and /docs.
  const api = {
    title: model.title, version: model.version, ...(model.basePath ? { basePath: model.basePath } : {}), routes, securitySchemes, shapes: sortedShapes,
    dateShapes: dates?.table(), document: new Code("document"),
  };

  const statements: Statement[] = [];
  statements.push({ kind: StructureKind.ImportDeclaration,
    moduleSpecifier: "specwright/runtime",
    namedImports: [
      { name: "createServer", alias: "createApiServer" }, { name: "ApiDefinition", isTypeOnly: true }, { name: "ApiServer", isTypeOnly: true },
      ...(sharedParameters.size > 0 ? [{ name: "ParameterDefinition", isTypeOnly: true }] : []), { name: "ServerOptions", isTypeOnly: true },
    ],
  });
  statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./handlers.js", namedImports: ["Handlers", "SecurityVerifiers"] });
  statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: "./validators.cjs", namespaceImport: "validators" });
  // ts-morph prints import attributes over three lines; this one is fixed text.
  statements.push('import document from "./openapi.json" with { type: "json" };');
  for (const { name, definition } of sharedParameters.declarations()) statements.push(`const ${identifier(name)}: ParameterDefinition = ${codeLiteral(definition)};`);
  statements.push(
    docComment(`The route table of ${model.title} ${model.version}, read by specwright/runtime.`) +
      `export const api: ApiDefinition = ${codeLiteral(api)};`,
  );
  const needsSecurity = usedSecuritySchemes(model).length > 0;
  statements.push({ kind: StructureKind.Function,
    name: "createServer",
    isExported: true,
    typeParameters: [{ name: "Principal", default: "unknown" }],
    docs: [{ description: "Creates the node:http server for these handlers. Throws at startup when a handler or a security verifier is missing." }],
    parameters: [
      { name: "handlers", type: "Handlers<Principal>" },
      needsSecurity
        ? { name: "options", type: "ServerOptions<SecurityVerifiers<Principal>> & { security: SecurityVerifiers<Principal> }" }
        : { name: "options", type: "ServerOptions<SecurityVerifiers<Principal>>", initializer: "{}" },
    ],
    returnType: "ApiServer",
    statements: ["return createApiServer(api, handlers, options);"],
  });
  return [{ path: "routes.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}

/** Where date-times sit in an operation's request parts, or undefined when nowhere. */
function requestDateShapes(operation: Operation, dates: DateShapes): RouteDefinition["dates"] {
  const result: NonNullable<RouteDefinition["dates"]> = {};
  for (const location of ["path", "query", "header", "cookie"] as const) {
    const properties = operation.parameters
      .filter((parameter) => parameter.in === location)
      .map((parameter) => [parameter.name, dates.of(parameter.schema)] as const)
      .filter((entry): entry is readonly [string, DateShape] => entry[1] !== undefined);
    if (properties.length > 0) result[location] = { kind: "object", properties };
  }
  const body = (operation.requestBody?.contents ?? []).map((content) => dates.of(content.schema) ?? null);
  if (body.some((shape) => shape !== null)) result.body = body;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Parameter definitions of the route table. One used by several operations (GitHub's `owner` and
 * `repo` by hundreds) is declared once as a `const` named after the parameter (`ownerPathParameter`)
 * and referenced by name, so the table is not 3,526 literals for 290 distinct parameters.
 */
class SharedParameters {
  private readonly entries = new Map<string, { definition: ParameterDefinition; uses: number; name?: string }>();
  private readonly names = new IdentifierAllocator();
  private readonly declared: { name: string; definition: ParameterDefinition }[] = [];

  /** How many parameters are declared as shared constants so far. */
  get size(): number {
    return this.declared.length;
  }

  /** Counts one use; call for every parameter of every operation before {@link reference}. */
  count(parameter: Parameter): void {
    const definition = parameterDefinition(parameter);
    const key = JSON.stringify(definition);
    const entry = this.entries.get(key);
    if (entry) entry.uses++;
    else this.entries.set(key, { definition, uses: 1 });
  }

  /** The definition as a literal, or a reference to its shared constant when it is used more than once. */
  reference(parameter: Parameter): ParameterDefinition | Code {
    const definition = parameterDefinition(parameter);
    const entry = this.entries.get(JSON.stringify(definition));
    if (!entry || entry.uses < 2) return definition;
    if (entry.name === undefined) {
      entry.name = this.names.allocate(toCamelIdentifier(`${parameter.name} ${parameter.in} parameter`));
      this.declared.push({ name: entry.name, definition });
    }
    return new Code(entry.name);
  }

  /** The shared constants, in order of first use. */
  declarations(): { name: string; definition: ParameterDefinition }[] {
    return this.declared;
  }
}

function parameterDefinition(parameter: Parameter): ParameterDefinition {
  return {
    name: parameter.name,
    in: parameter.in,
    required: parameter.required,
    style: parameter.style,
    explode: parameter.explode,
    ...(parameter.allowEmptyValue ? { allowEmptyValue: true } : {}),
    coercion: parameter.coercion,
    ...(parameter.contentMediaType ? { contentMediaType: parameter.contentMediaType } : {}),
    ...(parameter.in === "path" && longerThanTheLimitAllows(parameter) ? { maxLength: (parameter.schema as { maxLength: number }).maxLength } : {}),
  };
}

/**
 * Whether a path parameter declares a `maxLength` of its own: the runtime's length limit (414)
 * then yields to it, so values the spec allows are never refused as too long.
 */
function longerThanTheLimitAllows(parameter: Parameter): boolean {
  const schema = parameter.schema;
  return typeof schema === "object" && typeof schema["maxLength"] === "number" && Number.isInteger(schema["maxLength"]) && schema["maxLength"] > 0;
}

function collectRefs(shape: ResponseShape | undefined, into: Set<string>): void {
  if (!shape) return;
  switch (shape.kind) {
    case "ref":
      into.add(shape.ref);
      break;
    case "array":
      collectRefs(shape.items, into);
      for (const item of shape.prefixItems ?? []) collectRefs(item, into);
      break;
    case "object":
      for (const [, property] of shape.properties) collectRefs(property, into);
      collectRefs(shape.additional, into);
      break;
  }
}
