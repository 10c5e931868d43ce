/**
 * `specwright generate`: from the command line, a config file, or both (flags override the
 * config). Each spec of the config runs in turn; the exit code is the most serious of the runs
 * (exit-codes.ts). Progress goes to stderr on a terminal, the result line to stdout, diagnostics
 * to stderr; `--json` prints one JSON document on stdout instead (generate-report.ts).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { generateOptionDeclarations, optionNames, type ConfigurableOptions } from "../src/config/options.js";
import { SpecError } from "../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import { generate, type GenerateResult } from "../src/generate.js";
import { limitLintWarnings } from "../src/lint/limit-warnings.js";
import { lintRules, type LintLevel } from "../src/lint/lint-settings.js";
import { exitCodeOfDiagnostics, exitCodes, worstExitCode, type ExitCode } from "./exit-codes.js";
import { failedRun, finishedRun, printJsonReport, type RunReport } from "./generate-report.js";
import { formatDuration, terminalProgress } from "./progress.js";
import { watchSpec } from "./watch.js";

/** The options of `specwright generate` that are not generate() options. */
interface CommandFlags {
  config?: string;
  check?: boolean;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  watch?: boolean;
}

/** One spec to generate: where from, where to, with what. */
type Run = ConfigurableOptions & { spec: string; out: string };

/**
 * Adds `generate` to the program: the flags of the declared options (src/config/options.ts; a
 * boolean one also has a hidden `--no-…` form to override a config's `true`), then the per-run
 * flags. No flag has a commander default, so an option left out keeps the config's value.
 */
export function registerGenerateCommand(program: Command): void {
  const command = program
    .command("generate")
    .description("generate types, handler interfaces, validators, routes and a client from an OpenAPI document")
    .argument("[spec]", `${generateOptionDeclarations.spec.description} (default ${generateOptionDeclarations.spec.default}, or the config's)`)
    .option("-c, --config <file>", "the config file (default: specwright.config.{ts,mts,js,mjs,json,yaml,yml} in this folder, if any)");
  const flags = new Map<keyof ConfigurableOptions, Option>();
  for (const name of optionNames) {
    const declaration = generateOptionDeclarations[name];
    if (!declaration.flag) continue;
    const shownDefault = Array.isArray(declaration.default) ? "" : ` (default ${String(declaration.default)})`;
    const schema = declaration.schema;
    const typed = "type" in schema ? schema : undefined;
    const option = new Option(declaration.flag, `${declaration.description}${typed?.type === "boolean" || !typed ? "" : shownDefault}`);
    if (typed?.type === "string" && typed.enum) option.choices(typed.enum);
    if (name === "lint") option.argParser(parseLintFlag);
    command.addOption(option);
    flags.set(name, option);
    if (typed?.type === "boolean") command.addOption(new Option(`--no-${option.long!.slice(2)}`).hideHelp());
  }
  // `--no-lint`: every rule off (commander gives `lint: false`, read below).
  command.addOption(new Option("--no-lint", "turn every lint rule off"));
  command
    .option("--check", "write nothing; exit 1 when the output folder is not current")
    .option("--force", "compile even when the spec, the files it references, the options and specwright are unchanged since the last run")
    .option("-q, --quiet", "print errors only")
    .option("--json", "print the results as JSON on stdout (files written and unchanged, diagnostics with code, file, line, column, pointer)")
    .option("-w, --watch", "regenerate whenever the spec's folder changes (the compiler stays loaded)")
    .action(async (spec: string | undefined, options: CommandFlags & Record<string, unknown>) => {
      const overrides: Partial<Run> = {};
      for (const [name, option] of flags) {
        const value = options[option.attributeName()];
        if (value !== undefined) Object.assign(overrides, { [name]: name === "lint" && value === false ? "off" : value });
      }
      if (spec !== undefined) overrides.spec = spec;
      process.exitCode = await generateCommand(overrides, options);
    });
}

