import path from "node:path";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { SpecError } from "./diagnostics/diagnostic.js";
import { emitAll } from "./emit/emit-all.js";
import type { GeneratedFile } from "./emit/generated-file.js";
import { loadDocument, type LoadOptions } from "./load/load-document.js";
import { buildModel } from "./model/build-model.js";
import type { ApiModel } from "./model/ir.js";
import { compareOutput, writeAtomically } from "./write/write-atomic.js";

/** Options of {@link generate}. */
export interface GenerateOptions extends LoadOptions {
  /** The spec file (YAML or JSON). Default `spec/openapi.yaml`. */
  spec?: string;
  /** The output folder. Default `generated`. */
  out?: string;
  /** Compare only: write nothing, report whether the output folder is current. */
  check?: boolean;
  /**
   * Fail on what is otherwise a warning about validation: an unknown `format` becomes the error
   * SPW_E_UNKNOWN_FORMAT instead of the warning SPW_W_UNKNOWN_FORMAT (RELIABILITY K12). Default false.
   */
  strict?: boolean;
  /**
   * How `format: date-time` strings are typed: `"string"` (default; RFC 3339 text) or `"date"`:
   * `Date` in the types; the runtime converts validated request bodies and parameters to `Date`
   * and response `Date`s to ISO strings; the client does the reverse (README "int64 and date-time").
   */
  dateTime?: "string" | "date";
}

/** What {@link generate} did. */
export interface GenerateResult {
  model: ApiModel;
  files: GeneratedFile[];
  /** Warnings (errors throw). */
  warnings: Diagnostic[];
  /** Whether the output folder was rewritten (false when it was already current, or with `check`). */
  written: boolean;
  /** Files that differ, are missing or are extra in the output folder, before writing. */
  changes: { stale: string[]; missing: string[]; extra: string[] };
}

/**
 * The whole compile: load → build the model → emit every file → write atomically.
 * Same spec, same bytes. When the output folder is already current nothing is rewritten.
 *
 * Throws {@link SpecError} with every problem found (file, line, column, JSON pointer), and with
 * `strict` for every unknown format (SPW_E_UNKNOWN_FORMAT); the
 * previous output folder is then left untouched. File-system errors of the write propagate (the
 * previous output is still intact).
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const spec = options.spec ?? "spec/openapi.yaml";
  const out = options.out ?? "generated";
  const loaded = await loadDocument(spec, options);
  const source = path.relative(path.resolve(out), path.resolve(spec)).split(path.sep).join("/");
  const { model, warnings: modelWarnings } = buildModel(loaded, { source, ...(options.dateTime ? { dateTime: options.dateTime } : {}) });
  const { files, warnings: emitWarnings } = await emitAll(model);
  const located = emitWarnings.map((warning) => ({ ...warning, ...(warning.pointer ? loaded.sourceMap.locate(warning.pointer) : {}) }));
  const warnings = [...loaded.warnings, ...modelWarnings, ...located].map((warning) => ({ file: spec, ...warning }));
  if (options.strict) {
    const unknownFormats = warnings.filter((warning) => warning.code === "SPW_W_UNKNOWN_FORMAT");
    if (unknownFormats.length > 0) {
      throw new SpecError(unknownFormats.map((warning) => ({
        ...warning,
        code: "SPW_E_UNKNOWN_FORMAT",
        severity: "error",
        message: `${warning.message} (an error under --strict)`,
      })));
    }
  }
  const changes = await compareOutput(out, files);
  const current = changes.stale.length === 0 && changes.missing.length === 0 && changes.extra.length === 0;
  if (options.check || current) return { model, files, warnings, written: false, changes };
  await writeAtomically(out, files);
  return { model, files, warnings, written: true, changes };
}

export { SpecError };
