/**
 * Section 2: compiling GitHub's REST API description (@octokit/openapi, 13 MB of JSON) with
 * `specwright generate` (types, handlers, validators, routes, client) and with openapi-typescript
 * alone (types only), then type-checking each output with `tsc --noEmit`. Every step is its own
 * process, measured with GNU time (`/usr/bin/time -f "%e %U %S %M"`: wall seconds, user and system
 * CPU seconds, peak RSS in KiB); without GNU time, a preload module reports the child's own
 * `process.resourceUsage()` and the runner measures the wall time.
 *
 * Then what a GitHub server pays at start: the size of validators.cjs and the time `require()`
 * takes in a fresh process (median of 5), and spawn → first 200 of a server of the generated
 * routes with stub handlers (median of 3). Last, regenerating the example after a one-line change
 * (`info.version`), end to end with process start, against openapi-typescript on the same file
 * (median of 3, alternated), and the same change under `specwright generate --watch`. And the run
 * that finds its input unchanged (spec, options and version as the manifest recorded them), which
 * returns without compiling (median of 3).
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { coldStart } from "./cold-start.mjs";
import { bytesOf } from "./lib/install.mjs";
import { runCommand, startNode, stop } from "./lib/processes.mjs";
import { fixed, median, ratio, renderTable } from "./lib/stats.mjs";

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

/** Median wall and CPU time of several measures, and the largest peak RSS. */
function medianMeasure(measures) {
  return {
    wallSeconds: median(measures.map((measure) => measure.wallSeconds)),
    cpuSeconds: median(measures.map((measure) => measure.cpuSeconds)),
    peakRssMiB: Math.max(...measures.map((measure) => measure.peakRssMiB)),
  };
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

/** Milliseconds `require(file)` takes in a fresh process, measured inside it; median of `runs`. */
async function requireMilliseconds(file, runs = 5) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const script = `const started = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - started));`;
    const result = await runCommand(process.execPath, ["-e", script], { cwd: root });
    if (result.code !== 0) throw new Error(`require(${file}) failed:\n${result.stderr.slice(0, 2000)}`);
    times.push(Number(result.stdout));
  }
  return median(times);
}

/** A server of GitHub's generated routes with one stub for every handler; listens on $PORT. */
const githubServerScript = `
import { createServer } from "./specwright/routes.js";
const handlers = new Proxy({}, { get: (_target, name) => () => (name === "metaGetZen" ? { status: 200, body: "zen" } : { status: 599 }) });
const security = new Proxy({}, { get: () => () => ({ login: "stub" }) });
const server = createServer(handlers, { security, logger: false });
await server.listen(Number(process.env.PORT), "127.0.0.1");
process.stdin.on("end", () => process.exit(0)).resume();
process.on("SIGTERM", () => process.exit(0));
`;

/**
 * Wall seconds of `specwright generate` and of openapi-typescript on a copy of the example whose
 * `info.version` line changes before every run (so the output is rewritten); medians of `runs`.
 */
async function regenerateExample(workDir, runs = 3) {
  const folder = path.join(workDir, "example");
  await mkdir(folder, { recursive: true });
  const spec = path.join(folder, "openapi.yaml");
  const original = await readFile(path.join(root, "spec/openapi.yaml"), "utf8");
  const generate = (out) => [path.join(root, "dist/cli/specwright.js"), "generate", spec, "--out", out, "--quiet"];
  await writeFile(spec, original);
  await measureNode(generate(path.join(folder, "generated")), workDir);
  const specwright = [];
  const openapiTs = [];
  for (let run = 0; run < runs; run++) {
    await writeFile(spec, original.replace(/^  version: .*$/m, `  version: 1.0.${run + 1}`));
    const measures = [
      () => measureNode(generate(path.join(folder, "generated")), workDir).then((measure) => specwright.push(measure.wallSeconds)),
      () => measureNode([path.join(root, "node_modules/.bin/openapi-typescript"), spec, "-o", path.join(folder, "types.ts")], workDir).then((measure) => openapiTs.push(measure.wallSeconds)),
    ];
    for (const measure of run % 2 === 0 ? measures : measures.reverse()) await measure();
  }
  // The same change under `specwright generate --watch`: from writing the file to the line that
  // reports the rewritten output.
  const watcher = startNode(path.join(root, "dist/cli/specwright.js"), ["generate", spec, "--out", path.join(folder, "watched"), "--watch"]);
  const watched = [];
  try {
    await nextLine(watcher, /wrote \d+ files/);
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await writeFile(spec, original.replace(/^  version: .*$/m, `  version: 1.1.${run + 1}`));
      await nextLine(watcher, /wrote \d+ files/);
      watched.push((performance.now() - started) / 1000);
    }
  } finally {
    await stop(watcher);
  }
  return { specwright: median(specwright), openapiTs: median(openapiTs), watched: median(watched) };
}

/** Resolves with the next line of the child's stdout that matches `pattern` (others are skipped). */
function nextLine(child, pattern, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (pattern.test(line)) return finish(null, line);
      }
    };
    function finish(error, line) {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      if (error) reject(error);
      else resolve(line);
    }
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
  });
}

