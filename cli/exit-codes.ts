/**
 * The exit codes of every `specwright` command, one meaning each, so CI can tell them apart
 * (docs/cli.md lists them):
 *
 * - 0 done;
 * - 1 the command's check found a difference: `generate --check` found stale output, `fuzz` a
 *   failed check;
 * - 2 usage: an unknown command or option, a bad value, an invalid config file (SPW_E_CONFIG),
 *   or an output folder specwright refuses to write (SPW_E_OUTPUT_FOLDER);
 * - 3 the spec has errors (SPW_E_* diagnostics);
 * - 4 internal failure: an unexpected exception, or `fuzz` could not reach the server.
 */
export const exitCodes = {
  done: 0,
  different: 1,
  usage: 2,
  specErrors: 3,
  internal: 4,
} as const;

/** One of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** Diagnostic codes that are mistakes of the command line or config, not of the spec: exit 2. */
const usageCodes = new Set(["SPW_E_CONFIG", "SPW_E_OUTPUT_FOLDER"]);

/** The exit code for a SpecError's diagnostics: 2 when every error is a usage one, else 3. */
export function exitCodeOfDiagnostics(diagnostics: readonly { code: string; severity: string }[]): ExitCode {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  return errors.length > 0 && errors.every((diagnostic) => usageCodes.has(diagnostic.code)) ? exitCodes.usage : exitCodes.specErrors;
}

/** The code of several runs: the most serious (4, then 3, 2, 1, 0). */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  const order: ExitCode[] = [exitCodes.internal, exitCodes.specErrors, exitCodes.usage, exitCodes.different, exitCodes.done];
  return order.find((code) => codes.includes(code)) ?? exitCodes.done;
}
