/**
 * Section "overhead": CPU time per request inside the server, without sockets. Each server's
 * request listener (specwright's generated example server, Fastify 5, raw node:http; the same
 * modules the HTTP section runs as children) is driven in this process through specwright's
 * `inject()` transport, one request at a time, and the process's CPU time (user + system, from
 * process.cpuUsage) is divided by the number of requests.
 *
 * Why beside the HTTP section: on a 2-core machine shared by the load generator (and, here, other
 * work), req/s swing by ±30 % from run to run, while CPU time per request moves by a few percent.
 * The figures include inject's own cost (building an IncomingMessage and reading the response
 * back), the same for every server, so the differences between servers are the servers' own.
 */
import { inject } from "../../dist/src/runtime/index.js";
import { invalidBook, validBook } from "./routes.mjs";
import { buildFastify } from "./servers/fastify.mjs";
import { createRawListener } from "./servers/raw.mjs";
import { createSpecwrightServer } from "./servers/specwright.mjs";
import { fixed, median, ratio, renderTable } from "./lib/stats.mjs";

const requests = [
  { name: "GET /books/1", request: { method: "GET", url: "http://bench/books/1", headers: {} } },
  { name: "GET /books?genre=…&limit=10&offset=0", request: { method: "GET", url: "http://bench/books?genre=Software%20Engineering&limit=10&offset=0", headers: {} } },
  { name: "POST /books (invalid: year 500)", request: { method: "POST", url: "http://bench/books", headers: { "content-type": "application/json" }, body: JSON.stringify(invalidBook) } },
  { name: "POST /books (valid)", request: { method: "POST", url: "http://bench/books", headers: { "content-type": "application/json" }, body: JSON.stringify(validBook) } },
];

/** Microseconds of CPU per request over `count` sequential requests. */
async function cpuPerRequest(transport, request, count) {
  const started = process.cpuUsage();
  for (let index = 0; index < count; index++) await transport(request);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

/**
 * Runs the section and returns its table.
 * @param {{ requestsPerRun: number, rounds: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function overheadSection({ requestsPerRun, rounds, log }) {
  const names = ["specwright", "specwright+rv", "fastify", "raw"];
  /** figures[server][route] = µs per request, one per round */
  const figures = Object.fromEntries(names.map((name) => [name, requests.map(() => [])]));
  for (let round = 0; round < rounds; round++) {
    // Fresh servers (and stores) every round: the valid POSTs of a round grow the store the list
    // route scans, as in the HTTP section.
    const fastify = buildFastify();
    await fastify.ready();
    const servers = [
      { name: "specwright", transport: inject(createSpecwrightServer(false)) },
      { name: "specwright+rv", transport: inject(createSpecwrightServer(true)) },
      { name: "fastify", transport: inject((request, response) => fastify.server.emit("request", request, response)) },
      { name: "raw", transport: inject(createRawListener()) },
    ];
    for (const [routeIndex, route] of requests.entries()) {
      const order = servers.map((_, index) => servers[(index + round) % servers.length]);
      for (const server of order) {
        await cpuPerRequest(server.transport, route.request, Math.ceil(requestsPerRun / 10)); // warm-up
        const microseconds = await cpuPerRequest(server.transport, route.request, requestsPerRun);
        figures[server.name][routeIndex].push(microseconds);
        log(`  overhead round ${round + 1}/${rounds} ${server.name.padEnd(10)} ${route.name}: ${fixed(microseconds, 1)} µs/request`);
      }
    }
    await fastify.close();
  }
  const rows = requests.flatMap((route, routeIndex) => {
    const of = (name) => median(figures[name][routeIndex]);
    return names.map((name, index) => [
      index === 0 ? route.name : "",
      name,
      fixed(of(name), 1),
      index === 0 ? ratio(of("fastify"), of("specwright")) : "",
      index === 0 ? ratio(of("raw"), of("specwright")) : "",
    ]);
  });
  return renderTable("Overhead: CPU per request in process", ["route", "server", "CPU µs/request", "fastify/sw", "raw/sw"], rows, [
    `${requestsPerRun} sequential requests per run through inject() (no sockets), medians over ${rounds} round(s).`,
    "Ratios are speed ratios (the other server's CPU ÷ specwright's): above 1× means specwright uses less CPU per request.",
    "specwright: as in production (response filtering); specwright+rv: with response validation too (the development default).",
  ]);
}
