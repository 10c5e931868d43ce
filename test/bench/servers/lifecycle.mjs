/**
 * What every benchmark server child shares: where to listen, how to tell the runner where it
 * listens, and how it ends.
 *
 * - It listens on 127.0.0.1, on the port in `PORT` (0 or unset: an ephemeral port).
 * - Once listening it writes one line to stdout, its base URL (`http://127.0.0.1:PORT`).
 * - It exits on SIGTERM or SIGINT, when its stdin closes (the runner died or let go of it), and
 *   at the latest after `BENCH_CHILD_LIFETIME_MS` milliseconds (default 30 minutes), so no child
 *   outlives a benchmark run.
 */

import { pathToFileURL } from "node:url";

/** The host every benchmark server binds: loopback only. */
export const host = "127.0.0.1";

/** The port to listen on: `PORT`, or 0 for an ephemeral one. */
export const port = Number(process.env.PORT ?? 0);

/**
 * Announces the server to the runner and arranges its exit.
 * @param {number} boundPort the port the server actually listens on
 */
export function announce(boundPort) {
  process.stdout.write(`http://${host}:${boundPort}\n`);
  const exit = () => process.exit(0);
  process.once("SIGTERM", exit);
  process.once("SIGINT", exit);
  // stdin is a pipe from the runner: it closes when the runner exits, however it exits.
  process.stdin.on("close", exit);
  process.stdin.on("end", exit);
  process.stdin.resume();
  setTimeout(exit, Number(process.env.BENCH_CHILD_LIFETIME_MS ?? 30 * 60_000)).unref();
}

/**
 * Whether a server module runs as the benchmark child (`node servers/x.mjs`) rather than being
 * imported (by overhead.mjs, which drives its request listener in process).
 * @param {string} moduleUrl the module's import.meta.url
 */
export function isMain(moduleUrl) {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}
