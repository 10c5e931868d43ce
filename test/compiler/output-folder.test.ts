/**
 * The output folder never loses the user's files (issue 14): `generate` refuses the project
 * itself (`-o .`), a folder holding the spec and a non-empty folder it did not write, naming what
 * is there; in its own folder (a manifest records what it wrote) it replaces and removes only its
 * own files, so compiled `.js` beside the `.ts` and anything else survive, and `--check` ignores
 * them; concurrent runs are serialised by a lock; a crash between the swap's renames is repaired
 * by the next run or `--check`. Through the API and through the command (exit codes).
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generate, SpecError } from "specwright";
import { hashTree, minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const run = promisify(execFile);
const { folder, removeAll } = temporaryFolders();
afterEach(() => removeAll());

/** Runs the specwright command in `cwd`; resolves with its exit code and output. */
async function command(cwd: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const cli = path.resolve("dist/cli/specwright.js");
  return run(process.execPath, [cli, ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SpecError);
  const diagnostic = (error as SpecError).diagnostics[0]!;
  expect(diagnostic.code).toBe("SPW_E_OUTPUT_FOLDER");
  return diagnostic.message;
}

describe("the output folder", () => {
  it("refuses a non-empty folder it did not write, naming what is there, and leaves it as it was", async () => {
    const work = await folder();
    const spec = await writeSpec(work, minimalSpec);
    await mkdir(path.join(work, "src"));
    await writeFile(path.join(work, "src", "app.ts"), "export const app = 1;\n");
    const before = await hashTree(path.join(work, "src"));
    expect(await refusal(generate({ spec, out: path.join(work, "src") }))).toMatch(/not empty and specwright did not write it \(it holds app\.ts\)/);
    expect(await hashTree(path.join(work, "src"))).toEqual(before);
  });

  it("refuses the current folder and any folder holding the spec, through the command too (exit 2)", async () => {
    const work = await folder();
    await writeSpec(work, minimalSpec);
    await writeFile(path.join(work, "package.json"), "{}\n");
    const before = await hashTree(work);
    const dot = await command(work, "generate", "openapi.yaml", "-o", ".");
    expect(dot.code).toBe(2);
    expect(dot.output).toContain("SPW_E_OUTPUT_FOLDER");
    expect(dot.output).toContain("is the current folder");
    const nested = await folder();
    await mkdir(path.join(nested, "api"));
    const spec = await writeSpec(path.join(nested, "api"), minimalSpec);
    expect(await refusal(generate({ spec, out: nested }))).toMatch(/holds the spec/);
    expect(await hashTree(work)).toEqual(before);
  });

  it("keeps the files it did not write, compiled siblings included, and --check ignores them", async () => {
    const work = await folder();
    const spec = await writeSpec(work, minimalSpec);
    const out = path.join(work, "generated");
    await generate({ spec, out });
    expect(JSON.parse(await readFile(path.join(out, ".specwright-manifest.json"), "utf8")).files).toContain("routes.ts");
    await writeFile(path.join(out, "routes.js"), "// compiled in place by tsc\n");
    await mkdir(path.join(out, "notes"));
    await writeFile(path.join(out, "notes", "README.md"), "mine\n");
    expect((await command(work, "generate", "openapi.yaml", "-o", "generated", "--check")).code).toBe(0);
    await writeSpec(work, minimalSpec.replace("version: 1.0.0", "version: 1.0.1"));
    expect((await generate({ spec, out })).written).toBe(true);
    expect(await readFile(path.join(out, "routes.js"), "utf8")).toBe("// compiled in place by tsc\n");
    expect(await readFile(path.join(out, "notes", "README.md"), "utf8")).toBe("mine\n");
  });

  it("removes a file it wrote before and no longer generates, and refuses to replace one it did not write", async () => {
    const work = await folder();
    const spec = await writeSpec(work, minimalSpec);
    const out = path.join(work, "generated");
    await generate({ spec, out });
    const manifest = JSON.parse(await readFile(path.join(out, ".specwright-manifest.json"), "utf8"));
    await writeFile(path.join(out, ".specwright-manifest.json"), JSON.stringify({ ...manifest, files: [...manifest.files, "retired.ts"] }));
    await writeFile(path.join(out, "retired.ts"), "// generated by an older spec\n");
    const check = await generate({ spec, out, check: true });
    expect(check.changes.extra).toEqual(["retired.ts"]);
    await generate({ spec, out });
    expect(await readdir(out)).not.toContain("retired.ts");
    // A generated name that is the user's own file (no manifest lists it) is not overwritten.
    const other = await folder();
    await writeFile(path.join(other, ".specwright-manifest.json"), JSON.stringify({ generator: "specwright", files: [] }));
    await writeFile(path.join(other, "routes.ts"), "// mine\n");
    expect(await refusal(generate({ spec, out: other }))).toMatch(/routes\.ts exists and specwright did not write it/);
    expect(await readFile(path.join(other, "routes.ts"), "utf8")).toBe("// mine\n");
  });

  it("adopts a folder written before manifests, whose files are all its own or compiled from them", async () => {
    const work = await folder();
    const spec = await writeSpec(work, minimalSpec);
    const out = path.join(work, "generated");
    await generate({ spec, out });
    await rename(path.join(out, ".specwright-manifest.json"), path.join(work, "manifest.bak"));
    // Versions before manifests did not write these either.
    for (const file of ["operations.ts", "openapi.cjs"]) await rm(path.join(out, file));
    await writeFile(path.join(out, "routes.js"), "// compiled\n");
    await writeSpec(work, minimalSpec.replace("version: 1.0.0", "version: 2.0.0"));
    expect((await generate({ spec, out })).written).toBe(true);
    expect(await readdir(out)).toContain(".specwright-manifest.json");
    expect(await readFile(path.join(out, "routes.js"), "utf8")).toBe("// compiled\n");
  });

  it("serialises concurrent runs into one folder: each sees and leaves a complete tree", async () => {
    const work = await folder();
    const out = path.join(work, "generated");
    const specs = await Promise.all([1, 2, 3].map((version) => writeSpec(work, minimalSpec.replace("version: 1.0.0", `version: ${version}.0.0`), `spec${version}.yaml`)));
    const results = await Promise.all(specs.map((spec) => generate({ spec, out })));
    const last = results.find((result) => result.written) ?? results[2]!;
    const tree = await hashTree(out);
    expect(Object.keys(tree).sort()).toEqual(last.files!.map((file) => file.path).sort());
    // One run's tree, not a mix: every generated header names the same spec.
    const sources = new Set<string>();
    for (const name of await readdir(out)) {
      if (name.endsWith(".ts")) sources.add(/from "[^"]*(spec\d)\.yaml"/.exec(await readFile(path.join(out, name), "utf8"))?.[1] ?? "none");
    }
    expect(sources.size).toBe(1);
    expect(await readdir(work)).not.toContain(".generated.lock");
  });

  it("restores the previous tree after a crash between the swap's renames, on --check as on generate", async () => {
    const work = await folder();
    const spec = await writeSpec(work, minimalSpec);
    const out = path.join(work, "generated");
    await generate({ spec, out });
    const before = await hashTree(out);
    // The state a crash after the first rename leaves: the old tree as a backup, no output folder.
    await rename(out, path.join(work, ".generated.old-1-deadbeef"));
    expect((await command(work, "generate", "openapi.yaml", "-o", "generated", "--check")).code).toBe(0);
    expect(await hashTree(out)).toEqual(before);
  });
});
