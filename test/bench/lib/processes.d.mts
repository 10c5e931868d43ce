// Types of processes.mjs, for the TypeScript that imports it (test/soak).
import type { ChildProcess } from "node:child_process";

export function killAll(): void;
export function startNode(script: string, args?: string[], env?: NodeJS.ProcessEnv, options?: { execArgv?: string[]; ipc?: boolean }): ChildProcess;
export function stop(child: ChildProcess, graceMs?: number): Promise<void>;
export function firstLine(child: ChildProcess, timeoutMs?: number): Promise<string>;
export function startServer(script: string): Promise<{ url: string; child: ChildProcess }>;
export function freePort(): Promise<number>;
export function runCommand(
  command: string,
  args: string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
export function processCpuMicroseconds(pid: number | undefined): number | undefined;
