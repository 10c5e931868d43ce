/**
 * Section 1: HTTP throughput and latency. autocannon (in the runner's process) loads one server
 * child at a time on 127.0.0.1 with `connections` keep-alive connections for `durationSeconds`.
 * Each round starts fresh server children (so every round begins with the same store), runs the
 * routes in order and, per route, the servers in an order rotated every round; a warm-up run of
 * `warmupSeconds` precedes each measured run. Figures are medians over rounds.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { routes } from "./routes.mjs";
import { processCpuMicroseconds, startServer, stop } from "./lib/processes.mjs";
import { Samples, fixed, median, percentile, ratio, renderTable } from "./lib/stats.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The servers compared, in their base order. */
export const servers = [
  { name: "specwright", script: path.join(here, "servers/specwright.mjs") },
  { name: "example", script: path.join(here, "servers/example.mjs") },
  { name: "fastify", script: path.join(here, "servers/fastify.mjs") },
  { name: "raw", script: path.join(here, "servers/raw.mjs") },
];

/**
 * @typedef {object} RunResult
 * @property {number} requestsPerSecond completed responses per second of the measured run
 * @property {number} p50 median latency, milliseconds
 * @property {number} p99 99th-percentile latency, milliseconds
 * @property {Record<string, number>} statuses response count per status code
 * @property {number} errors connection errors and timeouts
 * @property {number} total responses received
 * @property {number} [cpuPerRequest] the server process's CPU time (user + system) per response, µs
 */

/**
 * One autocannon run. Latencies are taken from autocannon's per-response event (sub-millisecond
 * precision: its own histogram rounds to whole milliseconds).
 * @param {string} baseUrl
 * @param {import("./routes.mjs").BenchRoute} route
 * @param {number} durationSeconds
 * @param {number} connections
 * @returns {Promise<RunResult>}
 */
export async function load(baseUrl, route, durationSeconds, connections) {
  const latencies = new Samples();
  const instance = autocannon({
    url: baseUrl + route.path,
    method: route.method,
    connections,
    duration: durationSeconds,
    ...(route.body !== undefined ? { body: route.body, headers: { "content-type": "application/json" } } : {}),
  });
  instance.on("response", (_client, _statusCode, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  const result = await instance;
  const sorted = latencies.sorted();
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/**
 * Runs the section and returns its table.
 * @param {{ durationSeconds: number, warmupSeconds: number, rounds: number, connections: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function httpSection({ durationSeconds, warmupSeconds, rounds, connections, log }) {
  /** results[server][route] = RunResult[] (one per round) */
  const results = Object.fromEntries(servers.map((server) => [server.name, routes.map(() => [])]));
  for (let round = 0; round < rounds; round++) {
    const order = servers.map((_, index) => servers[(index + round) % servers.length]);
    const started = [];
    try {
      for (const server of order) started.push({ ...server, ...(await startServer(server.script)) });
      for (const [routeIndex, route] of routes.entries()) {
        for (const server of started) {
          if (warmupSeconds > 0) await load(server.url, route, warmupSeconds, connections);
          const cpuBefore = processCpuMicroseconds(server.child.pid);
          const result = await load(server.url, route, durationSeconds, connections);
          const cpuAfter = processCpuMicroseconds(server.child.pid);
          if (cpuBefore !== undefined && cpuAfter !== undefined && result.total > 0) result.cpuPerRequest = (cpuAfter - cpuBefore) / result.total;
          results[server.name][routeIndex].push(result);
          const cpu = result.cpuPerRequest === undefined ? "" : `, ${fixed(result.cpuPerRequest, 1)} µs CPU/request`;
          log(`  http round ${round + 1}/${rounds} ${server.name.padEnd(10)} ${route.name}: ${fixed(result.requestsPerSecond)} req/s${cpu}`);
        }
      }
    } finally {
      await Promise.all(started.map((server) => stop(server.child)));
    }
  }

  const rows = [];
  const notes = [];
  for (const [routeIndex, route] of routes.entries()) {
    const summary = {};
    for (const server of servers) {
      const runs = results[server.name][routeIndex];
      const statuses = new Set(runs.flatMap((run) => Object.keys(run.statuses)));
      const errors = runs.reduce((sum, run) => sum + run.errors, 0);
      summary[server.name] = {
        requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
        p50: median(runs.map((run) => run.p50)),
        p99: median(runs.map((run) => run.p99)),
        cpuPerRequest: runs.every((run) => run.cpuPerRequest !== undefined) ? median(runs.map((run) => run.cpuPerRequest)) : undefined,
        statuses: [...statuses].sort().join("/"),
      };
      if (errors > 0) notes.push(`! ${server.name}, ${route.name}: ${errors} connection errors or timeouts`);
      const expected = String(route.expected[server.name] ?? route.expected.specwright);
      if (summary[server.name].statuses !== expected) {
        notes.push(`! ${server.name}, ${route.name}: answered ${summary[server.name].statuses}, expected ${expected}`);
      }
    }
    for (const server of servers) {
      const own = summary[server.name];
      // The ratios are specwright's: the server the targets apply to, and the example as users run it.
      const ours = server.name === "specwright" || server.name === "example";
      rows.push([
        server.name === servers[0].name ? route.name : "",
        server.name,
        own.statuses,
        fixed(own.requestsPerSecond),
        fixed(own.p50, 2),
        fixed(own.p99, 2),
        own.cpuPerRequest === undefined ? "n/a" : fixed(own.cpuPerRequest, 1),
        ours ? ratio(own.requestsPerSecond, summary.fastify.requestsPerSecond) : "",
        ours ? ratio(own.requestsPerSecond, summary.raw.requestsPerSecond) : "",
        ours && own.cpuPerRequest !== undefined ? ratio(summary.fastify.cpuPerRequest, own.cpuPerRequest) : "",
        ours && own.cpuPerRequest !== undefined ? ratio(summary.raw.cpuPerRequest, own.cpuPerRequest) : "",
      ]);
    }
  }
  notes.unshift(
    `${connections} connections, ${durationSeconds} s per run after a ${warmupSeconds} s warm-up, medians over ${rounds} round(s).`,
    "sw/fastify, sw/raw: ratios of req/s. CPU µs/req: the server process's CPU time (user + system, /proc) per response; the CPU ratios are",
    "speed ratios (the other server's CPU per response ÷ specwright's), steadier than req/s when the load generator and the server share 2 cores.",
    "specwright: the generated server with handlers that do what the peers' do (the targets apply to it); request validation, security and response",
    "filtering on, as in production (BENCH_VALIDATE_RESPONSES=1 adds response validation). example: the example as npm start runs it (CORS, the",
    "exception mapper, the deferred audit task), over the same bounded store. fastify: equivalent JSON schemas",
    "(responses serialised and filtered by fast-json-stringify, not validated; invalid body → 400, not 422). raw: no validation",
    "(the invalid book is stored: 201).",
  );
  return renderTable(
    "HTTP throughput and latency (127.0.0.1, autocannon)",
    ["route", "server", "status", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "sw/fastify", "sw/raw", "CPU sw/fastify", "CPU sw/raw"],
    rows,
    notes,
  );
}
