/**
 * One server process per core with node:cluster: the primary forks workers that share the
 * listening port (the primary accepts connections and hands them out), replaces a worker that
 * dies, restarts them one at a time on SIGHUP (a rolling restart: a new worker listens before an
 * old one closes), and stops them all gracefully on SIGTERM or SIGINT. Each worker stops by
 * calling its server's `close()`, so in-flight requests finish (see `ApiServer.close`).
 *
 * Each worker is a separate process with its own memory: state kept in memory (the example's
 * in-memory store) is per worker; a real application keeps it in a shared database.
 */
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { ApiServer } from "./server.js";

/** Options of {@link runCluster}. */
export interface ClusterOptions {
  /** Worker processes. Default `os.availableParallelism()` (the cores this process may use). */
  workers?: number;
  /**
   * How long a worker may take to close on a stop or restart before it is killed, ms. Default
   * 15 000: above the server's default grace period (`timeouts.closeGracePeriod`, 10 000 ms).
   */
  stopTimeout?: number;
  /**
   * Handle SIGTERM and SIGINT (stop every worker, then exit 0) and SIGHUP (rolling restart) in the
   * primary, and SIGTERM and SIGINT in the workers. Default true.
   */
  handleSignals?: boolean;
  /** Where the primary reports workers dying and restarts. Default: one line each on stderr. */
  log?: (message: string) => void;
}

/** The primary process of a cluster started by {@link runCluster}. */
export interface ClusterPrimary {
  /** The workers running now. */
  readonly workers: readonly Worker[];
  /**
   * Replaces the workers one at a time: a new one is forked and listening before an old one is
   * asked to close, so the port never goes unserved. Resolves when every worker is new.
   */
  reload(): Promise<void>;
  /** Asks every worker to close and resolves once all have exited. Dead workers are no longer replaced. */
  stop(): Promise<void>;
}

/** The message the primary sends a worker to make it close its server and exit. */
const stopMessage = "specwright:stop";

/**
 * Runs `start` in `workers` worker processes (call it from your entry module; the same module runs
 * as primary and as every worker). In a worker, awaits `start()` (which creates the server and
 * calls `listen`), arranges for it to close gracefully when asked, and resolves with undefined.
 * In the primary, forks the workers, resolves with a {@link ClusterPrimary} once all of them
 * listen, and replaces a worker that exits unexpectedly (after 1 s when it had run for less than
 * 5 s, so a worker failing at startup does not spin). Throws RangeError for a worker count below 1.
 */
export async function runCluster(start: () => ApiServer | Promise<ApiServer>, options: ClusterOptions = {}): Promise<ClusterPrimary | undefined> {
  const stopTimeout = options.stopTimeout ?? 15_000;
  const handleSignals = options.handleSignals ?? true;
  if (cluster.isWorker) {
    const server = await start();
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      // Exiting a moment after the server closed lets the primary finish handing over the
      // connections it had already sent here: refused by the closed server, they go to another worker.
      const exit = (code: number) => setTimeout(() => process.exit(code), 200);
      server.close().then(() => exit(0), () => exit(1));
    };
    process.on("message", (message) => {
      if (message === stopMessage) stop();
    });
    if (handleSignals) for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, stop);
    return undefined;
  }

  const count = options.workers ?? os.availableParallelism();
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`workers must be a whole number of at least 1, got ${count}`);
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const running = new Set<Worker>();
  const leaving = new Set<Worker>();
  const startedAt = new Map<Worker, number>();
  let stopped = false;

  const fork = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      startedAt.set(worker, Date.now());
      running.add(worker);
      const onExit = (code: number | null) => reject(new Error(`worker ${worker.process.pid} exited with ${code} before listening`));
      worker.once("exit", onExit);
      worker.once("listening", () => {
        worker.off("exit", onExit);
        resolve(worker);
      });
    });

  /** Asks a worker to close; kills it after stopTimeout. Resolves when it has exited. */
  const retire = (worker: Worker): Promise<void> =>
    new Promise((resolve) => {
      leaving.add(worker);
      if (worker.isDead()) {
        resolve();
        return;
      }
      const timer = setTimeout(() => worker.kill("SIGKILL"), stopTimeout);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      if (worker.isConnected()) worker.send(stopMessage);
      else worker.kill("SIGTERM");
    });

  cluster.on("exit", (worker, code, signal) => {
    running.delete(worker);
    const expected = leaving.delete(worker);
    if (expected || stopped) return;
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    log(`specwright: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    const replace = () => void fork().catch((error: Error) => log(`specwright: ${error.message}`));
    if (lived < 5_000) setTimeout(replace, 1_000).unref();
    else replace();
  });

  await Promise.all(Array.from({ length: count }, fork));

  let reloading: Promise<void> | undefined;
  const primary: ClusterPrimary = {
    get workers() {
      return [...running].filter((worker) => !leaving.has(worker));
    },
    reload() {
      reloading ??= (async () => {
        try {
          for (const old of primary.workers) {
            if (stopped) return;
            await fork();
            await retire(old);
          }
        } finally {
          reloading = undefined;
        }
      })();
      return reloading;
    },
    async stop() {
      stopped = true;
      await Promise.all([...running].map(retire));
    },
  };

  if (handleSignals) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        void primary.stop().then(() => process.exit(0));
      });
    }
    process.on("SIGHUP", () => {
      void primary.reload().catch((error: Error) => log(`specwright: reload failed: ${error.message}`));
    });
  }
  return primary;
}
