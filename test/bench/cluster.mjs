/**
 * Section: every core. The example server as `npm start` runs it (dist/src/example/main.js), as
 * one process and as a node:cluster of one worker per core (`WORKERS=auto`, runCluster), loaded
 * by autocannon with GET /books/1; req/s as medians over rounds, and the
 * cluster's ratio to one process. autocannon runs in this process, on the same cores, so on a
 * small machine the ratio stays under the core count: it says what a deployment on this machine
 * gains, not what the server could do alone.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "./http.mjs";
import { freePort, startNode, stop } from "./lib/processes.mjs";
import { fixed, median, ratio, renderTable } from "./lib/stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// GET only: the example's store holds 10,000 books, so a POST run would soon measure its 507s.
const benchRoutes = [{ name: "GET /books/1", method: "GET", path: "/books/1" }];

/** Starts the example with `workers` (undefined: one process) and resolves once every process listens. */
async function startExample(workers) {
  const port = await freePort();
  const child = startNode(path.join(root, "dist/src/example/main.js"), [], { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", ...(workers ? { WORKERS: String(workers) } : {}) });
  const expected = workers ?? 1;
  await new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error("the example did not start within 30 s")), 30_000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      seen += (chunk.match(/listening on/g) ?? []).length;
      if (seen >= expected) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the example exited (${code}) before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/**
 * Runs the section and returns its table.
 * @param {{ durationSeconds: number, warmupSeconds: number, rounds: number, connections: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function clusterSection({ durationSeconds, warmupSeconds, rounds, connections, log }) {
  const cores = os.availableParallelism();
  const setups = [{ name: "one process", workers: undefined }, { name: `cluster, ${cores} workers`, workers: cores }];
  /** results[setup][route] = req/s per round */
  const results = setups.map(() => benchRoutes.map(() => []));
  for (let round = 0; round < rounds; round++) {
    for (const [setupIndex, setup] of (round % 2 === 0 ? setups : [...setups].reverse()).map((item) => [setups.indexOf(item), item])) {
      const { child, url } = await startExample(setup.workers);
      try {
        for (const [routeIndex, route] of benchRoutes.entries()) {
          if (warmupSeconds > 0) await load(url, route, warmupSeconds, connections);
          const run = await load(url, route, durationSeconds, connections);
          results[setupIndex][routeIndex].push(run.requestsPerSecond);
          log(`  cluster round ${round + 1}/${rounds} ${setup.name.padEnd(20)} ${route.name}: ${fixed(run.requestsPerSecond)} req/s (${run.errors} errors)`);
        }
      } finally {
        await stop(child, 20_000);
      }
    }
  }
  const rows = benchRoutes.flatMap((route, routeIndex) => setups.map((setup, setupIndex) => {
    const value = median(results[setupIndex][routeIndex]);
    return [route.name, setup.name, fixed(value), setupIndex === 0 ? "1.00×" : ratio(value, median(results[0][routeIndex]))];
  }));
  return renderTable("every core (the example as npm start runs it, autocannon on the same machine)", ["route", "setup", "req/s", "vs one process"], rows, [
    `${cores} cores available; autocannon shares them, so the ratio is what a deployment on this machine gains.`,
  ]);
}
