#!/usr/bin/env node
/**
 * The `specwright` command. Exit codes: 0 success; 1 `--check` found stale output; 2 the spec has
 * errors (printed as `file:line:column: error CODE: message (at #/pointer)`) or the command line
 * does (an unknown command or option, a bad value); 3 an unexpected failure.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { generate } from "../src/generate.js";
import { SpecError } from "../src/diagnostics/diagnostic.js";
import { readFileSync } from "node:fs";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import { spawnSync } from "node:child_process";
import { generatorVersion } from "../src/emit/header.js";
import { largeStackSize, stackOverflowMarker } from "../src/emit/validators.js";
import { watchSpec } from "./watch.js";
import { checks } from "../src/fuzz/checks.js";
import type { FuzzCommandOptions } from "./fuzz.js";
import type { InitCommandOptions } from "./init.js";
import type { DiffCommandOptions } from "./diff.js";
import { lintRules, type LintLevel } from "../src/lint/lint-settings.js";
import { limitLintWarnings } from "../src/lint/limit-warnings.js";
import type { MockCommandOptions } from "./mock.js";

const allChecks = Object.keys(checks);

/** Parses a whole number ≥ `minimum` (default 1) for an option, or throws commander's usage error. */
function positiveInteger(option: string, value: string, minimum = 1): number {
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || number < minimum) throw new InvalidArgumentError(`${option} takes a whole number ≥ ${minimum}`);
  return number;
}

const program = new Command();
program.name("specwright").description("Schema-first OpenAPI contract compiler for TypeScript").version(generatorVersion);
// Usage errors exit 2, not commander's 1: 1 means "--check found stale output", which CI reads.
program.exitOverride();

program
  .command("generate")
  .description("generate types, handler interfaces, validators, routes and a client from an OpenAPI document")
  .argument("[spec]", "the OpenAPI 3.0/3.1 document (YAML or JSON)", "spec/openapi.yaml")
  .option("-o, --out <dir>", "output folder", "generated")
  .option("--check", "write nothing; exit 1 when the output folder is not current")
  .option("--allow-external-files", "allow $refs to files outside the spec's folder")
  .option("--allow-remote-refs <prefixes...>", "fetch http(s) $refs under these URL prefixes (refused otherwise)")
  .option("--strict", "treat an unknown format as an error, not a warning")
  .addOption(new Option("--date-time <type>", "how format: date-time is typed: string, or date (converted both ways)").choices(["string", "date"]).default("string"))
  .addOption(new Option("--int64 <type>", "how format: int64 parameters are typed: number (beyond 2^53 refused), or bigint (exact)").choices(["number", "bigint"]).default("number"))
  .option("--lint <rule=level...>", `set lint rules (warn or off): ${Object.keys(lintRules).join(", ")}`, parseLintFlag)
  .option("--no-lint", "turn every lint rule off")
  .option("--msw", "also write msw.ts: typed MSW request handlers answering from examples or the schemas")
  .option("-q, --quiet", "print nothing on success")
  .option("-w, --watch", "regenerate whenever the spec's folder changes (the compiler stays loaded)")
  .action(async (spec: string, options: GenerateCommandOptions) => {
    if (options.watch && options.check) {
      process.stderr.write("specwright: --watch and --check cannot be combined\n");
      process.exitCode = 3;
      return;
    }
    if (options.watch) await watchSpec(spec, () => generateOnce(spec, options));
    else await generateOnce(spec, options);
  });

