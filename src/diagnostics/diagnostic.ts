import type { DiagnosticCode } from "./codes.js";

/**
 * A compile-time problem as data (esbuild's and Prettier's model): a stable code, a message,
 * where it is (JSON pointer, RFC 6901, into the spec; file, 1-based line and column when known).
 */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: "error" | "warning";
  message: string;
  /** JSON pointer in URI-fragment form, e.g. `#/paths/~1books~1{bookId}/get`. */
  pointer?: string;
  /** Spec file path as the user gave it (relative paths stay relative). */
  file?: string;
  line?: number;
  column?: number;
  notes?: string[];
}

/**
 * Thrown by the compiler when a run found at least one error. `diagnostics` holds every problem of
 * the run (errors and warnings), sorted by file, line and column.
 */
export class SpecError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    super(
      errors.length === 1
        ? errors[0]!.message
        : `${errors.length} problems in the spec; the first: ${errors[0]?.message ?? "unknown"}`,
    );
    this.name = "SpecError";
    this.diagnostics = sortDiagnostics(diagnostics);
  }
}

/** Sorts by file, line, column, then code, by code unit (never locale-dependent). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const compare = (a: string | number | undefined, b: string | number | undefined): number => {
    if (a === b) return 0;
    if (a === undefined) return 1;
    if (b === undefined) return -1;
    return a < b ? -1 : 1;
  };
  return [...diagnostics].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      compare(a.line, b.line) ||
      compare(a.column, b.column) ||
      compare(a.code, b.code) ||
      compare(a.pointer, b.pointer),
  );
}
