/**
 * Golden tests (the fixture folders of Prettier and esbuild): each folder under
 * test/fixtures/golden/<case>/ holds a small spec (`openapi.yaml`, with the files it refers to) and
 * `expected/`, the output reviewed like code:
 *
 * - every file `specwright generate` writes (the manifest aside), byte for byte;
 * - `model.json`: the ApiModel without its bulky `document`, so a change of the model is a diff;
 * - `diagnostics.txt`: the warnings, or the errors of a spec that does not compile, rendered as
 *   the CLI prints them (file:line:column, code, message, pointer, code frame).
 *
 * An optional `options.json` holds generate() options for the case (`{ "dateTime": "date" }`).
 * Each case is generated with generate() from a copy of its folder in a temporary folder (so the
 * headers name `../openapi.yaml` on every machine), then twice more to check that the same spec
 * gives the same bytes (once with openapi-typescript in its worker thread, once without), and
 * the output is type-checked with `tsc --strict`.
 *
 * A case fails when a file differs, when an expected file is no longer generated (an orphan), and
 * when a case has no `expected/` folder. After an intended change of the output, rewrite every
 * expected file (and remove the orphans), then review the diff as code:
 *
 *     UPDATE=1 npx vitest run test/compiler/fixtures.test.ts && git diff test/fixtures/golden
 *
 * A new case: a folder with `openapi.yaml`, then the same command. The comparison is written here
 * rather than with vitest's file snapshots, which write a missing snapshot silently outside CI and
 * never report a snapshot file that nothing produces any more.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate, type GenerateOptions } from "../../src/generate.js";
import { SpecError, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { manifestName } from "../../src/write/output-folder.js";
import { temporaryFolder } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const root = path.resolve("test/fixtures/golden");
const update = process.env["UPDATE"] === "1";
const cases = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

/** What one generation of a case gives: its files by path, and where the generated tree is (undefined for a spec that fails). */
interface Outcome {
  files: Map<string, string>;
  generated?: string;
}

/** The first generation of each case goes below this folder (`<case>/generated`), so one tsc run checks them all. */
let shared: { path: string; remove: () => Promise<void> } | undefined;
const removals: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const remove of removals) await remove();
});

/** A fresh folder for one generation: below the shared folder for the first, a new temporary folder otherwise. */
async function workFolder(name: string, first: boolean): Promise<string> {
  if (!first) {
    const work = await temporaryFolder("specwright-golden-");
    removals.push(work.remove);
    return work.path;
  }
  if (!shared) {
    shared = await temporaryFolder("specwright-golden-");
    removals.push(shared.remove);
  }
  const folder = path.join(shared.path, name);
  await rm(folder, { recursive: true, force: true });
  return folder;
}

/**
 * Generates a case from a copy of its folder (everything but `expected/`): the files generate()
 * writes, plus model.json and diagnostics.txt. `typesWorker: false` runs openapi-typescript in
 * this thread instead of its worker.
 */
async function generateCase(name: string, first: boolean, typesWorker: boolean): Promise<Outcome> {
  const source = path.join(root, name);
  if (!(await stat(path.join(source, "openapi.yaml")).catch(() => undefined))) throw new Error(`the golden case ${name} has no openapi.yaml`);
  const work = await workFolder(name, first);
  await cp(source, work, { recursive: true, filter: (file) => path.relative(source, file) !== "expected" });
  const options = await readOptions(source);
  const spec = path.join(work, "openapi.yaml");
  const out = path.join(work, "generated");
  const files = new Map<string, string>();
  let diagnostics: Diagnostic[];
  let generated: string | undefined;
  try {
    // A fresh folder each time, so never the unchanged-input shortcut; force says so.
    const result = await generate({ ...options, spec, out, typesWorker, force: true });
    for (const file of result.files!) if (file.path !== manifestName) files.set(file.path, file.text);
    const { document: _document, ...model } = result.model!;
    files.set("model.json", JSON.stringify(model, null, 2) + "\n");
    diagnostics = result.warnings;
    generated = out;
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    diagnostics = error.diagnostics;
  }
  if (diagnostics.length > 0) {
    // Paths relative to the case folder, as a user who runs `specwright generate` there sees them.
    const relative = diagnostics.map((diagnostic) => diagnostic.file === undefined ? diagnostic : { ...diagnostic, file: path.relative(work, diagnostic.file).split(path.sep).join("/") });
    const texts = new Map<string, string>();
    for (const file of new Set(relative.map((diagnostic) => diagnostic.file))) {
      if (file !== undefined) texts.set(file, await readFile(path.join(work, file), "utf8").catch(() => ""));
    }
    files.set("diagnostics.txt", renderDiagnostics(relative, (file) => texts.get(file)) + "\n");
  }
  return { files, ...(generated ? { generated } : {}) };
}

