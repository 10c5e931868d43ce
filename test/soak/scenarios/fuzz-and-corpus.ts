/**
 * L9 and L10 of RELIABILITY §3, by running what the test suite already has with larger counts:
 * the fast-check round trips (test/property/parameter-styles.test.ts: every style × explode ×
 * shape through the shared wire rules; test/e2e/parameter-round-trips.test.ts: generated client →
 * HTTP → server for every parameter of the every-form fixture) with FC_RUNS cases per property,
 * plus mutated JSON bodies sent to the example server; and the conformance corpus
 * (test/corpus/conformance.ts: generate, `tsc --strict`, serve and fuzz each spec in a child
 * process), generated a second time by the built command and compared file by file.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { Pool } from "undici";
import { runCommand } from "../../bench/lib/processes.mjs";
import { readCorpusList, publicCorpusList, reducedCorpus, runConformance } from "../../corpus/conformance.js";
import { hashTree } from "../../helpers/temp.js";
import { milliseconds, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { startSoakServer } from "../server-process.js";

/** One test of vitest's JSON report. */
interface ReportedTest {
  fullName: string;
  status: string;
  duration?: number;
}

/** Runs a test file with FC_RUNS=`runs`; resolves with vitest's per-test results. */
async function propertyTests(file: string, runs: number, workspace: string): Promise<{ tests: ReportedTest[]; code: number | null; output: string }> {
  const report = path.join(workspace, `${path.basename(file)}.json`);
  const vitest = path.resolve("node_modules/vitest/vitest.mjs");
  const run = await runCommand(process.execPath, [vitest, "run", file, "--reporter=json", `--outputFile=${report}`], { env: { FC_RUNS: String(runs) }, timeoutMs: 60 * 60_000 });
  const parsed = JSON.parse(await readFile(report, "utf8").catch(() => '{"testResults":[]}')) as { testResults: { assertionResults: ReportedTest[] }[] };
  return { tests: parsed.testResults.flatMap((result) => result.assertionResults), code: run.code, output: run.stderr + run.stdout };
}

/** Valid JSON bodies of the example's operations, by method and path. */
const validBodies: { method: "POST" | "PUT" | "PATCH"; path: string; body: string }[] = [
  { method: "POST", path: "/books", body: JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 1965, genre: "Science fiction" }) },
  { method: "PUT", path: "/books/1", body: JSON.stringify({ title: "Clean Code", author: "Robert C. Martin", year: 2008 }) },
  { method: "PATCH", path: "/books/1", body: JSON.stringify({ year: 2009 }) },
  { method: "POST", path: "/users", body: JSON.stringify({ email: "ada@example.com", username: "ada", password: "correct horse" }) },
];

/** A mutation of JSON text: characters deleted, inserted, replaced or repeated, or the text cut short. */
const mutation = fc.tuple(fc.nat(validBodies.length - 1), fc.array(fc.tuple(fc.constantFrom("delete", "insert", "replace", "repeat", "truncate"), fc.nat(), fc.constantFrom(..."{}[]\",:0-9.eE+-tnf \\u\u0000\u00e9\ud800x"), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 4 }));

function mutate(text: string, edits: [string, number, string, number][]): string {
  let result = text;
  for (const [kind, at, character, length] of edits) {
    const index = result.length === 0 ? 0 : at % result.length;
    if (kind === "delete") result = result.slice(0, index) + result.slice(index + length);
    else if (kind === "insert") result = result.slice(0, index) + character + result.slice(index);
    else if (kind === "replace") result = result.slice(0, index) + character + result.slice(index + 1);
    else if (kind === "repeat") result = result.slice(0, index) + result.slice(index, index + length).repeat(3) + result.slice(index);
    else result = result.slice(0, index);
  }
  return result;
}

