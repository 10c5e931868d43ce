/**
 * Packs packages and installs them into fresh projects, as a user's `npm install <package>` would,
 * then measures the install: the bytes of every file under node_modules (file sizes, as a package
 * size service counts them, not disk blocks) and the number of packages. Shared by
 * test/package/light-packages.test.ts and `npm run bench` (install.mjs, compile.mjs).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * `npm pack`s each folder into `destination` and returns the tarballs' paths, in the folders' order.
 * @param {string[]} folders package folders (each with a package.json)
 * @param {string} destination
 * @returns {Promise<string[]>}
 */
export async function pack(folders, destination) {
  const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", destination, ...folders], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout).map((/** @type {{ filename: string }} */ entry) => path.join(destination, entry.filename));
}

/**
 * Installs one tarball into a new project in the temporary folder (`type: module`, nothing else
 * installed) and measures node_modules. `remove` deletes the project.
 * @param {string} name a short name for the project's folder
 * @param {string} tarball
 * @returns {Promise<{ path: string, bytes: number, packages: number, remove: () => Promise<void> }>}
 */
export async function installInFreshProject(name, tarball) {
  const folder = await mkdtemp(path.join(os.tmpdir(), `specwright-${name}-`));
  await writeFile(path.join(folder, "package.json"), JSON.stringify({ name: `${name}-app`, private: true, type: "module" }));
  await run(npm, ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: folder, maxBuffer: 64 * 1024 * 1024 });
  const modules = path.join(folder, "node_modules");
  return { path: folder, bytes: await bytesOf(modules), packages: await packageCount(modules), remove: () => rm(folder, { recursive: true, force: true }) };
}

/**
 * The bytes of a file, or of every file under a folder, subfolders included (symbolic links
 * inside a folder not followed). Also used by the compile section for output sizes.
 * @param {string} target a file or a folder
 * @returns {Promise<number>}
 */
export async function bytesOf(target) {
  const info = await stat(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.isDirectory() || entry.isFile()) total += await bytesOf(path.join(target, entry.name));
  }
  return total;
}

/**
 * The packages installed under a node_modules folder (scoped ones counted one by one, nested
 * node_modules included).
 * @param {string} modules
 * @returns {Promise<number>}
 */
async function packageCount(modules) {
  let count = 0;
  for (const entry of await readdir(modules, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      for (const scoped of await readdir(path.join(modules, entry.name), { withFileTypes: true })) {
        if (scoped.isDirectory()) count += 1 + (await packageCount(path.join(modules, entry.name, scoped.name, "node_modules")));
      }
    } else count += 1 + (await packageCount(path.join(modules, entry.name, "node_modules")));
  }
  return count;
}