/** Runs `specwright generate` and returns its exit code. */
async function generateCommand(overrides: Partial<Run>, flags: CommandFlags): Promise<ExitCode> {
  if (flags.watch && (flags.check || flags.json)) {
    process.stderr.write(`specwright: --watch cannot be combined with ${flags.check ? "--check" : "--json"}\n`);
    return exitCodes.usage;
  }
  let runs: Run[];
  try {
    runs = await resolveRuns(overrides, flags.config);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    if (flags.json) printJsonReport([], exitCodes.usage, error.diagnostics);
    else process.stderr.write(renderDiagnostics(error.diagnostics, readSource) + "\n");
    return exitCodes.usage;
  }
  if (flags.watch) {
    await Promise.all(runs.map((run) => watchSpec(run.spec, async () => void (await generateOnce(run, flags)))));
    return exitCodes.done;
  }
  const reports: RunReport[] = [];
  for (const run of runs) {
    const outcome = await generateOnce(run, flags);
    if (outcome === "rerun") return await rerunWithLargerStack();
    reports.push(outcome);
  }
  const exitCode = worstExitCode(reports.map((report) => report.exitCode));
  if (flags.json) printJsonReport(reports, exitCode);
  return exitCode;
}

/**
 * The runs of this command: the config's entries (the given file, else the one in this folder)
 * with the flags over them, or one run from the flags alone. A spec argument replaces the spec of
 * a one-entry config, or picks the entries of that spec; `-o` needs a single entry. Throws
 * SpecError (SPW_E_CONFIG) for a bad config or a choice it cannot make.
 */
async function resolveRuns(overrides: Partial<Run>, configFile: string | undefined): Promise<Run[]> {
  // Imported here: a run that returns at once should not pay for loading yaml, ajv and jiti.
  const { findConfigFile, loadConfig } = await import("./config/load-config.js");
  const file = configFile ?? findConfigFile(process.cwd());
  const defaults = { spec: generateOptionDeclarations.spec.default as string, out: generateOptionDeclarations.out.default as string };
  if (file === undefined) return [{ ...defaults, ...overrides }];
  const config = await loadConfig(file);
  let entries = config.entries as Run[];
  const refuse = (message: string): never => {
    throw new SpecError([{ code: "SPW_E_CONFIG", severity: "error", file, message }]);
  };
  if (overrides.spec !== undefined && entries.length > 1) {
    const wanted = path.resolve(overrides.spec);
    entries = entries.filter((entry) => path.resolve(entry.spec) === wanted);
    if (entries.length === 0) refuse(`no entry of the config generates ${overrides.spec}; its specs are ${config.entries.map((entry) => entry.spec).join(", ")}`);
  }
  if (overrides.out !== undefined && entries.length > 1) refuse(`--out names one folder, and the config generates ${entries.length} specs; run them one at a time with a spec argument`);
  return entries.map((entry) => ({ ...entry, ...overrides }));
}

/**
 * One generate run: prints progress, warnings, errors and the result line (or collects them for
 * `--json`) and returns its report, or "rerun" when the spec needs a larger V8 stack.
 */
