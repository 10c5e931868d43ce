/**
 * specwright's benchmark (`npm run bench`, which builds dist/ first). Plain Node, no test runner:
 * vitest never picks these files up. Nine sections, each printed as a table:
 *
 *   http     HTTP req/s and p50/p99 latency (ms): specwright vs Fastify 5 vs raw node:http
 *   overhead CPU µs per request in process (no sockets), same three servers: steadier than req/s
 *   compile  GitHub's spec: specwright generate vs openapi-typescript, and tsc over each output
 *   cold     process spawn → first 200 response (ms)
 *   client   generated client over undiciTransport() vs undici.request (req/s)
 *   bundle   the example's client bundled for the browser by esbuild: bytes minified and gzip
 *   cluster  the example as one process and as runCluster with a worker per core (req/s)
 *   diff     specwright diff on two releases of GitHub's spec, and lint on the current one (ms)
 *   install  bytes installed by @specwright/runtime, @specwright/client and specwright, each alone
 *
 * Environment (all optional):
 *   BENCH_DURATION     seconds per measured run (http, client); default 8
 *   BENCH_ROUNDS       rounds (http, client; compile: generate vs openapi-typescript), alternated; default 3
 *   BENCH_WARMUP       warm-up seconds before each measured run; default min(1, BENCH_DURATION / 4)
 *   BENCH_CONNECTIONS  connections (http) and concurrent callers (client); default 10
 *   BENCH_COLD_RUNS    cold starts per server; default 5
 *   BENCH_OVERHEAD_REQUESTS  requests per overhead run; default 20000
 *   BENCH_SECTIONS     comma-separated subset of http,overhead,compile,cold,client,bundle,cluster,diff,install; default all
 *
 * Everything runs on 127.0.0.1; every child process is killed at the end. Exit code 1 when a
 * section failed (the others still run).
 */
import { readdirSync, statSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSection } from "./bundle.mjs";
import { clientSection } from "./client.mjs";
import { clusterSection } from "./cluster.mjs";
import { coldStartSection } from "./cold-start.mjs";
import { compileSection } from "./compile.mjs";
import { diffSection } from "./diff.mjs";
import { httpSection } from "./http.mjs";
import { installSection } from "./install.mjs";
import { killAll } from "./lib/processes.mjs";
import { overheadSection } from "./overhead.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A positive number from the environment, or `fallback`. */
function numberFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(text)}`);
  return value;
}

const durationSeconds = numberFromEnv("BENCH_DURATION", 8);
const rounds = Math.max(1, Math.round(numberFromEnv("BENCH_ROUNDS", 3)));
const warmupSeconds = numberFromEnv("BENCH_WARMUP", Math.min(1, durationSeconds / 4));
const connections = Math.max(1, Math.round(numberFromEnv("BENCH_CONNECTIONS", 10)));
const coldRuns = Math.max(1, Math.round(numberFromEnv("BENCH_COLD_RUNS", 5)));
const overheadRequests = Math.max(100, Math.round(numberFromEnv("BENCH_OVERHEAD_REQUESTS", 20_000)));
const sections = (process.env.BENCH_SECTIONS ?? "http,overhead,compile,cold,client,bundle,cluster,diff,install").split(",").map((item) => item.trim()).filter(Boolean);

/** Progress goes to stderr, tables to stdout. */
const log = (line) => process.stderr.write(line + "\n");

/**
 * Throws when dist/ is missing or older than a source it is built from (run `npm run build`).
 */
function checkDistIsFresh() {
  const required = ["dist/packages/runtime/package.json", "dist/packages/client/package.json", "dist/generated/routes.js", "dist/generated/client.js", "dist/generated/validators.cjs", "dist/src/example/handlers.js", "dist/cli/specwright.js"];
  for (const file of required) if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: run "npm run build" (or "npm run bench", which builds)`);
  let newestSource = 0;
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|cjs|json)$/.test(entry.name)) newestSource = Math.max(newestSource, statSync(full).mtimeMs);
    }
  };
  for (const folder of ["src", "cli", "generated"]) visit(path.join(root, folder));
  const built = statSync(path.join(root, "dist/generated/routes.js")).mtimeMs;
  const builtRuntime = statSync(path.join(root, "dist/src/runtime/index.js")).mtimeMs;
  if (newestSource > Math.min(built, builtRuntime) + 1000) throw new Error(`dist/ is older than its sources: run "npm run build" (or "npm run bench", which builds)`);
}

const runners = {
  http: () => httpSection({ durationSeconds, warmupSeconds, rounds, connections, log }),
  overhead: () => overheadSection({ requestsPerRun: overheadRequests, rounds, log }),
  compile: () => compileSection({ rounds, log }),
  cold: () => coldStartSection({ runs: coldRuns, log }),
  client: () => clientSection({ durationSeconds, warmupSeconds, rounds, callers: connections, log }),
  bundle: () => bundleSection({ log }),
  cluster: () => clusterSection({ durationSeconds, warmupSeconds, rounds, connections, log }),
  diff: () => diffSection({ rounds, log }),
  install: () => installSection({ log }),
};

let failed = false;
try {
  checkDistIsFresh();
  for (const section of sections) if (!(section in runners)) throw new Error(`unknown section "${section}" in BENCH_SECTIONS (known: ${Object.keys(runners).join(", ")})`);
  const cpus = os.cpus();
  console.log("# specwright benchmark");
  console.log("");
  console.log(`machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`load average at start (1/5/15 min): ${os.loadavg().map((value) => value.toFixed(2)).join(" / ")}`);
  console.log(`settings: BENCH_DURATION=${durationSeconds} BENCH_ROUNDS=${rounds} BENCH_WARMUP=${warmupSeconds} BENCH_CONNECTIONS=${connections} BENCH_COLD_RUNS=${coldRuns} BENCH_SECTIONS=${sections.join(",")}`);
  for (const section of sections) {
    const started = performance.now();
    log(`[${section}] running…`);
    try {
      console.log(await runners[section]());
    } catch (error) {
      failed = true;
      console.log(`\n## ${section}: FAILED\n\n${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    log(`[${section}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log("");
  console.log(`load average at end (1/5/15 min): ${os.loadavg().map((value) => value.toFixed(2)).join(" / ")}`);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  killAll();
}
process.exitCode = failed ? 1 : 0;
