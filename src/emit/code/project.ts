import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile } from "ts-morph";

/**
 * A fresh in-memory ts-morph source file with fixed formatting (two spaces, double quotes, LF),
 * so output does not depend on the machine. One Project per call: no state shared between runs.
 */
export function createSourceFile(fileName: string): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
      useTrailingCommas: true,
    },
  });
  return project.createSourceFile(fileName, "", { overwrite: true });
}
