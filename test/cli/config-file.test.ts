/**
 * `specwright.config.*`: found in the working folder or given with --config, one entry or several,
 * TypeScript configs typed by defineConfig() and loaded from the compiled command in a project
 * that installs specwright, validated with file:line:column and a code frame, flags over it.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generateOptionDeclarations } from "../../src/config/options.js";
import { configEntrySchema } from "../../cli/config/validate-config.js";
import { minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const run = promisify(execFile);
const cli = path.resolve("dist/cli/specwright.js");
const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

/** Runs the command in `cwd`; resolves with its exit code, stdout and stderr. */
async function command(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [cli, ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** A project folder with a spec and specwright installed as a package (a link to this checkout), as a user has it. */
async function project(): Promise<string> {
  const work = await folder();
  await mkdir(path.join(work, "spec"));
  await writeSpec(path.join(work, "spec"), minimalSpec);
  await writeFile(path.join(work, "package.json"), JSON.stringify({ name: "app", type: "module" }));
  await mkdir(path.join(work, "node_modules"));
  await symlink(path.resolve("."), path.join(work, "node_modules", "specwright"), "dir");
  return work;
}

describe("the config file", () => {
  it("declares every option once: the entry schema lists each declared option and nothing else", () => {
    expect(Object.keys(configEntrySchema.properties).sort()).toEqual(Object.keys(generateOptionDeclarations).sort());
    expect(configEntrySchema.additionalProperties).toBe(false);
  });

  it("a specwright.config.ts typed with defineConfig() runs several specs from the compiled command in a user's project", async () => {
    const work = await project();
    await writeSpec(path.join(work, "spec"), minimalSpec.replace("title: Minimal", "title: Admin"), "admin.yaml");
    await writeFile(path.join(work, "specwright.config.ts"), `import { defineConfig } from "specwright";
const shared = { dateTime: "date" } as const;
export default defineConfig([
  { spec: "spec/openapi.yaml", out: "src/generated/public", ...shared },
  { spec: "spec/admin.yaml", out: "src/generated/admin", int64: "bigint" },
]);
`);
    const result = await command(work, "generate");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/from spec\/openapi\.yaml; wrote 13 files to src\/generated\/public/);
    expect(result.stdout).toMatch(/from spec\/admin\.yaml; wrote 13 files to src\/generated\/admin/);
    const manifest = (name: string) => readFile(path.join(work, "src/generated", name, ".specwright-manifest.json"), "utf8").then(JSON.parse);
    expect((await manifest("public")).input.options).toMatchObject({ dateTime: "date", int64: "number" });
    expect((await manifest("admin")).input.options).toMatchObject({ dateTime: "string", int64: "bigint" });
    expect(await readFile(path.join(work, "src/generated/admin/routes.ts"), "utf8")).toContain('from "../../../spec/admin.yaml"');
  }, 120_000);

  it("reads paths from the config file's folder, and flags override its options (--no-… a true one)", async () => {
    const work = await project();
    await mkdir(path.join(work, "config"));
    await writeFile(path.join(work, "config", "specwright.yaml"), "spec: ../spec/openapi.yaml\nout: ../out\nstrict: true\ndateTime: date\ntanstackQuery: true\n");
    const result = await command(work, "generate", "--config", "config/specwright.yaml", "--date-time", "string", "--no-strict", "--json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.results).toEqual([expect.objectContaining({ spec: "spec/openapi.yaml", out: "out", outcome: "written" })]);
    const manifest = JSON.parse(await readFile(path.join(work, "out", ".specwright-manifest.json"), "utf8"));
    expect(manifest.input.options).toMatchObject({ strict: false, dateTime: "string", tanstackQuery: true });
    expect(manifest.files).toContain("tanstack-query.ts");
  }, 120_000);

  it("reports an unknown key with a did-you-mean, a wrong type and a bad choice at file:line:column with a code frame (exit 2)", async () => {
    const work = await project();
    await writeFile(path.join(work, "specwright.config.json"), `{
  "spec": "spec/openapi.yaml",
  "output": "generated",
  "strcit": true,
  "lenient": "yes",
  "dateTime": "dates"
}
`);
    const result = await command(work, "generate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('specwright.config.json:3:3: error SPW_E_CONFIG: unknown key "output"; did you mean "out"? (at #/output)');
    expect(result.stderr).toContain('specwright.config.json:4:3: error SPW_E_CONFIG: unknown key "strcit"; did you mean "strict"? (at #/strcit)');
    expect(result.stderr).toContain('specwright.config.json:5:3: error SPW_E_CONFIG: "lenient" must be a boolean, not the string "yes" (at #/lenient)');
    expect(result.stderr).toContain('specwright.config.json:6:3: error SPW_E_CONFIG: "dateTime" must be one of "string", "date", not the string "dates"');
    expect(result.stderr).toMatch(/> 4 \|   "strcit": true,\n +\| +\^/);
    await expect(readFile(path.join(work, "generated", "routes.ts"))).rejects.toThrow();
  }, 60_000);

  it("points into a YAML array of entries, and names the entry of a TypeScript config without positions", async () => {
    const work = await project();
    await writeFile(path.join(work, "specwright.config.yaml"), "- spec: spec/openapi.yaml\n  out: a\n- spec: spec/openapi.yaml\n  out: b\n  int64: long\n");
    const yaml = await command(work, "generate");
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain('specwright.config.yaml:5:3: error SPW_E_CONFIG: "int64" must be one of "number", "bigint", not the string "long" (at #/1/int64)');

    const other = await project();
    await writeFile(path.join(other, "specwright.config.ts"), 'export default { spec: "spec/openapi.yaml", allowRemoteReferences: "https://example.com/" };\n');
    const typescript = await command(other, "generate");
    expect(typescript.code).toBe(2);
    expect(typescript.stderr).toContain('specwright.config.ts: error SPW_E_CONFIG: "allowRemoteReferences" must be an array of strings, not the string "https://example.com/" (at #/allowRemoteReferences)');
  }, 60_000);

  it("refuses two config files, a config that throws, and a spec argument that no entry generates", async () => {
    const work = await project();
    await writeFile(path.join(work, "specwright.config.json"), "{}");
    await writeFile(path.join(work, "specwright.config.yaml"), "{}");
    const two = await command(work, "generate");
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("several config files: specwright.config.json, specwright.config.yaml");

    const throwing = await project();
    await writeFile(path.join(throwing, "specwright.config.mjs"), 'throw new Error("no config today");\n');
    const thrown = await command(throwing, "generate");
    expect(thrown.code).toBe(2);
    expect(thrown.stderr).toContain("specwright.config.mjs: error SPW_E_CONFIG: cannot load the config file: no config today");

    const several = await project();
    await writeFile(path.join(several, "specwright.config.json"), JSON.stringify([{ spec: "spec/openapi.yaml", out: "a" }, { spec: "spec/openapi.yaml", out: "b" }]));
    const unknown = await command(several, "generate", "spec/other.yaml");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no entry of the config generates spec/other.yaml");
    const out = await command(several, "generate", "-o", "c");
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--out names one folder, and the config generates 2 specs");
  }, 60_000);
});
