import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Type-checks a generated output folder with `tsc --strict`, as an ESM project that depends on
 * specwright would (the public entry points resolve to this repository's sources). Writes a
 * `package.json` (`"type": "module"`) and a `tsconfig.json` into the folder. `entries` are the
 * files to check, relative to the folder (several output folders below it are checked in one tsc
 * run: `["a/index.ts", "b/index.ts"]`). Resolves with tsc's diagnostics, or "" when there are none.
 */
export async function typecheckGenerated(folder: string, entries: string[] = ["index.ts"]): Promise<string> {
  await writeFile(path.join(folder, "package.json"), JSON.stringify({ type: "module", private: true }));
  await writeFile(
    path.join(folder, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true,
        types: ["node"], typeRoots: [path.resolve("node_modules/@types")], lib: ["ES2023", "DOM"],
        paths: { "specwright/runtime": [path.resolve("src/runtime/index.ts")], "specwright/client": [path.resolve("src/client/index.ts")], "specwright/client/undici": [path.resolve("src/client/undici.ts")] },
      },
      files: entries,
    }),
  );
  const tsc = path.resolve("node_modules/typescript/bin/tsc");
  return run(process.execPath, ["--max-old-space-size=4096", tsc, "-p", path.join(folder, "tsconfig.json")], { maxBuffer: 64 << 20 }).then(
    () => "",
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );
}
