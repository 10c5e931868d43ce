import type { ApiModel } from "../model/ir.js";
import { docText } from "./code/literals.js";
import { printSourceFile, StructureKind, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import {
  int64AsBigIntDeclaration, operationAlias, operationDoc, operationTypeExpression, parameterMembers, parametersAlias, usesInt64AsBigInt, usesParameterDefaults, withDefaultsDeclaration,
} from "./operation-types.js";
import { viewDeclarations } from "./view-types.js";

/**
 * Emits `operations.ts`: the types the server and the client share, which need neither package:
 * the schema views (`RequestSchemas`, `ClientRequestSchemas`, `ResponseSchemas`), and per
 * operation its openapi-typescript type (`GetBookOperation`) and its parameters by location
 * (`GetBookParameters`: path, query, headers, cookies, as the handler reads them).
 * handlers.ts builds the handler types on them and re-exports them; client.ts and msw.ts import
 * them from here, so a project that has only the client package type-checks without the runtime.
 * Parameters whose defaults the runtime inserts (the model's Parameter.defaultApplies) are
 * non-optional there.
 * Built as ts-morph structures; spec text enters only through emit/code/literals.
 */
export function emitOperations(model: ApiModel): GeneratedFile[] {
  const statements: Statement[] = [];
  const views = viewDeclarations(model);
  if (model.operations.length > 0 || views.length > 0) {
    statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./types.js", namedImports: views.length > 0 ? ["components", "paths"] : ["paths"] });
  }
  statements.push(...views);
  if (usesParameterDefaults(model)) statements.push(withDefaultsDeclaration);
  if (usesInt64AsBigInt(model)) statements.push(int64AsBigIntDeclaration);
  for (const operation of model.operations) {
    statements.push({ kind: StructureKind.TypeAlias, name: operationAlias(operation), type: operationTypeExpression(operation), isExported: true, docs: [{ description: operationDoc(operation) }] });
    statements.push({ kind: StructureKind.Interface,
      name: parametersAlias(operation),
      isExported: true,
      docs: [{ description: docText(`The parameters of \`${operation.operationId}\` by location, as the handler reads them (parsed, validated, defaults filled in).`) }],
      properties: parameterMembers(operation).map((member) => ({ kind: StructureKind.PropertySignature, name: member.name, type: member.type })),
    });
  }
  return [{ path: "operations.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}