/** L9: property round trips with `propertyRuns` cases per property, and `mutations` mutated bodies. */
export async function propertyFuzz(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { propertyRuns, mutations } = context.counts;
  const suites = [
    { label: "wire rules", file: "test/property/parameter-styles.test.ts", runs: propertyRuns },
    { label: "client → HTTP → server", file: "test/e2e/parameter-round-trips.test.ts", runs: context.counts.roundTripRuns },
  ];
  for (const suite of suites.filter((item) => item.runs > 0)) {
    const { tests, code, output } = await propertyTests(suite.file, suite.runs, context.workspace);
    const failed = tests.filter((test) => test.status !== "passed");
    const longest = Math.max(0, ...tests.map((test) => test.duration ?? 0));
    result.info(`${suite.label}: cases per property; tests`, `${suite.runs}; ${tests.length}`);
    result.equals(`${suite.label}: tests failing`, tests.length === 0 ? `no report (exit ${code})` : failed.length, 0);
    for (const test of failed.slice(0, 3)) result.notes.push(`failed: ${test.fullName}`);
    if (tests.length === 0) result.notes.push(output.slice(-500));
    result.atMost(`${suite.label}: longest test`, longest, 60_000 * context.slack, milliseconds);
  }
  const server = await startSoakServer({ api: "example" });
  const pool = new Pool(server.url, { connections: 10 });
  try {
    const samples = fc.sample(mutation, { numRuns: mutations, seed: 16 });
    const statuses = new Map<string, number>();
    let next = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (let index = next++; index < samples.length; index = next++) {
        const [which, edits] = samples[index]!;
        const target = validBodies[which]!;
        const status = await pool.request({ method: target.method, path: target.path, headers: { "content-type": "application/json" }, body: mutate(target.body, edits) }).then(async (response) => {
          await response.body.dump();
          return String(response.statusCode);
        }, (error: { code?: string }) => error.code ?? "error");
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }));
    const answered = [...statuses].filter(([status]) => /^[24]\d\d$/.test(status)).reduce((sum, [, count]) => sum + count, 0);
    result.info("mutated JSON bodies (seed 16) by status", [...statuses].sort().map(([status, count]) => `${status} ×${count}`).join(", "));
    result.equals("mutated bodies answered other than 2xx/4xx", samples.length - answered, 0);
    result.equals("uncaught exceptions in the server", (await server.sample()).uncaught.length, 0);
  } finally {
    await pool.close();
    await server.stop();
  }
}

/** Files the conformance run writes beside the generated ones (for tsc and its report). */
const notGenerated = new Set(["package.json", "tsconfig.json", "fuzz-report.txt"]);

/** L10: the corpus generated, type-checked, served and fuzzed, then generated again and compared. */
export async function compilerCorpus(context: SoakContext, result: ScenarioResult): Promise<void> {
  const entries = context.counts.corpus === "full" ? await readCorpusList(publicCorpusList) : reducedCorpus;
  const first = path.join(context.workspace, "corpus-first");
  const second = path.join(context.workspace, "corpus-second");
  const rows = await runConformance(entries, first, { timeLimitMs: 600_000, log: (line) => context.log(`[L10] ${line.replace(/\s+/g, " ").slice(0, 160)}`) });
  const differing: string[] = [];
  for (const entry of entries) {
    const name = entry.file.replace(/[^A-Za-z0-9]+/g, "_");
    const spec = path.resolve("node_modules", entry.packageName, entry.file);
    const run = await runCommand(process.execPath, [path.resolve("dist/cli/specwright.js"), "generate", spec, "--out", path.join(second, name), "--quiet"], { timeoutMs: 600_000 });
    const strip = (tree: Record<string, string>) => JSON.stringify(Object.entries(tree).filter(([file]) => !notGenerated.has(file)).sort(([a], [b]) => (a < b ? -1 : 1)));
    const a = await hashTree(path.join(first, name)).catch(() => ({}));
    const b = await hashTree(path.join(second, name)).catch(() => ({}));
    if (run.code !== 0 || strip(a) !== strip(b) || Object.keys(b).length === 0) differing.push(`${entry.packageName}:${entry.file}${run.code !== 0 ? ` (second run exit ${run.code})` : ""}`);
  }
  const crashed = rows.filter((row) => /^(crashed|timed out)/.test(row.reason ?? ""));
  const tscFailed = rows.filter((row) => row.reason?.startsWith("tsc:"));
  const failed = rows.filter((row) => row.result === "fail");
  result.info("specs (list)", `${entries.length} (${context.counts.corpus === "full" ? "shared/corpus/public.txt" : "the reduced set; SOAK_CORPUS=full for the whole list"})`);
  result.equals("crashes or time-outs", crashed.length, 0);
  result.equals("outputs failing tsc --strict", tscFailed.length, 0);
  result.equals("specs failing conformance (generate, tsc, serve, fuzz)", failed.length, 0);
  for (const row of failed.slice(0, 5)) result.notes.push(`${row.spec}: ${row.reason?.slice(0, 200)}`);
  result.equals("specs whose two runs differ (SHA-256 of every file)", differing.length, 0);
  for (const spec of differing.slice(0, 5)) result.notes.push(`differs: ${spec}`);
  result.info("fuzz requests; generate time, sum", `${rows.reduce((sum, row) => sum + row.requests, 0)}; ${milliseconds(rows.reduce((sum, row) => sum + row.generateMs, 0))}`);
  result.notes.push("GitHub's time and peak RSS against openapi-typescript: `npm run bench` (compile section)");
  await rm(first, { recursive: true, force: true });
  await rm(second, { recursive: true, force: true });
}
