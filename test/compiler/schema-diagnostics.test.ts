/**
 * Schema keywords ajv would reject (its strict mode throws with no place in the spec) are compile
 * errors with a place; unknown formats warn (errors under `strict`); the OpenAPI formats are
 * checked by the validators.
 */
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { promisify } from "node:util";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { generate, SpecError, type Diagnostic } from "specwright";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const folders = temporaryFolders();
afterEach(folders.removeAll);
const out = path.resolve(".test-output", `schema-diagnostics-${process.pid}`);
afterAll(() => rm(out, { recursive: true, force: true }));

/** A spec whose one request body has `schema` (YAML flow text, on line 13 of the file). */
function specWithSchema(schema: string): string {
  return `openapi: 3.1.0
info:
  title: Diagnostics
  version: "1"
paths:
  /things:
    post:
      operationId: postThing
      requestBody:
        content:
          application/json:
            schema:
              ${schema}
      responses:
        "204": { description: ok }
`;
}

async function diagnosticsOf(specText: string, options: { strict?: boolean } = {}): Promise<Diagnostic[]> {
  const file = await writeSpec(await folders.folder(), specText);
  try {
    await generate({ spec: file, out: path.join(path.dirname(file), "out"), ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).diagnostics;
  }
  throw new Error("generate did not fail");
}

const bodyPointer = "#/paths/~1things/post/requestBody/content/application~1json/schema";

describe("patterns that are not ECMA-262 regular expressions (JSON Schema Validation §6.3.3)", () => {
  it.each([
    ["an inline flag", String.raw`{ type: string, pattern: "(?i)abc" }`, "/pattern", "(?i)abc"],
    ["a lone backslash", String.raw`{ type: string, pattern: '\' }`, "/pattern", "\\"],
    ["a nested property", String.raw`{ type: object, properties: { code: { type: string, pattern: "[a-" } } }`, "/properties/code/pattern", "[a-"],
    ["a patternProperties key", String.raw`{ type: object, patternProperties: { "(?<x": { type: string } } }`, "/patternProperties/(?<x", "(?<x"],
  ])("%s is SPW_E_PATTERN with file, line and pointer", async (_case, schema, suffix, pattern) => {
    const diagnostics = await diagnosticsOf(specWithSchema(schema));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "SPW_E_PATTERN", severity: "error", pointer: bodyPointer + suffix, line: 13 });
    expect(diagnostics[0]!.file).toMatch(/openapi\.yaml$/);
    expect(diagnostics[0]!.message).toContain(JSON.stringify(pattern));
  });

  it("does not read patterns inside examples, defaults or enums", async () => {
    const file = await writeSpec(await folders.folder(), specWithSchema(String.raw`{ type: object, example: { pattern: "(?i)" }, properties: { example: { type: string, pattern: "^a$" } } }`));
    const result = await generate({ spec: file, out: path.join(path.dirname(file), "out"), lint: "off" });
    expect(result.warnings).toEqual([]);
  });
});

describe("formats", () => {
  it("warns about an unknown format at its first use, and fails under strict", async () => {
    const result = await generate({ spec: "test/fixtures/formats/openapi.yaml", out, lint: "off" });
    const pointer = "#/paths/~1numbers/post/requestBody/content/application~1json/schema/properties/colour/format";
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: "SPW_W_UNKNOWN_FORMAT", severity: "warning", pointer, line: 27, file: "test/fixtures/formats/openapi.yaml" }),
    ]);
    await expect(generate({ spec: "test/fixtures/formats/openapi.yaml", out: out + "-strict", strict: true })).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof SpecError &&
        error.diagnostics.length === 1 &&
        error.diagnostics[0]!.code === "SPW_E_UNKNOWN_FORMAT" &&
        error.diagnostics[0]!.severity === "error" &&
        error.diagnostics[0]!.pointer === pointer &&
        error.diagnostics[0]!.line === 27,
    );
  }, 60_000);

  it("checks the OpenAPI formats (int32, int64, float, double, byte) and accepts binary and password", () => {
    const validate = createRequire(import.meta.url)(path.join(out, "validators.cjs")).postNumbers_body_json as (data: unknown) => boolean;
    const valid = [
      { int32: 2147483647 }, { int32: -2147483648 }, { int64: Number.MAX_SAFE_INTEGER }, { float: 1.5 }, { double: -0.25 },
      { byte: "aGVsbG8=" }, { binary: "\u0000any" }, { password: "x" }, { email: "a@example.com" }, { when: "2024-02-29T12:00:00Z" },
      { colour: "anything: the unknown format is not checked" },
    ];
    const invalid = [{ int32: 2147483648 }, { int32: 1.5 }, { int64: 1.5 }, { byte: "not base64!" }, { email: "nope" }, { when: "2024-02-30T12:00:00Z" }];
    for (const value of valid) expect([value, validate(value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, validate(value)]).toEqual([value, false]);
  });

  it("the command warns, fails with exit code 3 under --strict, and types Date with --date-time date", async () => {
    const run = promisify(execFile);
    const cli = path.resolve("dist/cli/specwright.js");
    const work = await folders.folder();
    const warned = await run(process.execPath, [cli, "generate", "test/fixtures/formats/openapi.yaml", "--out", path.join(work, "out")]);
    expect(warned.stderr).toMatch(/test\/fixtures\/formats\/openapi\.yaml:27:\d+: warning SPW_W_UNKNOWN_FORMAT: format "x-colour"/);
    const strict = await run(process.execPath, [cli, "generate", "test/fixtures/formats/openapi.yaml", "--out", path.join(work, "strict"), "--strict"]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(strict?.code).toBe(3);
    expect(strict?.stderr).toMatch(/openapi\.yaml:27:\d+: error SPW_E_UNKNOWN_FORMAT/);
    await run(process.execPath, [cli, "generate", "test/fixtures/formats/openapi.yaml", "--out", path.join(work, "dates"), "--date-time", "date", "-q"]);
    expect(await readFile(path.join(work, "dates", "types.ts"), "utf8")).toMatch(/when\?: Date;/);
    expect(await readFile(path.join(work, "out", "types.ts"), "utf8")).toMatch(/when\?: string;/);
  }, 60_000);
});