/**
 * Runs the section and returns its table.
 * @param {{ rounds?: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function compileSection({ rounds = 3, log }) {
  // Inside the repository, so the generated routes resolve specwright/runtime (package self-reference).
  await mkdir(path.join(root, ".test-output"), { recursive: true });
  const workDir = await mkdtemp(path.join(root, ".test-output", "bench-compile-"));
  try {
    const specwrightOut = path.join(workDir, "specwright");
    const typesOnly = path.join(workDir, "openapi-typescript", "types.ts");
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    const bigHeap = "--max-old-space-size=4096";
    // The outputs are in this package's ESM scope ("type": "module"), as in a user's project, so
    // NodeNext reads them as ES modules and the transpiled routes import specwright/runtime by name.

    // Alternated rounds, medians: on a shared machine one run of each can be off by half.
    const generateRuns = [];
    const openapiTsRuns = [];
    for (let round = 0; round < rounds; round++) {
      const steps = [
        async () => {
          await rm(specwrightOut, { recursive: true, force: true });
          generateRuns.push(await measureNode([path.join(root, "dist/cli/specwright.js"), "generate", githubSpec, "--out", specwrightOut, "--quiet"], workDir));
        },
        async () => openapiTsRuns.push(await measureNode([path.join(root, "node_modules/.bin/openapi-typescript"), githubSpec, "-o", typesOnly], workDir)),
      ];
      for (const step of round % 2 === 0 ? steps : steps.reverse()) await step();
      log(`  compile round ${round + 1}/${rounds}: specwright generate ${fixed(generateRuns.at(-1).wallSeconds, 1)} s, openapi-typescript ${fixed(openapiTsRuns.at(-1).wallSeconds, 1)} s`);
    }
    const generate = medianMeasure(generateRuns);
    const openapiTs = medianMeasure(openapiTsRuns);

    // The last round left specwright's output in place: the same command again finds its input unchanged.
    log("  compile: specwright generate again, input unchanged");
    const unchangedRuns = [];
    for (let run = 0; run < 3; run++) {
      unchangedRuns.push(await measureNode([path.join(root, "dist/cli/specwright.js"), "generate", githubSpec, "--out", specwrightOut, "--quiet"], workDir));
    }
    const unchanged = medianMeasure(unchangedRuns);

    await writeTsconfig(path.join(workDir, "tsconfig.specwright.json"), path.join(specwrightOut, "index.ts"));
    await writeTsconfig(path.join(workDir, "tsconfig.types.json"), typesOnly);
    log("  compile: tsc --noEmit over specwright's output");
    const checkSpecwright = await measureNode([bigHeap, tsc, "-p", path.join(workDir, "tsconfig.specwright.json")], workDir);
    log("  compile: tsc --noEmit over openapi-typescript's output");
    const checkTypes = await measureNode([bigHeap, tsc, "-p", path.join(workDir, "tsconfig.types.json")], workDir);

    log("  compile: loading validators.cjs, starting a GitHub server, regenerating the example");
    const validatorsFile = path.join(specwrightOut, "validators.cjs");
    const validatorsBytes = await bytesOf(validatorsFile);
    const validatorsLoad = await requireMilliseconds(validatorsFile);
    // Transpile only (the strict check ran above), as test/corpus/github.test.ts does.
    const transpiled = await runCommand(process.execPath, [tsc, "--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022", "--skipLibCheck", "--noCheck",
      "--types", "node", "--typeRoots", path.join(root, "node_modules/@types"), path.join(specwrightOut, "routes.ts")], { cwd: root });
    if (transpiled.code !== 0) throw new Error(`tsc could not transpile the GitHub routes:\n${transpiled.stdout.slice(0, 2000)}`);
    await writeFile(path.join(workDir, "github-server.mjs"), githubServerScript);
    const readyTimes = [];
    for (let run = 0; run < 3; run++) readyTimes.push(await coldStart(path.join(workDir, "github-server.mjs"), 60_000, "/zen"));
    const regenerate = await regenerateExample(workDir);

    const specwrightBytes = await bytesOf(specwrightOut);
    const typesBytes = await bytesOf(typesOnly);
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
        row("specwright generate again, input unchanged (returns without compiling)", unchanged),
        row("openapi-typescript (types only)", openapiTs, typesBytes),
        row("tsc --noEmit --strict: specwright output", checkSpecwright),
        row("tsc --noEmit --strict: openapi-typescript output", checkTypes),
      ],
      [
        `specwright/openapi-typescript: wall ${ratio(generate.wallSeconds, openapiTs.wallSeconds)}, CPU ${ratio(generate.cpuSeconds, openapiTs.cpuSeconds)}, ` +
          `output ${ratio(specwrightBytes, typesBytes)}; tsc wall ${ratio(checkSpecwright.wallSeconds, checkTypes.wallSeconds)}.`,
        `Measured with ${existsSync(gnuTime) ? "GNU time" : "process.resourceUsage() in the child"}; generate and openapi-typescript: medians of ${rounds} alternated runs ` +
          "(peak RSS: the largest), tsc: one run each; the unchanged-input run: median of 3. specwright's output bytes hold the document twice (openapi.json to read, openapi.cjs for routes.ts);" +
          " tsc resolves specwright/runtime and specwright/client to dist's .d.ts files.",
        `validators.cjs: ${fixed(validatorsBytes / 1e6, 1)} MB, require() ${fixed(validatorsLoad)} ms (median of 5, fresh process); ` +
          `GitHub server spawn → first 200 on GET /zen: ${fixed(median(readyTimes))} ms (median of 3, transpiled routes, stub handlers).`,
        `Example after a one-line change, end to end with process start: specwright generate ${fixed(regenerate.specwright, 2)} s, ` +
          `openapi-typescript ${fixed(regenerate.openapiTs, 2)} s (${ratio(regenerate.specwright, regenerate.openapiTs)}; medians of 3, alternated); ` +
          `under specwright generate --watch, file written → output rewritten ${fixed(regenerate.watched, 2)} s.`,
      ],
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