program
  .command("fuzz")
  .description("test a running server against the spec: valid requests accepted, invalid ones refused, every response as declared")
  .argument("[spec]", "the OpenAPI document the server implements", "spec/openapi.yaml")
  .requiredOption("--url <base>", "the server's base URL, e.g. http://127.0.0.1:3000")
  .option("--checks <names...>", `checks to run (default all but the stateful ones): ${allChecks.join(", ")}`)
  .option("--max-examples <n>", "valid and invalid examples per operation", (value) => positiveInteger("--max-examples", value), 25)
  .option("--seed <n>", "seed for reproducible requests (default random; the report prints it)", (value) => positiveInteger("--seed", value, 0))
  .option("--time-limit <seconds>", "stop generating after this many seconds", (value) => positiveInteger("--time-limit", value))
  .option("--stateful", "also follow create → read → delete → read along CRUD paths and links")
  .option("--auth <scheme=credential...>", "a credential per security scheme (user:password for http basic)")
  .option("--header <name:value...>", "a header sent with every request")
  .option("--operation <operationId...>", "only these operations")
  .option("--json", "print the report as JSON")
  .action(async (spec: string, options: FuzzCommandOptions) => {
    // Loaded on use: the fuzzer's generator (fast-check) is not needed to generate code.
    const { fuzzCommand } = await import("./fuzz.js");
    process.exitCode = await fuzzCommand(spec, options);
  });

program
  .command("init")
  .description("create a project: package.json, tsconfig, a starter spec, handlers, a server, a test (never overwrites)")
  .argument("[dir]", "the project folder, created when missing; it must be empty", ".")
  .option("--specwright-version <spec>", "how package.json names specwright: a version range, a tag, or a path to a tarball or checkout (default ^" + generatorVersion + ")")
  .action(async (folder: string, options: InitCommandOptions) => {
    const { initCommand } = await import("./init.js");
    process.exitCode = await initCommand(folder, options);
  });

program
  .command("diff")
  .description("list the changes between two versions of a contract, breaking or not, for clients and for servers")
  .argument("<old>", "the earlier OpenAPI document")
  .argument("<new>", "the later OpenAPI document")
  .option("--json", "print the changes as JSON")
  .addOption(new Option("--fail-on <severity>", "exit 1 when a change is at least this severe for --for").choices(["breaking", "warning", "never"]).default("breaking"))
  .addOption(new Option("--for <end>", "whose breakage --fail-on counts").choices(["clients", "servers", "both"]).default("clients"))
  .option("--allow-external-files", "allow $refs to files outside each spec's folder")
  .option("--allow-remote-refs <prefixes...>", "fetch http(s) $refs under these URL prefixes (refused otherwise)")
  .action(async (oldSpec: string, newSpec: string, options: DiffCommandOptions) => {
    const { diffCommand } = await import("./diff.js");
    process.exitCode = await diffCommand(oldSpec, newSpec, options);
  });

/** Parses one `--lint rule=level` value (comma-separated pairs allowed) into the settings so far; throws commander's usage error. */
function parseLintFlag(value: string, previous: unknown): Record<string, LintLevel> {
  const settings = previous && typeof previous === "object" ? { ...(previous as Record<string, LintLevel>) } : {};
  for (const pair of value.split(",").filter((item) => item !== "")) {
    const [rule, level = "off"] = pair.split("=");
    if (!rule || !Object.hasOwn(lintRules, rule)) throw new InvalidArgumentError(`unknown lint rule ${JSON.stringify(rule)}; the rules are ${Object.keys(lintRules).join(", ")}`);
    if (level !== "warn" && level !== "off") throw new InvalidArgumentError(`the level of ${rule} must be warn or off`);
    settings[rule] = level;
  }
  return settings;
}

program
  .command("mock")
  .description("serve the spec with mock responses (examples, else generated from the schemas) and real request validation")
  .argument("[spec]", "the OpenAPI document to serve", "spec/openapi.yaml")
  .option("-p, --port <n>", "port to listen on (0: any free port)", (value) => positiveInteger("--port", value, 0), 4010)
  .option("--host <address>", "address to listen on", "127.0.0.1")
  .option("--stateful", "keep created resources in memory along CRUD paths and links")
  .option("--allow-external-files", "allow $refs to files outside the spec's folder")
  .option("-q, --quiet", "print only the URL, not each request")
  .action(async (spec: string, options: MockCommandOptions) => {
    // Loaded on use: the generator (fast-check) and the TypeScript transpiler are not needed to generate code.
    const { mockCommand } = await import("./mock.js");
    process.exitCode = await mockCommand(spec, options);
  });

