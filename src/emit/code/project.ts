import { printStructure, StructureKind, type StatementStructures } from "ts-morph";
import { docText } from "./literals.js";

/** A statement: a ts-morph structure, or code already built through emit/code/literals. */
export type Statement = StatementStructures | string;

const printOptions = { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false } as const;

/**
 * Prints statements as one source file with fixed formatting (two spaces, double quotes, LF),
 * a blank line between statements and none between imports (structures, or strings starting with
 * `import `). Structures are printed in one pass each: adding them one by one to a live ts-morph
 * SourceFile re-parses it every time, which takes minutes on a 1,000-operation spec.
 */
export function printSourceFile(statements: Statement[]): string {
  let text = "";
  let previousWasImport = false;
  for (const statement of statements) {
    const isImport = typeof statement === "string" ? statement.startsWith("import ") : statement.kind === StructureKind.ImportDeclaration;
    const printed = typeof statement === "string" ? statement.replace(/\n*$/, "\n") : printStructure({ kind: StructureKind.SourceFile, statements: [statement] }, printOptions);
    if (text !== "" && !(isImport && previousWasImport)) text += "\n";
    text += printed;
    previousWasImport = isImport;
  }
  return text;
}

/** A JSDoc block for spec text (escaped by {@link docText}), indented by `indent`. */
export function docComment(text: string, indent = ""): string {
  const lines = docText(text).split("\n");
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join("\n")}\n${indent} */\n`;
}

export { StructureKind };
