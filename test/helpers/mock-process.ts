import { spawn } from "node:child_process";
import path from "node:path";

/** A `specwright mock` process of the built CLI. */
export interface MockProcess {
  /** The base URL it printed (`http://127.0.0.1:<port>` and the spec's base path). */
  url: string;
  /** Everything it printed on stdout and stderr so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node dist/cli/specwright.js mock <args> --port 0` (or another copy of the CLI, in
 * another folder) and resolves once it prints the URL it listens on; rejects with its output
 * when it exits first or takes over `timeoutMs`.
 */
export function startMockProcess(args: string[], timeoutMs = 120_000, cli = path.resolve("dist/cli/specwright.js"), cwd = process.cwd()): Promise<MockProcess> {
  const child = spawn(process.execPath, [cli, "mock", ...args, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"], cwd });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`specwright mock did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const match = /listening on (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        output: () => output,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`specwright mock exited with ${code} before listening:\n${output}`));
    });
  });
}
