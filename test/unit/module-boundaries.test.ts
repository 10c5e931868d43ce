/**
 * The module boundaries of src/ (docs/architecture.md): the client and the runtime share only
 * src/wire, never each other, and src/wire imports nothing of either; no emitter imports another
 * (what two outputs share lives in a module of its own). Read from the import
 * statements of the source files, so a new cross import fails here, not in a user's bundle.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Every `.ts` file under a folder of src/, with the src/-relative paths it imports and its package imports (`node:http`, `undici`). */
async function importsUnder(folder: string): Promise<{ file: string; imports: string[]; packages: string[] }[]> {
  const root = path.resolve("src", folder);
  const files = (await readdir(root, { recursive: true })).filter((name) => name.endsWith(".ts"));
  return Promise.all(
    files.map(async (name) => {
      const file = path.join(root, name);
      const text = await readFile(file, "utf8");
      const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1] ?? match[2]!);
      const imports = specifiers
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => path.relative(path.resolve("src"), path.resolve(path.dirname(file), specifier)).split(path.sep).join("/"));
      const packages = specifiers.filter((specifier) => !specifier.startsWith("."));
      return { file: path.relative(path.resolve("src"), file).split(path.sep).join("/"), imports, packages };
    }),
  );
}

describe("module boundaries", () => {
  it("the client imports nothing of the runtime, the runtime nothing of the client", async () => {
    const crossing = [
      ...(await importsUnder("client")).flatMap(({ file, imports }) => imports.filter((target) => target.startsWith("runtime/")).map((target) => `${file} → ${target}`)),
      ...(await importsUnder("runtime")).flatMap(({ file, imports }) => imports.filter((target) => target.startsWith("client/")).map((target) => `${file} → ${target}`)),
    ];
    expect(crossing).toEqual([]);
  });

  it("src/wire, shared by both, imports only src/wire", async () => {
    const wire = await importsUnder("wire");
    expect(wire.length).toBeGreaterThan(5);
    expect(wire.flatMap(({ file, imports }) => imports.filter((target) => !target.startsWith("wire/")).map((target) => `${file} → ${target}`))).toEqual([]);
  });

  it("src/client and src/wire import no Node built-in and no package, except the undici entry point", async () => {
    const modules = [...(await importsUnder("client")), ...(await importsUnder("wire"))];
    expect(modules.length).toBeGreaterThan(20);
    const imported = modules.flatMap(({ file, packages }) => packages.map((specifier) => `${file} → ${specifier}`));
    expect(imported).toEqual(["client/undici.ts → undici"]);
  });

  it("no emitter imports another emitter: emit-all.ts alone calls them all", async () => {
    const emitters = new Set(["client", "document", "enums", "handlers", "msw", "operations", "routes", "tanstack-query", "types", "validators"].map((name) => `emit/${name}.ts`));
    const modules = await importsUnder("emit");
    expect(modules.filter(({ file }) => emitters.has(file))).toHaveLength(emitters.size);
    const crossing = modules
      .filter(({ file }) => emitters.has(file))
      .flatMap(({ file, imports }) => imports.map((target) => `emit/${target.replace(/^emit\//, "").replace(/\.js$/, ".ts")}`).filter((target) => emitters.has(target) && target !== file).map((target) => `${file} → ${target}`));
    expect(crossing).toEqual([]);
  });
});