/** The case's generate() options (`options.json`), or none. */
async function readOptions(folder: string): Promise<Partial<GenerateOptions>> {
  try {
    return JSON.parse(await readFile(path.join(folder, "options.json"), "utf8")) as Partial<GenerateOptions>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/** Every file under `folder`, by path relative to it with `/` separators; empty when the folder does not exist. */
async function readTree(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return files;
    throw error;
  }
  for (const name of names.sort()) {
    const file = path.join(folder, name);
    if ((await stat(file)).isFile()) files.set(name.split(path.sep).join("/"), await readFile(file, "utf8"));
  }
  return files;
}

/** Makes `folder` hold exactly `files`: writes what differs, removes what is not in `files`. */
async function rewriteExpected(folder: string, files: Map<string, string>, existing: Map<string, string>): Promise<void> {
  for (const name of existing.keys()) if (!files.has(name)) await rm(path.join(folder, name));
  for (const [name, text] of files) {
    if (existing.get(name) === text) continue;
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), text);
  }
}

/** The first generation of each case, shared by the tests below (each makes it when it runs alone, `-t`). */
const outcomes = new Map<string, Promise<Outcome>>();
function firstOutcome(name: string): Promise<Outcome> {
  let outcome = outcomes.get(name);
  if (!outcome) outcomes.set(name, (outcome = generateCase(name, true, true)));
  return outcome;
}

describe.each(cases)("golden case %s", (name) => {
  const expectedFolder = path.join(root, name, "expected");

  it("generates exactly the expected files", async () => {
    const outcome = await firstOutcome(name);
    const expected = await readTree(expectedFolder);
    if (update) {
      await rewriteExpected(expectedFolder, outcome.files, expected);
      return;
    }
    expect(expected.size, `${name} has no expected output: run UPDATE=1 npx vitest run test/compiler/fixtures.test.ts and review it`).toBeGreaterThan(0);
    const orphans = [...expected.keys()].filter((file) => !outcome.files.has(file));
    expect(orphans, `expected files of ${name} that are no longer generated (UPDATE=1 removes them)`).toEqual([]);
    const missing = [...outcome.files.keys()].filter((file) => !expected.has(file));
    expect(missing, `generated files of ${name} without an expected copy (UPDATE=1 writes them)`).toEqual([]);
    for (const [file, text] of outcome.files) expect.soft(text, `${name}/expected/${file} (UPDATE=1 rewrites it)`).toBe(expected.get(file));
  }, 120_000);

  it("gives the same bytes when generated again, with and without the types worker", async () => {
    const first = await firstOutcome(name);
    for (const typesWorker of [true, false]) {
      const again = await generateCase(name, false, typesWorker);
      expect([...again.files.keys()]).toEqual([...first.files.keys()]);
      for (const [file, text] of again.files) expect(text, `${name}: ${file}, typesWorker ${typesWorker}`).toBe(first.files.get(file));
    }
  }, 120_000);
});

/**
 * tsc --strict over every case's output in one run (a run per case took about 17 s each, mostly
 * tsc loading the same libraries and runtime sources); the errors are then told apart by folder.
 */
let typecheck: Promise<string> | undefined;
function typecheckAll(): Promise<string> {
  typecheck ??= (async () => {
    const generated: string[] = [];
    for (const name of cases) if ((await firstOutcome(name)).generated) generated.push(`${name}/generated/index.ts`);
    return typecheckGenerated(shared!.path, generated);
  })();
  return typecheck;
}

describe.each(cases)("golden case %s under tsc --strict", (name) => {
  it("type-checks", async () => {
    const outcome = await firstOutcome(name);
    if (outcome.generated === undefined) {
      // A spec that does not compile has nothing to type-check: its output is its errors.
      expect(outcome.files.get("diagnostics.txt")).toMatch(/ error SPW_E_/);
      return;
    }
    // tsc's messages start at the margin, their continuation lines are indented. A message in no
    // case's folder (a broken runtime source) fails every case.
    const messages = (await typecheckAll()).split(/\n(?=\S)/).filter((message) => message.trim() !== "");
    const caseOf = (message: string) => cases.find((other) => message.includes(`/${other}/generated/`));
    expect(messages.filter((message) => caseOf(message) === name || caseOf(message) === undefined)).toEqual([]);
  }, 300_000);
});
