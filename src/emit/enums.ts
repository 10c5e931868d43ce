import type { ApiModel } from "../model/ir.js";
import { codeLiteral, identifier } from "./code/literals.js";
import { docComment, printSourceFile, type Statement } from "./code/project.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";

/**
 * Emits `enums.ts`: one `export const <Name>Values = [...] as const` per enum of a component
 * schema or of one of its properties (names from model/names.ts, values through
 * emit/code/literals.ts). openapi-typescript's own `enumValues` option is not used: its output
 * fails tsc on GitHub's spec. The types stay the unions openapi-typescript writes in `types.ts`;
 * these arrays give the same values at run time (for selects, `includes` checks, iteration).
 */
export function emitEnums(model: ApiModel): GeneratedFile[] {
  const statements: Statement[] = model.enums.map((constant) => {
    const schema = `schema ${JSON.stringify(constant.schema)}`;
    const target = constant.property === undefined ? schema : `property ${JSON.stringify(constant.property)} of ${schema}`;
    return (
      docComment(`The enum values of ${target} (${constant.pointer}).`) +
      `export const ${identifier(constant.identifier)} = ${codeLiteral(constant.values)} as const;`
    );
  });
  if (statements.length === 0) statements.push("export {};");
  return [{ path: "enums.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}
