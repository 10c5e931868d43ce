import type { ApiModel, Operation } from "../model/ir.js";
import type { DateShape } from "../wire/dates.js";
import { isJsonMediaType } from "../wire/media-type.js";
import { DateShapes } from "./date-shapes.js";
import { codeLiteral, docText, propertyKey, stringLiteral } from "./code/literals.js";
import { docComment, printSourceFile, StructureKind, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { eventDataEncoding, isEventStream } from "./media-types.js";
import { operationDoc, unionAlias } from "./handlers.js";
import { bodyType, operationAlias, outputMembers, usedBodyTypes, usedSecuritySchemes, usedStatusRangeTypes, usedViewInterfaces, usesBinaryRequestBodies, usesMultipart } from "./operation-types.js";

/** What the client sends as Accept: the declared response media types, JSON first. */
function acceptOf(operation: Operation): string | undefined {
  const types = [...new Set(operation.responses.flatMap((response) => response.contents.map((content) => content.mediaType)))];
  return types.length > 0 ? types.join(", ") : undefined;
}

/** How the events of the operation's `text/event-stream` response (if any) carry their data. */
function eventsOf(operation: Operation, model: ApiModel): "text" | "json" | undefined {
  for (const response of operation.responses) {
    for (const content of response.contents) {
      if (isEventStream(content.mediaType)) return eventDataEncoding(content.schema, (ref) => model.referencedSchemas[ref]);
    }
  }
  return undefined;
}

/** The declared response headers per status, with what the client needs to type their values. */
function responseHeadersOf(operation: Operation): Record<string, unknown> | undefined {
  const entries = operation.responses
    .filter((response) => response.headers.length > 0)
    .map((response) => [
      response.status,
      response.headers.map((header) => ({ name: header.name, ...(header.explode ? { explode: true } : {}), coercion: header.coercion })),
    ]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * The Encoding Object of the operation's form body, for the client to serialise each field by
 * (OpenAPI 3.1 §4.8.15); nothing when there is no form body or every field is the default
 * (`form`, exploded), so descriptors stay short.
 */
function formEncodingOf(operation: Operation): { formEncoding?: Record<string, { style: string; explode: boolean }> } {
  const encoding = operation.requestBody?.contents.find((content) => content.form)?.form?.encoding ?? {};
  const fields = Object.entries(encoding).filter(([, field]) => field.style !== "form" || !field.explode);
  return fields.length > 0 ? { formEncoding: Object.fromEntries(fields) } : {};
}

/**
 * The type of a `contentType` argument for one declared media type: the literal, or for a range
 * a template literal type (`image/*` → `` `image/${string}` ``, `*\/*` → `string`).
 */
function contentTypeLiteral(mediaType: string): string {
  const [type, subtype] = mediaType.split(";")[0]!.trim().split("/");
  if (type === "*") return "string";
  if (subtype === "*") return `\`${type!.replace(/[`$\\]/g, "")}/\${string}\``;
  return stringLiteral(mediaType);
}

