/**
 * What `specwright generate --json` prints on stdout: one JSON document for the whole command,
 *
 * ```json
 * { "specwright": "0.1.0", "exitCode": 0, "diagnostics": [], "results": [{
 *     "spec": "spec/openapi.yaml", "out": "generated", "outcome": "written", "exitCode": 0,
 *     "operations": 24, "milliseconds": 812,
 *     "files": { "written": ["client.ts"], "unchanged": ["enums.ts"], "removed": [] },
 *     "changes": { "stale": ["client.ts"], "missing": [], "extra": [] },
 *     "diagnostics": [{ "code": "SPW_W_UNKNOWN_FORMAT", "severity": "warning", "message": "…",
 *       "file": "spec/openapi.yaml", "line": 40, "column": 19, "pointer": "#/components/…" }] }] }
 * ```
 *
 * `outcome` is `written` (the folder was rewritten), `current` (compiled, nothing differed),
 * `unchanged-input` (returned at once: input as at the last run), `stale` (`--check` found
 * differences), or `failed` (see `exitCode`, `diagnostics` and, for an internal failure, `error`).
 * Top-level `diagnostics` hold problems found before any run (an invalid config file).
 */
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { generatorVersion } from "../src/emit/header.js";
import type { GenerateResult } from "../src/generate.js";
import { exitCodes, type ExitCode } from "./exit-codes.js";

/** One run's part of the JSON document. */
export interface RunReport {
  spec: string;
  out: string;
  outcome: "written" | "current" | "unchanged-input" | "stale" | "failed";
  exitCode: ExitCode;
  /** Operations of the spec; null when it was not compiled. */
  operations: number | null;
  milliseconds: number;
  /** Paths relative to `out`: rewritten with new content or added, rewritten unchanged or untouched, removed. */
  files: { written: string[]; unchanged: string[]; removed: string[] };
  /** What differed before writing (what `--check` reports). */
  changes: { stale: string[]; missing: string[]; extra: string[] };
  diagnostics: Diagnostic[];
  /** The message of an unexpected failure (exit code 4). */
  error?: string;
}

/** The report of a run that returned a result. */
export function finishedRun(run: { spec: string; out: string }, result: GenerateResult, milliseconds: number, check: boolean): RunReport {
  const { stale, missing, extra } = result.changes;
  const differs = stale.length + missing.length + extra.length > 0;
  const written = result.written ? [...stale, ...missing].sort() : [];
  const outcome: RunReport["outcome"] = result.inputUnchanged ? "unchanged-input" : check ? (differs ? "stale" : "current") : result.written ? "written" : "current";
  return {
    spec: run.spec,
    out: run.out,
    outcome,
    exitCode: outcome === "stale" ? exitCodes.different : exitCodes.done,
    operations: result.inputUnchanged ? null : result.model.operations.length,
    milliseconds: Math.round(milliseconds),
    files: { written, unchanged: result.outputFiles.filter((file) => !written.includes(file)), removed: result.written ? [...extra] : [] },
    changes: { stale: [...stale], missing: [...missing], extra: [...extra] },
    diagnostics: result.warnings.map(plainDiagnostic),
  };
}

/** The report of a run that threw. */
export function failedRun(run: { spec: string; out: string }, exitCode: ExitCode, milliseconds: number, diagnostics: Diagnostic[], error?: string): RunReport {
  return {
    spec: run.spec,
    out: run.out,
    outcome: "failed",
    exitCode,
    operations: null,
    milliseconds: Math.round(milliseconds),
    files: { written: [], unchanged: [], removed: [] },
    changes: { stale: [], missing: [], extra: [] },
    diagnostics: diagnostics.map(plainDiagnostic),
    ...(error !== undefined ? { error } : {}),
  };
}

/** Prints the whole document on stdout. */
export function printJsonReport(results: RunReport[], exitCode: ExitCode, diagnostics: Diagnostic[] = []): void {
  process.stdout.write(JSON.stringify({ specwright: generatorVersion, exitCode, diagnostics: diagnostics.map(plainDiagnostic), results }, null, 2) + "\n");
}

/** A diagnostic with its members in one order and nothing else. */
function plainDiagnostic(diagnostic: Diagnostic): Diagnostic {
  const { code, severity, message, file, line, column, pointer, notes } = diagnostic;
  return {
    code, severity, message,
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(pointer !== undefined ? { pointer } : {}),
    ...(notes !== undefined ? { notes } : {}),
  };
}
