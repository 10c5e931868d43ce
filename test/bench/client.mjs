/**
 * Section 4: the generated client. Against the raw node:http server (its own child, fresh each
 * round), a client child runs `callers` concurrent callers back to back for `durationSeconds`:
 * once with the generated client over undiciTransport(), once with plain `undici.request`
 * (alternating which goes first). Figures are medians over rounds.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { firstLine, startNode, startServer, stop } from "./lib/processes.mjs";
import { fixed, median, ratio, renderTable } from "./lib/stats.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const modes = [
  { key: "specwright", name: "generated client + undiciTransport()" },
  { key: "undici", name: "undici.request + body.json()" },
];
const clientRoutes = [
  { key: "get", name: "GET /books/1" },
  { key: "post", name: "POST /books (valid)" },
];

/**
 * Runs the section and returns its table.
 * @param {{ durationSeconds: number, warmupSeconds: number, rounds: number, callers: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function clientSection({ durationSeconds, warmupSeconds, rounds, callers, log }) {
  /** results[route][mode] = [{ requestsPerSecond, p50, p99, failed }] */
  const results = Object.fromEntries(clientRoutes.map((route) => [route.key, Object.fromEntries(modes.map((mode) => [mode.key, []]))]));
  for (let round = 0; round < rounds; round++) {
    const server = await startServer(path.join(here, "servers/raw.mjs"));
    try {
      for (const route of clientRoutes) {
        for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
          const worker = startNode(path.join(here, "client-worker.mjs"), [mode.key, server.url, route.key, String(durationSeconds), String(callers), String(warmupSeconds)]);
          const output = JSON.parse(await firstLine(worker, (durationSeconds + warmupSeconds) * 1000 + 30_000));
          await stop(worker);
          const requestsPerSecond = output.completed / output.seconds;
          results[route.key][mode.key].push({ requestsPerSecond, p50: output.p50, p99: output.p99, failed: output.failed });
          log(`  client round ${round + 1}/${rounds} ${mode.key.padEnd(10)} ${route.name}: ${fixed(requestsPerSecond)} req/s`);
        }
      }
    } finally {
      await stop(server.child);
    }
  }
  const rows = [];
  const notes = [];
  for (const route of clientRoutes) {
    const own = results[route.key];
    const rate = (key) => median(own[key].map((run) => run.requestsPerSecond));
    for (const mode of modes) {
      const runs = own[mode.key];
      const failed = runs.reduce((sum, run) => sum + run.failed, 0);
      if (failed > 0) notes.push(`! ${mode.key}, ${route.name}: ${failed} failed calls`);
      rows.push([
        mode === modes[0] ? route.name : "",
        mode.name,
        fixed(rate(mode.key)),
        fixed(median(runs.map((run) => run.p50)), 2),
        fixed(median(runs.map((run) => run.p99)), 2),
        mode.key === "specwright" ? ratio(rate("specwright"), rate("undici")) : "",
      ]);
    }
  }
  notes.unshift(
    `${callers} concurrent callers, ${durationSeconds} s per run after a ${warmupSeconds} s warm-up, medians over ${rounds} round(s), against the raw node:http server;`,
    "undici.request sends the same Accept (and Content-Type) headers the generated client sends.",
  );
  return renderTable("Client: generated client vs undici.request", ["route", "client", "req/s", "p50 ms", "p99 ms", "client/undici"], rows, notes);
}
