/**
 * L6 of RELIABILITY §3: close() with requests in flight (handlers that take 300 ms), idle
 * keep-alive sockets and live ones that keep sending; again with a handler that never answers and
 * a 1 s grace period; and the example as `npm start` runs it (dist/src/example/main.js) under
 * keep-alive load of GETs and POSTs, sent SIGTERM.
 */
import { once } from "node:events";
import path from "node:path";
import { Pool } from "undici";
import { freePort, startNode, firstLine, stop } from "../../bench/lib/processes.mjs";
import { milliseconds, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { httpRequest, RawConnection, type ParsedResponse } from "../../helpers/raw-connection.js";
import { loadUntilClosed, openConnections } from "../../helpers/shutdown-load.js";
import { startSoakServer } from "../server-process.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keepAliveGet = (target: string) => httpRequest("GET", target, {}, undefined, true);

/** Resolves when `check` is true (polled every 20 ms); rejects after `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** close() with `inFlight` requests in their handlers, `idleSockets` idle connections and 20 live ones. */
async function closeWithRequestsInFlight(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { inFlight, idleSockets } = context.counts;
  // The server calls close() itself the moment the last of the requests enters its handler.
  const server = await startSoakServer({ api: "example", getBookDelays: { "1": 300 }, closeWhenInHandler: inFlight });
  try {
    const idle = await Promise.all(Array.from({ length: idleSockets }, async () => {
      const connection = await RawConnection.open(server.port);
      await connection.write(keepAliveGet("/books/featured"));
      await connection.nextResponse();
      return connection;
    }));
    const connections = await Promise.all(Array.from({ length: inFlight }, () => RawConnection.open(server.port)));
    // The first `live` connections get a second request once close() has begun, while their
    // first is still in its handler: it arrives on a live connection and must get 503 with
    // `Connection: close` (and the first its 200).
    const live = Math.min(20, inFlight);
    let sendSecond!: () => void;
    const closing = new Promise<void>((resolve) => (sendSecond = resolve));
    const closed = server.closedByItself(() => sendSecond());
    const answers = connections.map(async (connection, index) => {
      await connection.write(keepAliveGet("/books/1"));
      if (index >= live) return { first: await connection.nextResponse(10_000).catch((error: Error) => error), second: undefined };
      await closing;
      await connection.write(keepAliveGet("/books/featured"));
      const first = await connection.nextResponse(10_000).catch((error: Error) => error);
      const second = first instanceof Error ? undefined : await connection.nextResponse(10_000).catch((error: Error) => error);
      return { first, second };
    });
    const { closeMs, closedAt } = await Promise.race([closed, sleep(30_000).then(() => Promise.reject(new Error("the server did not close within 30 s")))]);
    const outcomes = await Promise.all(answers);
    const statuses = outcomes.map(({ first }) => (first instanceof Error ? first.message : String(first.status)));
    const pipelined = outcomes.slice(0, live).map(({ second }) => (second === undefined ? "none" : second instanceof Error ? second.message : `${second.status} connection: ${second.headers["connection"]}`));
    const refused = await RawConnection.open(server.port).then((connection) => {
      connection.socket.destroy();
      return "connected";
    }, (error: { code?: string }) => error.code ?? "error");
    result.info("in flight; idle keep-alive connections; requests sent on live ones after close()", `${inFlight}; ${idleSockets}; ${live}`);
    result.equals("in-flight requests answered 200", statuses.filter((status) => status === "200").length, inFlight);
    const others = statuses.filter((status) => status !== "200");
    if (others.length > 0) result.notes.push(`in flight, not 200: ${others.slice(0, 3).join("; ")}`);
    result.equals("idle sockets closed by the time close() resolved", idle.filter((connection) => connection.closed && connection.closedAt! <= closedAt + 100).length, idleSockets);
    result.equals("requests arriving on live connections after close(): 503 + Connection: close", pipelined.filter((outcome) => outcome === "503 connection: close").length, live);
    for (const outcome of pipelined.filter((item) => item !== "503 connection: close").slice(0, 3)) result.notes.push(`sent on a live connection after close(): ${outcome}`);
    result.equals("new connection after close()", refused, "ECONNREFUSED");
    result.atMost("close() took (handlers take 300 ms)", closeMs, (300 + 1000) * context.slack, milliseconds);
  } finally {
    await server.stop();
  }
}

/** close() with a handler that never answers, grace period 1 s. */
async function closeWithStuckHandler(result: ScenarioResult, slack: number): Promise<void> {
  const grace = 1000;
  const server = await startSoakServer({ api: "example", getBookDelays: { "2": null }, timeouts: { closeGracePeriod: grace } });
  try {
    const connection = await RawConnection.open(server.port);
    await connection.write(keepAliveGet("/books/2"));
    await until(async () => (await server.inHandler()) === 1, 10_000, "the stuck handler");
    const { closeMs } = await server.close();
    await connection.closedWithin(1000).catch(() => undefined);
    result.atMost("stuck handler: close() took (grace 1000 ms)", closeMs, (grace + 1000) * slack, milliseconds);
    result.equals("stuck handler: its connection destroyed without a response", connection.closed && connection.bytes.length === 0 ? "yes" : "no", "yes");
  } finally {
    await server.stop();
  }
}

/** The example as main.ts runs it, under `connections` keep-alive connections of GETs and POSTs, sent SIGTERM. */
async function exampleOnSigterm(result: ScenarioResult, connections: number): Promise<void> {
  const port = await freePort();
  const child = startNode(path.resolve("dist/src/example/main.js"), [], { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent" });
  try {
    await firstLine(child, 30_000);
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
    await openConnections(pool, connections);
    let closing = false;
    const load = loadUntilClosed(pool, connections, 100, () => closing);
    await sleep(300);
    const exited = once(child, "exit") as Promise<[number | null, string | null]>;
    closing = true;
    child.kill("SIGTERM");
    const [code, signal] = await exited;
    const outcomes = await load;
    await pool.close();
    result.equals("example on SIGTERM: exit code", signal ?? String(code), "0");
    result.equals("example on SIGTERM under load: requests lost", outcomes.lost.length, 0);
    result.info("example on SIGTERM: answered / 503 / refused", `${outcomes.answered} / ${outcomes.unavailable} / ${outcomes.refused}`);
    for (const lost of outcomes.lost.slice(0, 3)) result.notes.push(`lost: ${lost}`);
  } finally {
    await stop(child);
  }
}

/** L6: graceful shutdown, three ways. */
export async function gracefulShutdown(context: SoakContext, result: ScenarioResult): Promise<void> {
  await closeWithRequestsInFlight(context, result);
  await closeWithStuckHandler(result, context.slack);
  await exampleOnSigterm(result, context.counts.connections);
}
