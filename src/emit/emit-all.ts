import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ApiModel } from "../model/ir.js";
import { emitClient } from "./client.js";
import { emitDocument } from "./document.js";
import { emitEnums } from "./enums.js";
import type { GeneratedFile } from "./generated-file.js";
import { emitHandlers } from "./handlers.js";
import { emitOperations } from "./operations.js";
import { generatedHeader } from "./header.js";
import { emitTanStackQuery } from "./tanstack-query.js";
import { emitRoutes } from "./routes.js";
import { emitValidators } from "./validators.js";

/** The barrel: everything a server needs. Browsers import `client.ts` directly instead. */
function emitIndex(model: ApiModel, withClient: boolean): GeneratedFile {
  return {
    path: "index.ts",
    text: [
      generatedHeader(model),
      'export type * from "./types.js";',
      'export type * from "./handlers.js";',
      'export * from "./enums.js";',
      'export * from "./routes.js";',
      ...(withClient ? ['export * from "./client.js";'] : []),
      "",
    ].join("\n"),
  };
}

/** Which of the generated files a run writes (see EmitAllOptions.emit). */
export type EmittedFiles = "all" | "server" | "client";

/** Options of {@link emitAll}. */
export interface EmitAllOptions {
  /**
   * Emits `types.ts` (emitTypes, or the same function in a worker thread: see types-in-worker.ts).
   * Default: emitTypes in this thread, imported on first use.
   */
  emitTypes?: (model: ApiModel) => Promise<GeneratedFile[]>;
  /**
   * Which files: `"all"` (default), `"server"` (all but `client.ts`, `msw.ts` and
   * `tanstack-query.ts`) or `"client"` (`types.ts`, `operations.ts`, `enums.ts`, `client.ts`,
   * and `msw.ts`, `tanstack-query.ts` when asked). The validators are compiled either way: their
   * warnings (unknown formats, types that are not JSON Schema types) are the run's.
   */
  emit?: EmittedFiles;
  /** Also emit `msw.ts`: typed MSW request handlers with default responses (see emitMsw). Default false. */
  msw?: boolean;
  /** Also emit `tanstack-query.ts`: typed query keys, query and mutation options (see emitTanStackQuery). Default false. */
  tanstackQuery?: boolean;
  /**
   * Runs each emitter's call, named by what it emits (`types`, `validators`, `enums`, `operations`, `handlers`,
   * `routes`, `client`, `index`, `document`, and when asked `msw`, `tanstack-query`), so the
   * caller can time it for progress reports (the caller owns the clock). `types` returns a promise, settled when `types.ts` is done.
   * Default: calls it.
   */
  around?: <Result>(emitter: string, emit: () => Result) => Result;
}

/**
 * Runs every emitter in a fixed order and returns the files sorted by path (code-unit order),
 * with LF line endings. Pure: no file system, clock or environment. `types.ts` is started first,
 * so a worker emits it while this thread runs the other emitters.
 */
export async function emitAll(model: ApiModel, options: EmitAllOptions = {}): Promise<{ files: GeneratedFile[]; warnings: Diagnostic[] }> {
  const step = options.around ?? ((_emitter, emit) => emit());
  const types = step("types", () => (options.emitTypes ?? emitTypesHere)(model));
  // Settled below; a rejection while the other emitters run is not "unhandled".
  types.catch(() => {});
  const validators = step("validators", () => emitValidators(model));
  // Imported on use: the generator behind the MSW defaults (fast-check) is not needed otherwise.
  const emit = options.emit ?? "all";
  const msw = options.msw && emit !== "server" ? await step("msw", async () => (await import("./msw.js")).emitMsw(model)) : [];
  const server = emit === "client"
    ? []
    : [
        ...step("handlers", () => emitHandlers(model)),
        ...validators.files,
        ...step("routes", () => emitRoutes(model)),
        step("index", () => emitIndex(model, emit === "all")),
        ...step("document", () => emitDocument(model)),
      ];
  const files = [
    ...step("enums", () => emitEnums(model)),
    ...step("operations", () => emitOperations(model)),
    ...server,
    ...(emit === "server" ? [] : step("client", () => emitClient(model))),
    ...msw,
    ...(options.tanstackQuery && emit !== "server" ? step("tanstack-query", () => emitTanStackQuery(model)) : []),
    ...(await types),
  ].map((file) => ({ path: file.path, text: file.text.replace(/\r\n/g, "\n") }));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, warnings: validators.warnings };
}

/** emitTypes in this thread; openapi-typescript is imported on first use (a worker may do it instead). */
async function emitTypesHere(model: ApiModel): Promise<GeneratedFile[]> {
  const { emitTypes } = await import("./types.js");
  return emitTypes(model);
}
