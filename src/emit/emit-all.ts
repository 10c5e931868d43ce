import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ApiModel } from "../model/ir.js";
import { emitClient } from "./client.js";
import { emitDocument } from "./document.js";
import { emitEnums } from "./enums.js";
import type { GeneratedFile } from "./generated-file.js";
import { emitHandlers } from "./handlers.js";
import { generatedHeader } from "./header.js";
import { emitRoutes } from "./routes.js";
import { emitTypes } from "./types.js";
import { emitValidators } from "./validators.js";

/** The barrel: everything a server needs. Browsers import `client.ts` directly instead. */
function emitIndex(model: ApiModel): GeneratedFile {
  return {
    path: "index.ts",
    text: [
      generatedHeader(model),
      'export type * from "./types.js";',
      'export type * from "./handlers.js";',
      'export * from "./enums.js";',
      'export * from "./routes.js";',
      'export * from "./client.js";',
      "",
    ].join("\n"),
  };
}

/**
 * Runs every emitter in a fixed order and returns the files sorted by path (code-unit order),
 * with LF line endings. Pure: no file system, clock or environment.
 */
export async function emitAll(model: ApiModel): Promise<{ files: GeneratedFile[]; warnings: Diagnostic[] }> {
  const validators = emitValidators(model);
  const files = [
    ...(await emitTypes(model)),
    ...emitEnums(model),
    ...emitHandlers(model),
    ...validators.files,
    ...emitRoutes(model),
    ...emitClient(model),
    emitIndex(model),
    emitDocument(model),
  ].map((file) => ({ path: file.path, text: file.text.replace(/\r\n/g, "\n") }));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, warnings: validators.warnings };
}
