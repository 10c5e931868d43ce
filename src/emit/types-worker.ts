/**
 * The worker-thread side of {@link startTypesWorker}: receives one ApiModel, answers with
 * emitTypes' files, or with the diagnostics of its SpecError, or with the failure's stack.
 * Imported only as a worker entry point.
 */
import { parentPort } from "node:worker_threads";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { ApiModel } from "../model/ir.js";
import { emitTypes } from "./types.js";

parentPort!.once("message", async (model: ApiModel) => {
  try {
    parentPort!.postMessage({ files: await emitTypes(model) });
  } catch (error) {
    parentPort!.postMessage(error instanceof SpecError ? { diagnostics: error.diagnostics } : { failure: (error as Error).stack ?? String(error) });
  }
});
