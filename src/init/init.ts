/**
 * `specwright init`: writes a new project (package.json, tsconfig, a starter spec, handlers, a
 * server entry and a test) into an empty folder. It never overwrites and never deletes: a folder
 * holding anything but version-control and editor files is refused before anything is written,
 * and each file is created with the exclusive flag, so a file that appears meanwhile is not
 * replaced either.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { packageNameFor, projectPackageJson, specwrightDependency } from "./package-json.js";

/** What {@link initProject} takes. */
export interface InitOptions {
  /** The project folder; created when missing. */
  folder: string;
  /**
   * How package.json names specwright: a version range, a tag, or the path of a tarball or
   * checkout (written as `file:` and its absolute path). Default `^<this version>`.
   */
  specwrightVersion?: string;
}

/** What {@link initProject} wrote. */
export interface InitResult {
  /** The project folder, absolute. */
  folder: string;
  /** The files written, relative to `folder` with `/` separators, in the order written. */
  files: string[];
}

/**
 * Thrown when the folder is not empty; `entries` names what is there (besides the entries init
 * tolerates). Nothing has been written.
 */
export class FolderNotEmptyError extends Error {
  constructor(
    readonly folder: string,
    readonly entries: string[],
  ) {
    super(`${folder} is not empty (${entries.join(", ")}); specwright init writes only into an empty folder and changes nothing here`);
    this.name = "FolderNotEmptyError";
  }
}

/**
 * Entries a folder may hold and still count as empty: version control, editor and OS files, and
 * a README or licence, none of which init writes (create-next-app tolerates the same kind).
 */
export const tolerableEntries: ReadonlySet<string> = new Set([
  ".git",
  ".gitattributes",
  ".hg",
  ".svn",
  ".idea",
  ".vscode",
  ".DS_Store",
  "Thumbs.db",
  "README.md",
  "LICENSE",
  "LICENSE.md",
]);

/**
 * Template files whose name in the package differs from the name written: npm pack leaves
 * `.gitignore` files out of a package (https://docs.npmjs.com/cli/configuring-npm/package-json#files),
 * so the template carries it as `_gitignore`.
 */
const renamedTemplates: Readonly<Record<string, string>> = { _gitignore: ".gitignore" };

/**
 * Creates a project in `options.folder` (and the folder itself when missing): package.json
 * (ES modules, the scripts generate, dev, build, start, typecheck and test), tsconfig.json,
 * tsconfig.build.json, .gitignore, spec/openapi.yaml, src/handlers.ts, src/server.ts and
 * test/api.test.ts. Nothing is generated: every script that needs generated/ runs
 * `specwright generate` first.
 *
 * Throws {@link FolderNotEmptyError} when the folder holds anything but {@link tolerableEntries},
 * before writing anything; an `EEXIST` error when a file appears at one of these paths while
 * init runs (files written before it stay, and are listed in the message); an `ENOTDIR` error
 * when the folder is a file.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const folder = path.resolve(options.folder);
  const present = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const blocking = present.filter((entry) => !tolerableEntries.has(entry)).sort();
  if (blocking.length > 0) throw new FolderNotEmptyError(folder, blocking);

  const files = [
    { path: "package.json", text: projectPackageJson(packageNameFor(path.basename(folder)), specwrightDependency(options.specwrightVersion, existsSync)) },
    ...(await readTemplate()),
  ];
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(folder, ...file.path.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    try {
      // "wx": create only; fail with EEXIST rather than replace a file that appeared meanwhile.
      await writeFile(target, file.text, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && written.length > 0) {
        (error as Error).message += ` (init had written ${written.join(", ")}; it overwrote nothing)`;
      }
      throw error;
    }
    written.push(file.path);
  }
  return { folder, files: written };
}

/** The template's files, by the path they get in the project, sorted by that path. */
async function readTemplate(): Promise<{ path: string; text: string }[]> {
  const root = templateFolder();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep);
        const name = relative.pop()!;
        return { path: [...relative, renamedTemplates[name] ?? name].join("/"), text: await readFile(path.join(entry.parentPath, entry.name), "utf8") };
      }),
  );
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The template folder, `src/init/template` in the package: beside this module in the sources,
 * and under the package root for the build (dist/src/init), which ships the sources' template
 * folder (package.json `files`) rather than a compiled copy: its files are written as they are.
 */
function templateFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, "template"), path.resolve(here, "../../../src/init/template")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`specwright's project template (src/init/template) is missing beside ${here}; reinstall specwright`);
}
