/**
 * generate() returns at once, compiling and writing nothing, when the spec, every file its $refs
 * reach, the options and the specwright version are as the last successful run recorded them in
 * the manifest, and the output is as that run wrote it; any change to one of them compiles again.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const run = promisify(execFile);
const cli = path.resolve("dist/cli/specwright.js");
const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

/** A spec whose response schema lives in a second file. */
const rootSpec = `openapi: 3.1.0
info: { title: Split, version: 1.0.0 }
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: Items
          content:
            application/json:
              schema: { $ref: "./item.yaml" }
`;
const itemSchema = "type: object\nproperties:\n  id: { type: integer }\n";

/** Modification times (ms) of every file in the folder, by name. */
async function mtimes(out: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const name of await readdir(out)) result[name] = (await stat(path.join(out, name))).mtimeMs;
  return result;
}

async function splitSpec(): Promise<{ work: string; spec: string; out: string }> {
  const work = await folder();
  await writeSpec(work, itemSchema, "item.yaml");
  return { work, spec: await writeSpec(work, rootSpec), out: path.join(work, "out") };
}

describe("unchanged input", () => {
  it("returns without compiling or touching a file, and records the referenced file in the manifest", async () => {
    const { spec, out } = await splitSpec();
    const first = await generate({ spec, out });
    expect(first).toMatchObject({ inputUnchanged: false, written: true });
    const manifest = JSON.parse(await readFile(path.join(out, ".specwright-manifest.json"), "utf8"));
    expect(Object.keys(manifest.input.sources)).toEqual(["../openapi.yaml", "../item.yaml"]);
    expect(manifest.input.options).toEqual({ strict: false, lenient: false, dateTime: "string", int64: "number", packages: "single", allowExternalFiles: false, allowRemoteReferences: [], lint: {}, emit: "all", msw: false, tanstackQuery: false });
    const before = await mtimes(out);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await generate({ spec, out });
    expect(second).toMatchObject({ inputUnchanged: true, written: false, previousWarnings: 0 });
    expect(second.model).toBeUndefined();
    expect(second.outputFiles).toEqual(first.outputFiles);
    expect(await mtimes(out)).toEqual(before);
    // force compiles, and finds the folder current.
    expect(await generate({ spec, out, force: true })).toMatchObject({ inputUnchanged: false, written: false });
    expect(await mtimes(out)).toEqual(before);
  });

  it("compiles again after a change to a referenced file, an option, the output, or the version", async () => {
    const { work, spec, out } = await splitSpec();
    await generate({ spec, out });
    await writeSpec(work, itemSchema.replace("integer", "string"), "item.yaml");
    const referenced = await generate({ spec, out });
    expect(referenced).toMatchObject({ inputUnchanged: false, written: true });
    expect(await readFile(path.join(out, "types.ts"), "utf8")).toMatch(/id\?: string/);

    expect(await generate({ spec, out, dateTime: "date" })).toMatchObject({ inputUnchanged: false });
    expect(await generate({ spec, out, dateTime: "date" })).toMatchObject({ inputUnchanged: true });
    // strict changes no output here, but could turn a warning into an error: it compiles, and
    // only the manifest's record is brought up to date.
    const before = await mtimes(out);
    expect(await generate({ spec, out, dateTime: "date", strict: true })).toMatchObject({ inputUnchanged: false, written: false });
    const after = await mtimes(out);
    expect(Object.keys(after).filter((name) => after[name] !== before[name])).toEqual([".specwright-manifest.json"]);

    // A generated file edited by hand is regenerated.
    await writeFile(path.join(out, "routes.ts"), "// edited\n");
    expect(await generate({ spec, out, dateTime: "date", strict: true })).toMatchObject({ inputUnchanged: false, written: true });
    expect(await readFile(path.join(out, "routes.ts"), "utf8")).not.toBe("// edited\n");

    // Another specwright version wrote the folder.
    const manifestPath = path.join(out, ".specwright-manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, input: { ...manifest.input, specwright: "0.0.1" } }, null, 2) + "\n");
    expect(await generate({ spec, out, dateTime: "date", strict: true })).toMatchObject({ inputUnchanged: false });
    expect(JSON.parse(await readFile(manifestPath, "utf8")).input.specwright).toBe(manifest.input.specwright);
  });

  it("the command says so, --force compiles, and --check with other options finds the folder current", async () => {
    const { work, out } = await splitSpec();
    await run(process.execPath, [cli, "generate", "openapi.yaml", "-o", "out"], { cwd: work });
    const again = await run(process.execPath, [cli, "generate", "openapi.yaml", "-o", "out"], { cwd: work });
    expect(again.stdout).toMatch(/^specwright: openapi\.yaml and its options are unchanged since the last run; out is current \(\d+ ms\)\n$/);
    const forced = await run(process.execPath, [cli, "generate", "openapi.yaml", "-o", "out", "--force"], { cwd: work });
    expect(forced.stdout).toMatch(/1 operations from openapi\.yaml; out is already current/);
    const checked = await run(process.execPath, [cli, "generate", "openapi.yaml", "-o", "out", "--check", "--strict"], { cwd: work });
    expect(checked.stdout).toBe("out is current\n");
    expect(out).toContain("out");
  }, 120_000);
});
