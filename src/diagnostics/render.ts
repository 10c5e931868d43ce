import { codeFrameColumns } from "@babel/code-frame";
import type { Diagnostic } from "./diagnostic.js";

/** Options of {@link renderDiagnostic}. */
export interface RenderOptions {
  /**
   * The text of the diagnostic's file: when the diagnostic has a line, the lines around it follow
   * the message as a code frame (two lines above and below, a caret under the column).
   */
  source?: string;
}

/**
 * Renders one diagnostic as plain text: `file:line:column: error SPW_E_…: message (at #/pointer)`,
 * then a code frame when `options.source` is given and the diagnostic has a line, then notes.
 * Colours belong to the CLI, so this stays plain. The frame is @babel/code-frame's.
 */
export function renderDiagnostic(diagnostic: Diagnostic, options: RenderOptions = {}): string {
  const location = [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined).join(":");
  const pointer = diagnostic.pointer ? ` (at ${diagnostic.pointer})` : "";
  const head = `${location ? `${location}: ` : ""}${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}${pointer}`;
  const frame = options.source !== undefined && diagnostic.line !== undefined
    ? [codeFrameColumns(options.source, { start: { line: diagnostic.line, ...(diagnostic.column !== undefined ? { column: diagnostic.column } : {}) } }, { highlightCode: false, linesAbove: 2, linesBelow: 2 })]
    : [];
  const notes = (diagnostic.notes ?? []).map((note) => `    note: ${note}`);
  return [head, ...frame, ...notes].join("\n");
}

/**
 * Renders diagnostics as {@link renderDiagnostic} does, each with its code frame; `readSource`
 * gives a file's text (read once per file), or undefined when it cannot be read.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], readSource: (file: string) => string | undefined): string {
  const sources = new Map<string, string | undefined>();
  return diagnostics
    .map((diagnostic) => {
      if (diagnostic.file === undefined || diagnostic.line === undefined) return renderDiagnostic(diagnostic);
      if (!sources.has(diagnostic.file)) sources.set(diagnostic.file, readSource(diagnostic.file));
      const source = sources.get(diagnostic.file);
      return renderDiagnostic(diagnostic, source !== undefined ? { source } : {});
    })
    .join("\n");
}
