/**
 * Section: what a project installs (issue 15, "light to install"). The light packages
 * (`@specwright/runtime`, `@specwright/client`, assembled by `npm run build` in dist/packages)
 * and specwright itself are packed with `npm pack` and each installed alone into a fresh project,
 * as `npm install <package>` would; the table gives the bytes of every file under node_modules
 * and the number of packages, against the budgets (runtime-only ≤ 15 MB, client-only ≤ 1 MB).
 * Needs the npm registry (or npm's cache) for the dependencies.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installInFreshProject, pack } from "./lib/install.mjs";
import { renderTable } from "./lib/stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Install budgets, bytes (decimal megabytes, as npm and package size services print them). */
const budgets = { "@specwright/runtime": 15_000_000, "@specwright/client": 1_000_000 };

/**
 * Runs the section and returns its table.
 * @param {{ log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function installSection({ log }) {
  const tarballs = await mkdtemp(path.join(os.tmpdir(), "specwright-bench-pack-"));
  const rows = [];
  try {
    const packages = [
      { name: "@specwright/client", folder: path.join(root, "dist/packages/client") },
      { name: "@specwright/runtime", folder: path.join(root, "dist/packages/runtime") },
      { name: "specwright (compiler, runtime and client)", folder: root },
    ];
    const files = await pack(packages.map((entry) => entry.folder), tarballs);
    for (const [index, entry] of packages.entries()) {
      const project = await installInFreshProject(`bench-install-${index}`, files[index]);
      try {
        const budget = budgets[entry.name];
        log(`  install ${entry.name}: ${project.bytes} B in ${project.packages} packages`);
        rows.push([
          entry.name,
          (project.bytes / 1e6).toFixed(2),
          String(project.packages),
          budget === undefined ? "" : `${(budget / 1e6).toFixed(0)} MB`,
          budget === undefined ? "" : `${((project.bytes / budget) * 100).toFixed(0)} %`,
        ]);
      } finally {
        await project.remove();
      }
    }
  } finally {
    await rm(tarballs, { recursive: true, force: true });
  }
  return renderTable("install size (npm install <package> in a fresh project)", ["package", "MB under node_modules", "packages", "budget", "of budget"], rows, [
    "File bytes under node_modules (1 MB = 10^6 B), after `npm pack` of this checkout; dependencies at the releases npm resolves today.",
    "A server needs only @specwright/runtime (generate with --packages split --emit server), a frontend only @specwright/client (--emit client).",
  ]);
}
