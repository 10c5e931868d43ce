import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { SpecError } from "./diagnostics/diagnostic.js";
import { startTypesWorker } from "./emit/types-in-worker.js";
import type { GeneratedFile } from "./emit/generated-file.js";
import type { LoadOptions } from "./load/load-document.js";
import type { LintSettings } from "./lint/lint-settings.js";
import type { ApiModel } from "./model/ir.js";
import lockfile from "proper-lockfile";
import { checkOutputFolder, manifestFile, previousOutput } from "./write/output-folder.js";
import { compareOutput, recoverOutput, writeAtomically } from "./write/write-atomic.js";

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
  /**
   * How `format: int64` parameters (path, query, header, cookie) are typed and read: `"number"`
   * (default; a value beyond ±(2^53−1) is a 422, never rounded) or `"bigint"`: `bigint` in handler
   * inputs and client arguments, read exactly within −2^63…2^63−1. Bodies and responses stay
   * `number` (README "int64 and date-time").
   */
  int64?: "number" | "bigint";
  /**
   * Emit `types.ts` in a worker thread that loads openapi-typescript while this thread loads the
   * spec (default true). A process that generates repeatedly (`--watch`) passes false: the worker
   * would load openapi-typescript again on every run, this thread loads it once.
   */
  typesWorker?: boolean;
  /**
   * Lint rules in the spirit of the OWASP API Security Top 10 (docs/lint.md): `"off"` for none,
   * or rule names mapped to `"warn"` or `"off"` (`{ "unbounded-string": "off" }`); rules not named
   * warn. `x-specwright-lint` in the spec overrides this where it stands. Default: every rule warns.
   */
  lint?: LintSettings;
  /**
   * Also write `msw.ts`: a typed MSW (msw 2) request handler per operation, answering with the
   * media type's example or a value generated from its schema, or with a typed response given
   * per status (docs/msw.md). The project needs `msw` installed. Default false.
   */
  msw?: boolean;
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
 * `strict` for every unknown format (SPW_E_UNKNOWN_FORMAT); the previous output folder is then
 * left untouched. Throws TypeError for a `lint` option naming an unknown rule or level. File-system errors of the write propagate (the previous output is still intact).
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const spec = options.spec ?? "spec/openapi.yaml";
  const out = options.out ?? "generated";
  // Started first: the worker imports openapi-typescript while this thread imports the loader
  // and the other emitters (imported here, not at the top, so the two threads load their halves
  // of the compiler at the same time) and loads the spec.
  const typesWorker = options.typesWorker === false ? undefined : startTypesWorker();
  let model: ApiModel;
  let files: GeneratedFile[];
  let warnings: Diagnostic[];
  try {
    const { loadDocument } = await import("./load/load-document.js");
    const { buildModel } = await import("./model/build-model.js");
    const loaded = await loadDocument(spec, options);
    const source = path.relative(path.resolve(out), path.resolve(spec)).split(path.sep).join("/");
    const built = buildModel(loaded, { source, ...(options.dateTime ? { dateTime: options.dateTime } : {}), ...(options.int64 ? { int64: options.int64 } : {}) });
    model = built.model;
    const { lintDocument } = await import("./lint/lint-document.js");
    const lintWarnings = lintDocument(loaded, model, options.lint);
    const { emitAll } = await import("./emit/emit-all.js");
    const emitted = await emitAll(model, { ...(typesWorker ? { emitTypes: typesWorker.emit } : {}), ...(options.msw ? { msw: true } : {}) });
    files = emitted.files;
    const located = emitted.warnings.map((warning) => ({ ...warning, ...(warning.pointer ? loaded.sourceMap.locate(warning.pointer) : {}) }));
    warnings = [...loaded.warnings, ...built.warnings, ...located, ...lintWarnings].map((warning) => ({ file: spec, ...warning }));
  } finally {
    typesWorker?.stop();
  }
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
  files = [...files, manifestFile(files)];
  // One run at a time per output folder, across processes: another run's swap of the folder
  // must not interleave with this one's comparison and swap.
  const target = path.resolve(out);
  await mkdir(path.dirname(target), { recursive: true });
  const release = await lockfile.lock(target, {
    realpath: false,
    lockfilePath: path.join(path.dirname(target), `.${path.basename(target)}.lock`),
    retries: { retries: 600, minTimeout: 50, maxTimeout: 200 },
    stale: 60_000,
  });
  try {
    await recoverOutput(out);
    const previous = await previousOutput(out);
    await checkOutputFolder(out, spec, files, previous);
    const changes = await compareOutput(out, files, previous);
    const current = changes.stale.length === 0 && changes.missing.length === 0 && changes.extra.length === 0;
    if (options.check || current) return { model, files, warnings, written: false, changes };
    await writeAtomically(out, files, previous);
    return { model, files, warnings, written: true, changes };
  } finally {
    await release();
  }
}

export { SpecError };
