/**
 * `specwright fuzz`: runs the contract fuzzer against a server at a URL and prints the report.
 * Exit codes (exit-codes.ts): 0 every check passed; 1 a check failed; 2 an option is wrong; 3 the
 * spec has errors; 4 the server could not be reached or the run failed otherwise.
 */
import { SpecError } from "../src/diagnostics/diagnostic.js";
import { readFileSync } from "node:fs";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import { allChecks, formatReport, fuzz, type CheckName } from "../src/fuzz/index.js";
import type { CredentialSource } from "../src/client/index.js";
import { exitCodeOfDiagnostics, exitCodes, type ExitCode } from "./exit-codes.js";

/** The options of `specwright fuzz`, as commander parses them. */
export interface FuzzCommandOptions {
  url: string;
  checks?: string[];
  maxExamples: number;
  seed?: number;
  timeLimit?: number;
  stateful?: boolean;
  auth?: string[];
  header?: string[];
  operation?: string[];
  json?: boolean;
  lenient?: boolean;
}

/** Runs one fuzz and returns the exit code. */
export async function fuzzCommand(spec: string, options: FuzzCommandOptions): Promise<ExitCode> {
  const checks = options.checks?.flatMap((item) => item.split(",")).map((item) => item.trim()).filter((item) => item !== "");
  const unknown = checks?.filter((check) => !(allChecks as readonly string[]).includes(check)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`specwright fuzz: unknown check ${unknown.join(", ")}; the checks are ${allChecks.join(", ")}\n`);
    return exitCodes.usage;
  }
  const credentials: Record<string, CredentialSource> = {};
  for (const item of options.auth ?? []) {
    const equals = item.indexOf("=");
    if (equals <= 0) {
      process.stderr.write(`specwright fuzz: --auth takes scheme=credential, not ${JSON.stringify(item)}\n`);
      return exitCodes.usage;
    }
    credentials[item.slice(0, equals)] = item.slice(equals + 1);
  }
  const headers: Record<string, string> = {};
  for (const item of options.header ?? []) {
    const colon = item.indexOf(":");
    if (colon <= 0) {
      process.stderr.write(`specwright fuzz: --header takes name:value, not ${JSON.stringify(item)}\n`);
      return exitCodes.usage;
    }
    headers[item.slice(0, colon).trim()] = item.slice(colon + 1).trim();
  }
  try {
    const report = await fuzz(options.url, {
      spec,
      ...(checks ? { checks: checks as CheckName[] } : {}),
      maxExamples: options.maxExamples,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.timeLimit !== undefined ? { timeLimitMs: options.timeLimit * 1000 } : {}),
      ...(options.stateful ? { stateful: true } : {}),
      credentials,
      headers,
      ...(options.operation ? { operations: options.operation } : {}),
      ...(options.lenient ? { lenient: true } : {}),
    });
    process.stdout.write((options.json ? JSON.stringify(report, null, 2) : formatReport(report)) + "\n");
    return report.passed ? exitCodes.done : exitCodes.different;
  } catch (error) {
    if (error instanceof SpecError) {
      process.stderr.write(renderDiagnostics(error.diagnostics, (file) => {
        try {
          return readFileSync(file, "utf8");
        } catch {
          return undefined;
        }
      }) + "\n");
      return exitCodeOfDiagnostics(error.diagnostics);
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    process.stderr.write(`specwright fuzz: the run failed: ${(error as Error).message}${cause?.code ? ` (${cause.code})` : ""}\n`);
    return exitCodes.internal;
  }
}
