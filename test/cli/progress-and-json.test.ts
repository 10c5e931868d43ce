/**
 * What `specwright generate` prints: progress by phase with timings on a terminal (checked under a
 * real pseudo-terminal with util-linux `script`, and through the reporter's own terminal switch),
 * nothing but the result line in a log, errors only with -q, and one JSON document with --json.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { terminalProgress } from "../../cli/progress.js";
import { minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const run = promisify(execFile);
const cli = path.resolve("dist/cli/specwright.js");
const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

async function command(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [cli, ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** A spec with one warning (an unknown field) on line 9. */
const specWithWarning = minimalSpec.replace("      operationId: getItem\n", "      operationId: getItem\n      sumary: typo\n");
const phases = ["load", "validate", "model", "emit types", "emit validators", "emit handlers", "emit routes", "emit client", "write"];

describe("progress", () => {
  it("on a terminal, prints each phase with its time; in a log, only the result line", async () => {
    const work = await folder();
    await writeSpec(work, minimalSpec);
    // `script` runs the command on a pseudo-terminal, so stderr is a TTY as in a developer's shell.
    const line = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} generate openapi.yaml -o out`;
    const { stdout: terminal } = await run("script", ["-qec", line, "/dev/null"], { cwd: work });
    for (const phase of phases) expect(terminal, phase).toMatch(new RegExp(`\\r\\x1b\\[K  ${phase} +\\d+(?: ms|\\.\\d s)\\r?\\n`));
    expect(terminal).toMatch(/wrote 13 files to out/);

    const logged = await command(work, "generate", "openapi.yaml", "-o", "logged");
    expect(logged.stderr).toBe("");
    expect(logged.stdout).toMatch(/^specwright: 1 operations from openapi\.yaml; wrote 13 files to logged \(\d+(?: ms|\.\d s)\)\n$/);
  }, 120_000);

  it("the reporter writes phases only to a terminal, unless told otherwise, and never under -q", () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) };
    expect(terminalProgress(stream)).toBeUndefined();
    expect(terminalProgress({ ...stream, isTTY: true }, { quiet: true })).toBeUndefined();
    const report = terminalProgress(stream, { interactive: true })!;
    report({ phase: "emit", emitter: "types", state: "start" });
    report({ phase: "emit", emitter: "enums", state: "start" });
    report({ phase: "emit", emitter: "enums", state: "end", milliseconds: 3.4 });
    report({ phase: "emit", emitter: "types", state: "end", milliseconds: 2345 });
    expect(written.join("")).toBe(
      "\r\x1b[K  emit types…\r\x1b[K  emit enums…\r\x1b[K  emit enums               3 ms\n  emit types…\r\x1b[K  emit types              2.3 s\n",
    );
  });

  it("-q prints errors only: no result line, no warnings", async () => {
    const work = await folder();
    await writeSpec(work, specWithWarning);
    expect(await command(work, "generate", "openapi.yaml", "-o", "out", "-q")).toEqual({ code: 0, stdout: "", stderr: "" });
    await writeSpec(work, specWithWarning.replace("type: integer\n      responses", "type: integr\n      responses"));
    const failed = await command(work, "generate", "openapi.yaml", "-o", "out", "-q");
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain("error SPW_E_INVALID_TYPE");
    expect(failed.stderr).not.toContain("SPW_W_UNKNOWN_FIELD");
  }, 120_000);
});

describe("--json", () => {
  it("prints files written and unchanged and each diagnostic's code, message, file, line, column and pointer", async () => {
    const work = await folder();
    await writeSpec(work, specWithWarning);
    const first = await command(work, "generate", "openapi.yaml", "-o", "out", "--json");
    expect(first.stderr).toBe("");
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ specwright: expect.any(String), exitCode: 0, diagnostics: [] });
    expect(report.results).toEqual([
      expect.objectContaining({ spec: "openapi.yaml", out: "out", outcome: "written", exitCode: 0, operations: 1, milliseconds: expect.any(Number) }),
    ]);
    expect(report.results[0].files.written).toContain("routes.ts");
    expect(report.results[0].files.unchanged).toEqual([]);
    expect(report.results[0].diagnostics).toEqual([
      { code: "SPW_W_UNKNOWN_FIELD", severity: "warning", message: expect.stringContaining("sumary"), file: "openapi.yaml", line: 9, column: 7, pointer: "#/paths/~1items~1{itemId}/get/sumary" },
    ]);

    const again = JSON.parse((await command(work, "generate", "openapi.yaml", "-o", "out", "--json")).stdout);
    expect(again.results[0]).toMatchObject({ outcome: "unchanged-input", operations: null, files: { written: [], removed: [] } });
    expect(again.results[0].files.unchanged).toContain("routes.ts");

    await writeSpec(work, specWithWarning.replace("title: Minimal", "title: Edited"));
    const edited = JSON.parse((await command(work, "generate", "openapi.yaml", "-o", "out", "--json")).stdout);
    expect(edited.results[0].outcome).toBe("written");
    expect(edited.results[0].files.unchanged).toContain("validators.cjs");
    expect(edited.results[0].files.written).toContain("openapi.json");
    expect(edited.results[0].files.written).not.toContain("validators.cjs");

    await writeSpec(work, specWithWarning.replace("type: integer\n      responses", "type: integr\n      responses"));
    const failed = await command(work, "generate", "openapi.yaml", "-o", "out", "--json");
    expect(failed.code).toBe(3);
    const failure = JSON.parse(failed.stdout);
    expect(failure.exitCode).toBe(3);
    expect(failure.results[0]).toMatchObject({ outcome: "failed", exitCode: 3 });
    expect(failure.results[0].diagnostics).toContainEqual(expect.objectContaining({ code: "SPW_E_INVALID_TYPE", severity: "error", file: "openapi.yaml", line: 15, pointer: expect.stringContaining("/schema/type") }));
  }, 180_000);

  it("reports an invalid config in the top-level diagnostics (exit 2)", async () => {
    const work = await folder();
    await writeSpec(work, minimalSpec);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(work, "specwright.config.yaml"), "spec: openapi.yaml\nstrict: 1\n");
    const result = await command(work, "generate", "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      specwright: expect.any(String),
      exitCode: 2,
      results: [],
      diagnostics: [{ code: "SPW_E_CONFIG", severity: "error", message: '"strict" must be a boolean, not the number 1', file: "specwright.config.yaml", line: 2, column: 1, pointer: "#/strict" }],
    });
  }, 60_000);
});
