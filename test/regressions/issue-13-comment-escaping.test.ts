/**
 * Issue 13: an operationId containing `*` `/` ended the doc comment handlers.ts wrote for its
 * input type (the name was quoted as JSON, not escaped for a comment), so handlers.ts did not
 * compile. Spec text with comment terminators in every place the emitters quote it must give
 * output that passes tsc --strict.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const out = path.resolve(".test-output", `issue-13-comment-escaping-${process.pid}`);
afterAll(() => rm(out, { recursive: true, force: true }));

describe("issue 13: spec text in generated comments", () => {
  it("escapes */ in operationIds, titles, summaries and descriptions, so the output compiles", async () => {
    const temp = await temporaryFolder();
    try {
      const spec = `openapi: 3.1.0
info: { title: "Odd */ names", version: "1.0 */", description: "ends a comment */ here" }
paths:
  /things/{id}:
    get:
      operationId: "get*/thing"
      summary: "Read */ one"
      description: "/* nested */ text"
      parameters:
        - { name: id, in: path, required: true, description: "an */ id", schema: { type: string, description: "x */ y" } }
      responses:
        "200":
          description: "ok */"
          content:
            application/json:
              schema: { type: object, properties: { "a*/b": { type: string, description: "*/", enum: ["*/", "b"] } } }
`;
      await generate({ spec: await writeSpec(temp.path, spec), out });
      expect(await readFile(path.join(out, "handlers.ts"), "utf8")).toContain("`get*\\/thing` handler receives");
      expect(await typecheckGenerated(out)).toBe("");
    } finally {
      await temp.remove();
    }
  }, 120_000);
});
