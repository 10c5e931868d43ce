import { printStructure, StructureKind, type StatementStructures } from "ts-morph";

/**
 * Prints ts-morph statement structures as one source file with fixed formatting (two spaces,
 * double quotes, LF). Structures are printed in one pass: adding them one by one to a live
 * SourceFile re-parses it each time, which takes minutes on a 1,000-operation spec.
 */
export function printSourceFile(statements: StatementStructures[]): string {
  return printStructure(
    { kind: StructureKind.SourceFile, statements },
    { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false, insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true } as never,
  );
}

export { StructureKind };
