import { codeFrameColumns } from "@babel/code-frame";
import type { Diagnostic } from "./diagnostic.js";

/** Options of {@link renderDiagnostic}. */
export interface RenderOptions {
  /**
   * The text of the diagnostic's file: when the diagnostic has a line, the lines around it follow
   * the message as a code frame (two lines above and below, a caret under the column).
   */
  source?: string;
  /** The same text split into lines (for callers that render many diagnostics of one file). */
  lines?: readonly string[];
}

/** The widest part of a line a code frame shows, in characters: a one-line JSON spec is megabytes wide. */
const frameWidth = 160;

/**
 * The code frame of `line` (1-based) and `column`: two lines above and below, each cropped to
 * {@link frameWidth} characters around the column (`…` where text is left out), so a minified
 * or one-line document gives a frame of the same size as any other.
 */
function codeFrame(lines: readonly string[], line: number, column: number | undefined): string {
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  const target = lines[line - 1] ?? "";
  const start = column !== undefined && target.length > frameWidth ? Math.max(0, Math.min(column - 1 - frameWidth / 2, target.length - frameWidth)) : 0;
  const crop = (text: string): string => {
    if (start === 0 && text.length <= frameWidth) return text;
    return (start > 0 ? "…" : "") + text.slice(start, start + frameWidth) + (text.length > start + frameWidth ? "…" : "");
  };
  // Lines before the window are left empty, so the frame keeps the file's line numbers.
  const window = "\n".repeat(first - 1) + lines.slice(first - 1, last).map(crop).join("\n");
  const shiftedColumn = column === undefined ? undefined : column - start + (start > 0 ? 1 : 0);
  return codeFrameColumns(window, { start: { line, ...(shiftedColumn !== undefined ? { column: shiftedColumn } : {}) } }, { highlightCode: false, linesAbove: 2, linesBelow: 2 });
}

/**
 * Renders one diagnostic as plain text: `file:line:column: error SPW_E_…: message (at #/pointer)`,
 * then a code frame when `options.source` (or `lines`) is given and the diagnostic has a line,
 * then notes.
 * Colours belong to the CLI, so this stays plain. The frame is @babel/code-frame's.
 */
export function renderDiagnostic(diagnostic: Diagnostic, options: RenderOptions = {}): string {
  const location = [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined).join(":");
  const pointer = diagnostic.pointer ? ` (at ${diagnostic.pointer})` : "";
  const head = `${location ? `${location}: ` : ""}${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}${pointer}`;
  const lines = options.lines ?? (options.source !== undefined ? options.source.split(/\r\n|\r|\n/) : undefined);
  const frame = lines !== undefined && diagnostic.line !== undefined ? [codeFrame(lines, diagnostic.line, diagnostic.column)] : [];
  const notes = (diagnostic.notes ?? []).map((note) => `    note: ${note}`);
  return [head, ...frame, ...notes].join("\n");
}

/**
 * Renders diagnostics as {@link renderDiagnostic} does, each with its code frame; `readSource`
 * gives a file's text (read once per file), or undefined when it cannot be read.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], readSource: (file: string) => string | undefined): string {
  const files = new Map<string, readonly string[] | undefined>();
  return diagnostics
    .map((diagnostic) => {
      if (diagnostic.file === undefined || diagnostic.line === undefined) return renderDiagnostic(diagnostic);
      if (!files.has(diagnostic.file)) files.set(diagnostic.file, readSource(diagnostic.file)?.split(/\r\n|\r|\n/));
      const lines = files.get(diagnostic.file);
      return renderDiagnostic(diagnostic, lines !== undefined ? { lines } : {});
    })
    .join("\n");
}
