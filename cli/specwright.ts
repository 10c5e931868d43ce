#!/usr/bin/env node
/**
 * The `specwright` command. Each command is registered from its own module (`generate`:
 * generate-command.ts; `fuzz`: fuzz.ts, imported when it runs). Exit codes, the same for every
 * command (exit-codes.ts, docs/cli.md): 0 done; 1 the check found a difference (`generate
 * --check`: stale output; `fuzz`: a failed check); 2 usage (an unknown command or option, a bad
 * value, an invalid config file, a refused output folder); 3 the spec has errors (printed as
 * `file:line:column: error CODE: message (at #/pointer)` with a code frame); 4 internal failure.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { generatorVersion } from "../src/emit/header.js";
import { checks } from "../src/fuzz/checks.js";
import { exitCodes } from "./exit-codes.js";
import type { FuzzCommandOptions } from "./fuzz.js";
import { registerGenerateCommand } from "./generate-command.js";

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

registerGenerateCommand(program);

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