/** The options of `specwright generate`. */
interface GenerateCommandOptions {
  out: string;
  check?: boolean;
  allowExternalFiles?: boolean;
  allowRemoteRefs?: string[];
  strict?: boolean;
  dateTime: "string" | "date";
  int64: "number" | "bigint";
  msw?: boolean;
  quiet?: boolean;
  watch?: boolean;
  /** `--lint` settings, true by default, false under `--no-lint`. */
  lint: boolean | Record<string, LintLevel>;
}

/** One `specwright generate`: prints warnings, errors and the result; sets the exit code. */
async function generateOnce(spec: string, options: GenerateCommandOptions): Promise<void> {
  const started = performance.now();
  try {
    const result = await generate({
      spec,
      out: options.out,
      ...(options.check ? { check: true } : {}),
      ...(options.allowExternalFiles ? { allowExternalFiles: true } : {}),
      ...(options.allowRemoteRefs ? { allowRemoteReferences: options.allowRemoteRefs } : {}),
      ...(options.strict ? { strict: true } : {}),
      dateTime: options.dateTime,
      int64: options.int64,
      ...(options.watch ? { typesWorker: false } : {}),
      ...(options.lint === false ? { lint: "off" as const } : typeof options.lint === "object" ? { lint: options.lint } : {}),
      ...(options.msw ? { msw: true } : {}),
    });
    if (result.warnings.length > 0) {
      const { shown, omitted } = limitLintWarnings(result.warnings);
      process.stderr.write([renderDiagnostics(shown, readSource), ...omitted].join("\n") + "\n");
    }
    const { stale, missing, extra } = result.changes;
    if (options.check) {
      const differences = [...stale.map((file) => `changed: ${file}`), ...missing.map((file) => `missing: ${file}`), ...extra.map((file) => `extra: ${file}`)];
      if (differences.length > 0) {
        process.stderr.write(`${options.out} is stale; run "specwright generate":\n  ${differences.join("\n  ")}\n`);
        process.exitCode = 1;
        return;
      }
      if (!options.quiet) process.stdout.write(`${options.out} is current\n`);
      return;
    }
    if (!options.quiet) {
      const milliseconds = Math.round(performance.now() - started);
      const what = result.written ? `wrote ${result.files.length} files to ${options.out}` : `${options.out} is already current`;
      process.stdout.write(`specwright: ${result.model.operations.length} operations from ${spec}; ${what} (${milliseconds} ms)\n`);
    }
  } catch (error) {
    if (needsLargerStack(error) && !process.env["SPECWRIGHT_LARGE_STACK"] && !options.watch) {
      // Rerun once with a larger V8 stack (within the 8 MiB a main thread gets on Linux and macOS).
      const rerun = spawnSync(process.execPath, [...process.execArgv, `--stack-size=${largeStackSize}`, ...process.argv.slice(1)], {
        stdio: "inherit",
        env: { ...process.env, SPECWRIGHT_LARGE_STACK: "1" },
      });
      process.exitCode = rerun.status ?? 3;
      return;
    }
    if (error instanceof SpecError) {
      process.stderr.write(renderDiagnostics(error.diagnostics, readSource) + "\n");
      process.stderr.write(`specwright: ${error.diagnostics.filter((item) => item.severity === "error").length} error(s); ${options.out} was left unchanged\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`specwright: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  }
}

/** A spec file's text for code frames; undefined when it cannot be read (then there is no frame). */
function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Whether a failure is V8's default stack running out (deeply nested documents overflow the YAML
 * parser and ajv's recursive compiler; very large specs overflow ajv's standalone builder).
 */
function needsLargerStack(error: unknown): boolean {
  const overflow = (message: string): boolean => message.startsWith(stackOverflowMarker) || message.includes("Maximum call stack size exceeded");
  if (error instanceof SpecError) return error.diagnostics.some((item) => overflow(item.message));
  return error instanceof RangeError && overflow(error.message);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // commander has printed the message (or the help or version); only the exit code is ours.
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