async function generateOnce(run: Run, flags: CommandFlags): Promise<RunReport | "rerun"> {
  const started = performance.now();
  const onProgress = flags.json ? undefined : terminalProgress(process.stderr, { quiet: flags.quiet ?? false });
  const human = !flags.json;
  const say = (text: string): void => {
    if (human && !flags.quiet) process.stdout.write(text + "\n");
  };
  let result: GenerateResult;
  try {
    result = await generate({
      ...run,
      ...(flags.check ? { check: true } : {}),
      ...(flags.force ? { force: true } : {}),
      ...(flags.watch ? { typesWorker: false } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (error) {
    // A phase under way shows on the terminal's last line; the diagnostics start on a clean one.
    if (onProgress) process.stderr.write("\r\x1b[K");
    if ((await needsLargerStack(error)) && !process.env["SPECWRIGHT_LARGE_STACK"] && !flags.watch) return "rerun";
    const milliseconds = performance.now() - started;
    if (error instanceof SpecError) {
      const exitCode = exitCodeOfDiagnostics(error.diagnostics);
      if (human) {
        // Errors always print; warnings only without --quiet.
        const shown = flags.quiet ? error.diagnostics.filter((item) => item.severity === "error") : error.diagnostics;
        process.stderr.write(renderDiagnostics(shown, readSource) + "\n");
        process.stderr.write(`specwright: ${error.diagnostics.filter((item) => item.severity === "error").length} error(s); ${run.out} was left unchanged\n`);
      }
      return failedRun(run, exitCode, milliseconds, error.diagnostics);
    }
    if (human) process.stderr.write(`specwright: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    return failedRun(run, exitCodes.internal, milliseconds, [], String((error as Error).message ?? error));
  }
  const milliseconds = performance.now() - started;
  if (human && !flags.quiet && result.warnings.length > 0) {
    // Lint warnings are capped per rule on the terminal (--json has them all).
    const { shown, omitted } = limitLintWarnings(result.warnings);
    process.stderr.write([renderDiagnostics(shown, readSource), ...omitted].join("\n") + "\n");
  }
  const { stale, missing, extra } = result.changes;
  const report = finishedRun(run, result, milliseconds, flags.check === true);
  if (flags.check && report.exitCode === exitCodes.different) {
    const differences = [...stale.map((file) => `changed: ${file}`), ...missing.map((file) => `missing: ${file}`), ...extra.map((file) => `extra: ${file}`)];
    if (human) process.stderr.write(`${run.out} is stale; run "specwright generate":\n  ${differences.join("\n  ")}\n`);
    return report;
  }
  const time = formatDuration(milliseconds);
  if (result.inputUnchanged) {
    const warnings = result.previousWarnings > 0 ? `; ${result.previousWarnings} warning(s) at the last compile, --force shows them` : "";
    say(`specwright: ${run.spec} and its options are unchanged since the last run; ${run.out} is current (${time}${warnings})`);
  } else if (flags.check) {
    say(`${run.out} is current`);
  } else {
    const what = result.written ? `wrote ${result.files.length} files to ${run.out}` : `${run.out} is already current`;
    say(`specwright: ${result.model.operations.length} operations from ${run.spec}; ${what} (${time})`);
  }
  return report;
}

/** Runs this command again with a larger V8 stack (within the 8 MiB a main thread gets on Linux and macOS); its exit code. */
async function rerunWithLargerStack(): Promise<ExitCode> {
  const { largeStackSize } = await import("../src/emit/validators.js");
  const rerun = spawnSync(process.execPath, [...process.execArgv, `--stack-size=${largeStackSize}`, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, SPECWRIGHT_LARGE_STACK: "1" },
  });
  return (rerun.status ?? exitCodes.internal) as ExitCode;
}

/**
 * Whether a failure is V8's default stack running out (deeply nested documents overflow the YAML
 * parser and ajv's recursive compiler; very large specs overflow ajv's standalone builder).
 */
async function needsLargerStack(error: unknown): Promise<boolean> {
  // Imported on failure only: the validators' emitter loads ajv.
  const { stackOverflowMarker } = await import("../src/emit/validators.js");
  const overflow = (message: string): boolean => message.startsWith(stackOverflowMarker) || message.includes("Maximum call stack size exceeded");
  if (error instanceof SpecError) return error.diagnostics.some((item) => overflow(item.message));
  return error instanceof RangeError && overflow(error.message);
}

/** A file's text for code frames; undefined when it cannot be read (then there is no frame). */
export function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Parses one `--lint rule=level` value (comma-separated pairs allowed) into the settings so far,
 * or `--lint off` (every rule off, as the config's `lint: "off"`); throws commander's usage error.
 */
function parseLintFlag(value: string, previous: unknown): Record<string, LintLevel> | "off" {
  if (value === "off") return "off";
  const settings = previous && typeof previous === "object" ? { ...(previous as Record<string, LintLevel>) } : {};
  for (const pair of value.split(",").filter((item) => item !== "")) {
    const [rule, level = "off"] = pair.split("=");
    if (!rule || !Object.hasOwn(lintRules, rule)) throw new InvalidArgumentError(`unknown lint rule ${JSON.stringify(rule)}; the rules are ${Object.keys(lintRules).join(", ")}`);
    if (level !== "warn" && level !== "off") throw new InvalidArgumentError(`the level of ${rule} must be warn or off`);
    settings[rule] = level;
  }
  return settings;
}
