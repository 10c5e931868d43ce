import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { SpecError } from "./diagnostics/diagnostic.js";
import { startTypesWorker } from "./emit/types-in-worker.js";
import type { EmittedFiles } from "./emit/emit-all.js";
import type { GeneratedFile } from "./emit/generated-file.js";
import type { LoadOptions } from "./load/load-document.js";
import type { LintSettings } from "./lint/lint-settings.js";
import type { PackageLayout } from "./model/build-model.js";
import type { ApiModel } from "./model/ir.js";
import lockfile from "proper-lockfile";
import { effectiveOptions } from "./config/options.js";
import { generatorVersion } from "./emit/header.js";
import { fingerprintHolds, fingerprintOf } from "./write/input-fingerprint.js";
import { checkOutputFolder, manifestFile, manifestName, previousOutput, readManifest, sameFileList } from "./write/output-folder.js";
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
   * SPW_E_UNKNOWN_FORMAT instead of the warning SPW_W_UNKNOWN_FORMAT. Default false.
   */
  strict?: boolean;
  /**
   * How `format: date-time` strings are typed: `"string"` (default; RFC 3339 text) or `"date"`:
   * `Date` in the types; the runtime converts validated request bodies and parameters to `Date`
   * and response `Date`s to ISO strings; the client does the reverse (docs/features.md, "int64 and date-time").
   */
  dateTime?: "string" | "date";
  /**
   * How `format: int64` parameters (path, query, header, cookie) are typed and read: `"number"`
   * (default; a value beyond ±(2^53−1) is a 422, never rounded) or `"bigint"`: `bigint` in handler
   * inputs and client arguments, read exactly within −2^63…2^63−1. Bodies and responses stay
   * `number` (docs/features.md, "int64 and date-time").
   */
  int64?: "number" | "bigint";
  /**
   * Which packages generated code imports: `"single"` (default; `specwright/runtime` and
   * `specwright/client`, so the project depends on specwright) or `"split"` (`@specwright/runtime`
   * and `@specwright/client`, light packages without the compiler's dependencies, so specwright
   * can be a devDependency; docs/packages.md).
   */
  packages?: PackageLayout;
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
   * Which files to write: `"all"` (default); `"server"`, without `client.ts`, so nothing imports
   * the client package; or `"client"`, what a frontend needs (`types.ts`, `operations.ts`,
   * `enums.ts`, `client.ts`, and `msw.ts`, `tanstack-query.ts` when asked), so nothing imports
   * the runtime package (docs/packages.md). `msw` and `tanstackQuery` need the client's files.
   */
  emit?: EmittedFiles;
  /**
   * Also write `msw.ts`: a typed MSW (msw 2) request handler per operation, answering with the
   * media type's example or a value generated from its schema, or with a typed response given
   * per status (docs/msw.md). The project needs `msw` installed. Default false.
   */
  msw?: boolean;
  /**
   * Also write `tanstack-query.ts`: per operation a typed query key, query options (GET, HEAD) or
   * mutation options (other methods) for TanStack Query v5, through `@tanstack/query-core`'s types,
   * so any framework adapter takes them (docs/tanstack-query.md). The project needs
   * `@tanstack/query-core` (every adapter brings it). Default false.
   */
  tanstackQuery?: boolean;
  /**
   * Compile even when the input is unchanged since the last successful run into `out` (see
   * {@link generate}). Default false.
   */
  force?: boolean;
  /** Called as each phase starts and ends, for progress reports (the CLI prints them on a terminal). */
  onProgress?: (event: GenerateProgress) => void;
}

/**
 * One step of a run: `load` (read, parse, bundle `$ref`s), `validate` (the OpenAPI schema and
 * schema mistakes), `model`, `emit` (once per emitter, named in `emitter`; `types` runs in a
 * worker beside the others), `write` (compare with the output folder and swap it in).
 * `milliseconds` is the phase's wall time, on `end`.
 */
export type GenerateProgress =
  | { phase: "load" | "validate" | "model" | "emit" | "write"; emitter?: string; state: "start" }
  | { phase: "load" | "validate" | "model" | "emit" | "write"; emitter?: string; state: "end"; milliseconds: number };

/** What {@link generate} did: the fields both kinds of result share. */
interface GenerateOutcome {
  /** The output folder's files, relative to it (the manifest included), sorted. */
  outputFiles: string[];
  /** Warnings of this run (errors throw); empty when the input was unchanged. */
  warnings: Diagnostic[];
  /**
   * Whether the output folder was rewritten (false when it was already current, or with `check`;
   * also false when only the manifest's input fingerprint was brought up to date).
   */
  written: boolean;
  /**
   * Files that differ, are missing or are extra in the output folder, before writing. The
   * manifest counts as differing when its text does, under `check` when its file list does.
   */
  changes: { stale: string[]; missing: string[]; extra: string[] };
}

/** A run that compiled the spec. */
export interface CompiledResult extends GenerateOutcome {
  inputUnchanged: false;
  model: ApiModel;
  files: GeneratedFile[];
}

