/**
 * Section: `specwright diff` and the generate-time lint on GitHub's REST API description. In this
 * process, from dist/: loading the two releases (@octokit/openapi 18.0.0 as @octokit/openapi-previous,
 * and the current one; 11 and 13 MB of JSON), comparing them, and linting the current one, each
 * as wall and CPU milliseconds (median of `rounds`), with the number of changes and warnings.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fixed, median, renderTable } from "./lib/stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const previous = path.join(root, "node_modules/@octokit/openapi-previous/generated/api.github.com.json");
const current = path.join(root, "node_modules/@octokit/openapi/generated/api.github.com.json");

/** Runs `task` and returns its result with wall and CPU milliseconds. */
async function measure(task) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await task();
  const used = process.cpuUsage(cpu);
  return { value, wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

/**
 * Runs the section and returns its table.
 * @param {{ rounds: number, log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function diffSection({ rounds, log }) {
  const { loadDocument } = await import(path.join(root, "dist/src/load/load-document.js"));
  const { diffDocuments } = await import(path.join(root, "dist/src/diff/diff-specs.js"));
  const { buildModel } = await import(path.join(root, "dist/src/model/build-model.js"));
  const { createDefaultCheck } = await import(path.join(root, "dist/src/emit/validators.js"));
  const { lintDocument } = await import(path.join(root, "dist/src/lint/lint-document.js"));
  const samples = { load: [], diff: [], lint: [] };
  let changes = 0;
  let warnings = 0;
  for (let round = 0; round < rounds; round++) {
    const load = await measure(async () => [await loadDocument(previous), await loadDocument(current)]);
    const [old, updated] = load.value;
    const diff = await measure(() => diffDocuments(old, updated));
    const { model } = buildModel(updated, { source: "api.github.com.json", defaultFits: createDefaultCheck() });
    const lint = await measure(() => lintDocument(updated, model));
    samples.load.push(load);
    samples.diff.push(diff);
    samples.lint.push(lint);
    changes = diff.value.changes.length;
    warnings = lint.value.length;
    log(`  round ${round + 1}: load ${fixed(load.wall)} ms, diff ${fixed(diff.wall)} ms (${changes} changes), lint ${fixed(lint.wall)} ms (${warnings} warnings)`);
  }
  const row = (name, list, what) => [name, fixed(median(list.map((item) => item.wall))), fixed(median(list.map((item) => item.cpu))), what];
  return renderTable("diff and lint on GitHub's REST API description", ["step", "wall ms", "CPU ms", "result"], [
    row("load both releases (18.0.0, current)", samples.load, "2 documents"),
    row("diff: compare and locate", samples.diff, `${changes} changes`),
    row("lint the current release", samples.lint, `${warnings} warnings`),
  ], [`Median of ${rounds} round(s), in one process; "load" is src/load (parse, validate, source maps) for both files.`]);
}
