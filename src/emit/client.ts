import type { ApiModel, Operation } from "../model/ir.js";
import { DateShapes } from "./date-shapes.js";
import { Code, codeLiteral, docText, identifier, propertyKey, stringLiteral } from "./code/literals.js";
import { docComment, printSourceFile, StructureKind, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { bodyKind } from "./media-types.js";
import { operationDescriptorOf } from "./client-descriptors.js";
import { clientCodecFunctions } from "../model/names.js";
import { argumentsRequired } from "./client-names.js";
import { bodyType, operationAlias, operationDoc, outputMembers, parametersAlias, runtimeProblemMember, unionAlias, usedBodyTypes, usedProblemTypes, usedSecuritySchemes, usedStatusRangeTypes, usesBinaryRequestBodies, usesMultipart } from "./operation-types.js";
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

/** A codec of an operation descriptor: its key in OperationCodecs (src/client/operation.ts) and its value. */
interface CodecEntry {
  key: string;
  value: string;
}

/**
 * The codecs an operation's descriptor names, for the media types and parameter forms it declares:
 * multipart and form bodies, header, cookie and `content` parameters, event streams, and with `dateTime: "date"`
 * the file's `dateTimes`. Each value is a function of specwright/client or `dateTimes`.
 */
function codecsOf(operation: Operation, descriptor: Record<string, unknown>, dates: boolean): CodecEntry[] {
  const contents = operation.requestBody?.contents ?? [];
  const entries: CodecEntry[] = [];
  if (contents.some((content) => content.multipart !== undefined)) entries.push({ key: "multipart", value: "encodeMultipart" });
  if (contents.some((content) => bodyKind(content) === "form" && content.multipart === undefined)) entries.push({ key: "form", value: "serialiseFormBody" });
  const styled = operation.parameters.filter((parameter) => parameter.contentMediaType === undefined);
  if (styled.some((parameter) => parameter.in === "header")) entries.push({ key: "headerParameter", value: "addHeaderParameter" });
  if (styled.some((parameter) => parameter.in === "cookie")) entries.push({ key: "cookieParameter", value: "addCookieParameter" });
  if (operation.parameters.some((parameter) => parameter.contentMediaType !== undefined)) entries.push({ key: "contentParameter", value: "addContentParameter" });
  if (descriptor["events"] !== undefined) entries.push({ key: "eventStream", value: "parseEventStream" });
  if (dates) entries.push({ key: "dates", value: "dateTimes" });
  return entries;
}

/** The `…Request` type: the operation's parameters by location, its body and content type. */
function requestType(operation: Operation): string {
  const parameters = parametersAlias(operation);
  const members = [
    ...(["path", "query", "headers", "cookies"] as const).map((location) => {
      const key = location === "headers" ? "header" : location === "cookies" ? "cookie" : location;
      if (!operation.parameters.some((parameter) => parameter.in === key)) return undefined;
      const required = operation.parameters.some((parameter) => parameter.in === key && parameter.required);
      return required ? `${location}: ${parameters}[${stringLiteral(location)}]` : `${location}?: Partial<${parameters}[${stringLiteral(location)}]>`;
    }),
    operation.requestBody ? `body${operation.requestBody.required ? "" : "?"}: ${bodyType(operation, "client")}` : undefined,
    operation.requestBody && (operation.requestBody.contents.length > 1 || operation.requestBody.contents.some((content) => content.mediaType.includes("*")))
      ? `contentType?: ${operation.requestBody.contents.map((content) => contentTypeLiteral(content.mediaType)).join(" | ")}`
      : undefined,
  ].filter((member): member is string => member !== undefined);
  return members.length > 0 ? `{ ${members.join("; ")} }` : "Record<string, never>";
}

/** The `…Result` union: the declared responses, and the runtime's problem responses the spec does not declare. */
function resultMembers(operation: Operation): string[] {
  const results = outputMembers(operation, "client");
  // The runtime's own problem responses (422, 404, 415, …) the spec does not declare.
  const problems = runtimeProblemMember(operation);
  if (problems) results.push(problems);
  return results;
}

/** The doc comment of an operation's method in `createClient` (method, path, summary, description), at `indent`. */
function operationComment(operation: Operation, indent: string): string {
  return `${indent}/**\n${operationDoc(operation).split("\n").map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join("\n")}\n${indent} */\n`;
}

/**
 * The doc comment of an operation's function: method, path and summary, and where the rest is
 * (the description is on the `createClient` method, so large specs do not carry it twice).
 */
function operationFunctionComment(operation: Operation): string {
  const summary = operation.summary ? `: ${operation.summary.split(/\r\n?|\n/)[0]}` : "";
  const text = `${operation.method.toUpperCase()} ${operation.path}${summary}. Called through a core from createCore; the description is on createClient's ${operation.identifier}.`;
  return docComment(operation.deprecated ? `${text}\n\n@deprecated` : text);
}

/**
 * Emits `client.ts`. Per operation: its descriptor (`listBooksOperation`), its `…Request` and
 * `…Result` types, and a function `listBooks(core, request, callOptions)`; then `createCore`
 * (the call engine with this API's security schemes) and `createClient`, one method per
 * operation. Every declaration is a plain function or constant with no side effect, and each
 * descriptor names only the codecs its operation needs (multipart, event streams, dates), so a
 * bundler keeps just the operations an application calls and the code they use. Imports only
 * `specwright/client` and types, so it runs in browsers.
 */
export function emitClient(model: ApiModel): GeneratedFile[] {
  const dates = model.dateTime === "date" ? new DateShapes((ref) => model.referencedSchemas[ref]) : undefined;
  const descriptors = new Map(model.operations.map((operation) => [operation, operationDescriptorOf(operation, model, dates)]));
  const codecs = new Map(model.operations.map((operation) => [operation, codecsOf(operation, descriptors.get(operation)!, dates !== undefined)]));
  const named = new Set([...codecs.values()].flat().map((codec) => codec.value));
  if (dates) named.add("reviveDates").add("serialiseDates");
  const usedCodecFunctions = clientCodecFunctions.filter((name) => named.has(name));
  const statements: Statement[] = [];
  statements.push({ kind: StructureKind.ImportDeclaration,
    moduleSpecifier: model.packages.client,
    namedImports: [
      { name: "createCallEngine" },
      ...usedCodecFunctions.map((name) => ({ name })),
      { name: "CallOptions", isTypeOnly: true },
      { name: "ClientCore", isTypeOnly: true },
      { name: "ClientOptions", isTypeOnly: true },
      { name: "OperationDescriptor", isTypeOnly: true },
      { name: "ResultAs", isTypeOnly: true },
      { name: "CredentialSource", isTypeOnly: true },
      { name: "SchemeDescriptor", isTypeOnly: true },
      ...(dates ? [{ name: "DateCodec", isTypeOnly: true }] : []),
      ...usedProblemTypes(model).map((name) => ({ name, isTypeOnly: true })),
      ...usedStatusRangeTypes(model).map((name) => ({ name, isTypeOnly: true })),
      ...usedBodyTypes(model, "client").map((name) => ({ name, isTypeOnly: true })),
      ...(usesMultipart(model) ? [{ name: "FileUpload", isTypeOnly: true }] : []),
      ...(usesBinaryRequestBodies(model) ? [{ name: "BinaryUpload", isTypeOnly: true }] : []),
    ],
  });
  const sharedTypes = [...usedViewInterfaces(model, "client"), ...model.operations.flatMap((operation) => [parametersAlias(operation), operationAlias(operation)])];
  if (model.operations.length > 0) statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./operations.js", namedImports: sharedTypes });

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
  if (dates) {
    // The table is complete only once every descriptor has been computed (above).
    statements.push(
      docComment("`dateTime: \"date\"`: where date-times sit in the `$ref`'d schemas, and how they cross the wire (RFC 3339 strings ↔ `Date`).") +
        `const dateTimes: DateCodec = ${codeLiteral({ shapes: dates.table(), serialise: new Code("serialiseDates"), revive: new Code("reviveDates") })};`,
    );
  }

  for (const operation of model.operations) {
    const call = identifier(operation.clientNames.call);
    const descriptor = identifier(operation.clientNames.descriptor);
    const request = `${operation.typeName}Request`;
    const result = `${operation.typeName}Result`;
    const operationCodecs = codecs.get(operation)!;
    const literal = { ...descriptors.get(operation)!, ...(operationCodecs.length > 0 ? { codecs: new Code(`{ ${operationCodecs.map((codec) => `${codec.key}: ${codec.value}`).join(", ")} }`) } : {}) };
    statements.push(
      docComment(`How ${operation.identifier} is called: method, path, parameter styles, media types, statuses.`) +
        `export const ${descriptor}: OperationDescriptor = ${codeLiteral(literal)};`,
    );
    statements.push({ kind: StructureKind.TypeAlias,
      name: request,
      isExported: true,
      docs: [{ description: `Arguments of ${docText(operation.identifier)}.` }],
      type: requestType(operation),
    });
    statements.push(docComment(`The responses of ${operation.identifier}, discriminated by \`status\`.`) + unionAlias(result, resultMembers(operation)));
    const parameter = argumentsRequired(operation) ? `request: ${request}` : `request: ${request} = {}`;
    statements.push(
      operationFunctionComment(operation) +
        `export function ${call}<Options extends CallOptions = CallOptions>(core: ClientCore, ${parameter}, callOptions?: Options): Promise<ResultAs<${result}, Options>> {\n` +
        `  return core.call(${descriptor}, request, callOptions);\n}`,
    );
  }

  statements.push(
    docComment(
      "The call engine with this API's security schemes: what the operation functions take as their first argument " +
        "(`listBooks(core, request)`), for bundles that keep only the operations they call.",
    ) +
      "export function createCore(options: ClientOptions & { security?: ClientSecurity }): ClientCore {\n" +
      "  return createCallEngine(options, securitySchemes);\n}",
  );
  const methods = model.operations.map((operation) => {
    const descriptor = identifier(operation.clientNames.descriptor);
    const result = `${operation.typeName}Result`;
    const parameter = argumentsRequired(operation) ? `request: ${operation.typeName}Request` : `request: ${operation.typeName}Request = {}`;
    return (
      operationComment(operation, "    ") +
      `    ${operation.identifier}: <Options extends CallOptions = CallOptions>(${parameter}, callOptions?: Options): Promise<ResultAs<${result}, Options>> =>\n` +
      `      core.call(${descriptor}, request, callOptions),\n`
    );
  });
  statements.push(
    docComment(`A typed client for ${model.title} ${model.version}, one method per operation. Uses globalThis.fetch unless \`fetch\` or \`transport\` is given.`) +
      "export function createClient(options: ClientOptions & { security?: ClientSecurity }) {\n" +
      "  const core = createCore(options);\n" +
      `  return {\n${methods.join("")}  };\n}`,
  );
  statements.push({ kind: StructureKind.TypeAlias, name: "Client", isExported: true, docs: [{ description: "The client createClient returns." }], type: "ReturnType<typeof createClient>" });
  return [{ path: "client.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}
