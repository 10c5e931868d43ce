#!/usr/bin/env node
/**
 * The `specwright` command. Each command is registered here and runs from its own module
 * (`generate`: generate-command.ts; `init`, `diff`, `mock`, `fuzz`: imported when they run). Exit codes, the same for every
 * command (exit-codes.ts, docs/cli.md): 0 done; 1 the check found a difference (`generate
 * --check`: stale output; `fuzz`: a failed check); 2 usage (an unknown command or option, a bad
 * value, an invalid config file, a refused output folder); 3 the spec has errors (printed as
 * `file:line:column: error CODE: message (at #/pointer)` with a code frame); 4 internal failure.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { generatorVersion } from "../src/emit/header.js";
import { checks } from "../src/fuzz/checks.js";
import { exitCodes } from "./exit-codes.js";
import type { DiffCommandOptions } from "./diff.js";
import type { FuzzCommandOptions } from "./fuzz.js";
import { registerGenerateCommand } from "./generate-command.js";
import type { InitCommandOptions } from "./init.js";
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
  .command("init")
  .description("create a project: package.json, tsconfig, a starter spec, handlers, a server, a test (never overwrites)")
  .argument("[dir]", "the project folder, created when missing; it must be empty", ".")
  .option("--specwright-version <spec>", "how package.json names specwright: a version range, a tag, or a path to a tarball or checkout (default ^" + generatorVersion + ")")
  .action(async (folder: string, options: InitCommandOptions) => {
    const { initCommand } = await import("./init.js");
    process.exitCode = await initCommand(folder, options);
  });

registerGenerateCommand(program);

program
  .command("mock")
  .description("serve the spec with mock responses (examples, else generated from the schemas) and real request validation")
  .argument("[spec]", "the OpenAPI document to serve", "spec/openapi.yaml")
  .option("-p, --port <n>", "port to listen on (0: any free port)", (value) => positiveInteger("--port", value, 0), 4010)
  .option("--host <address>", "address to listen on", "127.0.0.1")
  .option("--stateful", "keep created resources in memory along CRUD paths and links")
  .option("--allow-external-files", "allow $refs to files outside the spec's folder")
  .option("--lenient", "accept schema mistakes that change behaviour, as generate --lenient does")
  .option("-q, --quiet", "print only the URL, not each request")
  .action(async (spec: string, options: MockCommandOptions) => {
    // Loaded on use: the generator (fast-check) and the TypeScript transpiler are not needed to generate code.
    const { mockCommand } = await import("./mock.js");
    process.exitCode = await mockCommand(spec, options);
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
  .option("--lenient", "accept schema mistakes that change behaviour, as generate --lenient does")
  .action(async (spec: string, options: FuzzCommandOptions) => {
    // Loaded on use: the fuzzer's generator (fast-check) is not needed to generate code.
    const { fuzzCommand } = await import("./fuzz.js");
    process.exitCode = await fuzzCommand(spec, options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) {
    process.stderr.write(`specwright: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = exitCodes.internal;
  } else {
    // commander has printed the message (or the help or version); only the exit code is ours.
    process.exitCode = error.exitCode === 0 ? exitCodes.done : exitCodes.usage;
  }
}
