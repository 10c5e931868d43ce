/**
 * generate() emits types.ts in a worker thread (openapi-typescript loads and runs beside the
 * other emitters); the worker's files are the bytes emitTypes produces in the main thread.
 */
import { describe, expect, it } from "vitest";
// The built modules: the worker runs dist/src/emit/types-worker.js.
import { emitTypes } from "../../dist/src/emit/types.js";
import { startTypesWorker } from "../../dist/src/emit/types-in-worker.js";
import { loadDocument } from "../../dist/src/load/load-document.js";
import { buildModel } from "../../dist/src/model/build-model.js";
import { createDefaultCheck } from "../../dist/src/emit/validators.js";

describe("types.ts from the worker thread", () => {
  it("is the same as emitTypes in this thread", async () => {
    const { model } = buildModel(await loadDocument("spec/openapi.yaml"), { source: "../spec/openapi.yaml", defaultFits: createDefaultCheck() });
    const worker = startTypesWorker();
    expect(worker).toBeDefined();
    try {
      expect(await worker!.emit(model)).toEqual(await emitTypes(model));
    } finally {
      worker!.stop();
    }
  }, 60_000);
});
