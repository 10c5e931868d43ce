/**
 * Starts a soak server (server-child.ts) in its own process with `--expose-gc` and talks to it
 * over IPC: memory samples after GC, handler counts, a graceful close. The child is registered
 * with the benchmark's process list (test/bench/lib/processes.mjs), so it is killed whenever the
 * runner ends, however it ends.
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { firstLine, startNode, stop } from "../bench/lib/processes.mjs";
import type { ServerSample, SoakServerConfig } from "./server-child.js";

export type { ServerSample, SoakServerConfig } from "./server-child.js";

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "server-child.ts");

/** A running soak server. */
export interface SoakServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Memory and resources after two full GCs in the server process. */
  sample(): Promise<ServerSample>;
  /** getBook calls of a delayed id in progress. */
  inHandler(): Promise<number>;
  /**
   * Calls the server's close(); `onClosing` runs as soon as the child reports close() was called.
   * Resolves with close()'s duration in ms and the wall-clock time it resolved (Date.now()).
   */
  close(onClosing?: () => void): Promise<{ closeMs: number; closedAt: number }>;
  /**
   * For `closeWhenInHandler`: `onClosing` runs when the child began closing by itself; resolves
   * as {@link close} does once it has closed.
   */
  closedByItself(onClosing: () => void): Promise<{ closeMs: number; closedAt: number }>;
  /** Ends the process (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Set once the process exited, with its code or signal. */
  exit: string | undefined;
}

/** Starts a server child with `config`; rejects if it does not announce its URL within 60 s. */
export async function startSoakServer(config: SoakServerConfig): Promise<SoakServer> {
  const child = startNode(childScript, [JSON.stringify(config)], {}, { execArgv: ["--expose-gc", "--import", "tsx"], ipc: true });
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let onClosing: (() => void) | undefined;
  let onClosed: ((figures: { closeMs: number; closedAt: number }) => void) | undefined;
  const handle: SoakServer = {
    url: "",
    port: 0,
    child,
    exit: undefined,
    sample: () => ask<ServerSample>("sample"),
    inHandler: async () => (await ask<{ inHandler: number }>("stats")).inHandler,
    close: (callback) => {
      onClosing = callback;
      return ask("close");
    },
    closedByItself: (callback) => {
      onClosing = callback;
      return new Promise((resolve) => (onClosed = resolve));
    },
    stop: () => stop(child),
  };
  child.on("message", (message: { id?: number; event?: string; closeMs?: number; closedAt?: number }) => {
    if (message.event === "closing") onClosing?.();
    if (message.event === "closed") onClosed?.({ closeMs: message.closeMs!, closedAt: message.closedAt! });
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    waiter?.resolve(message as never);
  });
  child.once("exit", (code, signal) => {
    handle.exit = signal ?? String(code);
    for (const waiter of pending.values()) waiter.reject(new Error(`the server process exited (${handle.exit})`));
    pending.clear();
  });
  function ask<T>(command: string): Promise<T> {
    if (handle.exit !== undefined) return Promise.reject(new Error(`the server process exited (${handle.exit})`));
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      child.send({ id, command });
    });
  }
  try {
    handle.url = await firstLine(child, 60_000);
  } catch (error) {
    await stop(child);
    throw error;
  }
  handle.port = Number(new URL(handle.url).port);
  return handle;
}
