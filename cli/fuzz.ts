/**
 * `specwright fuzz`: runs the contract fuzzer against a server at a URL and prints the report.
 * Exit codes: 0 every check passed; 1 a check failed; 2 the spec has errors or an option is
 * wrong; 3 the server could not be reached or the run failed otherwise.
 */
import { SpecError } from "../src/diagnostics/diagnostic.js";
import { readFileSync } from "node:fs";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import { allChecks, formatReport, fuzz, type CheckName } from "../src/fuzz/index.js";
import type { CredentialSource } from "../src/client/index.js";

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
}

/** Runs one fuzz and returns the exit code. */
export async function fuzzCommand(spec: string, options: FuzzCommandOptions): Promise<number> {
  const checks = options.checks?.flatMap((item) => item.split(",")).map((item) => item.trim()).filter((item) => item !== "");
  const unknown = checks?.filter((check) => !(allChecks as readonly string[]).includes(check)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`specwright fuzz: unknown check ${unknown.join(", ")}; the checks are ${allChecks.join(", ")}\n`);
    return 2;
  }
  const credentials: Record<string, CredentialSource> = {};
  for (const item of options.auth ?? []) {
    const equals = item.indexOf("=");
    if (equals <= 0) {
      process.stderr.write(`specwright fuzz: --auth takes scheme=credential, not ${JSON.stringify(item)}\n`);
      return 2;
    }
    credentials[item.slice(0, equals)] = item.slice(equals + 1);
  }
  const headers: Record<string, string> = {};
  for (const item of options.header ?? []) {
    const colon = item.indexOf(":");
    if (colon <= 0) {
      process.stderr.write(`specwright fuzz: --header takes name:value, not ${JSON.stringify(item)}\n`);
      return 2;
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
    });
    process.stdout.write((options.json ? JSON.stringify(report, null, 2) : formatReport(report)) + "\n");
    return report.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof SpecError) {
      process.stderr.write(renderDiagnostics(error.diagnostics, (file) => {
        try {
          return readFileSync(file, "utf8");
        } catch {
          return undefined;
        }
      }) + "\n");
      return 2;
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    process.stderr.write(`specwright fuzz: the run failed: ${(error as Error).message}${cause?.code ? ` (${cause.code})` : ""}\n`);
    return 3;
  }
}
