/**
 * `specwright diff <old> <new>`: the changes between two versions of a contract, for clients and
 * for servers (docs/diff.md). Exit codes: 0 nothing at or above `--fail-on` for the chosen end;
 * 1 something is (breaking changes found, by default); 2 the command line is wrong; 3 a spec has
 * errors; 4 an unexpected failure.
 */
import { readFileSync } from "node:fs";
import { SpecError } from "../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import { diffSpecs, failsOn } from "../src/diff/diff-specs.js";
import { renderDiff } from "../src/diff/render.js";

/** The options of `specwright diff`, as commander parses them. */
export interface DiffCommandOptions {
  json?: boolean;
  failOn: "breaking" | "warning" | "never";
  for: "clients" | "servers" | "both";
  allowExternalFiles?: boolean;
  allowRemoteRefs?: string[];
}

/** Runs one diff, prints the report (text or `--json`) on stdout, and returns the exit code. */
export async function diffCommand(oldSpec: string, newSpec: string, options: DiffCommandOptions): Promise<number> {
  try {
    const result = await diffSpecs(oldSpec, newSpec, {
      ...(options.allowExternalFiles ? { allowExternalFiles: true } : {}),
      ...(options.allowRemoteRefs ? { allowRemoteReferences: options.allowRemoteRefs } : {}),
    });
    process.stdout.write(options.json ? JSON.stringify(result, null, 2) + "\n" : renderDiff(result));
    return failsOn(result, options.failOn, options.for) ? 1 : 0;
  } catch (error) {
    if (error instanceof SpecError) {
      process.stderr.write(renderDiagnostics(error.diagnostics, readSource) + "\n");
      process.stderr.write(`specwright diff: ${error.diagnostics.filter((item) => item.severity === "error").length} error(s) in the specs; nothing was compared\n`);
      return 3;
    }
    process.stderr.write(`specwright diff: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    return 4;
  }
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
