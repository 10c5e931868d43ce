import type { ApiModel, Operation } from "../model/ir.js";
import { DateShapes } from "./date-shapes.js";
import { codeLiteral, docText, propertyKey, stringLiteral } from "./code/literals.js";
import { docComment, printSourceFile, StructureKind, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { operationDescriptorOf } from "./client-descriptors.js";
import { operationDoc, unionAlias } from "./handlers.js";
import { bodyType, operationAlias, outputMembers, runtimeProblemMember, usedBodyTypes, usedProblemTypes, usedSecuritySchemes, usedStatusRangeTypes, usesBinaryRequestBodies, usesMultipart } from "./operation-types.js";
import { usedViewInterfaces } from "./view-types.js";

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
      ...usedProblemTypes(model).map((name) => ({ name, isTypeOnly: true })),
      ...usedStatusRangeTypes(model).map((name) => ({ name, isTypeOnly: true })),
      ...usedBodyTypes(model, "client").map((name) => ({ name, isTypeOnly: true })),
      ...(usesMultipart(model) ? [{ name: "FileUpload", isTypeOnly: true }] : []),
      ...(usesBinaryRequestBodies(model) ? [{ name: "BinaryUpload", isTypeOnly: true }] : []),
    ],
  });
  const handlerTypes = [...usedViewInterfaces(model), ...model.operations.flatMap((operation) => [`${operation.typeName}Input`, operationAlias(operation)])];
  if (model.operations.length > 0) statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./handlers.js", namedImports: handlerTypes });

  const dates = model.dateTime === "date" ? new DateShapes((ref) => model.referencedSchemas[ref]) : undefined;
  const descriptors = Object.fromEntries(model.operations.map((operation) => [operation.identifier, operationDescriptorOf(operation, model, dates)]));
  const schemes = usedSecuritySchemes(model);
  const schemeDescriptors = Object.fromEntries(
    schemes.map(({ name }) => {
      const { pointer: _pointer, ...scheme } = model.securitySchemes[name]!;
      const descriptor = scheme.type === "http" ? { type: "http", scheme: scheme.scheme } : scheme;
      return [name, descriptor];
    }),
  );
  statements.push(
    docComment("Where the operations are served, from the spec's first server URL (`\"\"` for the root): a `baseUrl` is the server's origin followed by it.") +
      `export const basePath = ${stringLiteral(model.basePath)};`,
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
    // The runtime's own problem responses (422, 404, 415, …) the spec does not declare.
    const problems = runtimeProblemMember(operation);
    if (problems) results.push(problems);
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
