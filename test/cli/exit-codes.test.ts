/**
 * Exit codes, one meaning each (cli/exit-codes.ts, docs/cli.md): 0 done, 1 stale under --check
 * (fuzz: a failed check), 2 usage, 3 spec errors, 4 internal failure; for generate and fuzz.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
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

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("generate's exit codes", () => {
  it("0 done, 1 stale under --check, 2 usage, 3 spec errors, 4 an unexpected failure", async () => {
    const work = await folder();
    await writeSpec(work, minimalSpec);
    expect((await command(work, "generate", "openapi.yaml", "-o", "out")).code).toBe(0);
    expect((await command(work, "generate", "openapi.yaml", "-o", "out", "--check")).code).toBe(0);
    await writeSpec(work, minimalSpec.replace("title: Minimal", "title: Edited"));
    const stale = await command(work, "generate", "openapi.yaml", "-o", "out", "--check");
    expect([stale.code, stale.stderr]).toEqual([1, expect.stringContaining("out is stale")]);

    expect((await command(work, "generate", "--no-such-option")).code).toBe(2);
    expect((await command(work, "generate", "openapi.yaml", "--date-time", "never")).code).toBe(2);
    expect((await command(work, "generate", "openapi.yaml", "-o", ".")).code).toBe(2);
    await writeFile(path.join(work, "specwright.config.json"), '{ "spek": "openapi.yaml" }');
    expect((await command(work, "generate")).code).toBe(2);
    expect((await command(work, "generate", "--config", "missing.yaml")).code).toBe(2);

    await writeSpec(work, minimalSpec.replace("type: integer", "type: integr"), "bad.yaml");
    await writeFile(path.join(work, "specwright.config.json"), '{ "spec": "bad.yaml", "out": "bad-out" }');
    const spec = await command(work, "generate");
    expect([spec.code, spec.stderr]).toEqual([3, expect.stringContaining("error SPW_E_INVALID_TYPE")]);

    // The file system refusing the output folder (a file stands where its parent should be) is no
    // mistake of the spec or of the command line.
    await writeFile(path.join(work, "blocker"), "a file\n");
    const internal = await command(work, "generate", "openapi.yaml", "-o", "blocker/out", "--config", "specwright.config.json", "--force");
    expect([internal.code, internal.stderr]).toEqual([4, expect.stringContaining("unexpected failure")]);
  }, 180_000);
});

describe("fuzz's exit codes", () => {
  it("2 for a bad option, 3 for spec errors, 4 when the server cannot be reached", async () => {
    const work = await folder();
    await writeSpec(work, minimalSpec);
    const url = `http://127.0.0.1:${await closedPort()}`;
    expect((await command(work, "fuzz", "openapi.yaml", "--url", url, "--checks", "no_such_check")).code).toBe(2);
    await writeSpec(work, minimalSpec.replace("type: integer", "type: integr"), "bad.yaml");
    const spec = await command(work, "fuzz", "bad.yaml", "--url", url);
    expect([spec.code, spec.stderr]).toEqual([3, expect.stringContaining("SPW_E_INVALID_TYPE")]);
    const unreachable = await command(work, "fuzz", "openapi.yaml", "--url", url, "--max-examples", "1");
    expect([unreachable.code, unreachable.stderr]).toEqual([4, expect.stringContaining("ECONNREFUSED")]);
  }, 120_000);
});
