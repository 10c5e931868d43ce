/**
 * One process per core (issue 16): the example started with `WORKERS=2` runs as a node:cluster of
 * two workers sharing the port (each with its own in-memory store, which is how the test tells
 * them apart), restarts them one at a time on SIGHUP without refusing a request, and exits 0 on
 * SIGTERM after its workers closed. The example runs from dist/ (pretest builds it), in a child
 * process, on 127.0.0.1. Bounded: a few hundred requests, 60 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let child: ChildProcess;
let output = "";
let base = "";

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once the child's output has `count` "listening" lines. */
function listeningLines(count: number, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      if ((output.match(/listening on/g) ?? []).length >= count) {
        clearInterval(check);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(check);
        reject(new Error(`expected ${count} listening lines, got:\n${output}`));
      }
    }, 50);
  });
}

/** One request on a fresh connection, so the primary hands each to a worker in turn. */
async function fresh(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(base + path, { ...init, signal: AbortSignal.timeout(5_000), headers: { ...(init.headers as Record<string, string>), connection: "close" } });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["dist/src/example/main.js"], { env: { ...process.env, WORKERS: "2", PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await listeningLines(2);
}, 30_000);
afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
});

describe("the example as a cluster (WORKERS=2)", () => {
  it("serves from two processes sharing the port, each with its own store", async () => {
    const ids = new Set<number>();
    for (let attempt = 0; attempt < 6; attempt++) {
      const created = await fresh("/books", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 1965 }) });
      expect(created.status).toBe(201);
      ids.add(((await created.json()) as { id: number }).id);
    }
    // Six creates over two separate stores: ids 2, 3, 4 in each, never 2–7 in one.
    expect(Math.max(...ids)).toBeLessThan(7);
  });

  it("restarts its workers one at a time on SIGHUP, answering every request meanwhile", async () => {
    const before = (output.match(/process (\d+)/g) ?? []).length;
    let stop = false;
    const statuses: number[] = [];
    const failures: string[] = [];
    const load = (async () => {
      while (!stop) {
        try {
          statuses.push((await fresh("/books/1")).status);
        } catch (error) {
          failures.push(String((error as Error).cause ?? error));
        }
      }
    })();
    child.kill("SIGHUP");
    await listeningLines(4, 30_000);
    // Let the second old worker finish closing while requests keep coming.
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await load;
    expect((output.match(/process (\d+)/g) ?? []).length).toBe(before + 2);
    expect(failures).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(new Set(statuses)).toEqual(new Set([200]));
  }, 60_000);

  it("exits 0 on SIGTERM once its workers have closed", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
