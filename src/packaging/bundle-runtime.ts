/**
 * `npm run build`'s step after tsc: bundles the runtime's entry point, `dist/src/runtime/index.js`,
 * with the modules it imports from `dist/src/runtime` and `dist/src/wire` into that one file, so a
 * server loads one module instead of every one of them. Node's ES module loader resolves, opens, reads
 * and links every file of an import graph separately; for the runtime that was a good part of a
 * server's start-up beyond Node's own (docs/benchmarks.md, cold start). Packages and Node's
 * built-in modules stay imports (`packages: "external"`), so the bundle uses the same installed
 * dependencies as before. The source map is chained through tsc's maps back to `src/`.
 *
 * The other compiled files stay in place: their declarations are the entry point's types, and
 * the compiler's own modules import some of them. esbuild is a devDependency: this runs when the
 * package is built, never when it is used.
 */
import path from "node:path";
import { build } from "esbuild";

/**
 * Bundles `<root>/dist/src/runtime/index.js` in place (ES module, platform node, with a linked
 * source map). Throws Error (from esbuild) when the file does not exist or cannot be bundled.
 */
export async function bundleRuntimeEntry(root: string): Promise<void> {
  const entry = path.join(root, "dist", "src", "runtime", "index.js");
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
}