/**
 * A run that found the input unchanged since the last successful run into the output folder (the
 * spec and every file it references, the options, the specwright version) and the output as that
 * run wrote it: nothing was compiled or written.
 */
export interface UnchangedResult extends GenerateOutcome {
  inputUnchanged: true;
  model?: undefined;
  files?: undefined;
  /** How many warnings that last compiling run reported (`force` reports them again). */
  previousWarnings: number;
}

/** What {@link generate} did: compiled ({@link CompiledResult}) or returned at once ({@link UnchangedResult}). */
export type GenerateResult = CompiledResult | UnchangedResult;

/**
 * The whole compile: load → validate → build the model → emit every file → write atomically.
 * Same spec, same bytes. When the output folder is already current nothing is rewritten.
 *
 * Returns at once, without compiling ({@link UnchangedResult}), when the output folder's manifest
 * records a run whose input is what it is now: the same bytes of the spec and of every file its
 * `$ref`s reached, the same options (set or defaulted), the same specwright version, and the
 * output files as that run wrote them. `force` compiles anyway. A run that fetched a remote `$ref`
 * always compiles.
 *
 * Throws {@link SpecError} with every problem found (file, line, column, JSON pointer): with
 * `strict` for every unknown format (SPW_E_UNKNOWN_FORMAT); without `lenient` for schema
 * mistakes that change behaviour (SPW_E_INVALID_TYPE, SPW_E_REQUIRED_UNDECLARED,
 * SPW_E_UNSATISFIABLE); the previous output folder is then left untouched. File-system errors of
 * the write propagate (the previous output is still intact). Throws TypeError for a `lint` option naming an unknown rule or level,
 * and SpecError (SPW_E_CONFIG) for `emit: "server"` with `msw` or `tanstackQuery`.
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const spec = options.spec ?? "spec/openapi.yaml";
  const out = options.out ?? "generated";
  const progress = progressReporter(options.onProgress);
  const recordedOptions = effectiveOptions(options);
  if (options.emit === "server" && (options.msw || options.tanstackQuery)) {
    const asked = [options.msw ? "msw" : undefined, options.tanstackQuery ? "tanstackQuery" : undefined].filter(Boolean);
    const message = `${asked.join(" and ")} ${asked.length === 1 ? "writes a file" : "write files"} for the client, which emit: "server" leaves out; use emit "all" or "client"`;
    throw new SpecError([{ code: "SPW_E_CONFIG", severity: "error", message }]);
  }
  // Without a manifest there is nothing to compare (and no lock to take, nor folder to create).
  if (!options.force && existsSync(path.join(out, manifestName))) {
    const unchanged = await withOutputLock(out, () => unchangedOutput(spec, out, recordedOptions));
    if (unchanged) return unchanged;
  }
  // Started first: the worker imports openapi-typescript while this thread imports the loader
  // and the other emitters (imported here, not at the top, so the two threads load their halves
  // of the compiler at the same time) and loads the spec.
  const typesWorker = options.typesWorker === false ? undefined : startTypesWorker();
  let model: ApiModel;
  let files: GeneratedFile[];
  let warnings: Diagnostic[];
  let sources: { path: string; sha256: string }[] | undefined;
  try {
    progress.start("load");
    const { loadDocument } = await import("./load/load-document.js");
    const { buildModel } = await import("./model/build-model.js");
    const loaded = await loadDocument(spec, options, { onValidate: () => (progress.end("load"), progress.start("validate")) }).catch((error: unknown) => {
      progress.abandon();
      throw error;
    });
    progress.end("validate");
    sources = loaded.fetchedRemote ? undefined : loaded.files;
    const source = path.relative(path.resolve(out), path.resolve(spec)).split(path.sep).join("/");
    const { createDefaultCheck } = await import("./emit/validators.js");
    // The rule for which defaults apply, with the validators' formats; the model decides with it once.
    const defaultFits = createDefaultCheck();
    const built = progress.time("model", undefined, () =>
      buildModel(loaded, { source, defaultFits, ...(options.dateTime ? { dateTime: options.dateTime } : {}), ...(options.int64 ? { int64: options.int64 } : {}), ...(options.packages ? { packages: options.packages } : {}) }));
    model = built.model;
    const { lintDocument } = await import("./lint/lint-document.js");
    const lintWarnings = lintDocument(loaded, model, options.lint);
    const { emitAll } = await import("./emit/emit-all.js");
    const emitted = await emitAll(model, { ...(typesWorker ? { emitTypes: typesWorker.emit } : {}), ...(options.emit ? { emit: options.emit } : {}), ...(options.msw ? { msw: true } : {}), ...(options.tanstackQuery ? { tanstackQuery: true } : {}), around: (emitter, emit) => progress.time("emit", emitter, emit) });
    files = emitted.files;
    // An unknown `type` is reported where the loader finds it (every place, SPW_W_INVALID_TYPE
    // under `lenient`, else an error), so the validators' own note of it (its first use) is dropped.
    const located = emitted.warnings
      .filter((warning) => warning.code !== "SPW_W_INVALID_TYPE")
      .map((warning) => ({ ...warning, ...(warning.pointer ? loaded.sourceMap.locate(warning.pointer) : {}) }));
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
  const fingerprint = sources && fingerprintOf({ version: generatorVersion, options: recordedOptions, sources, out, files, warnings: warnings.length });
  const manifest = manifestFile(files, fingerprint);
  const allFiles = [...files, manifest];
  const outputFiles = allFiles.map((file) => file.path).sort();
  progress.start("write");
  const result = await withOutputLock(out, async (): Promise<CompiledResult> => {
    await recoverOutput(out);
    const previous = await previousOutput(out);
    await checkOutputFolder(out, spec, allFiles, previous);
    const changes = await compareOutput(out, files, previous);
    changes.extra = changes.extra.filter((file) => file !== manifestName);
    // For `check` the manifest is compared by its file list: its input fingerprint is a record of
    // the run, not output, so checking with other options does not call the folder stale.
    const currentManifest = await readFile(path.join(out, manifestName), "utf8").catch(() => undefined);
    const listChanged = currentManifest === undefined || !sameFileList(currentManifest, manifest.text);
    const outputCurrent = changes.stale.length === 0 && changes.missing.length === 0 && changes.extra.length === 0 && !listChanged;
    if (currentManifest === undefined) changes.missing.push(manifestName);
    else if (options.check ? listChanged : currentManifest !== manifest.text) changes.stale.push(manifestName);
    const compiled = { inputUnchanged: false as const, model, files: allFiles, warnings, outputFiles, changes };
    if (options.check) return { ...compiled, written: false };
    if (!outputCurrent) {
      await writeAtomically(out, allFiles, previous);
      return { ...compiled, written: true };
    }
    // Only the fingerprint differs (an edit that changes no output, other options, another
    // version): the manifest alone is replaced, so the next run can return at once, and no other
    // file is touched.
    if (currentManifest !== manifest.text) await replaceFile(path.join(out, manifestName), manifest.text);
    return { ...compiled, written: false };
  });
  progress.end("write");
  return result;
}

/**
 * The result of a run that need not compile (see {@link generate}), or undefined when the
 * manifest has no fingerprint or it no longer holds. Run under the output folder's lock.
 */
