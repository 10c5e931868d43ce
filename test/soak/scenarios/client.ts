/**
 * L7 and L8 of RELIABILITY §3, for the generated client over `undiciTransport()` with an undici
 * Pool as its dispatcher: five misbehaving servers (no headers, a stalled body, a body over
 * `maxResponseSize`, a refused connection, a connection reset halfway), each call settling with
 * its typed error within the timeout and a second; then a soak of calls against the example
 * server with the client's own heap measured after GC.
 */
import type http from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Pool } from "undici";
import { NetworkError, TimeoutError } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";
import { createClient } from "../../../generated/client.js";
import { freePort } from "../../bench/lib/processes.mjs";
import { mebibytes, milliseconds, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { closeScriptedServers, scripted } from "../../helpers/scripted-server.js";
import { startSoakServer } from "../server-process.js";

const MiB = 1_048_576;
const timeout = 200;
const poolSize = 10;

/** Runs a full garbage collection in this process (with or without --expose-gc). */
function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  gc();
}

/** The typed error a call must end with, by bad server. */
interface BadServer {
  name: string;
  script?: (n: number, request: http.IncomingMessage, response: http.ServerResponse) => void;
  /** Describes a wrong outcome, or undefined when `error` is the one this server must cause. */
  check: (error: unknown) => string | undefined;
  /**
   * The client's timeout (200 ms) is set for the cases it is the answer to; the others fail
   * without waiting, and a 200 ms timer racing them on a loaded machine would blur which typed
   * error each gives (their settle time is still bounded).
   */
  timeout?: number;
}

const causeCode = (error: unknown) => ((error as { cause?: { code?: string } }).cause?.code);
const describe = (error: unknown) => (error instanceof Error ? `${error.name}${causeCode(error) ? ` (${causeCode(error)})` : ""}: ${error.message}` : `resolved ${JSON.stringify(error)?.slice(0, 80)}`);
const expectNetwork = (code: string) => (error: unknown) => (error instanceof NetworkError && causeCode(error) === code ? undefined : describe(error));
const expectTimeout = (error: unknown) => (error instanceof TimeoutError && error.timeout === timeout ? undefined : describe(error));

const badServers: BadServer[] = [
  { name: "no headers", script: () => undefined, check: expectTimeout, timeout },
  {
    name: "stalled body",
    script: (_n, _request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"id": 1, "title": "');
    },
    check: expectTimeout,
    timeout,
  },
  {
    name: "10 MiB body, maxResponseSize 1 MiB",
    script: (_n, _request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(10 * MiB) });
      response.end(Buffer.alloc(10 * MiB, 0x20));
    },
    check: expectNetwork("UND_ERR_RES_EXCEEDED_MAX_SIZE"),
  },
  { name: "connection refused", check: expectNetwork("ECONNREFUSED") },
  {
    name: "reset halfway through the body",
    script: (_n, request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"id": 1, "title": "' + "x".repeat(480));
      setTimeout(() => request.socket.destroy(), 10);
    },
    check: expectNetwork("UND_ERR_SOCKET"),
  },
];

/** Runs `count` calls, `concurrency` at a time. */
async function inBatches(count: number, concurrency: number, call: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let index = next++; index < count; index = next++) await call(index);
  }));
}

