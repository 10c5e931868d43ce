/**
 * L4 of RELIABILITY §3: sockets that trickle their request head one byte a second (headersTimeout
 * 2 000 ms in this test), while normal requests are served: every slow socket is answered 408 or
 * closed within 5 s, every normal request succeeds, and the server's file descriptors return to
 * their baseline.
 */
import { Pool } from "undici";
import { milliseconds, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { parseResponse, RawConnection } from "../../helpers/raw-connection.js";
import { startSoakServer } from "../server-process.js";

const headersTimeout = 2000;

/** Opens a connection and writes one byte of a request head per second until the server closes it (or 10 s pass). */
async function trickle(port: number): Promise<{ lifetimeMs: number; status: number | undefined; closedByServer: boolean }> {
  const connection = await RawConnection.open(port);
  const head = `GET /books/1 HTTP/1.1\r\nHost: localhost\r\nX-Slow: ${"a".repeat(100)}`;
  for (let index = 0; index < head.length && !connection.closed && Date.now() - connection.openedAt < 10_000; index++) {
    await connection.write(head[index]!);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), connection.closedWithin(1000).catch(() => undefined)]);
  }
  await connection.closedWithin(1000).catch(() => undefined);
  const closedByServer = connection.closed;
  connection.socket.destroy();
  return { lifetimeMs: (connection.closedAt ?? Date.now()) - connection.openedAt, status: parseResponse(connection.bytes, true)?.status, closedByServer };
}

/** L4: `slowSockets` slowloris connections and `normalRequests` normal ones at the same time. */
export async function slowloris(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { slowSockets, normalRequests } = context.counts;
  const server = await startSoakServer({ api: "example", timeouts: { headersTimeout } });
  try {
    const before = await server.sample();
    const slow = Promise.all(Array.from({ length: slowSockets }, () => trickle(server.port)));
    // The normal requests while the slow sockets are open, spread over the 2 s the slow ones last.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pool = new Pool(server.url, { connections: 10 });
    const statuses = new Map<string, number>();
    let next = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (let index = next++; index < normalRequests; index = next++) {
        const status = await pool.request({ method: "GET", path: "/books/1" }).then(async (response) => {
          await response.body.dump();
          return String(response.statusCode);
        }, (error: { code?: string }) => error.code ?? "error");
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (normalRequests > 100) await new Promise((resolve) => setTimeout(resolve, 1500 / normalRequests));
      }
    }));
    await pool.close();
    const outcomes = await slow;
    const longest = Math.max(...outcomes.map((outcome) => outcome.lifetimeMs));
    const answered408 = outcomes.filter((outcome) => outcome.status === 408).length;
    result.info("slow sockets; normal requests", `${slowSockets}; ${normalRequests}`);
    result.notes.push(`headersTimeout ${headersTimeout} ms; node:http checks it every 1000 ms (the runtime's connectionsCheckingInterval, min(1000, headersTimeout)), not RELIABILITY's 250 ms, which no option sets`);
    result.equals("slow sockets closed by the server", outcomes.filter((outcome) => outcome.closedByServer).length, slowSockets);
    result.atMost("longest slow socket lifetime", longest, 5000 * context.slack, milliseconds);
    result.info("slow sockets answered 408 (the rest closed)", `${answered408} of ${slowSockets}`);
    result.equals("normal requests answered 2xx", statuses.get("200") ?? 0, normalRequests);
    if ((statuses.get("200") ?? 0) !== normalRequests) result.notes.push(`normal requests: ${[...statuses].map(([status, count]) => `${status} ×${count}`).join(", ")}`);
    let after = await server.sample();
    for (let attempt = 0; attempt < 30 && Math.abs(after.fileDescriptors - before.fileDescriptors) > 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await server.sample();
    }
    result.atMost("server file descriptors vs before, ±", Math.abs(after.fileDescriptors - before.fileDescriptors), 10);
    result.equals("uncaught exceptions in the server", after.uncaught.length, 0);
  } finally {
    await server.stop();
  }
}
