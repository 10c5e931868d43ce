/**
 * src/packaging/light-packages.ts: the runtime package carries its bundled entry point as its only
 * JavaScript (the other compiled modules are inside the bundle; their declarations stay, as the
 * entry point's types), and refuses to assemble from an entry point that was not bundled, which
 * would import modules the package leaves out.
 */
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundleRuntimeEntry } from "../../src/packaging/bundle-runtime.js";
import { assembleLightPackages } from "../../src/packaging/light-packages.js";
import { temporaryFolders } from "../helpers/temp.js";

const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

/** A repository root with package.json and a small `dist/src` whose runtime entry point is `runtimeEntry`. */
async function rootWith(runtimeEntry: string): Promise<string> {
  const root = await folder();
  await cp("package.json", path.join(root, "package.json"));
  await mkdir(path.join(root, "node_modules"));
  await symlink(path.resolve("node_modules/swagger-ui-dist"), path.join(root, "node_modules/swagger-ui-dist"), "dir");
  const files: Record<string, string> = {
    "runtime/index.js": runtimeEntry,
    "runtime/index.d.ts": 'export * from "./server.js";\n',
    "runtime/server.js": 'import pino from "pino";\nexport const createServer = () => pino;\nexport const loadYaml = () => import("yaml");\n',
    "runtime/server.d.ts": "export declare const createServer: () => void;\n",
    "wire/status.js": "export const x = 1;\n",
    "wire/status.d.ts": "export declare const x = 1;\n",
    "client/index.js": 'export * from "../wire/status.js";\n',
    "client/index.d.ts": 'export * from "../wire/status.js";\n',
    "client/undici.js": "export {};\n",
    "client/undici.d.ts": "export {};\n",
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, "dist/src", file)), { recursive: true });
    await writeFile(path.join(root, "dist/src", file), text);
  }
  return root;
}

async function filesUnder(folderPath: string): Promise<string[]> {
  const entries = await readdir(folderPath, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(folderPath, path.join(entry.parentPath, entry.name))).sort();
}

describe("assembleLightPackages", () => {
  it("ships the runtime's bundled entry point as its only JavaScript, beside every declaration; the client keeps its modules", async () => {
    const root = await rootWith('export * from "./server.js";\n');
    // As npm run build does: esbuild, packages external, a linked source map.
    await bundleRuntimeEntry(root);
    await assembleLightPackages(root);
    const runtime = (await filesUnder(path.join(root, "dist/packages/runtime"))).filter((file) => !file.startsWith("swagger-ui"));
    expect(runtime).toEqual(["README.md", "package.json", "runtime/index.d.ts", "runtime/index.js", "runtime/server.d.ts", "wire/status.d.ts"]);
    const bundle = await readFile(path.join(root, "dist/packages/runtime/runtime/index.js"), "utf8");
    expect(bundle).toMatch(/from "pino"/);
    expect(bundle).toMatch(/import\("yaml"\)/);
    // The package carries no source map for it to name.
    expect(bundle).not.toContain("sourceMappingURL");
    const client = await filesUnder(path.join(root, "dist/packages/client"));
    expect(client).toEqual(["README.md", "client/index.d.ts", "client/index.js", "client/undici.d.ts", "client/undici.js", "package.json", "wire/status.d.ts", "wire/status.js"]);
  });

  it("refuses a runtime entry point that still imports its modules by relative paths, and leaves the packages built before", async () => {
    for (const entry of ['export * from "./server.js";\n', 'import "../wire/status.js";\n', 'export const load = () => import("./server.js");\n']) {
      const root = await rootWith(entry);
      await mkdir(path.join(root, "dist/packages/client"), { recursive: true });
      await writeFile(path.join(root, "dist/packages/client/package.json"), "{}\n");
      await expect(assembleLightPackages(root), entry).rejects.toThrow(/is not bundled; run npm run build/);
      expect(await readFile(path.join(root, "dist/packages/client/package.json"), "utf8")).toBe("{}\n");
    }
  });
});
