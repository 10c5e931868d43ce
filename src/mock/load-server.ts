/**
 * Loads the generated server of a spec at run time, for `specwright mock`: the files
 * `specwright generate` would write (without `types.ts`, which holds types only) are emitted in
 * memory, the TypeScript ones transpiled to JavaScript with the `typescript` package, all written
 * to a temporary folder, and the generated `routes.js` imported. The folder gets a
 * `node_modules/specwright` link to the package this code runs from, so the generated
 * `import … from "specwright/runtime"` reaches the same runtime whether or not the user's project
 * has specwright installed, and whichever version it has.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { emitAll } from "../emit/emit-all.js";
import type { ApiModel } from "../model/ir.js";

/** What the generated `routes.ts` exports that the mock uses: `createServer(handlers, options)`. */
export interface GeneratedRoutes {
  createServer(handlers: object, options: object): GeneratedServer;
}

/** The server the generated `createServer` returns (`ApiServer` of specwright/runtime). */
export interface GeneratedServer {
  listen(port?: number, host?: string): Promise<{ port: number; host: string; url: string }>;
  close(): Promise<void>;
}

/** A loaded server module, the runtime it runs on, and its folder (removed by `remove`). */
export interface LoadedServer {
  routes: GeneratedRoutes;
  /** The `specwright/runtime` module the generated code imports (for its `HttpError` class). */
  runtime: { HttpError: new (status: number, detail?: string, options?: { code?: string }) => Error };
  folder: string;
  remove(): Promise<void>;
}

/**
 * Emits, transpiles and imports the generated server of `model`. Rejects when the emitted code
 * cannot be loaded (the folder is removed first); file-system errors propagate.
 */
export async function loadGeneratedServer(model: ApiModel): Promise<LoadedServer> {
  const { files } = await emitAll(model, { emitTypes: async () => [] });
  const folder = await mkdtemp(path.join(os.tmpdir(), "specwright-mock-"));
  const remove = (): Promise<void> => rm(folder, { recursive: true, force: true });
  try {
    for (const file of files) {
      const target = path.join(folder, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      if (file.path.endsWith(".ts") && !file.path.endsWith(".d.ts")) {
        const output = ts.transpileModule(file.text, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
          fileName: file.path,
        });
        await writeFile(target.replace(/\.ts$/, ".js"), output.outputText);
      } else {
        await writeFile(target, file.text);
      }
    }
    await writeFile(path.join(folder, "package.json"), JSON.stringify({ type: "module", private: true }));
    await mkdir(path.join(folder, "node_modules"));
    const root = await packageRoot();
    for (const name of packagesImported(files.map((file) => file.text))) {
      const target = name === "specwright" ? root : packageFolder(name, root);
      if (target === undefined) continue;
      await mkdir(path.dirname(path.join(folder, "node_modules", name)), { recursive: true });
      // A junction on Windows needs no privilege; elsewhere the type is ignored.
      await symlink(target, path.join(folder, "node_modules", name), "junction");
    }
    const load = createRequire(path.join(folder, "routes.js"));
    // The CommonJS files (the validators) are required first: an import() that reaches a CommonJS
    // module failing to load throws outside the import's promise in Node 20, past any catch; a
    // required module is then taken from the require cache.
    for (const file of files) if (file.path.endsWith(".cjs")) load(path.join(folder, file.path));
    const routes = (await import(pathToFileURL(path.join(folder, "routes.js")).href)) as GeneratedRoutes;
    const runtimeFile = load.resolve("specwright/runtime");
    const runtime = (await import(pathToFileURL(runtimeFile).href)) as LoadedServer["runtime"];
    return { routes, runtime, folder, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * The packages generated code imports or requires (`specwright`, and `ajv` and `ajv-formats` for
 * the validators' runtime helpers), by package name, sorted; Node built-ins left out.
 */
function packagesImported(texts: string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?:\brequire\(\s*|\bfrom\s+|\bimport\(\s*)["']([^"'./][^"']*)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith("node:")) continue;
      const segments = specifier.split("/");
      names.add(specifier.startsWith("@") ? segments.slice(0, 2).join("/") : segments[0]!);
    }
  }
  return [...names].sort();
}

/** The folder of a package as Node would find it from the specwright package folder; undefined when not installed. */
function packageFolder(name: string, root: string): string | undefined {
  const lookup = createRequire(path.join(root, "package.json")).resolve.paths(name) ?? [];
  return lookup.map((folder) => path.join(folder, name)).find((folder) => existsSync(path.join(folder, "package.json")));
}

/** The folder of the specwright package this module belongs to (its package.json names it). */
async function packageRoot(): Promise<string> {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(await readFile(path.join(folder, "package.json"), "utf8")) as { name?: string };
      if (manifest.name === "specwright") return folder;
    } catch {
      // No package.json here: look further up.
    }
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error("the specwright package folder was not found above " + fileURLToPath(import.meta.url));
    folder = parent;
  }
}
