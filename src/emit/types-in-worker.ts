import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { ApiModel } from "../model/ir.js";
import type { GeneratedFile } from "./generated-file.js";

/** What the worker answers (see types-worker.ts). */
type TypesWorkerReply = { files: GeneratedFile[] } | { diagnostics: Diagnostic[] } | { failure: string };

/** emitTypes running in a worker thread: `emit` sends it the model once; `stop` ends the thread. */
export interface TypesWorker {
  /** emitTypes(model) in the worker. Rejects with the worker's SpecError (SPW_E_TYPESCRIPT) as a SpecError. */
  emit(model: ApiModel): Promise<GeneratedFile[]>;
  /** Terminates the thread (idempotent); call it however the run ends. */
  stop(): void;
}

/**
 * Starts a worker thread that imports openapi-typescript (and the TypeScript it builds on) while
 * the main thread loads the spec, then turns the model into `types.ts` while the main thread
 * compiles the validators and prints the other files, so on two cores the wall time drops by
 * about the worker's share (docs/benchmarks.md has both threads' figures). Output is the same
 * bytes as emitTypes in the main thread (the same function). Returns undefined when the worker
 * script is not there (running from the TypeScript sources), so the caller emits in-process.
 */
export function startTypesWorker(): TypesWorker | undefined {
  const script = new URL("./types-worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(script))) return undefined;
  // openapi-typescript (ES modules) imports typescript, a CommonJS .js file in a package without
  // "type". Since Node 20.19 (and 22.7) Node reads such a file with module syntax detection,
  // compiling all of typescript once more to find out whether it is an ES module, before loading
  // it as CommonJS anyway (docs/benchmarks.md has what that cost). Every package this
  // thread loads says what it is (engines allows Node 20.18, which never detected), so it runs
  // without detection (https://nodejs.org/api/packages.html#syntax-detection).
  const worker = workerWithoutSyntaxDetection(script);
  // Not holding the process open while the main thread loads: a run that fails before emitting
  // ends without waiting for the worker. `emit` holds it open until the answer.
  worker.unref();
  let failure: Error | undefined;
  worker.on("error", (error) => (failure = error));
  let stopped = false;
  return {
    emit: (model) =>
      new Promise<GeneratedFile[]>((resolve, reject) => {
        if (failure) return reject(failure);
        worker.ref();
        worker.once("message", (reply: TypesWorkerReply) => {
          worker.unref();
          if ("files" in reply) resolve(reply.files);
          else if ("diagnostics" in reply) reject(new SpecError(reply.diagnostics));
          else reject(new Error(`the types worker failed: ${reply.failure}`));
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the types worker exited (${code}) before answering`)));
        worker.postMessage(model);
      }),
    stop: () => {
      if (stopped) return;
      stopped = true;
      void worker.terminate();
    },
  };
}

/**
 * A worker running `script` with the parent's Node options plus `--no-experimental-detect-module`.
 * Node refuses an explicit `execArgv` holding a process-wide option (`--max-old-space-size`,
 * `--expose-gc`: ERR_WORKER_INVALID_EXEC_ARGV), which the default inherits silently, and a Node
 * that no longer has the flag refuses it the same way: then the worker starts as by default.
 */
function workerWithoutSyntaxDetection(script: URL): Worker {
  try {
    return new Worker(script, { execArgv: [...process.execArgv, "--no-experimental-detect-module"] });
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
    return new Worker(script);
  }
}