/** L7: `clientFaultCalls` calls to each of five bad servers, and as many aborted calls. */
export async function clientFaults(context: SoakContext, result: ScenarioResult): Promise<void> {
  const calls = context.counts.clientFaultCalls;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    result.info("calls per bad server; client timeout (no headers, stalled body); pool size", `${calls}; ${timeout} ms; ${poolSize}`);
    for (const bad of badServers) {
      const url = bad.script ? (await scripted(bad.script)).url : `http://127.0.0.1:${await freePort()}`;
      const pool = new Pool(url, { connections: poolSize, maxResponseSize: MiB });
      const transport = undiciTransport({ dispatcher: pool });
      const client = createClient({ baseUrl: url, transport, ...(bad.timeout ? { timeout: bad.timeout } : {}) });
      const wrong: string[] = [];
      let hung = 0;
      let slowest = 0;
      await inBatches(calls, poolSize, async () => {
        const started = performance.now();
        const watchdog = new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 10_000).unref());
        const outcome = await Promise.race([client.getBook({ path: { bookId: 1 } }).then((value) => ({ value }), (error: unknown) => ({ error })), watchdog]);
        slowest = Math.max(slowest, performance.now() - started);
        if (outcome === "hung") hung += 1;
        else {
          const problem = bad.check("error" in outcome ? outcome.error : outcome.value);
          if (problem) wrong.push(problem);
        }
      });
      result.equals(`${bad.name}: calls that hung`, hung, 0);
      result.equals(`${bad.name}: calls without the typed error of the case`, wrong.length, 0);
      for (const problem of [...new Set(wrong)].slice(0, 2)) result.notes.push(`${bad.name}: ${problem}`);
      result.atMost(`${bad.name}: slowest call to settle`, slowest, (timeout + 1000) * context.slack, milliseconds);
      result.atMost(`${bad.name}: client connections open afterwards`, pool.stats.connected, poolSize);
      await pool.destroy();
    }
    // Cancellation: each call aborted 50 ms in, against the server that never answers.
    const { url } = await scripted(() => undefined);
    const pool = new Pool(url, { connections: poolSize });
    const client = createClient({ baseUrl: url, transport: undiciTransport({ dispatcher: pool }) });
    const wrongAbort: string[] = [];
    await inBatches(calls, poolSize, async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await client.getBook({ path: { bookId: 1 } }, { signal: controller.signal }).then(() => undefined, (caught: unknown) => caught);
      if (!(error instanceof Error) || error.name !== "AbortError") wrongAbort.push(describe(error));
    });
    // Time from abort() to settling, measured per call.
    const settle: number[] = [];
    await inBatches(Math.min(calls, 50), poolSize, async () => {
      const controller = new AbortController();
      const call = client.getBook({ path: { bookId: 1 } }, { signal: controller.signal }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const abortedAt = performance.now();
      controller.abort();
      await call;
      settle.push(performance.now() - abortedAt);
    });
    result.equals("aborted calls rejecting with something other than an AbortError", wrongAbort.length, 0);
    for (const problem of [...new Set(wrongAbort)].slice(0, 2)) result.notes.push(`abort: ${problem}`);
    result.below("slowest settle after abort()", Math.max(...settle), 200 * context.slack, milliseconds);
    await pool.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    result.equals("unhandled rejections in the client process", unhandled.length, 0);
  } finally {
    process.off("unhandledRejection", onUnhandled);
    await closeScriptedServers();
  }
}

/** L8: `clientCalls` calls through the generated client at `connections` concurrent calls, a tenth answered 404. */
export async function clientSoak(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { clientCalls, connections } = context.counts;
  const server = await startSoakServer({ api: "example" });
  const pool = new Pool(server.url, { connections });
  const client = createClient({ baseUrl: server.url, transport: undiciTransport({ dispatcher: pool }) });
  const book = { title: "Soak", author: "Client", year: 2020 };
  // A rotation of ten: getBook, listBooks and createBook three times each, and one declared 404.
  const calls: (() => Promise<{ status: number }>)[] = [
    () => client.getBook({ path: { bookId: 1 } }), () => client.listBooks({ query: { limit: 5 } }), () => client.createBook({ body: book }),
    () => client.getBook({ path: { bookId: 1 } }), () => client.listBooks({ query: { limit: 5 } }), () => client.createBook({ body: book }),
    () => client.getBook({ path: { bookId: 1 } }), () => client.listBooks({ query: { limit: 5 } }), () => client.createBook({ body: book }),
    () => client.getBook({ path: { bookId: 424_242 } }),
  ];
  const expected = [200, 200, 201, 200, 200, 201, 200, 200, 201, 404];
  let unexpected = 0;
  const examples: string[] = [];
  let declared4xx = 0;
  let maxConnected = 0;
  const run = (count: number) => inBatches(count, connections, async (index) => {
    const slot = index % calls.length;
    try {
      const { status } = await calls[slot]!();
      if (status !== expected[slot]) throw new Error(`status ${status}, expected ${expected[slot]}`);
      if (status === 404) declared4xx += 1;
    } catch (error) {
      unexpected += 1;
      if (examples.length < 3) examples.push(describe(error));
    }
    maxConnected = Math.max(maxConnected, pool.stats.connected);
  });
  try {
    await run(Math.min(5000, clientCalls));
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    unexpected = 0;
    declared4xx = 0;
    const started = performance.now();
    await run(clientCalls);
    const seconds = (performance.now() - started) / 1000;
    collectGarbage();
    const growth = process.memoryUsage().heapUsed - baseline;
    result.info("calls; concurrent; calls/s", `${clientCalls}; ${connections}; ${Math.round(clientCalls / seconds)}`);
    result.equals("unexpected errors or statuses", unexpected, 0);
    for (const example of examples) result.notes.push(example);
    result.equals("declared 404 results (a tenth)", declared4xx, Math.floor(clientCalls / 10));
    result.atMost("open connections, most seen", maxConnected, connections);
    result.atMost("client heapUsed growth after GC", growth, 8 * MiB * context.slack, mebibytes);
  } finally {
    await pool.close();
    await server.stop();
  }
}
