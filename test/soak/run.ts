/**
 * `npm run soak`: RELIABILITY §3's load, soak and fault scenarios (L1–L11) and the killed-generate
 * check (§2.8 G2) in one bounded run on 127.0.0.1, servers in child processes started with
 * `--expose-gc` so their memory is measured alone. Prints a table of every figure against its
 * bound, and exits 1 when one misses. Progress goes to stderr, the table to stdout.
 *
 * Run as `node --expose-gc --import tsx test/soak/run.ts` after `npm run build` (the script does
 * both: the G2 and L6 checks run the built command and example). Environment (all optional):
 *
 *   SOAK_SCENARIOS   comma-separated subset (L1,…,L11,G2); default all
 *   SOAK_REQUESTS    L1 and L2 requests (per L2 mix); default 100000
 *   SOAK_WARMUP      L2 warm-up requests; default 10000
 *   SOAK_CONNECTIONS L1/L2 keep-alive connections, L8 concurrent calls; default 100
 *   SOAK_UPLOADS     L3 concurrent uploads; default 50 (SOAK_UPLOAD_MIB each, default 100)
 *   SOAK_SLOW_SOCKETS, SOAK_NORMAL_REQUESTS   L4; default 500 and 1000
 *   SOAK_ABORTS      L5 aborted requests; default 10000
 *   SOAK_IN_FLIGHT, SOAK_IDLE_SOCKETS         L6; default 200 and 50
 *   SOAK_CLIENT_FAULT_CALLS  L7 calls per bad server; default 100
 *   SOAK_CLIENT_CALLS        L8 calls; default 50000
 *   SOAK_PROPERTY_RUNS       L9 fast-check runs per wire-rule property; default 2000 (RELIABILITY: 10000)
 *   SOAK_ROUND_TRIP_RUNS     L9 runs per end-to-end round-trip property (client → HTTP → server); default 100
 *   SOAK_MUTATIONS           L9 mutated JSON bodies; default 10000
 *   SOAK_CORPUS      L10 "reduced" (six specs, default) or "full" (shared/corpus/public.txt)
 *   SOAK_GENERATE_KILLS      G2 killed generate runs; default 20
 *   SOAK_FULL=1      RELIABILITY's counts everywhere (L9 10000 and 1000 runs, L10 the full corpus)
 */
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killAll } from "../bench/lib/processes.mjs";
import { fullCounts, type SoakCounts } from "./context.js";
import { renderResults, type ScenarioResult } from "./figures.js";
import { runScenario, scenarios } from "./scenarios.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A non-negative whole number from the environment, or `fallback`. */
function countFromEnvironment(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * The counts of this run: RELIABILITY's, except L9's runs and L10's corpus unless SOAK_FULL=1
 * (together they take about half an hour on a 2-core machine), each overridable.
 */
function soakCountsFromEnvironment(): SoakCounts {
  const full = process.env["SOAK_FULL"] === "1";
  const corpus = process.env["SOAK_CORPUS"] ?? (full ? "full" : "reduced");
  if (corpus !== "full" && corpus !== "reduced") throw new Error(`SOAK_CORPUS must be "reduced" or "full", got ${JSON.stringify(corpus)}`);
  return {
    requests: countFromEnvironment("SOAK_REQUESTS", fullCounts.requests),
    warmup: countFromEnvironment("SOAK_WARMUP", fullCounts.warmup),
    connections: Math.max(1, countFromEnvironment("SOAK_CONNECTIONS", fullCounts.connections)),
    uploads: countFromEnvironment("SOAK_UPLOADS", fullCounts.uploads),
    uploadMebibytes: countFromEnvironment("SOAK_UPLOAD_MIB", fullCounts.uploadMebibytes),
    slowSockets: countFromEnvironment("SOAK_SLOW_SOCKETS", fullCounts.slowSockets),
    normalRequests: countFromEnvironment("SOAK_NORMAL_REQUESTS", fullCounts.normalRequests),
    aborts: countFromEnvironment("SOAK_ABORTS", fullCounts.aborts),
    inFlight: countFromEnvironment("SOAK_IN_FLIGHT", fullCounts.inFlight),
    idleSockets: countFromEnvironment("SOAK_IDLE_SOCKETS", fullCounts.idleSockets),
    clientFaultCalls: countFromEnvironment("SOAK_CLIENT_FAULT_CALLS", fullCounts.clientFaultCalls),
    clientCalls: countFromEnvironment("SOAK_CLIENT_CALLS", fullCounts.clientCalls),
    propertyRuns: countFromEnvironment("SOAK_PROPERTY_RUNS", full ? fullCounts.propertyRuns : 2000),
    roundTripRuns: countFromEnvironment("SOAK_ROUND_TRIP_RUNS", full ? fullCounts.roundTripRuns : 100),
    mutations: countFromEnvironment("SOAK_MUTATIONS", fullCounts.mutations),
    corpus,
    generateKills: countFromEnvironment("SOAK_GENERATE_KILLS", fullCounts.generateKills),
  };
}

const log = (line: string) => process.stderr.write(line + "\n");
let failed = false;
const workspace = path.join(root, ".test-output", `soak-${process.pid}`);
try {
  const counts = soakCountsFromEnvironment();
  const selected = (process.env["SOAK_SCENARIOS"] ?? scenarios.map((scenario) => scenario.id).join(",")).split(",").map((id) => id.trim()).filter(Boolean);
  const unknown = selected.filter((id) => !scenarios.some((scenario) => scenario.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(", ")} in SOAK_SCENARIOS (known: ${scenarios.map((scenario) => scenario.id).join(", ")})`);
  await mkdir(workspace, { recursive: true });
  const cpus = os.cpus();
  const started = new Date();
  console.log("# specwright soak");
  console.log("");
  console.log(`started ${started.toISOString()}; machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`load average at start (1/5/15 min): ${os.loadavg().map((value) => value.toFixed(2)).join(" / ")}`);
  console.log(`counts: ${Object.entries(counts).map(([name, value]) => `${name}=${value}`).join(" ")}`);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios.filter((candidate) => selected.includes(candidate.id))) {
    log(`[${scenario.id}] ${scenario.title}…`);
    const result = await runScenario(scenario, { counts, log, workspace, slack: 1 });
    log(`[${scenario.id}] done in ${result.seconds.toFixed(1)} s${result.misses.length ? `, ${result.misses.length} MISS` : ""}`);
    results.push(result);
  }
  console.log(renderResults(results));
  console.log("");
  console.log(`wall time ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s; load average at end (1/5/15 min): ${os.loadavg().map((value) => value.toFixed(2)).join(" / ")}`);
  failed = results.some((result) => result.misses.length > 0);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  killAll();
  await rm(workspace, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
