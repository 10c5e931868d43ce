import { randomBytes } from "node:crypto";
import { copyFile, link, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "../emit/generated-file.js";

/**
 * Replaces the output folder with `files` so that it is always either the complete old tree or
 * the complete new tree: the files are written to a sibling temporary folder, beside the files of
 * the old folder that are not in `previous` (what specwright wrote there before), which are kept,
 * on the same file system, then two renames swap it in (`out` → backup, temporary → `out`), then
 * the backup is removed. A run that finds a backup without an output folder (a crash between the
 * renames) restores it first; stale temporary folders are removed.
 *
 * Throws the file system's error (EACCES, ENOSPC, …) after removing the temporary folder; the
 * previous output is untouched in that case.
 */
export async function writeAtomically(outDir: string, files: GeneratedFile[], previous: readonly string[] = []): Promise<void> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  await mkdir(parent, { recursive: true });
  await recoverOutput(target);
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const temporary = path.join(parent, `.${base}.tmp-${suffix}`);
  const backup = path.join(parent, `.${base}.old-${suffix}`);
  try {
    for (const file of files) {
      const destination = path.join(temporary, file.path);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, file.text);
    }
    // The files specwright did not write (compiled .js beside the .ts, anything the user keeps
    // there) go into the new tree too, as hard links where the file system allows.
    const generated = new Set(files.map((file) => file.path));
    const managed = new Set(previous);
    for (const relative of await filesUnder(target)) {
      if (generated.has(relative) || managed.has(relative)) continue;
      await carryOver(path.join(target, relative), path.join(temporary, relative));
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  let hadPrevious = true;
  try {
    await rename(target, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
    hadPrevious = false;
  }
  try {
    await rename(temporary, target);
  } catch (error) {
    if (hadPrevious) await rename(backup, target);
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) await rm(backup, { recursive: true, force: true });
}

/** Every file (and symbolic link) under `folder`, as `/`-separated relative paths; empty when it does not exist. */
async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (directory: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(directory, entry.name), relative);
      else found.push(relative);
    }
  };
  await walk(folder, "");
  return found;
}

/** Puts `source` at `destination`: a hard link, else a copy; a symbolic link is recreated as one. */
async function carryOver(source: string, destination: string): Promise<void> {
  await mkdir(path.dirname(destination), { recursive: true });
  if ((await lstat(source)).isSymbolicLink()) {
    await symlink(await readlink(source), destination);
    return;
  }
  try {
    await link(source, destination);
  } catch {
    await copyFile(source, destination);
  }
}

/**
 * Restores a backup left by a crash between the two renames of {@link writeAtomically} and
 * removes stale temporary folders. Run before reading or writing the output folder.
 */
export async function recoverOutput(outDir: string): Promise<void> {
  const target = path.resolve(outDir);
  let entries: string[];
  try {
    entries = await readdir(path.dirname(target));
  } catch {
    return;
  }
  await recover(target, entries);
}

async function recover(target: string, entries: string[]): Promise<void> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const backups = entries.filter((entry) => entry.startsWith(`.${base}.old-`)).sort();
  const targetExists = entries.includes(base);
  if (!targetExists && backups.length > 0) await rename(path.join(parent, backups[backups.length - 1]!), target);
  for (const entry of entries) {
    if (entry.startsWith(`.${base}.tmp-`) || (entry.startsWith(`.${base}.old-`) && (targetExists || entry !== backups[backups.length - 1]))) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Compares `files` with what `outDir` holds. Returns the paths that differ, are missing, or are
 * extra (written by specwright before, in `previous`, but no longer generated). Files specwright
 * did not write are none of these. Empty means the folder is current.
 */
export async function compareOutput(outDir: string, files: GeneratedFile[], previous: readonly string[] = []): Promise<{ stale: string[]; missing: string[]; extra: string[] }> {
  const stale: string[] = [];
  const missing: string[] = [];
  for (const file of files) {
    try {
      const current = await readFile(path.join(outDir, file.path), "utf8");
      if (current !== file.text) stale.push(file.path);
    } catch {
      missing.push(file.path);
    }
  }
  const expected = new Set(files.map((file) => file.path));
  const present = new Set(await filesUnder(outDir));
  const extra = previous.filter((relative) => !expected.has(relative) && present.has(relative));
  return { stale, missing, extra: extra.sort() };
}
