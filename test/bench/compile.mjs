/**
 * Section 2: compiling GitHub's REST API description (@octokit/openapi, 13 MB of JSON) with
 * `specwright generate` (types, handlers, validators, routes, client) and with openapi-typescript
 * alone (types only), then type-checking each output with `tsc --noEmit`. Every step is its own
 * process, measured with GNU time (`/usr/bin/time -f "%e %U %S %M"`: wall seconds, user and system
 * CPU seconds, peak RSS in KiB); without GNU time, a preload module reports the child's own
 * `process.resourceUsage()` and the runner measures the wall time.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./lib/processes.mjs";
import { fixed, ratio, renderTable } from "./lib/stats.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const githubSpec = path.join(root, "node_modules/@octokit/openapi/generated/api.github.com.json");
const gnuTime = "/usr/bin/time";

/**
 * @typedef {object} Measure
 * @property {number} wallSeconds
 * @property {number} cpuSeconds user + system CPU time, seconds
 * @property {number} peakRssMiB peak resident set size, MiB
 */

/**
 * Runs `node ...nodeArgs` and measures it.
 * @param {string[]} nodeArgs
 * @param {string} workDir a scratch folder for the measurement files
 * @returns {Promise<Measure>}
 */
async function measureNode(nodeArgs, workDir) {
  const report = path.join(workDir, `measure-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  if (existsSync(gnuTime)) {
    const result = await runCommand(gnuTime, ["-o", report, "-f", "%e %U %S %M", process.execPath, ...nodeArgs], { cwd: root });
    if (result.code !== 0) throw new Error(`node ${nodeArgs.join(" ")} failed (${result.signal ?? result.code}):\n${(result.stdout + result.stderr).slice(0, 4000)}`);
    const [wall, user, system, rssKiB] = (await readFile(report, "utf8")).trim().split("\n").pop().split(" ").map(Number);
    return { wallSeconds: wall, cpuSeconds: user + system, peakRssMiB: rssKiB / 1024 };
  }
  const preload = path.join(here, "lib/resource-usage.cjs");
  const started = performance.now();
  const result = await runCommand(process.execPath, ["--require", preload, ...nodeArgs], { cwd: root, env: { BENCH_RESOURCE_USAGE_FILE: report } });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.code !== 0) throw new Error(`node ${nodeArgs.join(" ")} failed (${result.signal ?? result.code}):\n${(result.stdout + result.stderr).slice(0, 4000)}`);
  const usage = JSON.parse(await readFile(report, "utf8"));
  return { wallSeconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakRssMiB: usage.maxRSS / 1024 };
}

/** Total size in bytes of the files under `target` (a file or a folder). */
async function sizeOf(target) {
  const info = await stat(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target)) total += await sizeOf(path.join(target, entry));
  return total;
}

/**
 * Writes a tsconfig that type-checks `entry` strictly (like test/corpus/github.test.ts), with
 * specwright's public entry points resolved to the built declaration files (what a user's project
 * sees through the package's exports).
 */
async function writeTsconfig(file, entry) {
  await writeFile(
    file,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true,
        types: ["node"], typeRoots: [path.join(root, "node_modules/@types")], lib: ["ES2023", "DOM"],
        paths: {
          "specwright/runtime": [path.join(root, "dist/src/runtime/index.d.ts")],
          "specwright/client": [path.join(root, "dist/src/client/index.d.ts")],
        },
        noEmit: true,
      },
      files: [entry],
    }),
  );
}

/**
 * Runs the section and returns its table.
 * @param {{ log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function compileSection({ log }) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "specwright-bench-"));
  try {
    const specwrightOut = path.join(workDir, "specwright");
    const typesOnly = path.join(workDir, "openapi-typescript", "types.ts");
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    const bigHeap = "--max-old-space-size=4096";
    // ESM scope for the outputs (as in a project with "type": "module"), so NodeNext reads them as ES modules.
    await writeFile(path.join(workDir, "package.json"), JSON.stringify({ name: "bench-output", private: true, type: "module" }));

    log("  compile: specwright generate");
    const generate = await measureNode([path.join(root, "dist/cli/specwright.js"), "generate", githubSpec, "--out", specwrightOut, "--quiet"], workDir);
    log("  compile: openapi-typescript");
    const openapiTs = await measureNode([path.join(root, "node_modules/.bin/openapi-typescript"), githubSpec, "-o", typesOnly], workDir);

    await writeTsconfig(path.join(workDir, "tsconfig.specwright.json"), path.join(specwrightOut, "index.ts"));
    await writeTsconfig(path.join(workDir, "tsconfig.types.json"), typesOnly);
    log("  compile: tsc --noEmit over specwright's output");
    const checkSpecwright = await measureNode([bigHeap, tsc, "-p", path.join(workDir, "tsconfig.specwright.json")], workDir);
    log("  compile: tsc --noEmit over openapi-typescript's output");
    const checkTypes = await measureNode([bigHeap, tsc, "-p", path.join(workDir, "tsconfig.types.json")], workDir);

    const specwrightBytes = await sizeOf(specwrightOut);
    const typesBytes = await sizeOf(typesOnly);
    const row = (name, measure, bytes) => [
      name,
      fixed(measure.wallSeconds, 1),
      fixed(measure.cpuSeconds, 1),
      fixed(measure.peakRssMiB),
      bytes === undefined ? "" : fixed(bytes / 1024 / 1024, 1),
    ];
    return renderTable(
      "Compile: GitHub's REST API (@octokit/openapi api.github.com.json)",
      ["step", "wall s", "CPU s (user+sys)", "peak RSS MiB", "output MiB"],
      [
        row("specwright generate (types, handlers, validators, routes, client)", generate, specwrightBytes),
        row("openapi-typescript (types only)", openapiTs, typesBytes),
        row("tsc --noEmit --strict: specwright output", checkSpecwright),
        row("tsc --noEmit --strict: openapi-typescript output", checkTypes),
      ],
      [
        `specwright/openapi-typescript: wall ${ratio(generate.wallSeconds, openapiTs.wallSeconds)}, CPU ${ratio(generate.cpuSeconds, openapiTs.cpuSeconds)}, ` +
          `output ${ratio(specwrightBytes, typesBytes)}; tsc wall ${ratio(checkSpecwright.wallSeconds, checkTypes.wallSeconds)}.`,
        `Measured with ${existsSync(gnuTime) ? "GNU time" : "process.resourceUsage() in the child"}; one run each. specwright's output includes openapi.json;` +
          " tsc resolves specwright/runtime and specwright/client to dist's .d.ts files.",
      ],
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
