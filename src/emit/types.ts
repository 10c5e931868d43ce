import openapiTS, { astToString } from "openapi-typescript";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { ApiModel } from "../model/ir.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";

/**
 * Emits `types.ts`: openapi-typescript's `paths`, `components` and `operations` types for the
 * document. Other emitters refer to them by indexed access (`paths["/books"]["get"]`), so
 * schema-to-type rules live in one place. Throws SpecError SPW_E_TYPESCRIPT when openapi-typescript
 * rejects the document.
 */
export async function emitTypes(model: ApiModel): Promise<GeneratedFile[]> {
  let text: string;
  try {
    // openapi-typescript mutates and caches; give it its own copy.
    const nodes = await openapiTS(structuredClone(model.document) as never, { silent: true, alphabetize: false });
    text = astToString(nodes);
  } catch (error) {
    throw new SpecError([{ code: "SPW_E_TYPESCRIPT", severity: "error", message: `openapi-typescript failed: ${(error as Error).message}` }]);
  }
  return [{ path: "types.ts", text: generatedHeader(model) + "\n" + text }];
}
