/**
 * Section 3: cold start. For each server script: spawn `node <script>` on a free port, then poll
 * `GET /books/1` on 127.0.0.1 (a new connection per attempt, 1 ms between attempts) until the
 * first 200; the time from spawn() to that response's last byte is the cold start, in
 * milliseconds. Runs alternate between servers.
 */
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort, startNode, stop } from "./lib/processes.mjs";
import { fixed, median, ratio, renderTable } from "./lib/stats.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

const servers = [
  { name: "specwright (the example as npm start runs it)", key: "specwright", script: path.join(here, "servers/example.mjs") },
  { name: "fastify", key: "fastify", script: path.join(here, "servers/fastify.mjs") },
  { name: "raw node:http", key: "raw", script: path.join(here, "servers/raw.mjs") },
];

/** One GET; resolves with the status once the body is read, rejects on a connection error. */
function get(port, pathname) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: pathname, agent: false }, (response) => {
      response.resume();
      response.once("end", () => resolve(response.statusCode));
      response.once("error", reject);
    });
    request.once("error", reject);
  });
}

/**
 * Milliseconds from spawning `script` to its first 200 on `GET pathname`.
 * @param {string} script
 * @param {number} timeoutMs give up after this long
 * @param {string} [pathname]
 */
export async function coldStart(script, timeoutMs = 30_000, pathname = "/books/1") {
  const port = await freePort();
  const started = performance.now();
  const child = startNode(script, [], { PORT: String(port) });
  child.stdout.resume();
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
      const status = await get(port, pathname).catch(() => undefined);
      if (status === 200) return performance.now() - started;
      await sleep(1);
    }
    throw new Error(`${script}: no 200 within ${timeoutMs} ms`);
  } finally {
    await stop(child);
  }
}

/**
 * Runs the section and returns its table.
 * @param {{ runs: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function coldStartSection({ runs, log }) {
  const times = Object.fromEntries(servers.map((server) => [server.key, []]));
  for (let run = 0; run < runs; run++) {
    for (const server of run % 2 === 0 ? servers : [...servers].reverse()) {
      times[server.key].push(await coldStart(server.script));
    }
    log(`  cold start run ${run + 1}/${runs}: ${servers.map((server) => `${server.key} ${fixed(times[server.key].at(-1))} ms`).join(", ")}`);
  }
  const rows = servers.map((server) => {
    const own = times[server.key];
    return [server.name, fixed(median(own), 1), fixed(Math.min(...own), 1), fixed(Math.max(...own), 1), ratio(median(own), median(times.raw))];
  });
  return renderTable("Cold start: process spawn → first 200 on GET /books/1", ["server", "median ms", "min ms", "max ms", "vs raw"], rows, [
    `${runs} run(s) per server, alternated; polling every 1 ms on a new connection. Includes Node's own start-up;`,
    "specwright: the example server of the HTTP section (logger off).",
  ]);
}
