/**
 * Child processes of the benchmark: every child is registered here and killed when the runner
 * ends, however it ends (normal exit, an exception, SIGINT or SIGTERM). Children also exit by
 * themselves when their stdin pipe closes (see servers/lifecycle.mjs).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import net from "node:net";

/** Every child still running. */
const children = new Set();

/** Kills every child still running (SIGKILL: nothing of theirs needs to be kept). */
export function killAll() {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
}

process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Starts `node script` with a stdin pipe (the child's lifeline), stdout piped and stderr inherited.
 * @param {string} script path of the .mjs file
 * @param {string[]} [args]
 * @param {NodeJS.ProcessEnv} [env] added to the runner's environment
 * @param {{ execArgv?: string[], ipc?: boolean }} [options] Node options before the script
 *   (`--expose-gc`, `--import tsx`), and an IPC channel (`child.send`, `process.send`)
 * @returns {import("node:child_process").ChildProcess}
 */
export function startNode(script, args = [], env = {}, options = {}) {
  const stdio = options.ipc ? ["pipe", "pipe", "inherit", "ipc"] : ["pipe", "pipe", "inherit"];
  const child = spawn(process.execPath, [...(options.execArgv ?? []), script, ...args], { stdio, env: { ...process.env, ...env } });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/**
 * Stops a child: SIGTERM, then SIGKILL if it has not exited after `graceMs` milliseconds.
 * Resolves once it has exited.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} [graceMs]
 */
export async function stop(child, graceMs = 2000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Resolves with the first line the child writes to stdout; rejects if the child exits first or
 * after `timeoutMs` milliseconds.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} [timeoutMs]
 * @returns {Promise<string>}
 */
export function firstLine(child, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => finish(new Error(`no output after ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf("\n");
      if (end !== -1) finish(null, buffered.slice(0, end).trim());
    };
    const onExit = (code, signal) => finish(new Error(`exited (${signal ?? code}) before writing a line`));
    function finish(error, line) {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(line);
    }
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Starts a benchmark server script (servers/*.mjs) on an ephemeral port.
 * @param {string} script
 * @returns {Promise<{ url: string, child: import("node:child_process").ChildProcess }>}
 */
export async function startServer(script) {
  const child = startNode(script, [], { PORT: "0" });
  try {
    return { url: await firstLine(child), child };
  } catch (error) {
    await stop(child);
    throw new Error(`${script}: ${error.message}`);
  }
}

/**
 * Finds a free TCP port on 127.0.0.1: binds port 0, reads the port the kernel chose, and
 * releases it. (Another process could take it in between; on loopback during a benchmark that
 * is unlikely, and a failed start is reported.)
 * @returns {Promise<number>}
 */
export async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/**
 * Runs a command to completion and collects its output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string }>}
 */
export async function runCommand(command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 10 * 60_000);
  const [code, signal] = await once(child, "exit");
  clearTimeout(timer);
  children.delete(child);
  return { code, signal, stdout, stderr };
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ; 100 on Linux). */
const ticksPerSecond = 100;

/**
 * CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat;
 * undefined where there is no /proc (not Linux) or the process is gone. Resolution 10 ms.
 * @param {number | undefined} pid
 * @returns {number | undefined}
 */
export function processCpuMicroseconds(pid) {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
