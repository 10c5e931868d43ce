import type { ApiModel } from "../model/ir.js";
import { docText, propertyKey } from "./code/literals.js";
import { docComment, printSourceFile, StructureKind, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import {
  bodyType, contentTypeMembers, operationAlias, operationDoc, outputMembers, parametersAlias, unionAlias, usedBodyTypes, usedSecuritySchemes, usedStatusRangeTypes, usesBinaryRequestBodies, usesUploadedFiles,
} from "./operation-types.js";
import { usedViewInterfaces } from "./view-types.js";

/**
 * Emits `handlers.ts`: per operation an `…Input` (its `…Parameters` from operations.ts, already
 * parsed and typed, and its body), an `…Output` union keyed by status (so an undeclared status or
 * body fails `tsc`), and a `…Handler` function type; then the `Handlers` interface with one member
 * per operation, and `SecurityVerifiers` with one verifier per security scheme the operations use.
 * It re-exports operations.ts, so every type a handler author needs comes from this one module.
 * Built as ts-morph structures; spec text enters only through emit/code/literals.
 */
export function emitHandlers(model: ApiModel): GeneratedFile[] {
  const statements: Statement[] = [];
  const schemes = usedSecuritySchemes(model);
  const runtimeTypes = ["RequestContext", "ResponseHeaders", ...usedStatusRangeTypes(model), ...usedBodyTypes(model, "handler")];
  if (usesBinaryRequestBodies(model)) runtimeTypes.push("BinaryRequestBody");
  if (schemes.length > 0) runtimeTypes.push("SecurityVerifier");
  if (schemes.some((scheme) => scheme.credential === "BasicCredentials")) runtimeTypes.push("BasicCredentials");
  if (usesUploadedFiles(model)) runtimeTypes.push("UploadedFile");
  statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: model.packages.runtime, namedImports: runtimeTypes.sort() });
  const shared = [...usedViewInterfaces(model, "handler"), ...model.operations.flatMap((operation) => [operationAlias(operation), parametersAlias(operation)])];
  if (shared.length > 0) statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./operations.js", namedImports: shared });
  statements.push('export type * from "./operations.js";');

  for (const operation of model.operations) {
    const docs = [{ description: operationDoc(operation) }];
    const inputDoc = `What the \`${operation.operationId}\` handler receives, parsed and validated.`;
    const bodies = contentTypeMembers(operation);
    if (bodies) {
      // Several request media types: `contentType` tells which one arrived and narrows `body`.
      statements.push(
        docComment(`${inputDoc} \`contentType\` is the declared media type the body arrived as; it narrows \`body\`.`) +
          `export type ${operation.typeName}Input = ${parametersAlias(operation)} & (\n${bodies.map((member) => `  | ${member}`).join("\n")}\n);`,
      );
    } else {
      statements.push({ kind: StructureKind.Interface,
        name: `${operation.typeName}Input`,
        isExported: true,
        docs: [{ description: docText(inputDoc) }],
        extends: [parametersAlias(operation)],
        properties: [{ kind: StructureKind.PropertySignature, name: "body", type: bodyType(operation) }],
      });
    }
    statements.push(
      docComment("The responses the handler may return: one member per declared status and media type.") +
        unionAlias(`${operation.typeName}Output`, outputMembers(operation, "handler")),
    );
    statements.push({ kind: StructureKind.TypeAlias,
      name: `${operation.typeName}Handler`,
      isExported: true,
      typeParameters: [{ name: "Principal", default: "unknown" }],
      docs,
      type: `(input: ${operation.typeName}Input, context: RequestContext<Principal>) => ${operation.typeName}Output | Promise<${operation.typeName}Output>`,
    });
  }

  statements.push({ kind: StructureKind.Interface,
    name: "Handlers",
    isExported: true,
    typeParameters: [{ name: "Principal", default: "unknown" }],
    docs: [{ description: docText(`One handler per operation of ${model.title} ${model.version}. Implement this interface and pass it to createServer.`) }],
    properties: model.operations.map((operation) => ({
      kind: StructureKind.PropertySignature,
      name: operation.identifier,
      type: `${operation.typeName}Handler<Principal>`,
      docs: [{ description: operationDoc(operation) }],
    })),
  });
  statements.push({ kind: StructureKind.Interface,
    name: "SecurityVerifiers",
    isExported: true,
    typeParameters: [{ name: "Principal", default: "unknown" }],
    docs: [{ description: "One verifier per security scheme the operations use: return the principal, or null for invalid credentials (401)." }],
    properties: schemes.map((scheme) => ({ kind: StructureKind.PropertySignature, name: propertyKey(scheme.name), type: `SecurityVerifier<Principal, ${scheme.credential}>` })),
  });
  return [{ path: "handlers.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}
