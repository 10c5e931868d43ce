/**
 * `specwright diff` from the command line: locations in both files (YAML, across `$ref`d files),
 * the text and JSON reports, and the exit codes of --fail-on and --for.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { diffSpecs } from "../../src/diff/diff-specs.js";
import type { DiffResult } from "../../src/diff/change.js";

const run = promisify(execFile);
const cli = path.resolve("dist/cli/specwright.js");
const fixtures = "test/fixtures/diff";
const locationsOld = `${fixtures}/locations/old.yaml`;
const locationsNew = `${fixtures}/locations/new.yaml`;

/** Runs the CLI and returns its exit code and output, whatever the code. */
async function specwright(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe("specwright diff", () => {
  it("gives each change's pointer, line and column in both documents", async () => {
    const result = await diffSpecs(locationsOld, locationsNew);
    const byId = Object.fromEntries(result.changes.map((change) => [change.id, change]));
    expect(Object.keys(byId).sort()).toEqual(["new-required-request-parameter", "request-parameter-enum-value-removed", "response-property-became-nullable", "response-property-became-optional"]);
    // The removed value stands in the old file's flow sequence; the new file shows the enum.
    expect(byId["request-parameter-enum-value-removed"]).toMatchObject({
      message: 'query parameter status: enum value "overdue" was removed',
      old: { file: locationsOld, pointer: "#/paths/~1loans/get/parameters/0/schema/enum/2", line: 14, column: 34 },
      new: { file: locationsNew, pointer: "#/paths/~1loans/get/parameters/0/schema/enum", line: 14, column: 13 },
    });
    // A 3.0 `nullable: true` is a type change to `string | null`, in a response: breaking for clients.
    expect(byId["response-property-became-nullable"]).toMatchObject({
      clients: "breaking",
      servers: "info",
      component: "#/components/schemas/Loan",
      operations: ["GET /loans"],
      old: { line: 33, column: 11 },
      new: { line: 38, column: 11 },
    });
    expect(byId["new-required-request-parameter"]).toMatchObject({ old: { pointer: "#/paths/~1loans/get/parameters", line: 9 }, new: { pointer: "#/paths/~1loans/get/parameters/1", line: 15, column: 11 } });
    expect(result.summary).toEqual({ clients: { breaking: 4, warning: 0, info: 0 }, servers: { breaking: 0, warning: 0, info: 4 } });
  });

  it("follows $refs into other files", async () => {
    const result = await diffSpecs(`${fixtures}/multi-file/old/openapi.yaml`, `${fixtures}/multi-file/new/openapi.yaml`);
    expect(result.changes.map((change) => [change.id, change.message])).toEqual([
      ["response-property-became-required", "property name of schema Author: became required"],
      ["response-optional-property-removed", "property born of schema Author: was removed"],
    ]);
    // author.yaml's schema is the component Author (named after its file), and positions are in that file.
    expect(result.changes[0]).toMatchObject({ component: "#/components/schemas/Author", operations: ["GET /books/{bookId}"] });
    expect(result.changes[0]!.new).toMatchObject({ file: `${fixtures}/multi-file/new/author.yaml`, pointer: "#/components/schemas/Author/required", line: 2, column: 1 });
    expect(result.changes[1]!.old).toMatchObject({ file: `${fixtures}/multi-file/old/author.yaml`, pointer: "#/components/schemas/Author/properties/born", line: 5, column: 3 });
  });

  it("prints the changes compiler-style and exits 1 on breaking changes for clients", async () => {
    const { code, stdout } = await specwright("diff", locationsOld, locationsNew);
    expect(code).toBe(1);
    expect(stdout).toContain(`${locationsNew}:14:13: breaking for clients: request-parameter-enum-value-removed: query parameter status: enum value "overdue" was removed (at #/paths/~1loans/get/parameters/0/schema/enum)\n    in GET /loans; was ${locationsOld}:14:34 (at #/paths/~1loans/get/parameters/0/schema/enum/2)`);
    expect(stdout).toContain("clients: 4 breaking, 0 warnings, 0 info; servers: 0 breaking, 0 warnings, 4 info");
  });

  it("exits 0 when nothing breaks the chosen end, or with --fail-on never", async () => {
    expect((await specwright("diff", locationsOld, locationsNew, "--for", "servers")).code).toBe(0);
    expect((await specwright("diff", locationsOld, locationsNew, "--fail-on", "never")).code).toBe(0);
    expect((await specwright("diff", locationsOld, locationsOld)).code).toBe(0);
    // Reversed, the new version widens the response and narrows nothing a client sends… except the
    // removed required parameter, which is only a warning for clients: --fail-on warning catches it.
    expect((await specwright("diff", locationsNew, locationsOld, "--fail-on", "breaking")).code).toBe(0);
    expect((await specwright("diff", locationsNew, locationsOld, "--fail-on", "warning")).code).toBe(1);
    expect((await specwright("diff", locationsNew, locationsOld, "--for", "servers")).code).toBe(1);
  });

  it("prints the result as JSON with --json", async () => {
    const { code, stdout } = await specwright("diff", locationsOld, locationsNew, "--json");
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as DiffResult;
    expect(result.old).toEqual({ file: locationsOld, title: "Library", version: "1.0.0" });
    expect(result.changes).toHaveLength(4);
    expect(result.changes[0]).toHaveProperty("id");
  });

  it("exits 2 on a bad option and 3 when a spec cannot be loaded, naming the file", async () => {
    const usage = await specwright("diff", locationsOld, locationsNew, "--fail-on", "sometimes");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--fail-on");
    const missing = await specwright("diff", locationsOld, `${fixtures}/does-not-exist.yaml`);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("does-not-exist.yaml: error SPW_E_READ");
  });
});