/** Where date-times sit in each response's JSON body, by declared status; undefined when nowhere. */
function responseDateShapes(operation: Operation, dates: DateShapes): Record<string, DateShape> | undefined {
  const entries = operation.responses.flatMap((response) => {
    const json = response.contents.find((content) => isJsonMediaType(content.mediaType.split(";")[0]!.trim().toLowerCase()));
    const shape = json ? dates.of(json.schema) : undefined;
    return shape ? [[response.status, shape] as const] : [];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Whether the caller must pass an argument object (some parameter or the body is required). */
function argumentsRequired(operation: Operation): boolean {
  return operation.parameters.some((parameter) => parameter.required) || operation.requestBody?.required === true;
}

/**
 * Emits `client.ts`: `createClient({ baseUrl, fetch?, transport? })` with one method per
 * operation, typed arguments (`…Request`) and a result discriminated by status (`…Result`).
 * Imports only `specwright/client` and types, so it runs in browsers.
 */
export function emitClient(model: ApiModel): GeneratedFile[] {
  const statements: Statement[] = [];
  const needsProblemTypes = model.operations.some((operation) => !operation.responses.some((response) => response.status === "default"));
  statements.push({ kind: StructureKind.ImportDeclaration,
    moduleSpecifier: "specwright/client",
    namedImports: [
      { name: "createClientCore" },
      { name: "CallOptions", isTypeOnly: true },
      { name: "ClientOptions", isTypeOnly: true },
      { name: "OperationDescriptor", isTypeOnly: true },
      { name: "CredentialSource", isTypeOnly: true },
      { name: "SchemeDescriptor", isTypeOnly: true },
      ...(model.dateTime === "date" ? [{ name: "DateShape", isTypeOnly: true }] : []),
      ...(needsProblemTypes ? [{ name: "ProblemDetails", isTypeOnly: true }, { name: "RuntimeProblemStatus", isTypeOnly: true }] : []),
      ...usedStatusRangeTypes(model).map((name) => ({ name, isTypeOnly: true })),
      ...usedBodyTypes(model, "client").map((name) => ({ name, isTypeOnly: true })),
      ...(usesMultipart(model) ? [{ name: "FileUpload", isTypeOnly: true }] : []),
      ...(usesBinaryRequestBodies(model) ? [{ name: "BinaryUpload", isTypeOnly: true }] : []),
    ],
  });
  const handlerTypes = [...usedViewInterfaces(model), ...model.operations.flatMap((operation) => [`${operation.typeName}Input`, operationAlias(operation)])];
  if (model.operations.length > 0) statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./handlers.js", namedImports: handlerTypes });

  const dates = model.dateTime === "date" ? new DateShapes((ref) => model.referencedSchemas[ref]) : undefined;
  const descriptors = Object.fromEntries(
    model.operations.map((operation) => [
      operation.identifier,
      {
        method: operation.method.toUpperCase(),
        path: operation.path,
        parameters: operation.parameters.map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          style: parameter.style,
          explode: parameter.explode,
          ...(parameter.allowReserved ? { allowReserved: true } : {}),
          ...(parameter.contentMediaType ? { contentMediaType: parameter.contentMediaType } : {}),
        })),
        requestMediaTypes: operation.requestBody?.contents.map((content) => content.mediaType) ?? [],
        ...formEncodingOf(operation),
        statuses: operation.responses.map((response) => response.status),
        accept: acceptOf(operation),
        security: operation.security.length > 0 ? operation.security.map((requirement) => requirement.map(({ scheme }) => scheme)) : undefined,
        events: eventsOf(operation, model),
        responseHeaders: responseHeadersOf(operation),
        responseDates: dates ? responseDateShapes(operation, dates) : undefined,
      },
    ]),
  );
  const schemes = usedSecuritySchemes(model);
  const schemeDescriptors = Object.fromEntries(
    schemes.map(({ name }) => {
      const { pointer: _pointer, ...scheme } = model.securitySchemes[name]!;
      const descriptor = scheme.type === "http" ? { type: "http", scheme: scheme.scheme } : scheme;
      return [name, descriptor];
    }),
  );
  statements.push(
    docComment("How each security scheme carries its credential.") +
      `const securitySchemes: Record<string, SchemeDescriptor> = ${codeLiteral(schemeDescriptors)};`,
  );
  statements.push({
    kind: StructureKind.Interface,
    name: "ClientSecurity",
    isExported: true,
    docs: [{ description: "Credentials by security scheme, applied only to the operations that need them." }],
    properties: schemes.map(({ name }) => ({ kind: StructureKind.PropertySignature, name: propertyKey(name), hasQuestionToken: true, type: "CredentialSource" })),
  });
  statements.push(
    docComment("How each operation is called: method, path, parameter styles, media types, statuses.") +
      `const operations: Record<string, OperationDescriptor> = ${codeLiteral(descriptors)};`,
  );
  if (dates) {
    statements.push(
      docComment("Where date-times sit in the `$ref`'d schemas of responses (dateTime: \"date\").") +
        `const dateShapes: Record<string, DateShape> = ${codeLiteral(dates.table())};`,
    );
  }

  for (const operation of model.operations) {
    const input = `${operation.typeName}Input`;
    const optional = (member: string) => `${member}?: Partial<${input}[${stringLiteral(member)}]>`;
    const members = [
      ...(["path", "query", "headers", "cookies"] as const).map((location) => {
        const key = location === "headers" ? "header" : location === "cookies" ? "cookie" : location;
        const required = operation.parameters.some((parameter) => parameter.in === key && parameter.required);
        const present = operation.parameters.some((parameter) => parameter.in === key);
        if (!present) return undefined;
        return required ? `${location}: ${input}[${stringLiteral(location)}]` : optional(location);
      }),
      operation.requestBody
        ? `body${operation.requestBody.required ? "" : "?"}: ${bodyType(operation, "client")}`
        : undefined,
      operation.requestBody && (operation.requestBody.contents.length > 1 || operation.requestBody.contents.some((content) => content.mediaType.includes("*")))
        ? `contentType?: ${operation.requestBody.contents.map((content) => contentTypeLiteral(content.mediaType)).join(" | ")}`
        : undefined,
    ].filter((member): member is string => member !== undefined);
    statements.push({ kind: StructureKind.TypeAlias,
      name: `${operation.typeName}Request`,
      isExported: true,
      docs: [{ description: `Arguments of ${docText(operation.identifier)}.` }],
      type: members.length > 0 ? `{ ${members.join("; ")} }` : "Record<string, never>",
    });
    const results = outputMembers(operation, "client");
    if (!operation.responses.some((response) => response.status === "default")) {
      // The runtime's own problem responses (422, 404, 415, …) the spec does not declare.
      const declared = operation.responses.filter((response) => /^[0-9]{3}$/.test(response.status)).map((response) => response.status);
      const status = declared.length > 0 ? `Exclude<RuntimeProblemStatus, ${declared.join(" | ")}>` : "RuntimeProblemStatus";
      results.push(`{ status: ${status}; contentType?: "application/problem+json"; body: ProblemDetails; headers: Headers }`);
    }
    statements.push(docComment("The declared responses, discriminated by `status`.") + unionAlias(`${operation.typeName}Result`, results));
  }

  statements.push({ kind: StructureKind.Function,
    name: "createClient",
    isExported: true,
    docs: [{ description: docText(`A typed client for ${model.title} ${model.version}. Uses globalThis.fetch unless \`fetch\` or \`transport\` is given.`) }],
    parameters: [{ name: "options", type: "ClientOptions & { security?: ClientSecurity }" }],
    statements: (writer) => {
      writer.writeLine(dates ? "const core = createClientCore(options, securitySchemes, dateShapes);" : "const core = createClientCore(options, securitySchemes);");
      writer.write("return ").inlineBlock(() => {
        for (const operation of model.operations) {
          const request = `${operation.typeName}Request`;
          const result = `${operation.typeName}Result`;
          const parameter = argumentsRequired(operation) ? `request: ${request}` : `request: ${request} = {}`;
          writer.writeLine(`/**\n${operationDoc(operation).split("\n").map((line) => (line ? ` * ${line}` : " *")).join("\n")}\n */`);
          writer.writeLine(
            `${operation.identifier}: (${parameter}, callOptions?: CallOptions): Promise<${result}> =>`,
          );
          writer.indent(() => {
            writer.writeLine(`core.call(operations[${stringLiteral(operation.identifier)}]!, request, callOptions) as Promise<${result}>,`);
          });
        }
      });
      writer.write(";");
    },
  });
  statements.push({ kind: StructureKind.TypeAlias, name: "Client", isExported: true, docs: [{ description: "The client createClient returns." }], type: "ReturnType<typeof createClient>" });
  return [{ path: "client.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}
