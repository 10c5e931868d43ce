/**
 * Compiler inputs that break generators: reference loops, alias bombs (billion laughs, CWE-776)
 * and degenerate sizes end in a clear error or a completed run, never a crash or a hang.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generate, SpecError } from "specwright";
import { minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);
async function failure(spec: string, out: string): Promise<SpecError> {
  try {
    await generate({ spec, out });
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error("generate did not fail");
}

/** The minimal spec with its 200 response schema replaced. */
function withResponseSchema(schemaYaml: string, components = ""): string {
  return (
    minimalSpec.replace("                type: object\n                properties:\n                  id:\n                    type: integer\n", schemaYaml) +
    (components ? `components:\n  schemas:\n${components}` : "")
  );
}

describe("hostile compiler inputs", () => {
  it("a pure alias loop is an error naming the cycle; real recursion compiles", async () => {
    const work = await folder();
    const loop = await writeSpec(work, withResponseSchema('                $ref: "#/components/schemas/A"\n', "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"), "loop.yaml");
    const error = await failure(loop, path.join(work, "out"));
    expect(error.diagnostics[0]!.code).toBe("SPW_E_REF");
    expect(error.diagnostics[0]!.message).toMatch(/loop|circular/i);
    const recursive = await writeSpec(
      work,
      withResponseSchema(
        '                $ref: "#/components/schemas/A"\n',
        "    A:\n      type: object\n      properties:\n        b: { $ref: '#/components/schemas/B' }\n    B:\n      type: object\n      properties:\n        a: { $ref: '#/components/schemas/A' }\n",
      ),
      "recursive.yaml",
    );
    const result = await generate({ spec: recursive, out: path.join(work, "out2") });
    expect(Object.keys(result.model!.referencedSchemas).sort()).toEqual(["#/components/schemas/A", "#/components/schemas/B"]);
  });

  it("a billion-laughs YAML document is refused quickly", async () => {
    const work = await folder();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
    }
    const spec = await writeSpec(work, `openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-bomb:\n  ${levels.join("\n  ")}\n`);
    const started = performance.now();
    const error = await failure(spec, path.join(work, "out"));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.diagnostics[0]!.code).toBe("SPW_E_SYNTAX");
    expect(error.diagnostics[0]!.message).toMatch(/alias/i);
  });

  it("500 levels of nesting complete through the command (which reruns itself with a larger stack)", async () => {
    const work = await folder();
    let deep: Record<string, unknown> = { type: "string" };
    for (let level = 0; level < 500; level++) deep = { type: "object", properties: { next: deep } };
    const spec = { openapi: "3.1.0", info: { title: "Deep", version: "1" }, paths: { "/deep": { post: { operationId: "deep", requestBody: { content: { "application/json": { schema: deep } } }, responses: { "204": { description: "ok" } } } } } };
    const file = await writeSpec(work, JSON.stringify(spec), "deep.json");
    const { stdout } = await promisify(execFile)(process.execPath, [path.resolve("dist/cli/specwright.js"), "generate", file, "--out", path.join(work, "out")]);
    expect(stdout).toContain("1 operations");
  }, 120_000);

  // 10,000 properties would be the harder case, but ajv's standalone builder overflows even the
  // larger stack there (noted on the performance issue), so this checks 5,000.
  it("5,000 properties, a 10,000-value enum and 2,000 required names complete", async () => {
    const work = await folder();
    const wide = {
      type: "object",
      required: Array.from({ length: 2000 }, (_, index) => `p${index}`),
      properties: Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`p${index}`, { type: "integer" }])),
    };
    const enumeration = { type: "string", enum: Array.from({ length: 10000 }, (_, index) => `v${index}`) };
    const spec = {
      openapi: "3.1.0",
      info: { title: "Degenerate", version: "1" },
      paths: {
        "/wide": { post: { operationId: "wide", requestBody: { content: { "application/json": { schema: wide } } }, responses: { "204": { description: "ok" } } } },
        "/enum": { post: { operationId: "enumeration", requestBody: { content: { "application/json": { schema: enumeration } } }, responses: { "204": { description: "ok" } } } },
      },
    };
    const file = await writeSpec(work, JSON.stringify(spec), "degenerate.json");
    const { stdout } = await promisify(execFile)(process.execPath, [path.resolve("dist/cli/specwright.js"), "generate", file, "--out", path.join(work, "out")], { maxBuffer: 64 << 20 });
    expect(stdout).toContain("2 operations");
  }, 120_000);
});
