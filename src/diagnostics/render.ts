import type { Diagnostic } from "./diagnostic.js";

/**
 * Renders one diagnostic as plain text: `file:line:column: error SPW_E_…: message (at #/pointer)`,
 * followed by notes. Colours belong to the CLI, so this stays plain.
 */
export function renderDiagnostic(diagnostic: Diagnostic): string {
  const location = [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined).join(":");
  const pointer = diagnostic.pointer ? ` (at ${diagnostic.pointer})` : "";
  const head = `${location ? `${location}: ` : ""}${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}${pointer}`;
  const notes = (diagnostic.notes ?? []).map((note) => `    note: ${note}`);
  return [head, ...notes].join("\n");
}