async function unchangedOutput(spec: string, out: string, options: Record<string, unknown>): Promise<UnchangedResult | undefined> {
  await recoverOutput(out);
  const manifest = await readManifest(out);
  if (!manifest?.input) return undefined;
  const outputFiles = manifest.files.filter((file) => file !== manifestName);
  if (!(await fingerprintHolds(manifest.input, { version: generatorVersion, options, spec, out, outputFiles }))) return undefined;
  return {
    inputUnchanged: true,
    outputFiles: [...manifest.files, manifestName].sort(),
    warnings: [],
    previousWarnings: manifest.input.warnings,
    written: false,
    changes: { stale: [], missing: [], extra: [] },
  };
}

/**
 * Runs `work` holding the output folder's inter-process lock (proper-lockfile, a lock folder
 * beside `out`): another run's swap of the folder must not interleave with this one's comparison
 * and swap.
 */
async function withOutputLock<Result>(out: string, work: () => Promise<Result>): Promise<Result> {
  const target = path.resolve(out);
  await mkdir(path.dirname(target), { recursive: true });
  const release = await lockfile.lock(target, {
    realpath: false,
    lockfilePath: path.join(path.dirname(target), `.${path.basename(target)}.lock`),
    retries: { retries: 600, minTimeout: 50, maxTimeout: 200 },
    stale: 60_000,
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Writes `file` through a temporary sibling and a rename, so a reader sees the old or the new text. */
async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Start and end events of the phases, with wall times from performance.now(). */
function progressReporter(listener: GenerateOptions["onProgress"]) {
  const started = new Map<string, number>();
  const key = (phase: string, emitter?: string) => (emitter ? `${phase}:${emitter}` : phase);
  type Phase = GenerateProgress["phase"];
  const start = (phase: Phase, emitter?: string): void => {
    if (!listener) return;
    started.set(key(phase, emitter), performance.now());
    listener({ phase, ...(emitter ? { emitter } : {}), state: "start" });
  };
  const end = (phase: Phase, emitter?: string): void => {
    const begun = started.get(key(phase, emitter));
    if (!listener || begun === undefined) return;
    started.delete(key(phase, emitter));
    listener({ phase, ...(emitter ? { emitter } : {}), state: "end", milliseconds: performance.now() - begun });
  };
  return {
    start,
    end,
    /** Forgets the phases under way (a failed load ends no phase). */
    abandon: (): void => started.clear(),
    /** Runs `work` as one phase; a promise ends the phase when it settles. */
    time: <Result>(phase: Phase, emitter: string | undefined, work: () => Result): Result => {
      start(phase, emitter);
      const result = work();
      if (result instanceof Promise) {
        result.then(() => end(phase, emitter), () => {});
        return result;
      }
      end(phase, emitter);
      return result;
    },
  };
}

export { SpecError };
