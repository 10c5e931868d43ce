/**
 * `specwright mock`: serves a spec with mock handlers until interrupted (Ctrl-C, SIGTERM).
 * Prints the operations and the URL, then one line per request. Exit codes: 0 stopped by a
 * signal; 2 or 3 the command line or the spec has errors; 4 the server could not start (the port is taken…).
 */
import { readFileSync } from "node:fs";
import { SpecError } from "../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import { startMock } from "../src/mock/start-mock.js";
import { exitCodeOfDiagnostics, exitCodes } from "./exit-codes.js";

/** The options of `specwright mock`, as commander parses them. */
export interface MockCommandOptions {
  port: number;
  host: string;
  stateful?: boolean;
  quiet?: boolean;
  allowExternalFiles?: boolean;
  lenient?: boolean;
}

/** What the runtime tells `onResponse` (ResponseInfo of specwright/runtime). */
interface ResponseInfo {
  operationId: string | undefined;
  method: string;
  url: string;
  statusCode: number;
  durationMs: number;
}

/** Starts the mock and resolves with the exit code once it has stopped (or could not start). */
export async function mockCommand(spec: string, options: MockCommandOptions): Promise<number> {
  const say = (line: string): void => {
    if (!options.quiet) process.stdout.write(line + "\n");
  };
  // The runtime's warnings and errors (a handler failure, a mutualTLS scheme), one line each.
  const log = (level: string) => (record: Record<string, unknown>, message: string): void => {
    const { requestId, error, ...rest } = record;
    const details = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
    process.stderr.write(`specwright mock: ${level}: ${message}${details}${requestId ? ` (request ${String(requestId)})` : ""}${error instanceof Error ? `\n${error.stack ?? error.message}` : ""}\n`);
  };
  let mock;
  try {
    mock = await startMock({
      spec,
      port: options.port,
      host: options.host,
      ...(options.stateful ? { stateful: true } : {}),
      ...(options.allowExternalFiles ? { allowExternalFiles: true } : {}),
      ...(options.lenient ? { lenient: true } : {}),
      server: {
        logger: { error: log("error"), warn: log("warn"), info: () => {} },
        hooks: {
          onResponse: (info: ResponseInfo) => say(`${info.method} ${info.url} → ${info.statusCode}${info.operationId ? ` ${info.operationId}` : ""} (${Math.round(info.durationMs)} ms)`),
        },
      },
    });
  } catch (error) {
    if (error instanceof SpecError) {
      process.stderr.write(renderDiagnostics(error.diagnostics, readSource) + "\n");
      return exitCodeOfDiagnostics(error.diagnostics);
    }
    const code = (error as { code?: string }).code;
    process.stderr.write(`specwright mock: could not start: ${(error as Error).message}${code === "EADDRINUSE" ? " (choose another --port)" : ""}\n`);
    return exitCodes.internal;
  }
  const { model, url } = mock;
  say(`specwright mock: ${model.title} ${model.version}, ${model.operations.length} operations from ${spec}${options.stateful ? " (stateful)" : ""}`);
  for (const operation of model.operations) say(`  ${operation.method.toUpperCase().padEnd(7)} ${url}${operation.path}`);
  // Printed even with --quiet: scripts read the URL (with --port 0, the port chosen) from it.
  process.stdout.write(`specwright mock: listening on ${url} (docs at ${url}/docs); Ctrl-C stops it\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await mock.close();
  return exitCodes.done;
}

/** A spec file's text for code frames; undefined when it cannot be read. */
function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
